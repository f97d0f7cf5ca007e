"""Finding Arabic time expressions: spans in the source text and the words they were read from."""

from __future__ import annotations

import pytest

from marsad.arabic.timex import find_timexes, lexicon


def spans(text: str) -> list[str]:
    return [text[t.start:t.end] for t in find_timexes(text)]


@pytest.mark.parametrize("phrase", [
    "12 سبتمبر 2023", "12/9/2023", "2023-09-12", "سبتمبر 2023", "عام 2003", "1881",
    "كانون الثاني 2020", "جانفي 2019", "15 رمضان 1444 هـ", "الأربعاء", "أمس",
    "الشهر المقبل", "العام الماضي", "أوائل الستينيات", "القرن التاسع عشر", "حاليا",
    "مؤخرا", "في السابق", "قريبا", "يومين", "أسبوعين", "عامين", "ثلاثة أعوام", "24 ساعة",
    "يوميا", "كل عامين", "الأسبوع الجاري", "ابريل الجاري", "بعد غد", "غدا",
])
def test_every_issue_example_is_one_whole_span(phrase):
    # our own carrier sentence, so the phrase is found inside running text
    text = f"قال المتحدث إن الحدث {phrase} كان مهما للجميع"
    assert spans(text) == [phrase]


def test_clitics_stay_outside_the_span():
    assert spans("والأربعاء") == ["الأربعاء"]
    assert spans("بالأمس") == ["الأمس"]
    assert spans("وفي عام 2003 تغير كل شيء") == ["عام 2003"]
    assert spans("وللعام الماضي") == ["للعام الماضي"]  # ل + العام: the article's alef is gone


def test_eastern_digits_and_diacritics_keep_source_offsets():
    text = "وُلِدَ في ١٢ سِبْتَمْبَر ٢٠٢٣ بِالأَمْسِ"
    found = find_timexes(text)
    assert [text[t.start:t.end] for t in found] == ["١٢ سِبْتَمْبَر ٢٠٢٣", "الأَمْسِ"]
    assert (found[0].fields["d"], found[0].fields["m"], found[0].fields["y"]) == (12, 9, 2023)


def test_ambiguous_month_words_need_context():
    assert spans("مارس الرياضة منذ صغره") == []  # "he practised", not March
    assert spans("في 12 مارس الماضي") == ["12 مارس الماضي"]
    assert spans("شهر رمضان") == ["شهر رمضان"]
    assert spans("قال رمضان إن") == []  # a given name


def test_counts_are_not_years():
    assert spans("شارك 2000 شخص") == []
    assert spans("نحو 1990 طالبا") == []
    assert spans("توفي في 1970") == ["1970"]


def test_named_days_are_not_today():
    assert spans("احتفل باليوم الوطني") == []
    assert spans("الصحف اليوم") == ["اليوم"]


def test_parts_and_centuries_widen_the_span():
    t = find_timexes("في أواخر القرن التاسع عشر")[0]
    assert (t.kind, t.fields["n"], t.fields["mod"]) == ("century", 19, "END")
    t = find_timexes("نهاية الستينيات من القرن الماضي")[0]
    assert (t.kind, t.fields["digit"], t.fields["crel"], t.fields["mod"]) == ("decade", 6, -1, "END")


def test_weekday_joined_to_its_date_is_one_expression():
    assert spans("يوم الثلاثاء الموافق 12 سبتمبر 2023") == ["يوم الثلاثاء الموافق 12 سبتمبر 2023"]
    assert spans("الساعة العاشرة صباحا يوم الخميس") == ["الساعة العاشرة صباحا يوم الخميس"]


def test_coordinated_days_share_the_month():
    text = "يومي 10 و11 أبريل"
    found = [t for t in find_timexes(text) if t.kind == "date"]
    assert [(text[t.start:t.end], t.fields["d"], t.fields["m"]) for t in found] == [
        ("10", 10, 4), ("11 أبريل", 11, 4)]


@pytest.mark.parametrize("text", [
    "", "   ", "no Arabic here at all, 2023 only as a number? maybe", "99/99/9999",
    "0/0/0000", "القرن 99", "الساعة 99:99", "كل 0 يوم", "((((", "ـــــ", "\u200f\u200e",
])
def test_bad_input_never_raises(text):
    for t in find_timexes(text):
        assert 0 <= t.start < t.end <= len(text)


def test_absurd_numeric_date_is_not_a_date():
    assert spans("99/99/9999") == []


def test_ten_thousand_tokens():
    text = "ذهب الوفد أمس إلى المعرض في 12 سبتمبر 2023 ثم عاد. " * 1000
    found = find_timexes(text)
    assert len(found) == 2000
    assert all(text[t.start:t.end] in ("أمس", "12 سبتمبر 2023") for t in found)


def test_lexicon_tables_are_folded_and_complete():
    lx = lexicon()
    assert lx.months["كانون الثاني"][:2] == ("greg", 1)
    assert lx.months["جويليه"][:2] == ("greg", 7)  # taa marbuta folded by normalize.key
    assert lx.months["ذو الحجه"][:2] == ("hijri", 12)
    assert set(lx.weekdays.values()) == set(range(1, 8))
    assert {m for cal, m, _ in lx.months.values() if cal == "greg"} == set(range(1, 13))
    assert {m for cal, m, _ in lx.months.values() if cal == "hijri"} == set(range(1, 13))


def test_fold_offsets_match_key_with_offsets_and_lil_cuts_match_the_regex() -> None:
    import random

    from marsad.arabic.normalize import key_with_offsets
    from marsad.arabic.timex_lexicon import _LIL, _key_with_offsets, _lil_cuts, fold

    rng = random.Random(5)
    pool = list("لللوفا _1،.بالأمسِ\u064b\u0640\n") + ["للعام ", "وللأسبوع "]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 40)))
        k, offsets = _key_with_offsets(text)
        ref_k, ref_offsets = key_with_offsets(text)
        assert k.strip(" ") == ref_k
        lead = len(k) - len(k.lstrip(" "))
        assert [offsets[i] for i in range(lead, lead + len(ref_k))] == ref_offsets
        assert _lil_cuts(k) == [m.end(1) + 1 for m in _LIL.finditer(k)]
        folded, offs = fold(text)
        assert len(offs) == len(folded)
