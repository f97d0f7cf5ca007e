"""display(), key() and key_with_offsets()."""

from __future__ import annotations

import random
import time
import unicodedata

import pytest

from marsad.arabic import display, key, key_with_offsets, source_span
from marsad.arabic.normalize import strip_diacritics

# Sentences written for these tests: news-like, with the noise real pages carry.
REAL = [
    "أعلنت وزارة الدفاع الكورية الجنوبية أنّ بيونغ يانغ أطلقت صاروخاً باليستياً.",
    "کوریا الشمالیة تجري تجربة جديدة فى بحر اليابان",
    "\u200fقال المتحدث باسم الخارجية: «لن نقبل بأيّ تهديد»\u200f",
    "وصل الوفد إلى موسكو يوم ١٢ سبتمبر ٢٠٢٣ لإجراء محادثات",
    "ارتفع المؤشر بنسبة ٣٫٥٪ ليغلق عند ١٢٬٤٥٠ نقطة",
    "اقـــرأ أيضـاً: الأمم المتحدة تحذّر من تفاقم الأزمة",
    "مسؤول رفيع في هيئة الطاقة الذرية قال إن الرئيس سيزور طهران",
    "ﺑﺴﻢ ﺍﷲ ﺍﻟﺮﺣﻤﻦ ﺍﻟﺮﺣﻴﻢ ﷺ",
    "Kim Jong Un met Putin in Vladivostok — ÉTÉ straße İstanbul",
    "تاريخ النشر:\xa012 سبتمبر 2023\u00a0GMT\r\n\tآخر تحديث\u200b: ۱۴۰۲/۰۶/۲۱",
    "قِيلَ إِنَّ الْمُفَاوَضَاتِ سَتُسْتَأْنَفُ غَدًا",
    "  \n  ",
    "",
    "می‌خواهم این خبر را بخوانم",
    "پاکستان کے وزیر اعظم نے کہا ہے",
]


@pytest.mark.parametrize(
    "a, b",
    [
        ("کوریا الشمالیة", "كوريا الشمالية"),
        ("فى", "في"),
        ("إقرأ أيضاً", "اقرأ ايضا"),
        ("أحمد", "احمد"),
        ("إسرائيل", "اسرائيل"),
        ("آمنة", "امنه"),
        ("ٱلله", "الله"),
        ("مُحَمَّد", "محمد"),
        ("بيـــونغ", "بيونغ"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("ا\u0653", "آ"),  # decomposed madda == precomposed
        ("و\u0654", "ؤ"),  # decomposed hamza == precomposed
        ("ی\u0654", "ئ"),
        ("ﻻ", "لا"),  # presentation-form ligature
        ("ﺍﻟﺴﻼﻡ", "السلام"),
        ("ہ ھ ە ۀ ۃ", "ه ه ه ه ه"),
        ("ک ګ ڪ", "ك ك ك"),
        ("ی ې ۍ ێ ے ۓ", "ي ي ي ي ي ي"),
        ("CAFÉ", "cafe"),
        ("Straße", "strasse"),
        ("ＢＢＣ", "bbc"),
        ("a\u200bb\u200c\u200dc", "abc"),
        ("«مرحبا» “hi” ‘x’", '"مرحبا" "hi" \'x\''),
        ("لماذا؟ نعم، لا؛ ٥٪", "لماذا? نعم, لا; 5%"),
        ("1990–2000", "1990-2000"),
    ],
)
def test_key_equal(a: str, b: str) -> None:
    assert key(a) == key(b)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("٤٢٥", "425"),
        ("۴۲۵", "425"),
        ("٣٫٥", "3.5"),
        ("١٢٬٤٥٠", "12,450"),
        ("  كوريا \n\n  الشمالية\t ", "كوريا الشماليه"),
        ("إقرأ أيضاً", "اقرا ايضا"),
        ("گل", "گل"),  # g stays g
        ("پ چ ژ ڤ", "پ چ ژ ڤ"),
        ("سماء", "سماء"),  # lone hamza kept
        ("ئ ؤ", "ي و"),
        ("\u200f\u202bنص\u202c\u2066x\u2069\ufeff", "نصx"),
        ("ﷺ", "صلي الله عليه وسلم"),
        ("Hello\x00World", "helloworld"),
    ],
)
def test_key_value(text: str, expected: str) -> None:
    assert key(text) == expected


def test_key_keeps_distinct_words_apart() -> None:
    assert key("كوريا") != key("روسيا")
    assert key("گل") != key("کل")  # Persian flower / all
    assert key("مسؤول") != key("مسئول")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("بيـــونغ", "بيونغ"),
        ("أَ", "أَ"),
        ("قِيلَ إِنَّ", "قِيلَ إِنَّ"),
        ("\u200fكوريا\u200b", "كوريا"),
        ("a\u202ab\u202cc\u2067d\u2069\u061ce\ufeff", "abcde"),
        ("١٢ ۱۲ 12", "١٢ ۱۲ 12"),  # digits untouched
        ("فى مسؤول ة ى", "فى مسؤول ة ى"),  # letters untouched
        ("12\xa0سبتمبر", "12 سبتمبر"),
        ("ا\u0653", "آ"),  # NFC
        ("نص  مع   مسافات", "نص  مع   مسافات"),  # whitespace untouched
        ("می‌خواهم", "میخواهم"),
    ],
)
def test_display(text: str, expected: str) -> None:
    assert display(text) == expected


