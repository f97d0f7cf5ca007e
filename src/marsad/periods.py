"""Time axes for charts: every period between the first and the last, empty ones as 0."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

# A continuous axis is filled only up to this many periods (27 years of days); past it the
# periods with articles are returned as they are.
MAX_FILLED_PERIODS = 10_000


def _periods(first: str, last: str, by: str) -> list[str] | None:
    """Every day, week (named by its Monday), month or year from `first` to `last` (ISO
    prefixes), or None if too many."""
    try:
        if by == "year":
            out = [str(y) for y in range(int(first), int(last) + 1)]
        elif by == "month":
            y, m = int(first[:4]), int(first[5:7])
            ly, lm = int(last[:4]), int(last[5:7])
            out = []
            while (y, m) <= (ly, lm) and len(out) <= MAX_FILLED_PERIODS:
                out.append(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            d, end = date.fromisoformat(first), date.fromisoformat(last)
            step = 7 if by == "week" else 1
            if (end - d).days // step > MAX_FILLED_PERIODS:
                return None
            out = [(d + timedelta(n)).isoformat() for n in range(0, (end - d).days + 1, step)]
    except ValueError:
        return None  # a malformed stored date: leave the axis as the rows give it
    return out if len(out) <= MAX_FILLED_PERIODS else None


def continuous(rows: list[dict[str, Any]], by: str, zero: dict[str, int]) -> list[dict[str, Any]]:
    """`rows` (one per period with data, sorted) with the empty periods between them filled
    with `zero`: a chart's time axis must not put January 2014 beside February 2017."""
    if len(rows) < 2:
        return rows
    periods = _periods(rows[0]["period"], rows[-1]["period"], by)
    if periods is None:
        return rows
    have = {r["period"]: r for r in rows}
    return [have.get(p) or {"period": p, **zero} for p in periods]


def span_days(first: str, last: str) -> int:
    """Days from `first` to `last` (ISO dates); 0 when either is not a date."""
    try:
        return (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
    except ValueError:
        return 0
