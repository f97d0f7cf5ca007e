"""The lexicon of `marsad.arabic.timex` and the folded text it is matched against.

Tables live in `data/timex_*.tsv` (months in their Egyptian, Levantine, Maghrebi and Hijri
names; weekdays; number words and ordinals; calendar units with their dual forms; fixed
and relative phrases; decades; words that make a number a count). Every entry is folded
with `normalize.key` on loading, so a table is written in plain spelling once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marsad.arabic.normalize import Translator, key, key_with_offsets

__all__ = ["UNIT_DEF", "Lexicon", "Offsets", "after_any", "alt", "fold", "lexicon"]

DATA = Path(__file__).with_name("data")


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (DATA / f"timex_{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            out.append([key(cols[0]), *cols[1:]])
    return out


@dataclass(frozen=True)
class Lexicon:
    months: dict  # key -> (calendar, month, needs_context)
    weekdays: dict  # key -> ISO weekday
    numbers: dict  # key (also definite) -> value
    ordinals: dict
    units: dict  # key -> (unit, count)
    refs: dict  # kind -> {key: value}
    decades: dict
    counted_after: frozenset
    counted_before: frozenset


@cache
def lexicon() -> Lexicon:
    """The tables in data/timex_*.tsv, folded with normalize.key (loaded once)."""
    numbers = {w: int(v) for w, v in _rows("numbers")}
    numbers.update({"ال" + w: v for w, v in list(numbers.items())})
    units = {w: (u, int(c)) for w, u, c in _rows("units")}
    units.update({"ال" + w: (u, c) for w, (u, c) in list(units.items()) if c != 1})
    refs: dict[str, dict] = {}
    for w, kind, value in _rows("refs"):
        refs.setdefault(kind, {})[w] = int(value) if kind in ("day", "rel") else value
    counted = _rows("counted")
    return Lexicon(
        months={w: (cal, int(m), ctx == "need") for w, cal, m, ctx in _rows("months")},
        weekdays={w: int(d) for w, d in _rows("weekdays")},
        numbers=numbers,
        ordinals={w: int(v) for w, v in _rows("ordinals")},
        units=units,
        refs=refs,
        decades={w: int(d) for w, d in _rows("decades")}
        | {w[2:]: int(d) for w, d in _rows("decades")},
        counted_after=frozenset(w for w, side in counted if side == "after"),
        counted_before=frozenset(w for w, side in counted if side == "before"),
    )


def after_any(words) -> str:
    """Lookbehind for any of `words` and a space (Python needs one fixed width per branch)."""
    return "|".join(f"(?<=(?<!\\w){w} )" for w in words)


def alt(words) -> str:
    """Longest-first alternation of folded words, each ending at a word boundary."""
    body = "|".join(re.escape(w).replace(r"\ ", " ") for w in sorted(words, key=len, reverse=True))
    return f"(?:{body})(?!\\w)"


UNIT_DEF = ("الاسبوع", "الشهر", "العام", "السنه", "الايام", "الاسابيع", "الاشهر", "الشهور",
             "السنوات", "الاعوام", "السنين")


class _FoldTable(dict):
    """normalize.key of one character, as a translate table: "\x00" for a character key
    drops, "\x01" for one it expands (then the slow exact path runs)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        folded = " " if c.isspace() else key(c)
        out = folded if len(folded) == 1 else ("\x01" if folded else "\x00")
        self[code] = out
        return out


_FOLD_TABLE = _FoldTable()


@cache
def _fold_translator() -> Translator:
    # filled over the ranges news text lives in first, so the scan skips what they keep
    for lo, hi in ((0x0000, 0x024F), (0x0600, 0x06FF), (0x2000, 0x206F)):
        for cp in range(lo, hi + 1):
            _FOLD_TABLE[cp]  # noqa: B018 -- __missing__ stores the entry
    return Translator(_FOLD_TABLE)
_GAPS = re.compile(r"[ \x00]{2,}|\x00")


def fold(text: str) -> tuple[str, Offsets | list[int]]:
    """normalize.key of `text` and the source index of each of its characters, with the
    alef of "لل" put back (see _LIL)."""
    k, offsets = _key_with_offsets(text)
    return _restore_alef(k, offsets) if "لل" in k else (k, offsets)


class Offsets:
    """The source index of each key character, as key_with_offsets' list would give it,
    kept as runs: from key index starts[r] on, characters come from consecutive indices
    from values[r] on (of the source, or of `inner` when given). A match reads two
    entries, so building a 1,400-entry list per article cost more than every lookup."""

    __slots__ = ("_inner", "_n", "_starts", "_values")

    def __init__(self, starts: list[int], values: list[int], n: int,
                 inner: Offsets | list[int] | None = None) -> None:
        self._starts, self._values, self._n, self._inner = starts, values, n, inner

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        r = bisect_right(self._starts, i) - 1
        v = self._values[r] + i - self._starts[r]
        return v if self._inner is None else self._inner[v]


def _key_with_offsets(text: str) -> tuple[str, Offsets | list[int]]:
    """key_with_offsets(text), built from C-level translate and slices instead of a
    per-character loop: the same key (up to leading/trailing spaces), half the time."""
    k = _fold_translator()(text)
    if "\x01" in k:
        return key_with_offsets(text)
    parts: list[str] = []
    starts: list[int] = []
    values: list[int] = []
    n = 0  # key characters so far
    last = 0
    for gap in _GAPS.finditer(k):
        start, end = gap.span()
        if start > last:
            parts.append(k[last:start])
            starts.append(n)
            values.append(last)
            n += start - last
        space = gap.group().find(" ")
        if space >= 0:  # a run of spaces and dropped characters is one space
            parts.append(" ")
            starts.append(n)
            values.append(start + space)
            n += 1
        last = end
    if len(k) > last or not starts:
        parts.append(k[last:])
        starts.append(n)
        values.append(last)
        n += len(k) - last
    return "".join(parts), Offsets(starts, values, n)


# After the preposition ل the article's alef drops ("للعام" is ل + العام): matching runs on
# a key with the alef put back, mapped to the first ل so the span keeps the whole word.
_LIL = re.compile(r"(?<!\w)([وف]?)لل")


def _restore_alef(k: str, offsets: Offsets | list[int]) -> tuple[str, Offsets]:
    parts: list[str] = []
    starts: list[int] = []
    values: list[int] = []  # indices into `k` (its offsets map them to the source)
    n, last = 0, 0
    for cut in _lil_cuts(k):  # after the preposition ل
        parts.append(k[last:cut] + "ا")
        starts.append(n)
        values.append(last)
        n += cut - last
        starts.append(n)  # the alef: where the ل came from
        values.append(cut - 1)
        n += 1
        last = cut
    parts.append(k[last:])
    starts.append(n)
    values.append(last)
    n += len(k) - last
    return "".join(parts), Offsets(starts, values, n, offsets)


def _lil_cuts(k: str) -> list[int]:
    """m.end(1) + 1 of each match of _LIL.finditer(k), found from str.find("لل"): the
    regex has no literal to skip ahead with and tried every position (3/4 of the cost)."""
    cuts: list[int] = []
    pos = 0  # where finditer would resume
    i = k.find("لل")
    while i >= 0:
        before = k[i - 1] if i else ""
        if before in ("و", "ف"):  # the match would start at the conjunction
            ok = i - 1 >= pos and (i == 1 or not _is_word(k[i - 2]))
        else:
            ok = not before or not _is_word(before)
        if ok:
            cuts.append(i + 1)
            pos = i + 2
            i = k.find("لل", pos)
        else:
            i = k.find("لل", i + 1)
    return cuts


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches
