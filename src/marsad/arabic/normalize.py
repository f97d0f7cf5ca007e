"""Display text and the matching key.

`display` keeps text faithful (letters, hamza, diacritics, digits untouched) and only
drops characters nobody can see. `key` is the string dedup and search compare: every
character is folded on its own through one cached table, so `key_with_offsets` can say
which source character each key character came from.

What key() folds (decisions other modules rely on):
  * alef forms أ إ آ ٱ ٲ ٳ ٵ → ا; ى ی ې ۍ ێ ے ۓ ٸ ؠ → ي; ة ۃ ہ ۂ ھ ە ۀ → ه; ک ګ ڪ → ك.
  * hamza on a carrier folds to the bare carrier: ؤ → و, ئ → ي (and the combining
    hamza U+0654/U+0655 is dropped like every other mark, so decomposed input agrees
    with precomposed input). The lone hamza ء is kept. So مسؤول and مسئول stay apart;
    joining such spellings is entity resolution's job, not the key's.
  * گ (g), پ چ ژ ڤ and the Urdu retroflex letters are kept: they are distinct sounds,
    and folding گ → ك would merge Persian words such as گل and کل.
  * every combining mark (Unicode Mn/Me: harakat, Quranic signs, Latin accents,
    variation selectors), tatweel, format characters (ZWNJ, ZWJ, bidi, BOM) and
    control characters are dropped.
  * any decimal digit (٠-٩, ۰-۹, ...) → ASCII; compatibility forms (presentation forms,
    ligatures, full-width, superscripts) are expanded; letters are casefolded.
  * punctuation is kept but Arabic and typographic forms fold to ASCII:
    ، → ,  ؛ → ;  ؟ → ?  ٪ → %  ٫ → .  ٬ → ,  ۔ → .  « » “ ” → "  ‘ ’ → '  dashes → -.
  * whitespace runs (any Unicode space, newlines included) become one space; stripped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from typing import Protocol

from . import charsets as cs

# ---------------------------------------------------------------- display

_DISPLAY_DROP = cs.INVISIBLE
_DISPLAY_DROP_KEEP_ZWNJ = _DISPLAY_DROP - {cs.ZWNJ}
# Tatweel as elongation (kashida) sits between letters and goes. A tatweel closing a word
# is typography with meaning — the detached clitic «لـ "زواج مصلحة"», the Hijri «1436هـ» —
# and stays; the matching key drops both.
_KASHIDA_RE = re.compile(cs.TATWEEL + r"+(?=[\u0600-\u06FF\u0750-\u077F])")


def _drop_pattern(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(re.escape(c) for c in chars)) + "]+")


_DROP_RE = _drop_pattern(_DISPLAY_DROP)
_DROP_KEEP_ZWNJ_RE = _drop_pattern(_DISPLAY_DROP_KEEP_ZWNJ)
_NBSP_RE = _drop_pattern(cs.NBSP_LIKE)


# Combining marks stacked on one base past this many are cut: no script writes more
# (Arabic: a letter, shadda, a vowel, perhaps a small alef), and Unicode's canonical
# ordering of a run is quadratic in its length — 100k stacked marks took NFC 30 s
# (issue 15, defect 5). Zalgo text keeps its first marks.
MAX_STACKED_MARKS = 8
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
          "\u06d6-\u06ed\u0711\u0730-\u074a\u08d3-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff"
          "\u20d0-\u20ff\ufe20-\ufe2f")
_STACKED_RE = re.compile(f"([{_MARKS}]{{{MAX_STACKED_MARKS}}})[{_MARKS}]+")


def display(text: str, *, keep_zwnj: bool = False) -> str:
    """Faithful display text: NFC, invisible controls and elongation tatweel out, NBSP → space."""
    # A regex scan is much faster than translate() here: most text has nothing to drop.
    text = (_DROP_KEEP_ZWNJ_RE if keep_zwnj else _DROP_RE).sub("", text)
    if cs.TATWEEL in text:
        text = _KASHIDA_RE.sub("", text)
    text = _NBSP_RE.sub(lambda m: " " * len(m.group()), text)
    if len(text) > MAX_STACKED_MARKS * 4:  # a short string cannot hold a long stack
        text = _STACKED_RE.sub(r"\1", text)
    # NFC last: removing a control between a letter and its mark can enable composition.
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- key table

# Explicit folds, applied before the generic compatibility/casefold pass.
_EXPLICIT: dict[str, str] = {}
for _chars, _to in (
    ("أإآٱٲٳٵ", "ا"),
    ("ىیېۍێےۓٸؠ", "ي"),
    ("ةۃہۂھەۀ", "ه"),
    ("کګڪ", "ك"),
    ("ؤٶ", "و"),
    ("ئ", "ي"),
    ("،٬", ","),
    ("؛", ";"),
    ("؟", "?"),
    ("٪", "%"),
    ("٫۔", "."),
    ("٭", "*"),
    ("«»“”„‟″〝〞＂", '"'),
    ("‘’‚‛′‹›", "'"),
    ("‐‑‒–—―−", "-"),
):
    for _c in _chars:
        _EXPLICIT[_c] = _to
# Dropped although not combining marks: tatweel, high hamza (only ever a modifier in
# ٵ ٶ ٷ ٸ), the spacing Quranic signs of U+06D6-U+06ED, and every invisible character.
for _c in cs.DIACRITICS | cs.INVISIBLE | {cs.TATWEEL, "\u0674"}:
    _EXPLICIT[_c] = ""

_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc"})


def _strip(s: str) -> str:
    out = []
    for c in s:
        if c in _EXPLICIT:
            out.append(_EXPLICIT[c])
        elif c.isspace():
            out.append(" ")
        elif unicodedata.category(c) in _DROP_CATEGORIES:
            continue
        elif c.isdecimal():
            out.append(str(unicodedata.decimal(c)))
        else:
            out.append(c)
    return "".join(out)


def _fold_char(c: str) -> str:
    """Key of one character (uncached); repeated until stable so key(key(t)) == key(t)."""
    if c.isspace():
        return " "
    s = c
    for _ in range(4):
        t = _strip(s)
        t = unicodedata.normalize("NFKD", t).casefold()
        t = _strip(unicodedata.normalize("NFKD", t))
        # Recompose what decomposition split without a mark (e.g. Hangul syllables).
        t = unicodedata.normalize("NFC", t)
        if t == s:
            break
        s = t
    return s


class _KeyTable(dict):
    """Translate table filled on first sight of each character, so warm lookups stay in C."""

    __slots__ = ()

    def __missing__(self, cp: int) -> str:
        folded = _fold_char(chr(cp))
        self[cp] = folded
        return folded


@cache
def _key_table() -> _KeyTable:
    table = _KeyTable()
    # Pre-fill the ranges news text lives in; everything else fills itself lazily.
    for lo, hi in ((0x0000, 0x024F), (0x0600, 0x06FF), (0x2000, 0x206F)):
        for cp in range(lo, hi + 1):
            table[cp]  # noqa: B018 -- __missing__ stores the entry
    return table


# From this length on a text is translated by scanning for the characters the table
# changes (Translator); words and names are cheaper with one plain translate().
SCAN_MIN_CHARS = 64
# A text needing more scan steps than this (distinct changed characters, or characters
# the table learnt after the scan pattern was built) has the rest done by translate().
# An ANT article changes ~10 distinct characters.
SCAN_MAX_STEPS = 48


def _class_of(code_points: list[int]) -> str:
    """A regex character class body for sorted code points, as ranges."""
    parts, i = [], 0
    while i < len(code_points):
        j = i
        while j + 1 < len(code_points) and code_points[j + 1] == code_points[j] + 1:
            j += 1
        lo, hi = re.escape(chr(code_points[i])), re.escape(chr(code_points[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(parts)


class Translator:
    """`text.translate(table)` from a regex scan for the characters the table changes and
    one str.replace per distinct one. translate() looks every character up through Python
    objects (~45 ns a character), while an article changes ~10 distinct characters
    (ة أ إ ى ، « » newline ...): 2-3x faster on articles. Exact for any table: a character
    whose output the table would change again sends the text to translate()."""

    def __init__(self, table: dict[int, str]) -> None:
        self.table = table
        # what the table (as filled now) leaves alone; it may learn more later
        same = sorted(cp for cp, v in table.items() if v == chr(cp))
        self._changing = re.compile(f"[^{_class_of(same)}]")
        self._stable: dict[str, bool] = {}  # character → its output is left alone

    def __call__(self, text: str) -> str:
        table, out, pos = self.table, text, 0
        search = self._changing.search
        for _ in range(SCAN_MAX_STEPS):
            m = search(out, pos)
            if m is None:
                return out
            c = m.group()
            v = table[ord(c)]
            if v == c:
                pos = m.end()
                continue
            ok = self._stable.get(c)
            if ok is None:
                ok = self._stable[c] = all(table[ord(x)] == x for x in v)
            if not ok:
                return text.translate(table)
            out = out.replace(c, v)  # every occurrence: none is left before m.start()
            pos = m.start() + len(v)
        return out.translate(table)  # what is replaced already maps to itself


@cache
def _key_translator() -> Translator:
    return Translator(_key_table())


_SPACES = re.compile(" {2,}")


def key(text: str) -> str:
    """Matching key used by dedup and search (see the module docstring for the folds)."""
    if len(text) >= SCAN_MIN_CHARS:
        s = _key_translator()(text)
    else:
        s = text.translate(_key_table())
    if "  " in s:
        s = _SPACES.sub(" ", s)
    return s.strip(" ")


def key_with_offsets(text: str) -> tuple[str, list[int]]:
    """key(text) plus, for each key character, the index in `text` it came from."""
    table = _key_table()
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = -1  # source index of a space run not yet emitted
    for i, c in enumerate(text):
        folded = table[ord(c)]
        if len(folded) == 1 and folded != " ":
            # The common case: one letter in, one letter out.
            if pending_space >= 0:
                if chars:
                    chars.append(" ")
                    offsets.append(pending_space)
                pending_space = -1
            chars.append(folded)
            offsets.append(i)
            continue
        for f in folded:
            if f == " ":
                if pending_space < 0:
                    pending_space = i
            else:
                if pending_space >= 0:
                    if chars:
                        chars.append(" ")
                        offsets.append(pending_space)
                    pending_space = -1
                chars.append(f)
                offsets.append(i)
    return "".join(chars), offsets


class IndexMap(Protocol):
    """Key index -> source index: a list, or timex_lexicon.Offsets (runs, not a list)."""

    def __len__(self) -> int: ...
    def __getitem__(self, i: int, /) -> int: ...


def source_span(text: str, offsets: IndexMap, start: int, end: int) -> tuple[int, int]:
    """Map a key span [start, end) to a span of `text`, taking the marks after the last letter."""
    if start >= end:
        pos = offsets[start] if start < len(offsets) else len(text)
        return pos, pos
    lo = offsets[start]
    hi = offsets[end - 1] + 1
    table = _key_table()
    # Characters the key dropped (diacritics, tatweel, controls) belong to the letter before.
    while hi < len(text) and table[ord(text[hi])] == "":
        hi += 1
    return lo, hi


def replacer(table: Mapping[int, str | int | None]) -> Callable[[str], str]:
    """A function equal to `text.translate(table)` for a small table of deletions and
    replacements whose output is never itself replaced, made of one regex deletion and a
    str.replace per entry present: on Arabic lines ~4x faster than translate() with a
    dict, which looks every character up through Python objects (a 120-character line:
    ~2.5 vs ~9-14 us)."""
    drops = sorted(chr(c) for c, v in table.items() if v is None)
    pairs = [(chr(c), v if isinstance(v, str) else chr(v)) for c, v in sorted(table.items())
             if v is not None]
    keys = {chr(c) for c in table}
    if any(ch in keys for _, v in pairs for ch in v):
        raise ValueError("replacer: an output character is itself replaced")
    drop = _drop_pattern(frozenset(drops)) if drops else None

    def apply(text: str) -> str:
        if drop is not None and drop.search(text):
            text = drop.sub("", text)
        for a, b in pairs:
            if a in text:
                text = text.replace(a, b)
        return text

    return apply


def strip_diacritics(text: str) -> str:
    """Remove Arabic diacritics and tatweel only, keeping everything else as it is."""
    return text.translate(_diacritics_table())


@cache
def _diacritics_table() -> dict[int, None]:
    return {ord(c): None for c in cs.DIACRITICS | {cs.TATWEEL}}
