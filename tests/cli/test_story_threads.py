"""A story that runs for weeks splits into chapters: after MAX_SPAN_DAYS a later report
starts a new story that follows the first, and both show the thread."""

from __future__ import annotations

import json

from tests.cli.helpers import export, run

from marsad.writer.stories import MAX_SPAN_DAYS

# Written for this test: one dispute reported again and again over a month; each report
# tells it in its own words (copies would be grouped as near duplicates instead).
CORE = ("الرسوم الجمركية الأمريكية على الصلب والألمنيوم الأوروبي تثير ردا من بروكسل التي "
        "تعد رسوما مضادة على الدراجات النارية والجينز والويسكي الأمريكي. ")
EXTRA = [
    "وقال مفوض التجارة الأوروبي إن الاتحاد سيدافع عن مصالحه أمام منظمة التجارة العالمية، "
    "مضيفا أن قائمة السلع جاهزة. وأبدت كندا والمكسيك تضامنهما مع الموقف الأوروبي.",
    "ونشرت المفوضية الأوروبية قائمة مفصلة بالسلع المستهدفة تبلغ قيمتها نحو ثلاثة مليارات "
    "يورو، بينما حذر اتحاد الصناعات الألمانية من خسائر في قطاع السيارات.",
    "وتراجعت أسهم شركات الصلب في فرانكفورت وباريس، وقال متعاملون إن المستثمرين يخشون اتساع "
    "المواجهة لتشمل قطاعات أخرى مثل الزراعة والطيران.",
    "ودعت المستشارة الألمانية إلى الحوار لتجنب التصعيد، في حين رد البيت الأبيض بأن الرسوم "
    "ضرورية لحماية الأمن القومي ووظائف عمال الصلب في ولايات الغرب الأوسط.",
    "وبدأ تطبيق الرسوم الأوروبية المضادة رسميا على الويسكي والدراجات النارية، وقال مصنعو "
    "الدراجات في ويسكونسن إنهم سينقلون جزءا من الإنتاج إلى خارج الولايات المتحدة.",
]


def test_a_month_long_story_becomes_a_thread(tmp_path):
    days = [1, 5, 9, 13, 17]  # each within a week of the last; the whole beyond 14 days
    assert days[-1] - days[0] > MAX_SPAN_DAYS
    path = tmp_path / "saga.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, d in enumerate(days):
            f.write(json.dumps({"url": f"https://example.org/{i}", "title": f"الرسوم الجمركية {i}",
                                "text": CORE + EXTRA[i], "published": f"2018-06-{d:02d}",
                                "source": "example"}, ensure_ascii=False) + "\n")
    db = tmp_path / "m.db"
    run(db, "ingest", str(path))
    rows = json.loads(run(db, "stories", "--min-articles", "1", "--json").stdout)["items"]
    assert len(rows) == 2, rows
    first, later = sorted(rows, key=lambda r: r["id"])
    assert first["articles"] == 4 and later["articles"] == 1
    assert later["follows"] == first["id"]
    story = json.loads(run(db, "story", str(later["id"]), "--json").stdout)
    assert [s["id"] for s in story["thread"]["follows"]] == [first["id"]]
    text = run(db, "story", str(first["id"])).stdout
    assert f"followed by story {later['id']}" in text


def test_the_story_page_links_the_chapters(tmp_path):
    from fastapi.testclient import TestClient

    from marsad.server import create_app

    path = tmp_path / "saga.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, d in enumerate([1, 5, 9, 13, 17]):
            f.write(json.dumps({"url": f"https://example.org/{i}", "title": f"الرسوم {i}",
                                "text": CORE + EXTRA[i], "published": f"2018-06-{d:02d}",
                                "source": "example"}, ensure_ascii=False) + "\n")
    db = tmp_path / "m.db"
    run(db, "ingest", str(path))
    client = TestClient(create_app(str(db), None))
    first = client.get("/story/1").text
    assert "تطور لاحق" in first and 'href="/story/2"' in first
    later = client.get("/story/2").text
    assert "يتبع" in later and 'href="/story/1"' in later


def test_a_glued_article_never_names_a_story(tmp_path):
    """A page's «read also» article that joins a story must not rename it, however close
    it is to the story (issue 12: a story titled from an off-topic glued article)."""
    body = ("أعلنت وزارة الصحة اليوم إطلاق حملة وطنية للتطعيم ضد الحصبة تستهدف مليوني طفل في "
            "جميع المحافظات، وقال المتحدث باسم الوزارة إن الحملة تستمر أسبوعين وإن فرقا متنقلة "
            "ستزور المدارس والقرى البعيدة. وأضاف أن الوزارة وفرت اللقاحات اللازمة بالتعاون مع "
            "منظمة الصحة العالمية ومنظمة اليونيسف.")
    # the same campaign told in other words (a copy would be grouped as a duplicate)
    other = ("بدأت فرق وزارة الصحة حملة التطعيم الوطنية ضد الحصبة التي تشمل مليوني طفل في "
             "جميع المحافظات، وأوضح المتحدث باسم الوزارة أن الفرق المتنقلة تزور المدارس والقرى "
             "البعيدة خلال أسبوعين، مشيرا إلى أن منظمة الصحة العالمية واليونيسف وفرتا اللقاحات "
             "للحملة. ودعا المتحدث الأهالي إلى التعاون مع الفرق الطبية وعدم التردد في تطعيم "
             "أطفالهم.")
    first = tmp_path / "a.txt"
    first.write_text("وزارة الصحة تبدأ التطعيم ضد الحصبة\n" + body + " وستعلن النتائج لاحقا.\n",
                     encoding="utf-8")
    page = tmp_path / "b.txt"
    page.write_text("افتتاح معرض الكتاب الدولي في العاصمة بمشاركة واسعة\n"
                    "افتتح وزير الثقافة مساء أمس معرض الكتاب الدولي بمشاركة أكثر من خمسمائة دار "
                    "نشر من ثلاثين دولة، ويستمر المعرض عشرة أيام ويتضمن ندوات وأمسيات شعرية.\n"
                    "المصدر: الوطن\nإقرأ أيضاً:\nعنوان الصفحة الأخرى عن الحصبة\n" + other + "\n",
                    encoding="utf-8")
    db = tmp_path / "g.db"
    run(db, "ingest", "--no-progress", str(first))
    run(db, "ingest", "--no-progress", str(page))
    rows = export(db)
    glued = [r for r in rows if r.get("appended_to")]
    assert len(glued) == 1 and glued[0]["title"] == "عنوان الصفحة الأخرى عن الحصبة"
    stories = json.loads(run(db, "stories", "--min-articles", "2", "--json").stdout)["items"]
    assert len(stories) == 1
    assert stories[0]["title"] == "وزارة الصحة تبدأ التطعيم ضد الحصبة"
