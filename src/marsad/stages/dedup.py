"""Exact and near-duplicate detection, split into shardable steps.

1. `signature(key)`: per document, anywhere (a worker, a Ray task): MinHash over word
   shingles of the matching key.
2. `band_keys(signature)`: per document: the LSH band buckets it falls in.
3. at the writer (writer/duplicates.py): exact match on the key hash, else LSH
   candidates from the stored buckets, verified by estimated Jaccard; the group's
   canonical article is the earliest one stored.

Buckets live in the store, so a new ingest joins the existing groups without
recomputing anything, and a resumed ingest sees what the killed one committed.
"""

from __future__ import annotations

import re
import sys
import zlib
from functools import cache
from itertools import accumulate

import numpy as np

NUM_PERM = 128  # 128 permutations: estimated-Jaccard std ≈ 0.044 at J = 0.5, 512 bytes/article
SHINGLE_WORDS = 5  # word 5-grams of the key: reprints share long runs, different stories don't
# Estimated Jaccard of 5-word shingles at or above which two articles are one article
# (a reprint with edits). Calibrated on SaudiNewsNet (eval/README.md#dedup): a random 30 of
# the LSH pairs at 0.5-0.95 were all the same agency/press-release copy edited per paper;
# 0.3-0.5 mixes such rewrites with distinct articles cut from one template (royal
# telegrams to different presidents, the 4th vs 5th relief flight), so 0.5 favours precision.
NEAR_DUP_THRESHOLD = 0.5
# LSH (bands, rows) for NEAR_DUP_THRESHOLD with 128 permutations, from datasketch's
# optimiser (false positives and negatives weighted equally).
LSH_BANDS, LSH_ROWS = 25, 5
# Below this many shingles (≈ 2 sentences) near-duplicate evidence is too thin: a shared
# boilerplate paragraph would make unrelated briefs "duplicates". Exact matching still applies.
MIN_SHINGLES = 10

@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Same fixed seed as datasketch's MinHash (seed=1), so signatures are comparable with it.
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=1).permutations
    return a.astype(np.uint64), b.astype(np.uint64)


def shingles(key: str, n: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of a matching key (the whole text if it is shorter than n words)."""
    words = key.split()
    if len(words) <= n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def signature(key: str) -> bytes | None:
    """MinHash signature of the key's shingles as uint32 bytes; None when too short.

    The values are datasketch's MinHash(seed=1) over crc32 shingle hashes, bit for bit
    (tests/stages/test_dedup.py checks it), computed without its `% (2**61 - 1)`: numpy's
    uint64 modulo was most of the cost, and for a Mersenne prime it is a shift, a mask
    and one conditional subtraction. ANT articles: 0.70 -> 0.26 ms each.
    """
    hashes = _shingle_hashes(key)
    if hashes is None:
        grams = shingles(key)
        if len(grams) < MIN_SHINGLES:
            return None
        hashes = {zlib.crc32(g.encode("utf-8")) for g in grams}
    a, b = _permutations()
    hv = np.fromiter(hashes, np.uint64, len(hashes))
    x = np.multiply.outer(hv, a)  # wraps modulo 2**64, as datasketch's product does
    x += b
    high = x >> _SHIFT61  # x mod (2**61 - 1), up to one subtraction, in place
    x &= _MERSENNE
    x += high
    if x.max() >= _MERSENNE:  # (never seen: 8 values in 2**61 need it)
        x[x >= _MERSENNE] -= _MERSENNE
    # the low 32 bits (datasketch's `& _max_hash`) are the even uint32 words, little-endian
    low = x.view("<u4")[:, ::2] if _LITTLE else (x & _MAX_HASH)
    return low.min(axis=0).astype("<u4").tobytes()


def _shingle_hashes(key: str) -> set[int] | None:
    """The crc32 values of the key's shingles, read off its UTF-8 bytes; None when the
    exact path of signature() must decide (short keys, odd spacing, few distinct hashes).

    A shingle is the words joined by single spaces, so in a key whose words are already
    separated by single spaces it is a slice of the encoded key: slicing bytes instead of
    joining and encoding each 5-gram halves the cost (ANT: ~0.17 -> ~0.08 ms an article).
    The MinHash only needs the set of hash values, and a key has at least as many distinct
    shingles as distinct hashes, so MIN_SHINGLES distinct hashes settle the length test.
    """
    if "  " in key or key[:1] == " " or key[-1:] == " " or _OTHER_SPACE.search(key):
        return None
    raw = key.encode("utf-8")
    # byte offset just past each word's trailing space
    ends = list(accumulate(map(_plus_one, map(len, raw.split(b" ")))))
    if len(ends) <= SHINGLE_WORDS:
        return None
    # shingle i runs from the start of word i to the end of word i + SHINGLE_WORDS - 1
    starts = [0, *ends[:-SHINGLE_WORDS]]
    crc = zlib.crc32
    hashes = {crc(raw[s:e - 1]) for s, e in zip(starts, ends[SHINGLE_WORDS - 1:], strict=True)}
    return hashes if len(hashes) >= MIN_SHINGLES else None


_LITTLE = sys.byteorder == "little"
# whitespace str.split() splits at besides the single spaces _shingle_hashes slices at
_OTHER_SPACE = re.compile(r"[^\S ]")
_plus_one = (1).__add__
_MERSENNE = np.uint64((1 << 61) - 1)
_SHIFT61 = np.uint64(61)
_MAX_HASH = np.uint64((1 << 32) - 1)


def band_keys(sig: bytes | None) -> list[tuple[int, int]]:
    """(band, bucket) pairs of a signature for LSH lookup; bucket is a signed 64-bit int."""
    if sig is None:
        return []
    width = LSH_ROWS * 4
    out = []
    for band in range(LSH_BANDS):
        chunk = sig[band * width : (band + 1) * width]
        digest = zlib.crc32(chunk) | (zlib.adler32(chunk) << 32)
        out.append((band, digest - (1 << 63)))  # SQLite integers are signed 64-bit
    return out


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    a = np.frombuffer(sig_a, dtype="<u4")
    b = np.frombuffer(sig_b, dtype="<u4")
    return float(np.count_nonzero(a == b)) / len(a)
