"""`marsad eval ner`: the scorer's rules on a small CoNLL file we wrote, and the command."""

from __future__ import annotations

import json
import subprocess
import sys

from marsad.evaluation.ner import normalize_tag, score, spans

MARSAD = [sys.executable, "-m", "marsad.cli"]

# Our own sentences, tagged by hand in ANERcorp's conventions (PERS, MISC).
GOLD = """\
زار B-PERS
أحمد I-PERS
بن I-PERS
علي I-PERS
مدينة O
دمشق B-LOC
. O

اجتمع O
مجلس B-ORG
الأمن I-ORG
في O
نيويورك B-LOC
. O
"""


def test_tags_from_every_scheme_normalise():
    assert normalize_tag("B-PERS") == "B-PER"
    assert normalize_tag("I-MISC") == "I-MISC"
    assert normalize_tag("B-MIS2") == "B-MISC"
    assert normalize_tag("B-MIS1`") == "B-MISC"
    assert normalize_tag("I--ORG") == "I-ORG"
    assert normalize_tag("B-ENGLISH") == "O"
    assert normalize_tag("OO") == "O"


def test_spans_follow_seqeval_rules():
    assert spans(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC"]) == {
        (0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC")}
    assert spans(["B-PER", "I-LOC"]) == {(0, 1, "PER"), (1, 2, "LOC")}


def test_score_is_exact_span_micro_f1():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]  # the person span is cut short: no credit
    r = score(gold, pred)
    assert (r["precision"], r["recall"], r["f1"]) == (0.5, 0.5, 0.5)
    assert r["per_type"]["LOC"]["f1"] == 1.0 and r["per_type"]["PER"]["f1"] == 0.0


def test_eval_ner_command_scores_a_conll_file(tmp_path):
    gold = tmp_path / "gold.txt"
    gold.write_text(GOLD, encoding="utf-8")
    proc = subprocess.run([*MARSAD, "eval", "ner", "--gold", str(gold), "--json"],
                          capture_output=True, text=True, check=True)
    report = json.loads(proc.stdout)
    assert set(report) >= {"precision", "recall", "f1", "per_type", "tokens_per_s"}
    assert report["sentences"] == 2 and report["tokens"] == 13
    assert 0.0 <= report["f1"] <= 1.0
    assert report["per_type"]["LOC"]["support"] == 2
    # a folder of files scores the same as the one file in it
    proc = subprocess.run([*MARSAD, "eval", "ner", "--gold", str(tmp_path)],
                          capture_output=True, text=True, check=True)
    assert "ALL" in proc.stdout and "tokens/s" in proc.stdout


def test_eval_ner_unreadable_input_is_one_clear_line(tmp_path):
    for bad in (tmp_path / "missing.txt", _write(tmp_path / "empty.txt", "\n\n")):
        proc = subprocess.run([*MARSAD, "eval", "ner", "--gold", str(bad)],
                              capture_output=True, text=True)
        assert proc.returncode != 0
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path
