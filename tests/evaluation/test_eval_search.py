"""Search evaluation: the ranking metrics on hand-made rankings, and the command end to end."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.evaluation import search as ev
from marsad.evaluation.cli_eval import eval_group

DEMO_JSONL = (Path(ev.__file__).resolve().parents[1] / "demo_corpus" / "jsonl"
              / "ai-framework.jsonl")
# Our demo corpus: one article spells the final yeh of الاصطناعي as alef maqsura (ى),
# the two others with ي; a user may type either.
NAHAR = "nahar-2026-01-26-ai-ministers"
MANARA = "manara-2026-01-27-ai-framework"
RAFED = "rafed-2026-01-28-startups"


def gain(g: int, rank: int) -> float:
    return (2 ** g - 1) / math.log2(rank + 1)


def test_ndcg_against_the_ideal_order_of_every_judged_grade():
    # judged: two 2s, a 1 and a 0; the system ranks a 2, an unjudged/0, then the 1
    expected = (gain(2, 1) + gain(1, 3)) / (gain(2, 1) + gain(2, 2) + gain(1, 3))
    assert ev.ndcg([2, 0, 1], [2, 1, 0, 2]) == pytest.approx(expected)
    assert ev.ndcg([2, 2, 1, 0], [2, 1, 0, 2]) == pytest.approx(1.0)
    assert ev.ndcg([1, 2], []) == 0.0  # nothing relevant judged: nothing to find


def test_ndcg_cuts_at_k_on_both_sides():
    ranked = [0] * 10 + [2]
    assert ev.ndcg(ranked, [2], k=10) == 0.0
    assert ev.ndcg(ranked, [2], k=11) == pytest.approx(gain(2, 11) / gain(2, 1))


def test_reciprocal_rank_and_precision():
    assert ev.reciprocal_rank([0, 0, 1, 2]) == pytest.approx(1 / 3)
    assert ev.reciprocal_rank([0, 0, 1], k=2) == 0.0
    assert ev.reciprocal_rank([]) == 0.0
    assert ev.precision([2, 0, 1], k=10) == pytest.approx(0.2)  # a short list still over k


def test_unjudged_results_count_as_not_relevant_and_lower_coverage():
    judgments = {"q1": {"a": 2, "b": 1}}
    scored = ev.score_run({"q1": ["x", "a", "b"]}, judgments, k=10)
    assert scored["mrr"] == pytest.approx(0.5)
    assert scored["judged10"] == pytest.approx(2 / 3)
    assert scored["ndcg10"] == pytest.approx(
        (gain(2, 2) + gain(1, 3)) / (gain(2, 1) + gain(1, 2)))
    assert ev.score_run({"q1": []}, judgments)["zero_hit_queries"] == 1


def test_peer_match_quotes_every_word_and_keeps_phrases():
    assert ev.peer_match('بوتين "مجلس الأمن" OR غزة') == '"بوتين" "مجلس الأمن" "غزة"'
    assert ev.peer_match('"') == '""'


def test_load_queries_names_the_bad_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"qid": "a", "query": "x"}\n{"query": "no id"}\n', encoding="utf-8")
    with pytest.raises(ev.InputError, match=":2:"):
        ev.load_queries(path)


def test_command_scores_both_systems_on_a_tiny_judged_set(tmp_path):
    queries = tmp_path / "queries.jsonl"
    rows = [
        {"qid": "variant", "query": "الذكاء الاصطناعى", "need": "the Arab AI framework",
         "judgments": {NAHAR: 2, MANARA: 2, RAFED: 1}},
        {"qid": "startups", "query": "الشركات الناشئة", "need": "start-ups on the framework",
         "judgments": {RAFED: 2}},
    ]
    queries.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                       encoding="utf-8")
    result = CliRunner().invoke(eval_group, ["search", "--queries", str(queries),
                                             "--corpus", str(DEMO_JSONL), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["queries"] == 2 and report["articles"] == 3
    for name in ("ours", "unicode61"):
        assert {"ndcg10", "mrr", "p10", "judged10"} <= set(report[name])
    # the ى spelling: our key folds it, so all three judged articles come back;
    # unicode61 only finds the one article written that way
    assert report["ours"]["ndcg10"] > report["unicode61"]["ndcg10"]
    assert report["ours"]["mrr"] == pytest.approx(1.0)


def test_command_table_and_a_missing_file(tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text(json.dumps({"qid": "a", "query": "الإطار", "judgments": {MANARA: 2}},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "eval.db"
    args = ["search", "--queries", str(queries), "--corpus", str(DEMO_JSONL), "--db", str(db)]
    result = CliRunner().invoke(eval_group, args)
    assert result.exit_code == 0, result.output
    assert "nDCG@10" in result.output and "unicode61" in result.output
    assert db.exists()  # built once, reused by the next run
    again = CliRunner().invoke(eval_group, args)
    assert again.exit_code == 0

    def scores(output: str) -> list[str]:
        return [ln for ln in output.splitlines() if ln.startswith(("ours", "unicode61"))]

    assert scores(again.output) == scores(result.output)
    missing = CliRunner().invoke(eval_group, ["search", "--queries", str(tmp_path / "no.jsonl"),
                                              "--corpus", str(DEMO_JSONL)])
    assert missing.exit_code != 0
