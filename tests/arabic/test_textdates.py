"""Publication-date lines in plain text (marsad.arabic.textdates)."""

from __future__ import annotations

import pytest

from marsad.arabic.textdates import date_line, parse_date_line


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("تاريخ النشر: 3rd, March 2021 GMT", "2021-03-03"),
        ("تاريخ النشر: 21st, October 2019 GMT", "2019-10-21"),
        ("نشر في: 12 سبتمبر 2023", "2023-09-12"),
        ("بتاريخ 2023/09/12", "2023-09-12"),
        ("12/09/2023 - 10:30", "2023-09-12"),
        ("تاريخ النشر: ١٢ سبتمبر ٢٠٢٣", "2023-09-12"),  # Eastern Arabic digits
        ("الثلاثاء ١٢ أيلول/سبتمبر ٢٠٢٣", "2023-09-12"),  # Levantine/Egyptian pair
        ("آخر تحديث: 3 كانون الثاني 2024 الساعة 10:30 م", "2024-01-03"),
        ("5 تشرين أول 2020", "2020-10-05"),
        ("نشر في 5 جويلية 2019", "2019-07-05"),  # Maghrebi
        ("تاريخ النشر : 1 فيفري 2017", "2017-02-01"),
        ("الأحد 9 دجنبر 2018", "2018-12-09"),  # Moroccan
        ("Published on September 12, 2023 GMT+3", "2023-09-12"),
        ("2023-09-12T10:30:00+03:00", "2023-09-12"),
        ("الخميس 27 صفر 1445 هـ - 14 سبتمبر 2023 م", "2023-09-14"),
        ("نُشر بتاريخ: 07-03-2022 | 09:15 ص", "2022-03-07"),
        ("06/15/2023", "2023-06-15"),  # month-first only when day-first is impossible
    ],
)
def test_date_lines_are_read(line: str, iso: str) -> None:
    assert parse_date_line(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "وقع الطرفان الاتفاق في 12 سبتمبر 2023 في العاصمة",  # a date inside a sentence
        "نشرت الصحيفة تقريرها في 12 سبتمبر 2023 عن الأزمة",  # "نشر" glued to a verb
        "تاريخ النشر: 31/02/2023",  # no such day
        "2023",  # a year is not a date
        "تاريخ النشر:",
        "",
        "الساعة 10:30",
        "سبتمبر 2023",  # month and year only: not a publication date
    ],
)
def test_non_date_lines_are_not_read(line: str) -> None:
    assert parse_date_line(line) is None


def test_kind_tells_publish_from_update_and_bare() -> None:
    assert date_line("تاريخ النشر: 12 سبتمبر 2023") == ("2023-09-12", "published")
    assert date_line("آخر تحديث: 13 سبتمبر 2023") == ("2023-09-13", "updated")
    assert date_line("12 سبتمبر 2023") == ("2023-09-12", "date")


def test_long_line_is_never_a_date_line() -> None:
    line = "بتاريخ 2023/09/12 " + "كلمة " * 40
    assert parse_date_line(line) is None
