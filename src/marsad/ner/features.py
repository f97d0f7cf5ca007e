"""Per-token input features of the NER tagger, shared by training and inference.

A token is described by: its word-vector row (normalised form, and the clitic-stripped
stem), hashed prefix/suffix ids of the stem (subword information for names never seen
in training), name-list flags (single tokens and longest multi-token matches) and a few
shape flags. Everything here is a pure function of the token string and the compiled
lists, so the features of a word are cached and computed once per process.
"""

from __future__ import annotations

import re
import zlib
from array import array
from functools import lru_cache

from marsad.arabic.normalize import key
from marsad.arabic.tokenize import split_clitics

TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
LABELS = ("PER", "LOC", "ORG", "MISC")
GAZ_TYPES = ("PER", "LOC", "ORG")
AFFIX_BUCKETS = 1 << 14
# Character 2-4-grams of the stem, fastText-style: a vector for any word, seen or not.
NGRAM_BUCKETS = 1 << 15
# Longest multi-token name matched in the lists (longer names are rare in news).
MAX_NAME_TOKENS = 5

N_SHAPE = 16
N_TOKFLAGS = 2 * len(GAZ_TYPES)  # per type: the word itself / a clitic-stripped variant
N_SPANFLAGS = 2 * len(GAZ_TYPES)  # per type: begins / inside a multi-token list match
N_DENSE = N_SHAPE + N_TOKFLAGS + N_SPANFLAGS

_DIGITS = re.compile(r"\d")
_KINDS = {"word": 0, "latin": 1, "number": 2, "punct": 3, "symbol": 4}
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def norm(text: str) -> str:
    """The form vectors and lists are keyed on: the matching key, digits folded to 0."""
    return _DIGITS.sub("0", key(text))


def h64(s: str) -> int:
    """Stable 63-bit hash of a normalised name (lists ship as these, not as text)."""
    b = s.encode("utf-8")
    return (zlib.crc32(b) << 31) ^ zlib.adler32(b[::-1])


# Word sequences tried against the multi-token name lists recur (common bigrams).
_h64_phrase = lru_cache(maxsize=1 << 16)(h64)


def _bucket(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) % (AFFIX_BUCKETS - 1) + 1


def _kind(tok: str) -> str:
    if not tok:
        return "symbol"
    c = tok[0]
    if c.isdigit():
        return "number"
    if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u08ff" or "\ufb50" <= c <= "\ufeff":
        return "word" if c.isalpha() else "punct"
    if c.isalpha():
        return "latin"
    return "punct" if not c.isalnum() and c.isprintable() else "symbol"


def variants(tok: str) -> tuple[str, list[str]]:
    """The normalised word and its clitic-stripped forms (for vector and list lookups)."""
    n = norm(tok)
    pre, stem, _suf = split_clitics(tok)
    out: list[str] = []
    if stem != tok:
        out.append(norm(stem))
        if pre.endswith("ال") and not pre.startswith("ال"):
            out.append("ال" + norm(stem))  # وبالعراق -> العراق
    if len(n) > 3 and n[0] in _PROCLITICS:
        out.append(n[1:])  # ومحمد -> محمد: split_clitics keeps short names whole
        if n[1] in "بل" and len(n) > 4:
            out.append(n[2:])
    return n, out


# Words whose features are kept (~580 bytes a row + ~100 of cache bookkeeping: ~180 MB
# when full; a news stream's vocabulary keeps growing, so most tokens of a batch hit it).
WORD_CACHE = 1 << 18
# Token pairs (a name-list candidate and the next token) whose two-token lookups are
# kept: ~150 bytes each, ~20 MB when full; cleared when full.
PAIR_CACHE = 1 << 17
_NO_PAIR = (None, ())

# Bucket of each character n-gram seen: the same few hundred thousand 2-4-grams make up
# every word, and a lookup is ~5x cheaper than hashing the gram again.
_GRAMS: dict[str, int] = {}
_GRAMS_MAX = 1 << 19


def _gram_ids(w: str) -> tuple[int, ...]:
    """Buckets of the 2-4-grams of `w`, as a tuple of the set (the order training saw)."""
    if len(_GRAMS) >= _GRAMS_MAX:
        _GRAMS.clear()
    grams = [w[a:a + k] for k in (2, 3, 4) for a in range(max(len(w) - k + 1, 1))]
    found = list(map(_GRAMS.get, grams))
    if None in found:
        for i, b in enumerate(found):
            if b is None:
                found[i] = _GRAMS[grams[i]] = _bucket(grams[i]) % NGRAM_BUCKETS
    ids: list[int] = found  # type: ignore[assignment]  # every None was filled in above
    return tuple(set(ids))  # the same insertions in the same order: the same set order


class Featurizer:
    """Maps tokens to (word id, stem id, 4 affix ids, dense flags) with a per-word cache."""

    def __init__(self, vocab: dict[int, int], tok_sets: dict[str, set[int]],
                 full_sets: dict[str, set[int]], starts: set[int]):
        self.vocab = vocab
        self.tok_sets = [tok_sets[t] for t in GAZ_TYPES]
        self.full_sets = [full_sets[t] for t in GAZ_TYPES]
        self.starts = starts  # hashes of first tokens of multi-token names
        # hash -> index of the first type whose full-name list has it (PER, LOC, ORG):
        # one lookup per candidate phrase instead of one per list
        self.full_type: dict[int, int] = {}
        for t in reversed(range(len(self.full_sets))):
            self.full_type.update(dict.fromkeys(self.full_sets[t], t))
        self.word = lru_cache(maxsize=WORD_CACHE)(self._word)
        self._pairs: dict[tuple[str, str], tuple] = {}

    def _word(self, tok: str) -> tuple[bytes, bytes, tuple[str, ...], bool, bytes]:
        """(ids as int64 bytes, dense flags as 0/1 bytes (N_DENSE), list-lookup forms,
        may start a multi-token name, n-gram ids as int64 bytes). Bytes, not tuples of
        ints: a batch's arrays are joined from them without a Python step per number,
        and a cached word takes ~580 bytes instead of ~780 (measured on ANT words)."""
        n, alts = variants(tok)
        hn = h64(n)
        halts = [h64(a) for a in alts]
        vocab = self.vocab
        wid = vocab.get(hn, 0)
        sid = vocab.get(halts[0], wid) if alts else wid
        if wid == 0:
            for a in halts:
                if a in vocab:
                    wid = vocab[a]
                    break
        stem = alts[0] if alts else n
        affix = (_bucket("p2" + stem[:2]), _bucket("p3" + stem[:3]),
                 _bucket("s2" + stem[-2:]), _bucket("s3" + stem[-3:]))
        flags: list[int] = []
        kind = _kind(tok)
        flags.append(_KINDS[kind])
        length = len(n)
        flags.append(5 + min(length, 9) // 2)  # 5..9: length buckets
        if n.startswith("ال") or any(a.startswith("ال") for a in alts):
            flags.append(10)
        if alts:
            flags.append(11)
        if hn not in vocab:
            flags.append(12)
        if n[-1:] in ("ه", "ي") and kind == "word":
            flags.append(13)  # ة/ي endings: feminine nouns, nisba adjectives (LOC-derived MISC)
        if any("\u064b" <= c <= "\u0652" for c in tok):
            flags.append(14)
        if kind == "latin" and tok[:1].isupper():
            flags.append(15)
        for i, s in enumerate(self.tok_sets):
            if hn in s:
                flags.append(N_SHAPE + 2 * i)
            elif any(h in s for h in halts):
                flags.append(N_SHAPE + 2 * i + 1)
        base = N_SHAPE + N_TOKFLAGS
        for i, s in enumerate(self.full_sets):
            if hn in s or any(h in s for h in halts):
                flags.append(base + 2 * i)  # a whole name in one token (لبنان، وبغداد)
                break
        forms = (n, *alts)
        starts = hn in self.starts or any(h in self.starts for h in halts)
        dense = bytearray(N_DENSE)
        for f in flags:
            dense[f] = 1
        return (array("q", (wid, sid, *affix)).tobytes(), bytes(dense), forms, starts,
                array("q", _gram_ids("<" + stem + ">")).tobytes())

    def sentence(self, tokens: list[str]) -> tuple[list[tuple[int, ...]], list[list[int]],
                                                   list[tuple[int, ...]]]:
        """Ids and active dense flags of each token, with longest multi-token list matches."""
        rows = [self.word(t) for t in tokens]
        flags = [[c for c, on in enumerate(r[1]) if on] for r in rows]
        for k, col in self.span_flags(rows):
            flags[k].append(col)
        return ([tuple(memoryview(r[0]).cast("q")) for r in rows], flags,
                [tuple(memoryview(r[4]).cast("q")) for r in rows])

    def span_flags(self, rows: list[tuple]) -> list[tuple[int, int]]:
        """(token position, dense column) of the multi-token list matches in a sentence
        given as `word()` rows: the only features that depend on a token's neighbours.

        `starts` holds the hashes of every proper token prefix of a multi-token name, so
        a match grows one token at a time and stops at the first prefix no name has.
        """
        out: list[tuple[int, int]] = []
        n = len(rows)
        i = 0
        base = N_SHAPE + N_TOKFLAGS
        forms = [r[2] for r in rows]
        while i < n:
            best, best_type = 0, -1
            if rows[i][3]:
                stop = min(n, i + MAX_NAME_TOKENS)
                for f in forms[i]:
                    best, best_type = self._grow(f, forms, i, i + 1, stop, best, best_type)
            if best:
                out.append((i, base + 2 * best_type))
                out.extend((k, base + 2 * best_type + 1) for k in range(i + 1, i + best))
                i += best
            else:
                i += 1
        return out

    def span_flags_at(self, toks: list[str], forms: list[tuple[str, ...]],
                      cands: list[int], stops: list[int]) -> list[tuple[int, int]]:
        """span_flags() over many sentences laid end to end, visiting only `cands`, the
        tokens whose word may start a name (ascending), each with `stops`, the end of
        the tokens it may span (sentence end, MAX_NAME_TOKENS). `forms[k]` are token
        k's list-lookup forms. Same matches, same precedence: the longest name, then
        the first form; the first step (a token and the next) is looked up once per
        pair of strings, and most pairs start nothing."""
        out: list[tuple[int, int]] = []
        base = N_SHAPE + N_TOKFLAGS
        grow_from = self._grow
        pairs = self._pairs
        after = 0  # tokens before this are inside a match already
        for i, stop in zip(cands, stops, strict=True):
            if i < after or i + 1 >= stop:
                continue
            key = (toks[i], toks[i + 1])
            pair = pairs.get(key)
            if pair is None:
                if len(pairs) >= PAIR_CACHE:
                    pairs.clear()
                pair = pairs[key] = self._pair(forms[i], forms[i + 1][0])
            best_type, grow = pair
            if best_type is None and not grow:
                continue
            best = 2 if best_type is not None else 0
            for cur in grow:  # forms whose two tokens are a proper prefix of a name
                best, best_type = grow_from(cur, forms, i, i + 2, stop, best, best_type)
            if best:
                out.append((i, base + 2 * best_type))
                out.extend((k, base + 2 * best_type + 1) for k in range(i + 1, i + best))
                after = i + best
        return out

    def _grow(self, cur: str, forms: list[tuple[str, ...]], i: int, first: int, stop: int,
              best: int, best_type: int) -> tuple[int, int]:
        """Extend `cur` (the phrase of tokens i..first-1) a token at a time while it is a
        proper prefix of a listed name: (length, type) of the longest whole name, or the
        `best` given when none is longer (the earlier form wins ties)."""
        starts, full_type = self.starts, self.full_type
        for j in range(first, stop):
            cur = cur + " " + forms[j][0]
            h = _h64_phrase(cur)
            if j + 1 - i > best:
                t = full_type.get(h)
                if t is not None:
                    best, best_type = j + 1 - i, t
            if h not in starts:
                break
        return best, best_type

    def _pair(self, forms: tuple[str, ...], nxt: str) -> tuple:
        """(type of the first form whose phrase with `nxt` is a whole name, or None;
        those phrases that begin a longer name, in form order)."""
        first = None
        grow = []
        for f in forms:
            cur = f + " " + nxt
            h = h64(cur)
            if first is None:
                first = self.full_type.get(h)
            if h in self.starts:
                grow.append(cur)
        return _NO_PAIR if first is None and not grow else (first, tuple(grow))
