"""Template lines learned per source (issue 13, item 1): what may be learned and what is
taken out. Sentences are our own."""

from __future__ import annotations

from marsad.records import Document
from marsad.stages.segments import segment_key, source_of
from marsad.stages.template import (
    TEMPLATE_MAX_WORDS,
    TEMPLATE_MIN_ARTICLES,
    candidates,
    still_holds,
    strip,
)
from marsad.writer.templates import TemplateMemory

BODY = ("افتتحت البلدية حديقة عامة جديدة في الحي الشرقي بعد عامين من الأعمال.\n"
        "وقال رئيس البلدية إن الحديقة تضم ملاعب للأطفال ومسارا للمشي.\n"
        "ومن المنتظر أن تستقبل الحديقة الزوار ابتداء من الأسبوع المقبل.")
FOOTER = "هذا المحتوى برعاية شركة النخيل للتطوير العقاري"


def test_only_short_head_and_foot_lines_are_candidates():
    long_line = " ".join(["كلمة"] * (TEMPLATE_MAX_WORDS + 1))
    text = "\n".join(["سطر أول", "سطر ثان", "سطر في الوسط", "سطر آخر في الوسط",
                      long_line, "سطر قبل الأخير", FOOTER])
    lines = [line for _, line in candidates(text)]
    assert lines == ["سطر أول", "سطر ثان", "سطر قبل الأخير", FOOTER]


def test_a_line_is_the_same_segment_whatever_its_spacing_or_diacritics():
    assert segment_key(FOOTER) == segment_key("  هذا  المحتوى برعاية شركةُ النخيل للتطوير العقاري ")
    assert segment_key(FOOTER) != segment_key("هذا المحتوى برعاية شركة الواحة للتطوير العقاري")


def test_strip_takes_learned_lines_from_the_ends_only_and_says_why():
    credit = "وكالة الأنباء المحلية"
    doc = Document(origin="x", text="\n".join([BODY, credit, FOOTER]))
    learned = {segment_key(FOOTER), segment_key(credit)}
    strip(doc, learned)
    assert doc.text == BODY
    assert [(r.text, r.reason) for r in doc.removed] == [(credit, "template"),
                                                        (FOOTER, "template")]
    # the same line inside the body is text: only head and foot lines are template
    middle = "\n".join(["سطر أول من الخبر", "سطر ثان من الخبر", FOOTER,
                        "سطر رابع", "سطر خامس", "سطر سادس"])
    doc = Document(origin="y", text=middle)
    strip(doc, learned)
    assert doc.text == middle and not doc.removed
    assert still_holds(BODY + "\n" + FOOTER, learned) == [FOOTER]


def test_the_source_is_the_host_first():
    assert source_of(Document(origin="x", url="https://www.news.example/a/1",
                              source="أخبار")) == "news.example"
    assert source_of(Document(origin="x", source="أخبار")) == "أخبار"
    assert source_of(Document(origin="x")) is None


def _doc(text: str) -> Document:
    return Document(origin="x", raw=text, text=text, url="https://site.example/a")


def test_a_line_learned_in_a_batch_applies_from_the_article_it_was_learned_at(tmp_path):
    from marsad.store import SQLiteStore

    store = SQLiteStore(tmp_path / "t.db")
    line = "جميع المقالات تمثل رأي كتابها فقط"
    key = segment_key(line)
    with store.transaction():
        store.add_template_counts([("site.example", key, line)] * TEMPLATE_MIN_ARTICLES)
        store.mark_learned(TEMPLATE_MIN_ARTICLES)  # no article stored yet: learned at 0
    memory = TemplateMemory(store)
    assert memory.for_batch([_doc(line)], upto=0) == {"site.example": frozenset({key})}
    assert memory.for_batch([_doc(line)]) == {"site.example": frozenset({key})}
    with store.transaction():
        store.add_template_counts([("site.example", 7, "سطر آخر")] * TEMPLATE_MIN_ARTICLES)
        store.conn.execute("UPDATE template_lines SET learned_at = 40 WHERE key = 7")
    memory = TemplateMemory(store)
    # a batch that may see up to article 39 does not strip what was learned at 40
    assert memory.for_batch([_doc(line)], upto=39) == {"site.example": frozenset({key})}
    assert memory.for_batch([_doc(line)], upto=40) == {"site.example": frozenset({key, 7})}


def test_lines_learned_before_the_migration_apply_to_every_batch(tmp_path):
    import sqlite3

    from marsad.store import SQLiteStore

    path = tmp_path / "old.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as conn:  # the database as migration 16 left it
        conn.execute("ALTER TABLE template_lines DROP COLUMN learned_at")
        conn.execute("DELETE FROM schema_migrations WHERE number = 17")
        conn.execute("INSERT INTO template_lines (source, key, count, sample) "
                     "VALUES ('site.example', 5, 12, 'سطر')")
    store = SQLiteStore(path)
    assert TemplateMemory(store).for_batch([_doc("x")], upto=0) == \
        {"site.example": frozenset({5})}


def test_a_line_seen_once_keeps_no_text_and_a_learned_one_shows_it(tmp_path):
    """Most candidate lines are seen once: their text is not kept (it was most of the
    table); from the second sighting on the line is the sample `marsad templates` shows."""
    from marsad.store import SQLiteStore

    store = SQLiteStore(tmp_path / "t.db")
    line, once = "جميع المقالات تمثل رأي كتابها فقط", "سطر رآه المصدر مرة واحدة فقط"
    with store.transaction():
        store.add_template_counts([("site.example", segment_key(once), once)])
        store.add_template_counts([("site.example", segment_key(line), line)] * TEMPLATE_MIN_ARTICLES)
    samples = dict(store.conn.execute("SELECT count, sample FROM template_lines").fetchall())
    assert samples == {1: "", TEMPLATE_MIN_ARTICLES: line}
    listed = store.template_lines(TEMPLATE_MIN_ARTICLES)
    assert [(r["sample"], r["count"]) for r in listed] == [(line, TEMPLATE_MIN_ARTICLES)]
    store.close()
