"""Publication-date lines in plain text → ISO dates.

Pages scraped to text keep their date line ("تاريخ النشر: 3rd, March 2021 GMT",
"نشر في: 3 مارس 2021", "بتاريخ 2021/03/03", "03/03/2021 - 10:30"). `parse_date_line`
turns such a line into "YYYY-MM-DD". It fires only on a line that is *clearly* a date
line — a known label followed by nothing but a date (and time, weekday, zone), or a
line that is only a date — never on a date inside a body sentence: after the date and
time are cut out, anything left that is not filler (weekday, "GMT", "الساعة", ...) makes
the line body text and the answer None.

Month names cover the Egyptian/Gulf forms (يناير…ديسمبر), the Levantine ones
(كانون الثاني…كانون الأول), the Maghrebi ones (جانفي، فيفري، أفريل، جوان، جويلية، أوت;
and Moroccan شتنبر، نونبر، دجنبر، غشت، يوليوز), English and French. Eastern Arabic and
Persian digits are read. Stdlib only.
"""

from __future__ import annotations

import datetime as _dt
import re

from .normalize import replacer

__all__ = ["date_line", "parse_date_line"]

# Letters folded the same way on both sides (month table and input), so hamza and
# taa-marbuta spelling variants ("أغسطس"/"اغسطس", "الجمعة"/"الجمعه") all match.
# fmt: off
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي",
        "ـ": None,
        **{chr(c): None for c in range(0x064B, 0x0660)},  # harakat, tanween, shadda
        "\u0670": None,
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Eastern Arabic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        "\u200f": None, "\u200e": None, "\u200b": None, "\u200c": None, "\u200d": None,
        "\u061c": None, "\ufeff": None, "\u00a0": " ",
    }
)
# fmt: on


# translate() with a sparse dict costs ~4x more than this on Arabic lines
_fold_chars = replacer(_FOLD)


def _fold(text: str) -> str:
    return _fold_chars(text).casefold()


# One row per month; "_" joins the words of a two-word name.
_MONTH_ROWS = (
    "يناير جانفي كانون_الثاني كانون_ثاني january jan janvier",
    "فبراير فيفري شباط february feb fevrier février",
    "مارس اذار march mar mars",
    "ابريل افريل نيسان april apr avril",
    "مايو ماي ايار may mai",
    "يونيو يونيه جوان حزيران june jun juin",
    "يوليو يوليه يوليوز جويلية تموز july jul juillet",
    "اغسطس غشت اوت اب august aug aout août",
    "سبتمبر شتنبر ايلول september sept sep septembre",
    "اكتوبر تشرين_الاول تشرين_اول october oct octobre",
    "نوفمبر نونبر تشرين_الثاني تشرين_ثاني november nov novembre",
    "ديسمبر دجنبر كانون_الاول كانون_اول december dec decembre décembre",
)
_MONTHS: dict[str, int] = {
    _fold(name.replace("_", " ")): num
    for num, row in enumerate(_MONTH_ROWS, start=1)
    for name in row.split()
}
_MONTH_ALT = "|".join(
    re.escape(m).replace(r"\ ", r"\s+") for m in sorted(_MONTHS, key=len, reverse=True)
)
# A month may be written twice, "أيلول/سبتمبر" or "سبتمبر (أيلول)": the second name is eaten.
_MONTH = rf"(?P<mon>{_MONTH_ALT})(?:\s*[/(-]\s*(?:{_MONTH_ALT})\s*\)?)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_B = r"(?<![\w])"  # no letter or digit glued before
_E = r"(?![\w])"

_DATE_PATTERNS = [
    # ISO / Y-M-D numeric: 2023-09-12, 2023/09/12, 2023-09-12T10:30:00+03:00
    re.compile(rf"{_B}{_YEAR}[-/.](?P<m>[01]?\d)[-/.]{_DAY}(?=t|{_E})"),
    # D-M-Y numeric (Arab convention is day first): 12/09/2023, 12-9-2023
    re.compile(rf"{_B}{_DAY}[-/.](?P<m>[01]?\d)[-/.]{_YEAR}{_E}"),
    # 3 مارس 2021, 3rd, March 2021, 3 آذار/مارس 2021
    re.compile(rf"{_B}{_DAY}\s*,?\s*(?:من\s+)?{_MONTH}{_E}\s*,?\s*{_YEAR}{_E}"),
    # September 12, 2023
    re.compile(rf"{_B}{_MONTH}{_E}\s+{_DAY}\s*,?\s*{_YEAR}{_E}"),
]

