"""The story stream's IDF as the single writer keeps it: dense arrays, one slot per term.

`IdfTable.observe_ids` / `idf_ids` look every term id up in two dictionaries and count
it into a Counter: the writer does that for each of an article's ~250 terms, and it was
~10% of the writer's time on ANT. Here a term id gets a slot the first time it is seen;
its background rate and stream count live in numpy arrays, so an article is one
dictionary pass plus array arithmetic. The numbers are IdfTable's, to the last bit: the
same float64 operations in the same order (tests/stories/test_stream.py).
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from marsad.stories.idf import SMOOTH, STREAM_FULL_WEIGHT_DOCS, STREAM_MAX_SHARE, IdfTable

# Slots allocated at first; the arrays double when full. 64k terms are a few thousand
# articles of a stream (ANT: ~70k distinct term ids in the first 6,000 articles).
INITIAL_SLOTS = 1 << 16
# New terms wait in a dictionary until this many, then join the sorted array: small enough
# for the dictionary to stay in cache, large enough that merging (a pass over the array)
# is rare: ~25 new terms an article late in a run, so a merge every ~160 articles.
RECENT_TERMS = 4096


class StreamIdf:
    """Pooled IDF of the background plus a stream, counting each article as it comes."""

    __slots__ = ("_background", "_docs", "_stored", "_keys", "_key_slots", "_recent", "_size",
                 "_base", "_df", "stream_docs")

    def __init__(self, table: IdfTable, counts: dict[int, int], docs: int) -> None:
        """`table`: the background (its own stream is ignored); `counts`, `docs`: the
        stream counted so far (the store's story_stream), read as terms come up."""
        self._background = table.background_ids
        self._docs = table.docs
        self._stored = counts
        self._keys = np.empty(0, np.int64)  # sorted term ids with slots, and their slots
        self._key_slots = np.empty(0, np.intp)
        self._recent: dict[int, int] = {}  # term id -> slot, given since the last merge
        self._size = 0  # slots given
        self._base = np.empty(INITIAL_SLOTS, np.float64)  # (background df + SMOOTH) / docs
        self._df = np.zeros(INITIAL_SLOTS, np.int64)  # stream document frequency
        self.stream_docs = docs

    def observe_idf(self, ids: np.ndarray) -> np.ndarray:
        """Count one article given by its term ids (as IdfTable.observe_ids), then return
        the pooled IDF of each id (as IdfTable.idf_ids)."""
        slots = self._slots(ids)
        if len(ids) > 1 and not bool((ids[1:] > ids[:-1]).all()):
            self._df[np.unique(slots)] += 1  # an article counts a term once
        else:
            self._df[slots] += 1
        self.stream_docs += 1
        return self._idf(slots)

    def idf_ids(self, ids: np.ndarray) -> np.ndarray:
        """The pooled IDF of each id, counting nothing."""
        return self._idf(self._slots(ids))

    def _idf(self, slots: np.ndarray) -> np.ndarray:
        # IdfTable.idf_ids' expression, operation for operation
        rate = self._base[slots]
        if self.stream_docs:
            share = STREAM_MAX_SHARE * min(1.0, self.stream_docs / STREAM_FULL_WEIGHT_DOCS)
            local = self._df[slots].astype(np.float64)
            rate = (1.0 - share) * rate + share * ((local + SMOOTH) / self.stream_docs)
        return -np.log(np.minimum(rate, 1.0))

    def _slots(self, ids: np.ndarray) -> np.ndarray:
        # Terms seen before the last merge are found by binary search in one sorted array
        # (compact, so it stays in cache); only the rest go through a dictionary. A
        # dictionary of every term cost ~0.8 us a lookup in the busy writer (ANT).
        keys = self._keys
        if len(keys):
            pos = keys.searchsorted(ids)
            pos[pos == len(keys)] = 0
            found = keys[pos] == ids
            slots = np.where(found, self._key_slots[pos], -1)
            missing = np.flatnonzero(~found)
        else:
            slots = np.full(len(ids), -1, np.intp)
            missing = np.arange(len(ids))
        if len(missing):
            tids = ids[missing].tolist()
            got = list(map(self._recent.get, tids, repeat(-1)))
            if -1 in got:
                self._add([t for t, g in zip(tids, got, strict=True) if g < 0])
                got = [self._recent[t] for t in tids]
            slots[missing] = got
            if len(self._recent) >= RECENT_TERMS:
                self._merge_recent()
        return slots

    def _add(self, tids: list[int]) -> None:
        """Give new terms their slots (an id may repeat in `tids`)."""
        tids = list(dict.fromkeys(tids))
        first = self._size
        end = first + len(tids)
        if end > len(self._base):
            size = max(end, 2 * len(self._base))
            self._base = np.resize(self._base, size)
            df = np.zeros(size, np.int64)
            df[:first] = self._df[:first]
            self._df = df
        self._recent.update(zip(tids, range(first, end), strict=True))
        self._size = end
        bg = np.fromiter(map(self._background.get, tids, repeat(0)), np.float64, len(tids))
        self._base[first:end] = (bg + SMOOTH) / self._docs
        pop = self._stored.pop
        self._df[first:end] = np.fromiter(map(pop, tids, repeat(0)), np.int64, len(tids))

    def _merge_recent(self) -> None:
        """Move the recent terms into the sorted array (one pass over it)."""
        new = np.fromiter(self._recent, np.int64, len(self._recent))
        new_slots = np.fromiter(self._recent.values(), np.intp, len(self._recent))
        order = np.argsort(new)
        new, new_slots = new[order], new_slots[order]
        at = np.searchsorted(self._keys, new)
        self._keys = np.insert(self._keys, at, new)
        self._key_slots = np.insert(self._key_slots, at, new_slots)
        self._recent = {}
