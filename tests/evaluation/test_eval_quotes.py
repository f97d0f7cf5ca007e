"""Quotation scoring: matching rules, the data check, the CLI, and our gold set itself."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import shared_path

from marsad.errors import InputError
from marsad.evaluation import quotes as ev
from marsad.evaluation.cli_eval import eval_group

GOLD = Path(__file__).resolve().parents[2] / "eval" / "quotes" / "gold.jsonl"

# Our own two articles; the gold below marks their quotations by hand.
ARTICLES = [
    'وقال الوزير سمير عادل إن الاتفاق مهم. وأضاف: "سنوقع الأسبوع المقبل".',
    "وارتفعت الأسعار بنسبة كبيرة هذا العام، وفق رويترز.",
]


def _span(text: str, fragment: str) -> tuple[int, int]:
    i = text.index(fragment)
    return i, i + len(fragment)


def _gold_row(line: int, quotes: list[dict]) -> dict:
    body = ARTICLES[line]
    return {"dataset": "ant_multisource", "line": line, "docno": f"T-{line}", "field": "text",
            "split": "dev" if line == 0 else "test", "sha1": ev.body_hash(body),
            "chars": len(body), "quotes": quotes}


def _quote(line: int, fragment: str, speaker: str, via: str | None = None) -> dict:
    start, end = _span(ARTICLES[line], fragment)
    return {"start": start, "end": end, "kind": "indirect", "speaker": speaker, "via": via}


@pytest.fixture
def gold_setup(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    news = data / "news" / "ant_multisource"
    news.mkdir(parents=True)
    with gzip.open(news / "articles.jsonl.gz", "wt", encoding="utf-8") as f:
        for i, body in enumerate(ARTICLES):
            f.write(json.dumps({"docno": f"T-{i}", "text": body}, ensure_ascii=False) + "\n")
    rows = [
        _gold_row(0, [_quote(0, "الاتفاق مهم", "سمير عادل"),
                      _quote(0, "سنوقع الأسبوع المقبل", "سمير عادل")]),
        _gold_row(1, [_quote(1, "وارتفعت الأسعار بنسبة كبيرة هذا العام", "رويترز", "رويترز")]),
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return gold, data


def test_speaker_names_match_when_one_holds_all_words_of_the_other():
    assert ev.same_speaker("ترامب", "دونالد ترامب")
    assert ev.same_speaker("الرئيس دونالد ترامب", "دونالد ترامب")
    assert ev.same_speaker("والباحثون", "الباحثون")
    assert not ev.same_speaker("بوتين", "دونالد ترامب")
    assert not ev.same_speaker(None, "دونالد ترامب")
    assert ev.same_speaker("تلغراف", "تليغراف")  # one outlet, two spellings


def test_outlets_match_on_their_canonical_name():
    assert ev.same_via("سي ان ان", "CNN")
    assert ev.same_via("لوفيغاور", "لوفيغارو")
    assert ev.same_via(None, None)
    assert not ev.same_via("رويترز", None)
    assert not ev.same_via("رويترز", "فرانس برس")


def test_our_extractor_on_hand_marked_articles(gold_setup):
    gold, data = gold_setup
    report = ev.evaluate_quotes(gold, data, split="all")
    ours, naive = report["systems"]["marsad"], report["systems"]["naive"]
    assert (ours["gold_quotes"], ours["system_quotes"], ours["matched"]) == (3, 3, 3)
    assert ours["span_f1"] == ours["exact_f1"] == 1.0
    assert ours["speaker_accuracy"] == ours["via_accuracy"] == 1.0
    # the peer sees only the quotation in marks, and no speaker before it but «وأضاف»
    assert (naive["system_quotes"], naive["matched"]) == (1, 1)
    assert naive["span_recall"] == pytest.approx(1 / 3)


def test_a_split_scores_only_its_articles(gold_setup):
    gold, data = gold_setup
    report = ev.evaluate_quotes(gold, data, split="test", systems=("marsad",))
    assert report["systems"]["marsad"]["articles"] == 1
    assert report["systems"]["marsad"]["gold_quotes"] == 1


def test_a_changed_article_is_refused(gold_setup, tmp_path):
    gold, data = gold_setup
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    rows[0]["sha1"] = "0" * 16
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(InputError, match="missing or changed"):
        ev.evaluate_quotes(gold, data)
    with pytest.raises(InputError, match="not found"):
        ev.evaluate_quotes(gold, tmp_path / "nowhere")


def test_cli_prints_json_and_help(gold_setup):
    gold, data = gold_setup
    runner = CliRunner()
    result = runner.invoke(eval_group, ["quotes", "--gold", str(gold), "--data", str(data),
                                        "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["systems"]["marsad"]["span_f1"] == 1.0
    table = runner.invoke(eval_group, ["quotes", "--gold", str(gold), "--data", str(data)])
    assert table.exit_code == 0 and "speaker" in table.output
    helped = runner.invoke(eval_group, ["quotes", "--help"])
    assert "Example:" in helped.output
    missing = runner.invoke(eval_group, ["quotes", "--gold", str(data / "none.jsonl")])
    assert missing.exit_code != 0 and "gold file not found" in missing.output


def test_our_gold_set_fits_the_shared_articles():
    """Every offset of eval/quotes/gold.jsonl lies inside the article it names."""
    data = shared_path("data", "news")
    rows = ev.load_gold(GOLD)
    bodies = ev.load_bodies(rows, data.parent)
    # 55 of round 1 (5 reserved May 2018 articles dropped) + 44 of round 2 + 40 of round 3
    # + 40 of round 4 + 40 of round 5 + 40 of round 6
    assert len(rows) == 259
    # rounds 3 to 6 only add dev articles: the test split is the one scored once
    assert {r["split"] for r in rows if r.get("round") in (3, 4, 5, 6)} == {"dev"}
    assert sum(len(r["quotes"]) for r in rows if r["split"] == "test") == 264
    assert sum(len(r["quotes"]) for r in rows if r["split"] == "test") >= 200
    assert sum(len(r["quotes"]) for r in rows) >= 400
    # ANT May 2018 is reserved for independent measurement: never in our gold
    assert not [r for r in rows if "-201805" in (r.get("docno") or "")]
    for row, body in zip(rows, bodies, strict=True):
        assert len(body) == row["chars"]
        for q in row["quotes"]:
            assert 0 <= q["cue_start"] < q["cue_end"] <= len(body)
            assert 0 <= q["start"] < q["end"] <= len(body)
            assert q["speaker"]
