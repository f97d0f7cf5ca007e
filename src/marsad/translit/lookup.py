"""Latin → Arabic lookup: find entities by what a user types in Latin script.

Each entity is indexed under the latin_keys of its Latin name(s); a query is reduced to
its own keys, candidates sharing a key are ranked strict-key first, then by edit distance
between the two spellings. Pure standard library, in memory (the store keeps the same
keys in a column for SQL lookups).
"""

from __future__ import annotations

from collections import defaultdict

from . import latin_keys
from .model import ascii_letters


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (two rows)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# Word keys shorter than this (Un, Al, Bo) would pull in half the index.
MIN_WORD_KEY = 3


class LatinIndex:
    """Entities by Latin key (whole name, and each word of it); `search` returns ids best first.

    Ranking: a strict whole-name key beats a loose one, which beats a match on one word of
    a longer name ("Putin" → Vladimir Putin); then the smaller edit distance; then the id.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, set[int]] = defaultdict(set)
        self._by_word: dict[str, set[int]] = defaultdict(set)
        self._spellings: dict[int, list[str]] = defaultdict(list)

    def add(self, entity_id: int, latin: str) -> None:
        keys = latin_keys(latin)
        if not keys:
            return
        self._spellings[entity_id].append(ascii_letters(latin))
        for k in keys:
            self._by_key[k].add(entity_id)
        words = ascii_letters(latin).split()
        if len(words) > 1:
            for w in words:
                for k in latin_keys(w):
                    if len(k) >= MIN_WORD_KEY:
                        self._by_word[k].add(entity_id)

    def search(self, query: str, k: int = 5) -> list[int]:
        keys = latin_keys(query)
        if not keys:
            return []
        q = ascii_letters(query)
        scored: dict[int, tuple[int, int]] = {}
        tiers = [(rank, key, self._by_key) for rank, key in enumerate(keys)]
        tiers += [(len(keys) + rank, key, self._by_word) for rank, key in enumerate(keys)]
        for rank, key, table in tiers:
            for eid in table.get(key, ()):
                if eid in scored and scored[eid][0] <= rank:
                    continue
                dist = min(_distance(q, s) for s in self._spellings[eid])
                scored[eid] = (rank, dist)
        return sorted(scored, key=lambda e: (scored[e], e))[:k]


def _distance(query: str, spelling: str) -> int:
    """Edit distance to the whole spelling or, for a one-word query, to its closest word."""
    best = edit_distance(query.replace(" ", ""), spelling.replace(" ", ""))
    if " " not in query and " " in spelling:
        best = min([best, *(edit_distance(query, w) for w in spelling.split())])
    return best
