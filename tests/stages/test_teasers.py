"""Teasers (stages/teasers.py): the leads of an outlet's other stories under an article
are cut, by the corpus (another article opens with them), never an article's own text."""

from __future__ import annotations

import json

from marsad import service
from marsad.ingest import ReadOptions
from marsad.records import Document
from marsad.stages import teasers
from marsad.store import SQLiteStore

LEAD_A = "أعلنت وزارة الصحة، الثلاثاء، افتتاح مستشفى جديد للأطفال في العاصمة بطاقة مئتي سرير."
LEAD_B = "قال وزير المالية، الأربعاء، إن عجز الموازنة تراجع إلى أدنى مستوى له منذ خمس سنوات."
LEAD_C = "أكد رئيس الاتحاد المحلي لكرة القدم، الخميس، أن الموسم المقبل يبدأ في موعده المحدد."
OWN = ["افتتح المعرض الدولي للكتاب أبوابه أمس بمشاركة أكثر من خمسمئة دار نشر من ثلاثين بلدا.",
       "وقال مدير المعرض إن عدد الزوار في اليوم الأول تجاوز كل التوقعات التي وضعتها اللجنة.",
       "وأضاف أن البرنامج الثقافي يضم ندوات وأمسيات شعرية تستمر حتى نهاية الأسبوع المقبل."]


OTHER = "شهدت أسواق المال الإقليمية، الأحد، تداولات نشطة مع ارتفاع أسعار النفط في آسيا."


def _doc(*paragraphs: str) -> Document:
    return Document(origin="x", url="https://news.example/a", text="\n".join(paragraphs))


def _leads(*paragraphs: str) -> set[int]:
    return {teasers.lead_key(p) for p in paragraphs}


def test_a_tail_of_other_articles_leads_is_cut() -> None:
    doc = teasers.strip(_doc(*OWN, LEAD_A, LEAD_B), _leads(LEAD_A, LEAD_B))
    assert doc.text.split("\n") == OWN
    assert [r.reason for r in doc.removed] == ["teaser", "teaser"]
    # the dateline differs between a lead and its teaser; the sentence does not
    dated = "دبي، الإمارات العربية المتحدة (CNN)— " + LEAD_A
    doc = teasers.strip(_doc(*OWN, LEAD_A, LEAD_B), _leads(dated, LEAD_B))
    assert doc.text.split("\n") == OWN


def test_a_teaser_whose_article_is_unknown_stays_inside_the_block() -> None:
    # A, unknown, B: three paragraphs, two leads — the tail is teasers
    doc = teasers.strip(_doc(*OWN, LEAD_A, LEAD_C, LEAD_B), _leads(LEAD_A, LEAD_B))
    assert doc.text.split("\n") == OWN


def test_paragraphs_opening_with_the_articles_own_dateline_are_teasers() -> None:
    # residue DEV gold (CNN): the teasers' articles were never stored, so no lead matched;
    # an article has one dateline, and a second one opens another story
    cnn = "دبي، الإمارات العربية المتحدة (CNN)— "
    doc = teasers.strip(_doc(cnn + OWN[0], *OWN[1:], cnn + LEAD_A, "دبي، الإمارات العربية "
                             "المتحدة  (CNN) - " + LEAD_B, LEAD_C), None)
    assert doc.text.split("\n") == [cnn + OWN[0], *OWN[1:]]
    # a roundup's dispatches from other places are the article's own
    roundup = [cnn + OWN[0], "بيروت (رويترز) - " + LEAD_A, "دمشق (رويترز) - " + LEAD_B]
    assert teasers.strip(_doc(*roundup), None).text.split("\n") == roundup


def test_article_text_is_kept() -> None:
    # one paragraph that is another article's lead (an update's background) stays
    doc = teasers.strip(_doc(*OWN, LEAD_A), _leads(LEAD_A))
    assert doc.text.split("\n") == [*OWN, LEAD_A] and not doc.removed
    # an update that quotes an earlier lead and goes on with its own paragraphs
    doc = teasers.strip(_doc(OWN[0], LEAD_A, OWN[1], OWN[2]), _leads(LEAD_A))
    assert doc.text.split("\n") == [OWN[0], LEAD_A, OWN[1], OWN[2]]
    # the article's own lead, repeated, is not a teaser of itself
    doc = teasers.strip(_doc(LEAD_A, OWN[0], LEAD_A, LEAD_A), _leads(LEAD_A))
    assert not doc.removed
    # short lines are not leads (a sub-heading that opens other articles too)
    assert teasers.lead_key("أسعار النفط اليوم") is None


def _record(i: int, text: str) -> str:
    return json.dumps({"id": f"n{i}", "url": f"https://news.example/{i}", "title": f"خبر {i}",
                       "published": "2018-08-08", "text": text}, ensure_ascii=False)


def test_ingest_cuts_teasers_of_the_outlets_articles(tmp_path) -> None:
    """The corpus teaches it: articles A and B are stored (one run), then articles that
    close with their leads (a second run, and the same batch as the leads' own article)."""
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join([_record(1, LEAD_A + "\n" + OWN[1]),
                                _record(2, LEAD_B + "\n" + OWN[2])]) + "\n", encoding="utf-8")
    second = tmp_path / "second.jsonl"
    second.write_text("\n".join([_record(3, LEAD_C + "\n" + OWN[0]),
                                 _record(4, "\n".join([*OWN, LEAD_A, LEAD_B])),
                                 _record(5, "\n".join([OTHER, OWN[1], LEAD_C, LEAD_A]))])
                      + "\n", encoding="utf-8")
    store = SQLiteStore(str(tmp_path / "t.db"))
    try:
        service.ingest(store, [str(first)], ReadOptions(), annotations=False)
        service.ingest(store, [str(second)], ReadOptions(), annotations=False)
        texts = {r["origin"].rsplit("#", 1)[1]: r["text"] for r in store.iter_export()
                 if "second" in r["origin"]}
    finally:
        store.close()
    assert texts["L2"].split("\n") == OWN  # leads of the first run's articles
    assert texts["L3"].split("\n") == [OTHER, OWN[1]]  # C's lead is in its own batch
    assert LEAD_C in texts["L1"]  # the lead itself stays the first paragraph of C


def test_leads_of_batches_still_on_the_workers_are_sent(tmp_path) -> None:
    """The teased article may be in a batch the workers still hold (not stored yet): the
    writer sends its lead as read, so the cut depends on input positions only."""
    from marsad.pipeline import input_uid
    from marsad.writer.run import Writer

    store = SQLiteStore(str(tmp_path / "w.db"))
    try:
        writer = Writer(store, annotations=False, lag=5)
        writer.begin()
        first = [Document(origin="a", url="https://news.example/1", raw=f"{LEAD_A}\n{OWN[1]}"),
                 Document(origin="b", url="https://other.example/2", raw=f"{LEAD_B}\n{OWN[2]}")]
        for d in first:
            d.uid = input_uid(d)
        writer.templates_for(first, first)
        later = [Document(origin="c", url="https://news.example/3", raw="\n".join(OWN))]
        later[0].uid = input_uid(later[0])
        sent = writer.templates_for(later, later).leads
    finally:
        store.close()
    assert sent["news.example"] == {teasers.lead_key(LEAD_A)}  # its source's, as read
