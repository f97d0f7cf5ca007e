"""The Arabic → Latin transliteration model: inference only, standard library only.

The model (trained by `marsad.translit.train`) has two parts, both plain count tables:

* a character-context model: each Arabic letter emits a Latin string ("" to 3 letters)
  chosen from counts over nested windows of the letters around it (the letter alone, then
  ±1, ±2, ±3 letters), interpolated Witten-Bell style from the widest window seen in
  training down to the letter alone. The labels come from a monotone EM alignment of
  Arabic letters to Latin substrings;
* a Latin character n-gram model that scores the joined output, so a beam search prefers
  spellings that look like names (Pyongyang, not Pyyongyang).

File format (gzip, UTF-8 text, tab-separated): a header line of JSON settings, then
"C<TAB>context<TAB>label:count,label:count..." rows for the context model and
"L<TAB>history<TAB>char:count,..." rows for the Latin model.
"""

from __future__ import annotations

import gzip
import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..arabic import charsets as cs

# Nested context windows (left, right) from narrowest to widest; each contains the last.
WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (3, 3))
PAD_L, PAD_R = "^", "$"

# Folds applied to Arabic input before the model sees it: presentation and Persian/Urdu
# forms to the Arabic letter the model was trained on. Hamza seats, ى and ة stay distinct
# because they are pronounced differently (أ a, ى a, ة a/at).
_AR_FOLD = {"ٱ": "ا", "ک": "ك", "ی": "ي", "ې": "ي", "ھ": "ه", "ە": "ه", "ۀ": "ه", "ہ": "ه",
            "ۃ": "ة", "ڪ": "ك", "ګ": "ك"}
_AR_DROP = cs.DIACRITICS | cs.INVISIBLE | {cs.TATWEEL}

# A fixed one-letter romanisation (DIN/Buckwalter-like, ASCII only). It is the fallback for
# letters the model never saw, and the naive baseline the benchmark compares against.
RULE_MAP: dict[str, str] = {
    "ء": "", "آ": "a", "أ": "a", "ؤ": "u", "إ": "i", "ئ": "i", "ا": "a", "ب": "b", "ة": "a",
    "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ى": "a",
    "ي": "y", "پ": "p", "چ": "ch", "ژ": "zh", "ڤ": "v", "گ": "g", "ڭ": "ng",
}


def ascii_letters(latin: str) -> str:
    """Lowercase ASCII letters and spaces of a Latin name (accents dropped: Radić → radic)."""
    out = []
    for c in unicodedata.normalize("NFKD", latin.casefold()):
        if "a" <= c <= "z":
            out.append(c)
        elif c.isspace() or c in "-_":
            out.append(" ")
    return " ".join("".join(out).split())


def normalize_arabic(word: str) -> str:
    """The Arabic letters of `word` as the model sees them (marks dropped, variants folded)."""
    out = []
    for c in word:
        if c in _AR_DROP:
            continue
        out.append(_AR_FOLD.get(c, c))
    return "".join(out)


def rule_romanize(word: str) -> str:
    """The naive fixed-table romanisation of one Arabic word (the benchmark's baseline)."""
    return "".join(RULE_MAP.get(c, "") for c in normalize_arabic(word))


def contexts(padded: str, i: int) -> list[str]:
    """The context strings of letter `padded[i]`, narrowest window first."""
    return [padded[i - left: i] + "|" + padded[i] + "|" + padded[i + 1: i + 1 + right]
            for left, right in WINDOWS]


# Labels kept per context when interpolating: the narrow windows have hundreds of rare
# labels whose mass is negligible; keeping the top ones makes decoding ~10x faster at no
# measured cost on ANETAC dev.
TOP_LABELS = 8
# Interpolation states kept (the labels after the narrower windows of a context, ~1 KB
# each: ≤ ~8 MB): a new context mostly extends one interpolated before. ANT decoding,
# per word: ~151 us without, ~131 us with 8192 (the table fills early in a run).
STATES_MAX = 1 << 13


def _parse(counts: str) -> dict[str, int]:
    row = {}
    for item in counts.split(","):
        label, _, n = item.rpartition(":")
        row[label] = int(n)
    return row


