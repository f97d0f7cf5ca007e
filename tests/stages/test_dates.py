"""The dates stage: time expressions resolved on the calendar against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.records import Document
from marsad.stages.dates import dates_stage, extract_dates, hijri_to_gregorian

# A Thursday; every relative value below is worked out by hand from it.
REF = date(2015, 12, 24)


def values(text: str, ref: date | None = REF) -> list[tuple[str, str, str | None, str]]:
    return [(t.text, t.type, t.value, t.granularity) for t in extract_dates(text, ref)]


@pytest.mark.parametrize(("phrase", "type_", "value", "granularity"), [
    ("12 سبتمبر 2023", "DATE", "2023-09-12", "day"),
    ("12/9/2023", "DATE", "2023-09-12", "day"),  # day first
    ("2023-09-12", "DATE", "2023-09-12", "day"),
    ("سبتمبر 2023", "DATE", "2023-09", "month"),
    ("عام 2003", "DATE", "2003", "year"),
    ("1881", "DATE", "1881", "year"),
    ("كانون الثاني 2020", "DATE", "2020-01", "month"),
    ("جانفي 2019", "DATE", "2019-01", "month"),
    ("15 رمضان 1444 هـ", "DATE", "2023-04-06", "day"),
    ("أمس", "DATE", "2015-12-23", "day"),
    ("اليوم", "DATE", "2015-12-24", "day"),
    ("غدا", "DATE", "2015-12-25", "day"),
    ("بعد غد", "DATE", "2015-12-26", "day"),
    ("الشهر المقبل", "DATE", "2016-01", "month"),
    ("العام الماضي", "DATE", "2014", "year"),
    ("الأسبوع الجاري", "DATE", "2015-W52", "week"),
    ("ابريل الجاري", "DATE", "2015-04", "month"),
    ("نوفمبر الماضي", "DATE", "2015-11", "month"),
    ("مارس المقبل", "DATE", "2016-03", "month"),
    ("أوائل الستينيات", "DATE", "196", "decade"),
    ("ستينيات القرن التاسع عشر", "DATE", "186", "decade"),
    ("القرن التاسع عشر", "DATE", "18", "century"),
    ("القرن الماضي", "DATE", "19", "century"),
    ("حاليا", "DATE", "PRESENT_REF", "ref"),
    ("مؤخرا", "DATE", "PAST_REF", "ref"),
    ("قريبا", "DATE", "FUTURE_REF", "ref"),
    ("ثلاثة أعوام", "DURATION", "P3Y", "duration"),
    ("26 عاما", "DURATION", "P26Y", "duration"),
    ("يومين", "DURATION", "P2D", "duration"),
    ("أسبوعين", "DURATION", "P2W", "duration"),
    ("عامين", "DURATION", "P2Y", "duration"),
    ("24 ساعة", "DURATION", "PT24H", "duration"),
    ("نصف قرن", "DURATION", "P50Y", "duration"),
    ("يوميا", "SET", "P1D", "set"),
    ("أسبوعيا", "SET", "P1W", "set"),
    ("كل عامين", "SET", "P2Y", "set"),
    ("مساء أمس", "TIME", "2015-12-23TEV", "time"),
    ("الساعة العاشرة صباحا", "TIME", "2015-12-24T10:00", "time"),
    ("الساعة 8:30 مساء", "TIME", "2015-12-24T20:30", "time"),
])
def test_issue_examples_on_the_calendar(phrase, type_, value, granularity):
    assert values(f"وأوضح المسؤول أن {phrase} شهد تطورات") == [(phrase, type_, value, granularity)]


def test_weekday_follows_the_tense():
    # past or plain report: the Wednesday just gone; a future verb: the coming one
    assert values("افتتح الوزير المعرض الأربعاء")[0][2] == "2015-12-23"
    assert values("سيفتتح الوزير المعرض الأربعاء")[0][2] == "2015-12-30"
    assert values("يعقد الاجتماع الأربعاء المقبل")[0][2] == "2015-12-30"
    assert values("عقد الاجتماع الخميس الماضي")[0][2] == "2015-12-17"
    assert values("وصل الخميس")[0][2] == "2015-12-24"  # the reference day itself


def test_hijri_dates_become_gregorian():
    assert hijri_to_gregorian(1444, 9, 15) == date(2023, 4, 6)
    assert hijri_to_gregorian(1445, 1, 1) == date(2023, 7, 19)
    # outside the Umm al-Qura tables: the arithmetic calendar, within a day or two
    assert abs((hijri_to_gregorian(1200, 1, 1) - date(1785, 11, 4)).days) <= 2
    assert values("في 1 محرم 1445 هـ")[0][2] == "2023-07-19"
    assert values("رمضان 1444 هـ")[0][2] == "2023-04"
    assert values("حتى عام 1444 هـ")[0][2] == "2023"


def test_ramadan_without_a_year_is_the_right_one():
    # on 2015-12-24 (Rabi al-Awwal 1437) the coming Ramadan is 1437 (June 2016)
    assert values("خلال شهر رمضان المقبل")[0][2] == "2016-06"
    # the Gregorian month of a Hijri month is the one holding its 15th day (2 July 2015)
    assert values("خلال شهر رمضان الماضي")[0][2] == "2015-07"


def test_without_reference_relative_values_are_unknown():
    found = values("زار الوفد المدينة أمس و11 سبتمبر وفي عام 2003", ref=None)
    assert found == [("أمس", "DATE", None, "day"),
                     ("11 سبتمبر", "DATE", "XXXX-09-11", "day"),
                     ("عام 2003", "DATE", "2003", "year")]


def test_offsets_index_the_text():
    text = "\u200fوَصَلَ بِالأَمْسِ، وفي ١٢/٩/٢٠٢٣ غادر"
    for t in extract_dates(text, REF):
        assert text[t.start:t.end] == t.text
    assert [t.value for t in extract_dates(text, REF)] == ["2015-12-23", "2023-09-12"]


@pytest.mark.parametrize("text", ["", "No Arabic, no dates.", "99/99/9999", "31/2/2023",
                                  "30 فبراير 2023", "9999-99-99", "القرن 0"])
def test_bad_input_never_raises(text):
    for t in extract_dates(text, REF):
        assert t.value is None or isinstance(t.value, str)


def test_impossible_calendar_dates_are_dropped():
    assert values("في 30 فبراير 2023") == []
    assert values("31/2/2023") == []


def test_dates_stage_uses_the_publication_date():
    doc = Document(origin="t", text="افتتح المعرض أمس ويستمر أسبوعين", published="2024-03-05T10:00:00+03:00")
    dates_stage(doc)
    assert [(d.text, d.value) for d in doc.dates] == [("أمس", "2024-03-04"), ("أسبوعين", "P2W")]
    assert doc.dates[0].to_dict() == {"text": "أمس", "start": 13, "end": 16,
                                      "value": "2024-03-04", "granularity": "day"}
    doc = Document(origin="t", text="افتتح المعرض أمس", published=None)
    assert [d.value for d in dates_stage(doc).dates] == [None]


@pytest.mark.parametrize("ref", [date(1, 1, 1), date(9999, 12, 31)])
def test_reference_at_the_calendar_edges_never_raises(ref):
    text = "أمس وغدا والأسبوع المقبل والعام الماضي والقرن الماضي و11 سبتمبر والخميس"
    for t in extract_dates(text, ref):
        assert text[t.start:t.end] == t.text


def test_day_ranges_share_month_and_year():
    assert [(t.text, t.value) for t in extract_dates("من 3 إلى 5 مايو 2024", REF)] == [
        ("3", "2024-05-03"), ("5 مايو 2024", "2024-05-05")]