def test_display_keep_zwnj_for_persian() -> None:
    assert display("می‌خواهم\u200f", keep_zwnj=True) == "می‌خواهم"


def test_display_is_idempotent_and_nfc() -> None:
    for t in REAL:
        d = display(t)
        assert display(d) == d
        assert unicodedata.is_normalized("NFC", d)


def test_strip_diacritics() -> None:
    assert strip_diacritics("قِيلَ إِنَّ بيـــونغ") == "قيل إن بيونغ"


# Characters the random strings are drawn from: everything key() treats specially.
_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى"
    "ٱٲٳٵٶٷٸکګڪیېۍێےۓہۂھەۀۃگپچژڤٹڈڑں"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u06d6\u06e5\u06dd"
    "\u0640\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u061c\ufeff\u00ad"
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹0123456789"
    "،؛؟٪٫٬۔«»“”‘’–—.,;:!?\"'()-"
    "     \t\n\r\xa0\u2009\u202f\u3000"
    "aBcÉéßİıǅﬁＡ①²½™…"
    "ﻻﻷﷲﷺﺑﺴﻢ"
    "\u0301\u0308\ufe0f😀"
)


def _random_strings(n: int, seed: int = 20240601) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def _check_offsets(text: str) -> None:
    k, offsets = key_with_offsets(text)
    assert k == key(text)
    assert len(offsets) == len(k)
    assert offsets == sorted(offsets)
    for ch, i in zip(k, offsets, strict=True):
        assert 0 <= i < len(text)
        if ch == " ":  # a space comes from a character that folds to (or contains) one
            assert " " in key("a" + text[i] + "b")
        else:
            assert ch in key(text[i])


@pytest.mark.parametrize("text", REAL)
def test_key_with_offsets_real(text: str) -> None:
    _check_offsets(text)


def test_key_with_offsets_random() -> None:
    for t in _random_strings(3000):
        _check_offsets(t)


def test_key_properties_random() -> None:
    for t in _random_strings(2000, seed=7) + REAL:
        k = key(t)
        assert key(k) == k  # idempotent
        assert key(display(t)) == k  # display is a prefix step of key
        assert "  " not in k and k == k.strip()


def test_offsets_highlight_original() -> None:
    text = "قالت المصادر إن الصَّوَارِيخُ سقطت في البحر"
    k, offsets = key_with_offsets(text)
    start = k.index(key("الصواريخ"))
    lo, hi = source_span(text, offsets, start, start + len(key("الصواريخ")))
    assert text[lo:hi] == "الصَّوَارِيخُ"


def test_offsets_point_at_source_characters() -> None:
    text = "\u200f  إقرأ   أيضاً\n"
    k, offsets = key_with_offsets(text)
    assert k == "اقرا ايضا"
    assert [text[i] for i in offsets] == list("إقرأ ") + list("أيضا")


def test_key_is_fast() -> None:
    text = REAL[0] * 10_000  # ~0.8M characters
    key(text)  # warm the table
    t0 = time.perf_counter()
    key(text)
    display(text)
    assert time.perf_counter() - t0 < 2.0


def test_display_keeps_word_final_tatweel_of_clitics_and_abbreviations():
    from marsad.arabic.normalize import display, key

    assert display('يلجأ لـ "زواج مصلحة"') == 'يلجأ لـ "زواج مصلحة"'
    assert display("عام 1436هـ") == "عام 1436هـ"
    assert display("الـــــمرصد") == "المرصد"
    assert key("1436هـ") == key("1436ه")


def test_translator_and_replacer_equal_translate() -> None:
    from marsad.arabic.normalize import Translator, _key_table, replacer

    rng = random.Random(3)
    pool = [chr(c) for c in range(0x20, 0x250)] + [chr(c) for c in range(0x600, 0x700)] + list(
        "\x00\x01\n\t\ufdfa\ufe70\u2028中😀Ж①²\u0301") + ["الأمسِ", "ة", "  "]
    table = _key_table()
    tr = Translator(table)
    fold_table = {ord("أ"): "ا", ord("ة"): "ه", ord("\u064b"): None, 0xA0: " "}
    rep = replacer(fold_table)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 150)))
        assert tr(text) == text.translate(table)
        assert rep(text) == text.translate(fold_table)
        assert key(text) == key(text.translate(table))
    with pytest.raises(ValueError):
        replacer({ord("a"): "b", ord("b"): "c"})  # "b" would be replaced again