@dataclass(slots=True)
class Model:
    """Count tables (rows parsed on first use) and the decoding settings they were tuned with."""

    ctx: dict[str, str | dict[str, int]]
    lm: dict[str, str | dict[str, int]]
    settings: dict = field(default_factory=dict)
    _lm_cache: dict[tuple[str, str], float] = field(default_factory=dict)
    _ctx_rows: dict[str, tuple[float, list[tuple[str, float]]]] = field(default_factory=dict)
    _emit_cache: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    # emissions by the widest context seen in training, which alone decides them: a new
    # word's letters have new 7-letter windows but mostly known narrower contexts (ANT:
    # 3 in 4 windows are new; interpolating them again was half of the decoding time)
    _by_context: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    _states: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Model:
        ctx: dict[str, str | dict[str, int]] = {}
        lm: dict[str, str | dict[str, int]] = {}
        with gzip.open(path, "rt", encoding="utf-8") as f:
            settings = json.loads(f.readline())
            for line in f:
                kind, hist, counts = line.rstrip("\n").split("\t")
                (ctx if kind == "C" else lm)[hist] = counts
        return cls(ctx, lm, settings)

    def _row(self, table: dict, hist: str) -> dict[str, int] | None:
        row = table.get(hist)
        if isinstance(row, str):
            row = table[hist] = _parse(row)
        return row

    def _ctx_row(self, c: str) -> tuple[float, list[tuple[str, float]]] | None:
        hit = self._ctx_rows.get(c)
        if hit is None:
            row = self._row(self.ctx, c)
            if row is None:
                return None
            total = sum(row.values())
            lam = len(row) / (total + len(row))
            # rows are written most frequent first (train.write), so no sort is needed
            top = list(row.items())[:TOP_LABELS]
            hit = self._ctx_rows[c] = (lam, [(y, n / total) for y, n in top])
        return hit

    # ------------------------------------------------------------ the two models

    def emissions(self, padded: str, i: int) -> list[tuple[str, float]]:
        """Candidate Latin strings for letter i with log-probabilities, best first."""
        window = padded[i - 3: i + 4]
        hit = self._emit_cache.get(window)
        if hit is not None:
            return hit
        seen: list[str] = []  # the contexts seen in training, narrowest first
        for left, right in WINDOWS:
            c = padded[i - left: i] + "|" + padded[i] + "|" + padded[i + 1: i + 1 + right]
            if self._ctx_row(c) is None:
                break  # windows are nested: a wider window unseen in training is unseen too
            seen.append(c)
        if not seen:
            out = [(RULE_MAP.get(padded[i], ""), 0.0)]
        else:
            out = self._by_context.get(seen[-1])  # type: ignore[assignment]
            if out is None:
                out = self._interpolate(seen)
                if len(self._by_context) < 1 << 18:
                    self._by_context[seen[-1]] = out
        if len(self._emit_cache) < 1 << 18:
            self._emit_cache[window] = out
        return out

    def _interpolate(self, ctxs: list[str]) -> list[tuple[str, float]]:
        """Emissions from nested contexts (narrowest first), all seen in training."""
        start, probs = 0, {}
        for k in range(len(ctxs) - 1, -1, -1):  # the widest window already interpolated
            hit = self._states.get(ctxs[k])
            if hit is not None:
                start, probs = k + 1, hit
                break
        for c in ctxs[start:]:
            lam, top = self._ctx_rows[c]
            probs = {y: p * lam for y, p in probs.items()}
            for y, p in top:
                probs[y] = probs.get(y, 0.0) + (1 - lam) * p
            if len(self._states) < STATES_MAX:
                self._states[c] = probs
        # most probable first, then the label: (-p, y) pairs sort so (negation is exact)
        best = sorted([(-p, y) for y, p in probs.items()])[: self.settings.get("top", 4)]
        return [(y, math.log(-p)) for p, y in best]

    def lm_logp(self, history: str, char: str) -> float:
        """Witten-Bell interpolated log P(char | history) of the Latin n-gram model."""
        hit = self._lm_cache.get((history, char))
        if hit is not None:
            return hit
        order = self.settings.get("lm_order", 4)
        p = 1.0 / 28  # uniform floor over a-z, end mark and space
        for k in range(0, order):
            if k > len(history):
                break
            row = self._row(self.lm, history[len(history) - k:] if k else "")
            if row is None:
                break
            total = sum(row.values())
            types = len(row)
            lam = types / (total + types)
            p = lam * p + (1 - lam) * row.get(char, 0) / total
        lp = math.log(p)
        if len(self._lm_cache) < 1 << 18:
            self._lm_cache[(history, char)] = lp
        return lp

    # ------------------------------------------------------------ decoding

    def decode(self, word: str, beam: int | None = None) -> list[tuple[str, float]]:
        """Beam search over the emissions of each letter, scored with the Latin model."""
        word = normalize_arabic(word)
        if not word:
            return []
        beam = beam or self.settings.get("beam", 6)
        weight = self.settings.get("lm_weight", 0.5)
        order = self.settings.get("lm_order", 4)
        padded = PAD_L * 3 + word + PAD_R * 3
        hyps: list[tuple[float, str]] = [(0.0, "^" * (order - 1))]
        floor = -math.inf
        for i in range(3, 3 + len(word)):
            options = self.emissions(padded, i)
            nxt: dict[str, float] = {}
            seen = nxt.get
            for score, out in hyps:
                for y, lp in options:
                    s = score + lp
                    if weight:
                        text = out
                        for ch in y:
                            s += weight * self.lm_logp(text[-(order - 1):], ch)
                            text += ch
                    else:
                        text = out + y
                    if s > seen(text, floor):
                        nxt[text] = s
            # best first: highest score, then the text (sorting (-s, t) pairs without a key
            # function; negating a float is exact)
            hyps = [(-s, t) for s, t in sorted([(-s, t) for t, s in nxt.items()])[:beam]]
        final = []
        for score, out in hyps:
            if weight:
                score += weight * self.lm_logp(out[-(order - 1):], "$")
            final.append((out.lstrip("^"), score))
        final.sort(key=lambda ts: (-ts[1], ts[0]))
        return [(t, s) for t, s in final if t]
