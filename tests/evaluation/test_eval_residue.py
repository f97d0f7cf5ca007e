"""`marsad eval residue`: the documented gold formats, and the scores on pages we wrote."""

from __future__ import annotations

import json

from click.testing import CliRunner

from marsad.evaluation.cli_eval import eval_group

PAGE = """وزارة الصحة تطلق حملة تطعيم وطنية
شارك على فيسبوك
انسخ الرابط
أطلقت وزارة الصحة اليوم حملة وطنية للتطعيم ضد الحصبة تستهدف مليوني طفل في جميع المحافظات، وقال المتحدث باسم الوزارة إن الحملة تستمر أسبوعين.
وأضاف أن فرقا متنقلة ستزور المدارس والقرى البعيدة، داعيا الأهالي إلى التعاون مع الفرق الطبية.
نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. بمواصلة التصفح فإنك توافق على ذلك.
"""


def test_both_gold_shapes_and_the_scores(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(PAGE, encoding="utf-8")
    lines = PAGE.splitlines()
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"a.txt": {"content": [lines[3], lines[4]],
                                          "residue": [lines[1], lines[2], lines[5]]}},
                               ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(eval_group, ["residue", "--gold", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["lines"] == 5 and report["accuracy"] == 1.0
    as_list = tmp_path / "gold2.json"
    as_list.write_text(json.dumps({str(page): [{"line": 1, "label": "residue"},
                                               {"text": lines[3], "label": "content"},
                                               {"line": 4, "label": "residue"}]},
                                  ensure_ascii=False), encoding="utf-8")
    report = json.loads(CliRunner().invoke(eval_group, ["residue", "--gold", str(as_list),
                                                        "--json"]).output)
    # line 4 is article text labelled residue here: one wrong decision of three
    assert report["lines"] == 3 and abs(report["accuracy"] - 2 / 3) < 1e-3
    assert report["errors"][0]["decision"] == "kept"


def test_a_missing_file_is_one_clear_error(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"nope.txt": {"content": ["x"]}}), encoding="utf-8")
    res = CliRunner().invoke(eval_group, ["residue", "--gold", str(gold)])
    assert res.exit_code != 0 and "no such file" in res.output
