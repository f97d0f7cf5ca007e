"""Sentence (and clause) spans of Arabic news text.

Boundaries: line breaks, and . ! ? ؟ ؛ ۔ runs with any closing quotes/brackets right
after them (so «...نتراجع.» keeps its »). A full stop is not a boundary inside a number
(3.5), after a known abbreviation (د. for Dr., initials such as U.S., Mr.), after a list
number at the start of a line (1.), or when it is not followed by a space or an Arabic
letter (URLs, e-mail addresses). Inside a short quotation «...» “...” "..." no boundary is
taken, so a quoted sentence does not cut the outer sentence in pieces. An ellipsis
alone ("..." or …) is a pause, not a boundary.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from . import charsets as cs

# A quotation up to this long is one unit of the outer sentence. 250 characters is
# about 40 words of Arabic news prose, i.e. one or two quoted sentences; longer quotes
# are speeches whose own sentences should be split.
MAX_SHORT_QUOTE = 250

_TERMINATORS = ".!?\u061f\u061b\u06d4\u2026"
_CLOSERS = "»”’\"')\\]}›"
_BOUNDARY_RE = re.compile(
    r"(?P<nl>[\n\u2028\u2029])"
    rf"|(?P<term>[{re.escape(_TERMINATORS)}]+)[{_CLOSERS}]*"
    r"|(?P<clause>[\u060c;,])"
)
_BOUNDARY_NO_CLAUSE_RE = re.compile(
    r"(?P<nl>[\n\u2028\u2029])" rf"|(?P<term>[{re.escape(_TERMINATORS)}]+)[{_CLOSERS}]*"
)
_QUOTE_RE = re.compile('[«»“”"\n]')
_PREV_WORD_RE = re.compile(r"[^\W\d_]+\Z")
_LIST_NUMBER_RE = re.compile(r"[ \t]*(?:\d{1,3}|[a-zA-Z])\Z")

# Always a boundary whatever follows: Arabic marks never occur in URLs or numbers.
_ARABIC_TERMS = frozenset("\u061f\u061b\u06d4")
# Single Arabic letters used as abbreviations with a full stop: د. (doctor), أ. (ustadh,
# professor). م. and هـ. are left out on purpose: they end dates ("عام 2023 م.") far
# more often than they abbreviate a title.
_ARABIC_ABBR = frozenset({"د", "أ"})
_LATIN_ABBR = frozenset(
    "mr mrs ms dr prof st jr sr vs etc inc ltd co corp no gen col lt sgt gov sen rep "
    "dept univ approx jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e".split()
)
_TRIM = frozenset(" \t\r\n\f\v\u00a0\u2028\u2029") | cs.INVISIBLE | cs.NBSP_LIKE


def _quote_spans(text: str) -> tuple[list[int], list[int]]:
    """Merged (open, close) index spans of short quotations, as sorted start/end lists."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    ascii_open = -1
    for m in _QUOTE_RE.finditer(text):
        ch, pos = m.group(), m.start()
        if ch == "\n":  # quotes do not run across paragraphs
            stack.clear()
            ascii_open = -1
        elif ch in "«“":
            stack.append(pos)
        elif ch in "»”":
            if stack:
                start = stack.pop()
                if pos - start <= MAX_SHORT_QUOTE:
                    pairs.append((start, pos))
        elif ascii_open < 0:
            ascii_open = pos
        else:
            if pos - ascii_open <= MAX_SHORT_QUOTE:
                pairs.append((ascii_open, pos))
            ascii_open = -1
    pairs.sort()
    starts: list[int] = []
    ends: list[int] = []
    for a, b in pairs:
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _in_quote(starts: list[int], ends: list[int], pos: int, end: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i] and end <= ends[i]


def _is_abbreviation(text: str, pos: int) -> bool:
    """True when the full stop at `pos` ends an abbreviation or a list number."""
    window = text[max(0, pos - 12) : pos]
    m = _PREV_WORD_RE.search(window)
    if m:
        w = m.group()
        if len(w) == 1:
            return w in _ARABIC_ABBR or ("A" <= w <= "Z")
        if w.casefold() in _LATIN_ABBR:
            return True
    line_start = text.rfind("\n", 0, pos) + 1
    return pos - line_start <= 5 and _LIST_NUMBER_RE.fullmatch(text, line_start, pos) is not None


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    term = m.group("term")
    if set(term) <= {".", "\u2026"} and (len(term) > 1 or term == "\u2026"):
        return False  # ellipsis: a pause
    if not _ARABIC_TERMS.isdisjoint(term):
        return True
    end = m.end()
    while end < len(text) and text[end] in cs.INVISIBLE:  # an RLM often trails the stop
        end += 1
    nxt = text[end] if end < len(text) else ""
    if nxt and not nxt.isspace() and nxt not in cs.ARABIC_LETTERS and nxt not in "«“":
        return False
    return not (term == "." and end == m.end("term") and _is_abbreviation(text, m.start()))


def _clause_boundary(text: str, m: re.Match[str]) -> bool:
    if m.group() != ",":
        return True
    s = m.start()
    # A comma between digits is a thousands separator (1,000), not a clause break.
    return not (0 < s < len(text) - 1 and text[s - 1].isdigit() and text[s + 1].isdigit())


def sentences(text: str, *, clauses: bool = False) -> list[tuple[int, int]]:
    """Sentence spans (start, end) into `text`, without surrounding whitespace."""
    return list(_sentences(text, clauses))


# The tagger, quotes and events each split the same article: recent splits are kept. The
# tagger splits a whole batch (256 articles, runners.local.BATCH_SIZE, plus any glued
# articles split off them) before quotes and events read any, so the cache holds two
# batches; at ~3 KB an article that keeps at most a few MB of text alive.
SPLIT_CACHE_SIZE = 512


@lru_cache(maxsize=SPLIT_CACHE_SIZE)
def _sentences(text: str, clauses: bool) -> tuple[tuple[int, int], ...]:
    return tuple(_split(text, clauses=clauses))


def _split(text: str, *, clauses: bool = False) -> list[tuple[int, int]]:
    starts, ends = _quote_spans(text)
    cuts = [0]
    pattern = _BOUNDARY_RE if clauses else _BOUNDARY_NO_CLAUSE_RE
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind == "nl":
            cuts.append(m.start())
            continue
        ok = _is_boundary(text, m) if kind == "term" else _clause_boundary(text, m)
        if ok and not (starts and _in_quote(starts, ends, m.start(), m.end())):
            cuts.append(m.end())
    cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans
