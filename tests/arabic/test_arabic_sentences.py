"""sentences() spans."""

from __future__ import annotations

import pytest

from marsad.arabic import sentences


def _texts(text: str, **kw: bool) -> list[str]:
    return [text[a:b] for a, b in sentences(text, **kw)]


def test_basic_terminators() -> None:
    text = "أطلقت كوريا الشمالية صاروخاً جديداً. هل هذا تصعيد؟ نعم! وقالت سيول إنها تتابع؛ ثم انتهى"
    assert _texts(text) == [
        "أطلقت كوريا الشمالية صاروخاً جديداً.",
        "هل هذا تصعيد؟",
        "نعم!",
        "وقالت سيول إنها تتابع؛",
        "ثم انتهى",
    ]


def test_newlines_are_boundaries_and_spans_are_trimmed() -> None:
    text = "  العنوان الرئيسي\n\n  الفقرة الأولى بلا نقطة  \r\nالفقرة الثانية.  \n"
    assert _texts(text) == ["العنوان الرئيسي", "الفقرة الأولى بلا نقطة", "الفقرة الثانية."]
    for a, b in sentences(text):
        assert not text[a].isspace() and not text[b - 1].isspace()


@pytest.mark.parametrize(
    "text",
    [
        "ارتفع المؤشر بنسبة 3.5 بالمئة خلال الجلسة.",
        "بلغ النمو ٢.٧ في المئة هذا العام.",
        "قال د. أحمد إن الوضع مستقر.",
        "التقى أ. سمير بالوفد.",
        "نشرت U.S. Army بياناً مقتضباً.",
        "وصل Mr. Smith إلى القاهرة.",
        "راجع الموقع example.com للمزيد.",
        "قال الوزير... إن الأمر معقد.",
        "وصف المسؤول الاتفاق بأنه «تاريخي. وغير مسبوق» في تصريح مقتضب.",
    ],
)
def test_one_sentence(text: str) -> None:
    assert _texts(text) == [text]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "وأكد الناطق: «لن نتراجع عن موقفنا.» وغادر القاعة بعد ذلك."
    assert _texts(text) == ["وأكد الناطق: «لن نتراجع عن موقفنا.»", "وغادر القاعة بعد ذلك."]
    text = 'He said: "We will not retreat." Then he left.'
    assert _texts(text) == ['He said: "We will not retreat."', "Then he left."]


def test_short_quote_does_not_break_outer_sentence() -> None:
    text = "قال الوزير: «لن نتراجع. سنواصل العمل» مضيفاً أن الحوار ممكن. وانتهى اللقاء."
    assert _texts(text) == [
        "قال الوزير: «لن نتراجع. سنواصل العمل» مضيفاً أن الحوار ممكن.",
        "وانتهى اللقاء.",
    ]


def test_long_quote_is_split() -> None:
    inner = "هذه جملة طويلة داخل خطاب الرئيس عن الاقتصاد والتعليم والصحة. " * 6
    text = f"وجاء في الخطاب: «{inner.strip()}» وانتهى."
    assert len(sentences(text)) >= 6


def test_list_numbers_and_years() -> None:
    text = "1. البند الأول من الاتفاق\n2. البند الثاني\nانتهت الحرب عام 1973. وبدأت المفاوضات"
    assert _texts(text) == [
        "1. البند الأول من الاتفاق",
        "2. البند الثاني",
        "انتهت الحرب عام 1973.",
        "وبدأت المفاوضات",
    ]


def test_arabic_marks_split_without_space() -> None:
    assert _texts("لماذا؟قال إنه لا يعرف") == ["لماذا؟", "قال إنه لا يعرف"]
    assert _texts("قال ذلك.وأضاف أنه سيعود") == ["قال ذلك.", "وأضاف أنه سيعود"]


def test_clauses() -> None:
    text = "وصل الوفد، وبدأت المحادثات؛ واستمرت ساعتين; ثم توقفت. وبلغت الكلفة 1,000 دولار، تقريباً"
    assert _texts(text, clauses=True) == [
        "وصل الوفد،",
        "وبدأت المحادثات؛",
        "واستمرت ساعتين;",
        "ثم توقفت.",
        "وبلغت الكلفة 1,000 دولار،",
        "تقريباً",
    ]
    assert len(sentences(text)) == 3


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u200f \u200b"])
def test_empty(text: str) -> None:
    assert sentences(text) == []


def test_invisible_edges_trimmed() -> None:
    text = "\u200fجملة أولى.\u200f \u200fجملة ثانية.\u200f"
    assert _texts(text) == ["جملة أولى.", "جملة ثانية."]


def test_spans_cover_all_text() -> None:
    text = "أولاً. ثانياً؟ «ثالثاً!» رابعاً؛ خامساً\nسادساً..."
    spans = sentences(text, clauses=True)
    rebuilt = "".join(text[a:b] for a, b in spans)
    assert rebuilt == "".join(text.split())
    assert all(a < b for a, b in spans) and spans == sorted(spans)
