"""Template learning end to end (issue 13, item 1): one outlet closes every article with
a sponsor line no lexicon lists; after ten of its articles the writer knows it, later
articles are stored without it, and `clean --recheck` lists the ones stored before.
Sentences are our own; the store is a real SQLite file, the CLI a real process."""

from __future__ import annotations

import json
import random

from tests.cli.helpers import run

FOOTER = "هذا المحتوى برعاية شركة النخيل للتطوير العقاري"
WORDS = ("البلدية الحديقة الوزارة المدينة المشروع الطريق المستشفى المدرسة الجامعة السوق "
         "الميناء المطار الشركة المصنع الملعب المتحف المكتبة الجسر المحطة السد "
         "افتتحت أعلنت قررت بدأت أكملت استقبلت خصصت نظمت أطلقت وقعت "
         "جديدة كبيرة حديثة عامة محلية إقليمية دولية واسعة صغيرة قديمة "
         "الأسبوع الشهر العام الصيف الشتاء الربيع الخريف صباح مساء اليوم").split()


def _article(rng: random.Random, n: int, host: str, last: str | None) -> dict:
    paras = [" ".join(rng.choice(WORDS) for _ in range(22)) + "." for _ in range(3)]
    if last:
        paras.append(last)
    return {"id": f"{host}-{n}", "title": f"خبر رقم {n} من {host}",
            "url": f"https://{host}/news/{n}", "published": f"2018-03-{1 + n % 28:02d}",
            "text": "\n".join(paras)}


def _write(path, records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")


def test_a_footer_seen_ten_times_is_learned_and_later_articles_lose_it(tmp_path):
    rng = random.Random(5)
    db = tmp_path / "t.db"
    first = [_article(rng, n, "news.example", FOOTER) for n in range(70)]
    # another outlet prints the line three times: not its template
    first += [_article(rng, n, "other.example", FOOTER) for n in range(3)]
    # one article filed twelve times: its copies are duplicates and never count
    copy = _article(rng, 99, "news.example", "وختم الوزير كلمته بالدعاء للوطن بالازدهار")
    first += [{**copy, "id": f"copy-{k}"} for k in range(12)]
    _write(tmp_path / "a.jsonl", first)
    run(db, "ingest", str(tmp_path / "a.jsonl"), "--no-progress")

    learned = json.loads(run(db, "templates", "--json").stdout)
    assert [(it["source"], it["sample"]) for it in learned["items"]] == [
        ("news.example", FOOTER)]
    assert learned["items"][0]["count"] >= 70 and learned["total"] == 1

    # the first batch was stored before the line was learned: recheck lists it, exit 1
    proc = run(db, "clean", "--recheck", "--json", "--no-progress", check=False)
    assert proc.returncode == 1
    found = json.loads(proc.stdout)
    assert found["total"] == 70  # every news.example article of the first file
    assert all(it["lines"] == [FOOTER] for it in found["items"])

    _write(tmp_path / "b.jsonl", [_article(rng, n, "news.example", FOOTER)
                                  for n in range(200, 205)]
           + [_article(rng, 300, "other.example", FOOTER)])
    run(db, "ingest", str(tmp_path / "b.jsonl"), "--no-progress")
    ids = {a["url"]: a["id"] for a in json.loads(run(db, "articles", "--json",
                                                     "--limit", "200").stdout)["items"]}
    later = json.loads(run(db, "article", str(ids["https://news.example/news/200"]),
                           "--json").stdout)
    assert FOOTER not in later["text"] and later["text"]
    assert {"text": FOOTER, "reason": "template"}.items() <= later["removed"][-1].items()
    other = json.loads(run(db, "article", str(ids["https://other.example/news/300"]),
                           "--json").stdout)
    assert FOOTER in other["text"]  # another outlet's text keeps it
