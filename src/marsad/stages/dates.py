"""Time expressions on the calendar: the per-document dates stage.

`arabic.timex` finds the expressions and parses their words; this module puts them on the
calendar. Relative expressions (أمس، الأربعاء، الشهر المقبل، ستينيات القرن الماضي) are
resolved against a reference date — the article's publication date — and Hijri dates are
converted to Gregorian (hijridate's Umm al-Qura tables for AH 1343-1500, the arithmetic
calendar outside them). Values follow TimeML TIMEX3: 2023-09-12, 2023-09, 2023, 196
(the 1960s), 18 (the 19th century), 2015-W52, 2015-12-23TEV, P3Y, PT24H, PRESENT_REF.

Without a reference date, expressions that need one keep their span and type but get
value None (a day and month without a year get XXXX-MM-DD).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from marsad.arabic.timex import TimexMatch, find_timexes
from marsad.records import Document, compact_pickle

__all__ = ["Timex", "dates_stage", "extract_dates", "hijri_to_gregorian"]

# The decade words (الستينيات) name the 20th century's decades unless a century follows;
# news use of "the sixties" for the 1860s always says so.
DEFAULT_DECADE_CENTURY = 19


@compact_pickle
@dataclass(slots=True)
class Timex:
    """A TIMEX3: [start, end) into the text, TimeML type and value, and its granularity."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    granularity: str  # day month year decade century week time duration set ref

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "granularity": self.granularity}


def extract_dates(text: str, reference: date | None = None) -> list[Timex]:
    """The time expressions of `text`, with values resolved against `reference`."""
    out = []
    for match in find_timexes(text):
        try:
            type_, value, granularity = _resolve(match, reference)
        except (ValueError, OverflowError):  # a parsed date the calendar refuses (30 فبراير)
            continue
        if type_ == "DURATION" and value and value.endswith("Y") and _is_age(text, match):
            continue
        out.append(Timex(match.start, match.end, text[match.start:match.end], type_, value,
                         granularity))
    return out


# An age is no time expression (TimeML): «يبلغ من العمر 33 عاما», «(66 عاما)» after a name.
_AGE_CUES = ("عمر", "العمر", "عمره", "عمرها", "يبلغ", "تبلغ", "البالغ", "البالغة", "يناهز",
             "ناهز", "بعمر", "سن", "عمرهم")
AGE_REACH = 24  # characters before the number looked at for an age cue


def _is_age(text: str, match: TimexMatch) -> bool:
    before = text[max(0, match.start - AGE_REACH):match.start]
    if before.rstrip().endswith("(") and text[match.end:match.end + 2].lstrip().startswith(")"):
        return True
    after = text[match.end:match.end + 3].lstrip()
    if before.rstrip().endswith(("،", ",")) and after.startswith(("،", ",")):
        return True  # «وتعافت يوليا، 33 عاما، بشكل جيد»: an apposition to a name
    words = before.replace("(", " ").split()
    return any(w.strip("،,").removeprefix("و") in _AGE_CUES for w in words[-3:])


def dates_stage(doc: Document) -> Document:
    """Fill doc.dates from doc.text, resolving against doc.published when it is a date."""
    doc.dates = extract_dates(doc.text, _reference(doc.published))
    return doc


