"""Character sets of the Arabic script and of the invisible characters around it.

Sets are frozensets of one-character strings; `*_RANGES` are inclusive code-point ranges
used to build regex classes with `regex_class`. Everything here is plain data.
"""

from __future__ import annotations


def _span(lo: int, hi: int) -> frozenset[str]:
    return frozenset(chr(cp) for cp in range(lo, hi + 1))


def regex_class(ranges: tuple[tuple[int, int], ...], extra: str = "") -> str:
    """Return the inside of a regex character class (no brackets) for inclusive ranges."""
    parts = []
    for lo, hi in ranges:
        parts.append(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}")
    return "".join(parts) + extra


# Letters of the Arabic script (Arabic, Persian, Urdu, Pashto, Kurdish, ... in the main
# blocks and the presentation forms). Digits, punctuation and marks are excluded.
ARABIC_LETTER_RANGES: tuple[tuple[int, int], ...] = (
    (0x0620, 0x063F),
    (0x0641, 0x064A),
    (0x066E, 0x066F),
    (0x0671, 0x06D3),
    (0x06D5, 0x06D5),
    (0x06EE, 0x06EF),
    (0x06FA, 0x06FC),
    (0x06FF, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08C9),
    (0xFB50, 0xFD3D),
    (0xFD50, 0xFDC7),
    (0xFDF0, 0xFDFB),
    (0xFE70, 0xFEFC),
)
ARABIC_LETTERS: frozenset[str] = frozenset().union(*(_span(a, b) for a, b in ARABIC_LETTER_RANGES))

# Core Arabic alphabet (hamza to yeh) as used in Arabic proper, for script statistics.
ARABIC_CORE_LETTERS: frozenset[str] = _span(0x0621, 0x063A) | _span(0x0641, 0x064A)

# Harakat proper: tanween, fatha, damma, kasra, shadda, sukun.
HARAKAT: frozenset[str] = _span(0x064B, 0x0652)

# Every combining mark the key drops: harakat, maddah/hamza above/below and the other
# U+0653-U+065F marks, superscript alef, honorific signs, Quranic annotation signs
# (the whole U+06D6-U+06ED block, including the few spacing signs in it, which only
# occur in Quranic text) and the extended Arabic marks.
DIACRITIC_RANGES: tuple[tuple[int, int], ...] = (
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x08CA, 0x08FF),
)
DIACRITICS: frozenset[str] = frozenset().union(*(_span(a, b) for a, b in DIACRITIC_RANGES))

TATWEEL = "\u0640"

# Zero-width characters. ZWNJ (U+200C) is meaningful in Persian/Urdu (it keeps
# morphemes such as می‌ from joining) but in Arabic news it is keyboard and CMS noise,
# so display() drops it unless asked to keep it; key() always drops it.
ZWSP, ZWNJ, ZWJ, WORD_JOINER, BOM = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"
ZERO_WIDTH: frozenset[str] = frozenset({ZWSP, ZWNJ, ZWJ, WORD_JOINER, BOM})

# Bidi controls: LRM, RLM, embeddings/overrides, isolates, Arabic letter mark.
BIDI_CONTROLS: frozenset[str] = (
    frozenset({"\u200e", "\u200f", "\u061c"}) | _span(0x202A, 0x202E) | _span(0x2066, 0x2069)
)

# Other characters with no visible form that text pipelines leave behind: soft hyphen,
# invisible math operators, Mongolian vowel separator (a former space character).
OTHER_INVISIBLE: frozenset[str] = frozenset({"\u00ad", "\u180e"}) | _span(0x2061, 0x2064)

INVISIBLE: frozenset[str] = ZERO_WIDTH | BIDI_CONTROLS | OTHER_INVISIBLE

# Spaces that display() turns into a plain space (they render as a space anyway).
NBSP_LIKE: frozenset[str] = frozenset({"\u00a0", "\u202f", "\u2007"})

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
DIGITS: frozenset[str] = frozenset(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS + "0123456789")

ARABIC_COMMA, ARABIC_SEMICOLON, ARABIC_QUESTION = "\u060c", "\u061b", "\u061f"
ARABIC_PERCENT, ARABIC_DECIMAL, ARABIC_THOUSANDS = "\u066a", "\u066b", "\u066c"
ARABIC_FULL_STOP = "\u06d4"  # Urdu full stop
ARABIC_PUNCT: frozenset[str] = frozenset(
    {
        ARABIC_COMMA,
        ARABIC_SEMICOLON,
        ARABIC_QUESTION,
        ARABIC_PERCENT,
        ARABIC_DECIMAL,
        ARABIC_THOUSANDS,
        ARABIC_FULL_STOP,
        "\u066d",
        "«",
        "»",
    }
)

# Letters that do not occur in Arabic proper; used by langid and documented in key().
PERSIAN_LETTERS: frozenset[str] = frozenset("پچژگکی")
URDU_LETTERS: frozenset[str] = frozenset("ٹڈڑںےۓہھۃ")
# Letters Arabic has and Persian/Urdu text almost never uses.
ARABIC_ONLY_LETTERS: frozenset[str] = frozenset("ةىؤ")

ALEF_FORMS: frozenset[str] = frozenset("أإآٱٲٳٵ")

OPENING_QUOTES: frozenset[str] = frozenset("«“‘„‚‹")
CLOSING_QUOTES: frozenset[str] = frozenset("»”’›")
