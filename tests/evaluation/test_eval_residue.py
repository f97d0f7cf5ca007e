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


# ---------------------------------------------------------------- the news gold (.jsonl)

PROMO = "برنامج الوادي الصباحي يأتيكم كل جمعة على موجات إذاعتنا"
CITIES = ("الرياض", "جدة", "الدمام", "أبها", "تبوك", "حائل", "نجران", "جازان", "بريدة",
          "الطائف", "ينبع", "القطيف", "عرعر", "سكاكا")


def _article(i: int, city: str) -> str:
    return (f"افتتح أمير المنطقة في {city} مشروعا جديدا للمياه بتكلفة {i + 3} ملايين ريال، "
            f"وقال إن المشروع يخدم {i * 1000 + 500} نسمة في الأحياء الشمالية.\n"
            f"وأضاف أن العمل في المرحلة رقم {i + 2} من المشروع يبدأ بعد {i + 4} أشهر، "
            f"مؤكدا أن الأولوية للأحياء التي تعاني نقص المياه في {city}.\n{PROMO}")


def _news_gold(tmp_path):
    """A SaudiNewsNet-shaped corpus of our own articles: one outlet closes every article
    with a promo line no lexicon lists; the last article is labelled."""
    import gzip
    import hashlib

    news = tmp_path / "data" / "news" / "saudinewsnet"
    news.mkdir(parents=True)
    recs = [{"source": "wadi", "url": f"https://wadi.example/{i}", "date_extracted": "2015-07-01",
             "title": f"مشروع مياه في {c}", "author": "", "content": _article(i, c)}
            for i, c in enumerate(CITIES)]
    # a kept line written with tatweel: the store keeps it as is, display-normalised
    recs[-1]["content"] = recs[-1]["content"].replace("وأضاف", "وأضـــاف")
    with gzip.open(news / "articles.jsonl.gz", "wt", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    body = recs[-1]["content"]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "dataset": "saudinewsnet", "line": len(recs) - 1, "source": "wadi", "split": "dev",
        "sha1": hashlib.sha1(body.encode("utf-8")).hexdigest()[:16],
        "lines": [{"n": 0, "label": "content"}, {"n": 1, "label": "content"},
                  {"n": 2, "label": "residue", "kind": "promo"}]}) + "\n", encoding="utf-8")
    return gold, tmp_path / "data"


def test_news_gold_scores_what_the_outlet_taught(tmp_path):
    gold, data = _news_gold(tmp_path)
    args = ["residue", "--gold", str(gold), "--data", str(data), "--json"]
    learned = json.loads(CliRunner().invoke(eval_group, [*args, "--context", "13"]).output)
    # 13 articles of the outlet went in first: the promo is its template, cut from the
    # labelled article; both article lines are kept (one with tatweel in the source)
    assert learned["lines"] == 3 and learned["accuracy"] == 1.0
    assert learned["by_kind"] == {"promo": {"n": 1, "removed": 1}}
    alone = json.loads(CliRunner().invoke(eval_group, [*args, "--context", "0"]).output)
    # alone, nothing teaches the cleaner the promo: kept, and the article lines too
    assert alone["by_kind"] == {"promo": {"n": 1, "removed": 0}} and alone["content_kept"] == 1.0


def test_news_gold_refuses_a_changed_body(tmp_path):
    gold, data = _news_gold(tmp_path)
    row = json.loads(gold.read_text(encoding="utf-8"))
    row["sha1"] = "0" * 16
    gold.write_text(json.dumps(row) + "\n", encoding="utf-8")
    res = CliRunner().invoke(eval_group, ["residue", "--gold", str(gold), "--data", str(data)])
    assert res.exit_code != 0 and "body changed" in res.output
