"""Template lines learned per source (issue 13, item 1): what may be learned and what is
taken out. Sentences are our own."""

from __future__ import annotations

from marsad.records import Document
from marsad.stages.template import (
    TEMPLATE_MAX_WORDS,
    candidates,
    segment_key,
    source_of,
    still_holds,
    strip,
)

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