# Labels that announce a date line. "published" wins over "updated" in the clean stage.
_LABELS = re.compile(
    r"^\s*(?:"
    r"(?P<pub>تاريخ\s+النشر|تاريخ\s+الخبر|تاريخ\s+الاضافه|نشر\s+بتاريخ|نشر\s+في|نشر|تم\s+النشر"
    r"|بتاريخ|published(?:\s+on)?|posted(?:\s+on)?|date)"
    r"|(?P<upd>اخر\s+تحديث|تاريخ\s+التحديث|تم\s+التحديث|تحديث|updated(?:\s+on)?|last\s+updated)"
    r")(?![\w])\s*(?:[:：\-–—|]\s*)?(?:في\s+|on\s+)?",
    re.IGNORECASE,
)

_TIME = re.compile(
    r"(?<!\d)[0-2]?\d:[0-5]\d(?::[0-5]\d)?(?:\.\d+)?(?:\s*(?:am|pm|ص|م)(?![\w]))?"
    r"(?:\s*(?:[+-]\d\d:?\d\d|z)(?![\w]))?",
    re.IGNORECASE,
)
_ZONE = re.compile(r"(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d\d)?(?![\w])")
_HIJRI = re.compile(
    r"[0-3]?\d\s+(?:محرم|صفر|ربيع\s+(?:الاول|الثاني|الاخر)|جمادي\s+(?:الاولي|الاخره|الثانيه)"
    r"|رجب|شعبان|رمضان|شوال|ذو\s+القعده|ذو\s+الحجه)\s+1[34]\d\d\s*(?:هـ|ه)?(?![\w])"
    r"|1[34]\d\d\s*(?:هـ|ه)(?![\w])"
)
# What may stand beside a date on a date line without making it a sentence.
_FILLER = frozenset(
    _fold(w)
    for w in (
        "الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم "
        "sunday monday tuesday wednesday thursday friday saturday "
        "sun mon tue wed thu fri sat "
        "الساعة ساعة صباحا صباحاً مساء مساءً مساءا ظهرا ص م am pm at on في "
        "gmt utc ksa بتوقيت توقيت غرينتش جرينتش مكة المكرمة القاهرة "
        "م. هـ T Z الموافق"
    ).split()
)
_TOKEN = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
# A year glued to its era letter: «2018م», «1439هـ».
_ERA = re.compile(r"(?<=\d)(م|هـ|ه)(?![^\W\d_])")
# Beyond this length a line is a sentence, whatever it contains.
MAX_DATE_LINE_CHARS = 120


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _find_date(text: str) -> tuple[str, int, int] | None:
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        year, day = int(m["year"]), int(m["day"])
        month = _MONTHS[re.sub(r"\s+", " ", m["mon"])] if "mon" in m.re.groupindex else int(m["m"])
        iso = _valid(year, month, day)
        if iso is None and "m" in m.re.groupindex:
            iso = _valid(year, day, month)  # a US month-first numeric date
        if iso:
            return iso, m.start(), m.end()
    return None


def date_line(line: str) -> tuple[str, str] | None:
    """(ISO date, kind) for a publication-date line, else None.

    kind is "published" (a publish label), "updated" (an update label) or "date" (a line
    that is only a date).
    """
    if len(line) > MAX_DATE_LINE_CHARS:
        return None
    text = _ERA.sub(r" \1", _fold(line.strip()))
    if not text:
        return None
    kind = "date"
    label = _LABELS.match(text)
    if label and label.end() > 0:
        kind = "updated" if label["upd"] else "published"
        text = text[label.end() :]
    found = _find_date(text)
    if found is None:
        return None
    iso, start, end = found
    rest = _TIME.sub(" ", text[:start] + " " + text[end:])
    rest = _HIJRI.sub(" ", _ZONE.sub(" ", rest))
    for token in _TOKEN.findall(rest):
        if token not in _FILLER:
            return None  # other words or numbers: a sentence that mentions a date
    return iso, kind


_LETTER = re.compile(r"[^\W\d_]")


def date_stamp(line: str, dated: bool | None = None) -> bool:
    """Whether `line` is a page's date stamp wherever it stands: a date line with a clock
    time or a Hijri date, one in digits alone («2018/08/12»), or a Hijri date alone
    («14 ذو القعدة 1439 هـ»). A schedule's heading is a bare date with words («الأحد 12
    أغسطس:»), never these, so a stamp in the body is residue (guideline kind `date`)."""
    if len(line) > MAX_DATE_LINE_CHARS:
        return False
    text = _ERA.sub(r" \1", _fold(line.strip()))
    if not text or text.endswith(":"):
        return False
    if dated is None:
        dated = date_line(line) is not None
    if dated:  # `dated`: date_line's answer, when the caller has it
        return bool(_TIME.search(text) or _HIJRI.search(text) or not _LETTER.search(text))
    rest = _HIJRI.sub(" ", text)
    if rest == text:
        return False
    rest = _TIME.sub(" ", rest)
    return all(t in _FILLER for t in _TOKEN.findall(rest))


def parse_date_line(line: str) -> str | None:
    """ISO date ("2023-09-12") when `line` is a publication-date line, else None."""
    found = date_line(line)
    return found[0] if found else None
