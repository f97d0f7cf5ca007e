"""Publication dates as found in input metadata → ISO 8601 strings."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

# Dates outside this range in metadata are typos or epoch-zero placeholders, not news.
MIN_YEAR = 1900
MAX_YEAR = 2100
# Epoch timestamps: seconds between 2001-09 and 2286, or milliseconds in the same span.
EPOCH_SECONDS = (1_000_000_000, 9_999_999_999)
EPOCH_MILLIS = (1_000_000_000_000, 9_999_999_999_999)

_NUMERIC_DATE_RE = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)


def normalize_date(value: object) -> str | None:
    """ISO 8601 form of a metadata date (ISO, RFC 822, DD/MM/YYYY, epoch), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    if text.isdecimal() and len(text) >= 10:
        return _from_epoch(float(text))
    for parse in (_iso, _numeric, _rfc822):
        result = parse(text)
        if result is not None:
            return result
    return None


def from_struct_time(value: time.struct_time | None) -> str | None:
    """ISO 8601 UTC datetime from a feedparser *_parsed value (already in UTC)."""
    if value is None:
        return None
    try:
        moment = datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    return moment.isoformat() if MIN_YEAR <= moment.year <= MAX_YEAR else None


def _iso(text: str) -> str | None:
    try:
        if len(text) <= 10:
            day = date.fromisoformat(text)
            return day.isoformat() if MIN_YEAR <= day.year <= MAX_YEAR else None
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return _checked(moment)


def _numeric(text: str) -> str | None:
    match = _NUMERIC_DATE_RE.match(text)
    if not match:
        return None
    a, b, c = (int(g) for g in match.group(1, 2, 3))
    if len(match.group(1)) == 4:
        year, month, day = a, b, c
    elif len(match.group(3)) == 4:
        # Arabic and European sources write day first; only an impossible month (>12)
        # with a possible day tells us the US order was used instead.
        year, day, month = c, a, b
        if month > 12 and day <= 12:
            day, month = month, day
    else:
        return None
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    if match.group(4) is None:
        return parsed.isoformat()
    hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
    try:
        return datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError:
        return parsed.isoformat()


def _rfc822(text: str) -> str | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _checked(moment) if moment is not None else None


def _from_epoch(seconds: float) -> str | None:
    if EPOCH_MILLIS[0] <= seconds <= EPOCH_MILLIS[1]:
        seconds /= 1000
    if not EPOCH_SECONDS[0] <= seconds <= EPOCH_SECONDS[1]:
        return None
    return datetime.fromtimestamp(int(seconds), tz=UTC).isoformat()


def _checked(moment: datetime) -> str | None:
    return moment.isoformat() if MIN_YEAR <= moment.year <= MAX_YEAR else None
