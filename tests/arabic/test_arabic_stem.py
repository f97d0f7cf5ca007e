"""Search index terms: clitics, spelling variants, light suffixes, broken plurals."""

from __future__ import annotations

import pytest

from marsad.arabic.stem import analyze, analyze_with_offsets


def one(word: str) -> str:
    terms = analyze(word)
    assert len(terms) == 1, terms
    return terms[0]


@pytest.mark.parametrize(
    "variants",
    [
        ("والصواريخ", "صواريخ", "الصواريخ", "صاروخ"),  # clitics + فواعيل broken plural
        ("بالاتفاق", "الاتفاق", "اتفاق", "اتفاقية", "اتفاقيات", "اتفاقاً"),
        ("فى", "في"),
        ("كوريا", "کوریا"),  # Persian-typed ک ی
        ("كوري", "كورية"),
        ("٤٢٥", "۴۲۵", "425"),
        ("القوانين", "قانون"),
        ("المسؤولين", "مسؤولون", "مسؤول", "مسؤولة"),
        ("الفلسطينيين", "فلسطيني", "فلسطين"),
        ("حكومة", "حكومات", "الحكومية", "حكومتها"),
        ("وزارته", "وزارة"),
        ("الدول", "دولة"),
        ("المياه", "ماء"),
        ("تاريخى", "تاريخ", "تاريخي"),
    ],
)
def test_variants_share_a_term(variants):
    assert len({one(v) for v in variants}) == 1, {v: one(v) for v in variants}


@pytest.mark.parametrize(
    "a, b",
    [
        ("كوريا", "كوري"),  # decided: the country and its adjective stay apart
        ("كانون", "كان"),  # ون is not stripped from a 3-letter remainder
        ("زيتون", "زيت"),
        ("دولي", "دول"),  # a 3-letter remainder keeps its nisba ي
        ("مصري", "مصر"),
        ("ثلاثين", "ثلاث"),
        ("بيته", "بيه"),
    ],
)
def test_different_words_stay_apart(a, b):
    assert one(a) != one(b)


def test_latin_numbers_and_offsets():
    text = "وقّعت الحكومةُ اتفاقاً مع Al-Qaeda في 1,000 و2.4%"
    out = analyze_with_offsets(text)
    assert [t for t, _s, _e in out] == [
        "وقعت", "حكوم", "اتفاق", "مع", "al", "qaeda", "في", "1000", "و", "2", "4"
    ]
    for _term, s, e in out:
        assert text[s:e].strip() and " " not in text[s:e]
    assert text[out[1][1] : out[1][2]] == "الحكومةُ"
    assert analyze("COVID-19 café") == ["covid", "19", "cafe"]


def test_terms_are_letters_and_digits_only():
    text = "«نوة رأس السنة».. 🌧 ‏#عاجل x@y.com ـــ ٣٫٥ 😀 ک"
    for term in analyze(text):
        assert term.isalnum(), term
    assert analyze("") == [] and analyze("🌧 ... ؟") == []


def test_analyze_gives_the_terms_of_analyze_with_offsets():
    # analyze() re-implements the loop without building tokens (for speed); search terms
    # and story terms must stay the terms the offsets version finds.
    from marsad import service

    texts = ["Al-Qaeda's 3.5 ١٬٠٠٠ don't co-op 2,000,000 x1y2 … وبالعراق، والصواريخ!",
             "اتفاقاً وزارته فى ٢٠٢٤ «الناتو» e-mail U.S. ١٢/٩/٢٠٢٣"]
    for path in sorted((service.demo_corpus_path() / "text").glob("*.txt"))[:12]:
        texts.append(path.read_bytes().decode("utf-8", "replace"))
    assert len(texts) > 10
    for text in texts:
        assert analyze(text) == [t for t, _, _ in analyze_with_offsets(text)]
