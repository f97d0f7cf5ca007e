"""tokenize(), words() and split_clitics()."""

from __future__ import annotations

import random

import pytest

from marsad.arabic import Token, split_clitics, tokenize, words

TEXTS = [
    "قال الوزير، في مؤتمر صحفي: «لن نسمح بذلك»؛ فهل تتغير السياسة؟",
    "ارتفع سعر البرميل إلى 85.4 دولار (أي بزيادة ٣٫٥٪) يوم ١٢/٩/٢٠٢٣.",
    '\u200fأعلنت Al-Jazeera أنّ \u200bالرئيس don\'t "agree" — [بحسب] {المصدر}...',
    "می‌خواهم این خبر را بخوانم 👍🏽 #عاجل @user https://example.com/a?b=1",
    "اقـــرأ أيضاً: وَقَالَ الْمُتَحَدِّثُ",
    "",
    "   \n\t ",
]


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.kind) for t in tokenize(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_exact(text: str) -> None:
    tokens = tokenize(text)
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert t.kind in {"word", "number", "punct", "symbol", "latin"}
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_offsets_exact_random() -> None:
    rng = random.Random(11)
    alphabet = "ابتكلمنوي ءأةى\u064e\u0651\u0640\u200c\u200f،؛؟«»\"'.,-()0123٤٥ abcXYZé%$😀\n"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
        end = 0
        covered: set[int] = set()
        for t in tokenize(text):
            assert text[t.start : t.end] == t.text and t.start >= end
            end = t.end
            covered.update(range(t.start, t.end))
        # nothing visible is dropped between tokens
        for i, c in enumerate(text):
            assert i in covered or c.isspace() or c in "\u200f\u200c"


def test_arabic_punctuation_split() -> None:
    assert _kinds("قال، «نعم»؛ لماذا؟") == [
        ("قال", "word"),
        ("،", "punct"),
        ("«", "punct"),
        ("نعم", "word"),
        ("»", "punct"),
        ("؛", "punct"),
        ("لماذا", "word"),
        ("؟", "punct"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("85.4", [("85.4", "number")]),
        ("٣٫٥", [("٣٫٥", "number")]),
        ("1,000,000", [("1,000,000", "number")]),
        ("۱۴۰۲", [("۱۴۰۲", "number")]),
        ("2023.", [("2023", "number"), (".", "punct")]),
        ("50%", [("50", "number"), ("%", "punct")]),
        ("$5", [("$", "symbol"), ("5", "number")]),
        ("Al-Qaeda", [("Al-Qaeda", "latin")]),
        ("don't", [("don't", "latin")]),
        ("COVID19", [("COVID19", "latin")]),
        ("Pyongyang's", [("Pyongyang's", "latin")]),
        ("«hi»", [("«", "punct"), ("hi", "latin"), ("»", "punct")]),
        ("...", [("...", "punct")]),
        ("وَقَالَ", [("وَقَالَ", "word")]),
        ("بيـــونغ", [("بيـــونغ", "word")]),
        ("می‌خواهم", [("می‌خواهم", "word")]),
        ("\u200fكوريا\u200f", [("كوريا", "word")]),
        ("كوريا2023", [("كوريا", "word"), ("2023", "number")]),
        ("👍", [("👍", "symbol")]),
    ],
)
def test_token_kinds(text: str, expected: list[tuple[str, str]]) -> None:
    assert _kinds(text) == expected


def test_token_is_slotted() -> None:
    t = Token("x", 0, 1, "latin")
    assert not hasattr(t, "__dict__")


def test_words() -> None:
    assert words("وقال الوزير، إن 3.5 مليون «شخص» غادروا.") == [
        "وقال",
        "الوزير",
        "إن",
        "3.5",
        "مليون",
        "شخص",
        "غادروا",
    ]


@pytest.mark.parametrize(
    "word, expected",
    [
        # required examples
        ("وبيونج", ("و", "بيونج", "")),
        ("لروسيا", ("ل", "روسيا", "")),
        ("والصواريخ", ("وال", "صواريخ", "")),
        ("بالاتفاق", ("بال", "اتفاق", "")),
        ("كوريا", ("", "كوريا", "")),
        # article forms
        ("الصواريخ", ("ال", "صواريخ", "")),
        ("للمرة", ("لل", "مرة", "")),
        ("وللمرة", ("ولل", "مرة", "")),
        ("فالحكومة", ("فال", "حكومة", "")),
        ("كالعادة", ("كال", "عادة", "")),
        ("وبالتالي", ("وبال", "تالي", "")),
        ("الدولي", ("ال", "دولي", "")),  # no pronoun after the article
        # conjunction / preposition
        ("وأكد", ("و", "أكد", "")),
        ("ويقول", ("و", "يقول", "")),
        ("فأكثر", ("ف", "أكثر", "")),
        ("وفي", ("و", "في", "")),
        ("ولكن", ("و", "لكن", "")),
        ("وبريطانيا", ("و", "بريطانيا", "")),
        ("ولروسيا", ("ول", "روسيا", "")),
        ("لبريطانيا", ("ل", "بريطانيا", "")),
        # suffix pronouns
        ("كتابه", ("", "كتاب", "ه")),
        ("حكومتها", ("", "حكومت", "ها")),
        ("بحضورهم", ("ب", "حضور", "هم")),
        ("وزارته", ("", "وزارت", "ه")),
        ("مسؤوليتنا", ("", "مسؤوليت", "نا")),
        # words that only look like clitics
        ("وزارة", ("", "وزارة", "")),
        ("وزير", ("", "وزير", "")),
        ("واشنطن", ("", "واشنطن", "")),
        ("والي", ("", "والي", "")),
        ("ألمانيا", ("", "ألمانيا", "")),
        ("الله", ("", "الله", "")),
        ("التي", ("", "التي", "")),
        ("بغداد", ("", "بغداد", "")),
        ("لبنان", ("", "لبنان", "")),
        ("فترة", ("", "فترة", "")),
        ("كورونا", ("", "كورونا", "")),
        ("اتجاه", ("", "اتجاه", "")),
        ("مدينة", ("", "مدينة", "")),
        ("روسي", ("", "روسي", "")),
        ("يمكن", ("", "يمكن", "")),
        ("بالغ", ("", "بالغ", "")),
        ("في", ("", "في", "")),
        ("Korea", ("", "Korea", "")),
        ("", ("", "", "")),
        # diacritics and tatweel stay with their letters
        ("وَبِيُونْج", ("وَ", "بِيُونْج", "")),
        ("الصَّوَارِيخ", ("ال", "صَّوَارِيخ", "")),
        ("بالـتأكيد", ("بالـ", "تأكيد", "")),
        # Persian-typed letters
        ("والکوری", ("وال", "کوری", "")),
    ],
)
def test_split_clitics(word: str, expected: tuple[str, str, str]) -> None:
    assert split_clitics(word) == expected


def test_split_clitics_joins_back_and_keeps_stems() -> None:
    for text in TEXTS:
        for w in words(text):
            pre, stem, suf = split_clitics(w)
            assert pre + stem + suf == w
            if pre or suf:
                letters = [c for c in stem if c.isalpha() and c != "\u0640"]
                assert len(letters) >= 2