def _reference(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- Hijri


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a Hijri one: Umm al-Qura where tabulated, else the arithmetic calendar."""
    from hijridate import Hijri

    try:
        return Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError):
        return _tabular_hijri(year, month, day)


def _tabular_hijri(year: int, month: int, day: int) -> date:
    # The arithmetic (tabular) Islamic calendar: 11 leap years in 30, civil epoch Friday
    # 16 July 622 (Julian). Within a day or two of Umm al-Qura, which is the best one can do
    # without observation tables.
    if not (1 <= month <= 12 and 1 <= day <= 30 and 1 <= year <= 9000):
        raise ValueError("Hijri date out of range")
    days = day + (59 * (month - 1) + 1) // 2 + (year - 1) * 354 + (3 + 11 * year) // 30
    return date.fromordinal(days + 1948439 - 1721425)


def _to_hijri(day: date) -> tuple[int, int, int]:
    from hijridate import Gregorian

    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
        return h.year, h.month, h.day
    except (OverflowError, ValueError):
        return round((day.year - 622) * 365.2425 / 354.367), 1, 1


def _hijri_year_of(day: date) -> int:
    return _to_hijri(day)[0]


def _hijri_year_of_month(month: int, rel: int | None, ref: date) -> int:
    """The Hijri year of "رمضان المقبل" / "رمضان الماضي" / "شهر رمضان" seen from `ref`."""
    year, ref_month, _ = _to_hijri(ref)
    if rel is not None and rel > 0:
        return year if month > ref_month else year + 1
    if rel is not None and rel < 0:
        return year if month < ref_month else year - 1
    return year


# ---------------------------------------------------------------- resolution


def _resolve(t: TimexMatch, ref: date | None) -> tuple[str, str | None, str]:
    f = t.fields
    kind = t.kind
    if kind in ("duration",):
        return "DURATION", f["value"], "duration"
    if kind == "set":
        return "SET", f["value"], "set"
    if kind == "ref":
        return "DATE", f["value"], "ref"
    if kind == "time":
        anchor = f.get("anchor")
        day = _resolve_day(anchor, ref) if anchor is not None else ref
        clock = f"T{f['h']:02d}:{f['mi']:02d}"
        return "TIME", day.isoformat() + clock if day else None, "time"
    if kind in ("day", "weekday", "date") and f.get("tod"):
        day = _resolve_day(t, ref)
        return "TIME", f"{day.isoformat()}T{f['tod']}" if day else None, "time"
    if kind in ("day", "weekday"):
        day = _resolve_day(t, ref)
        return "DATE", day.isoformat() if day else None, "day"
    if kind == "date" and f.get("bare"):
        return "DATE", f["value"], "day"
    if kind == "date":
        day = _resolve_day(t, ref)
        if day is None:
            return "DATE", f"XXXX-{f['m']:02d}-{f['d']:02d}", "day"
        return "DATE", day.isoformat(), "day"
    if kind == "month":
        return "DATE", _month_value(f, ref), "month"
    if kind == "year":
        year = f["y"]
        if f["cal"] == "hijri":
            year = hijri_to_gregorian(year, 7, 1).year  # the Gregorian year of its middle
        return "DATE", f"{year:04d}", "year"
    if kind == "unit":
        return "DATE", _unit_value(f, ref), {"W": "week", "M": "month", "Y": "year"}[f["unit"]]
    if kind == "decade":
        century = _century(f, ref, DEFAULT_DECADE_CENTURY + 1)
        return "DATE", None if century is None else f"{century - 1:02d}{f['digit']}", "decade"
    if kind == "century":
        century = _century(f, ref, None)
        return "DATE", None if century is None else f"{century - 1:02d}", "century"
    raise ValueError(f"unknown timex kind {kind}")


def _century(f: dict, ref: date | None, default: int | None) -> int | None:
    """The ordinal number of the century (the 20th: 20), or None when it needs a reference."""
    if "n" in f:
        if f.get("hijri"):
            return hijri_to_gregorian((f["n"] - 1) * 100 + 50, 1, 1).year // 100 + 1
        return f["n"]
    if "crel" in f:
        return None if ref is None else (ref.year - 1) // 100 + 1 + f["crel"]
    return default


def _resolve_day(t: TimexMatch, ref: date | None) -> date | None:
    f = t.fields
    if t.kind == "day":
        return None if ref is None else ref + timedelta(days=f["off"])
    if t.kind == "weekday":
        if ref is None:
            return None
        direction = f.get("rel") or f.get("tense") or 0
        delta = (f["wd"] - ref.isoweekday()) % 7
        if direction > 0:
            return ref + timedelta(days=delta or 7)
        back = (ref.isoweekday() - f["wd"]) % 7
        if direction < 0:
            return ref - timedelta(days=back or 7)
        return ref - timedelta(days=back)  # news reports the week just past: on or before
    # an absolute date, perhaps without its year
    year = f["y"]
    if f["cal"] == "hijri":
        if year is None:
            if ref is None:
                return None
            year = _hijri_year_of(ref)
        return hijri_to_gregorian(year, f["m"], f["d"])
    if year is None:
        if ref is None:
            return None
        year = _year_for_month(f["m"], f.get("rel"), ref, f["d"])
        if f.get("yoff") is not None:
            year = ref.year + f["yoff"]
    return date(year, f["m"], f["d"])


def _year_for_month(month: int, rel: int | None, ref: date, day: int = 1) -> int:
    """The year of a month named without one: past for الماضي, coming for المقبل, else this."""
    if rel is not None and rel < 0:
        return ref.year if (month, day) < (ref.month, ref.day) else ref.year - 1
    if rel is not None and rel > 0:
        return ref.year if (month, day) > (ref.month, ref.day) else ref.year + 1
    return ref.year


def _month_value(f: dict, ref: date | None) -> str | None:
    if f["cal"] == "hijri":
        year = f["y"]
        if year is None:
            if ref is None:
                return None
            year = _hijri_year_of_month(f["m"], f.get("rel"), ref)
        middle = hijri_to_gregorian(year, f["m"], 15)
        return f"{middle.year:04d}-{middle.month:02d}"
    year = f["y"]
    if year is None:
        if ref is None:
            return None
        year = _year_for_month(f["m"], f.get("rel"), ref)
        if f.get("yoff") is not None:
            year = ref.year + f["yoff"]
    return f"{year:04d}-{f['m']:02d}"


def _unit_value(f: dict, ref: date | None) -> str | None:
    if ref is None:
        return None
    rel = f["rel"]
    if f["unit"] == "Y":
        return f"{ref.year + rel:04d}"
    if f["unit"] == "M":
        months = ref.year * 12 + ref.month - 1 + rel
        return f"{months // 12:04d}-{months % 12 + 1:02d}"
    year, week, _ = (ref + timedelta(weeks=rel)).isocalendar()
    return f"{year:04d}-W{week:02d}"
