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


class StreamIdf:
    """Pooled IDF of the background plus a stream, counting each article as it comes."""

    __slots__ = ("_background", "_docs", "_stored", "_slot", "_base", "_df", "stream_docs")

    def __init__(self, table: IdfTable, counts: dict[int, int], docs: int) -> None:
        """`table`: the background (its own stream is ignored); `counts`, `docs`: the
        stream counted so far (the store's story_stream), read as terms come up."""
        self._background = table.background_ids
        self._docs = table.docs
        self._stored = counts
        self._slot: dict[int, int] = {}
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
        tids = ids.tolist()
        slots = np.fromiter(map(self._slot.get, tids, repeat(-1)), np.intp, len(tids))
        missing = np.flatnonzero(slots < 0)
        if len(missing):
            self._add([tids[i] for i in missing.tolist()])
            slots[missing] = [self._slot[tids[i]] for i in missing.tolist()]
        return slots

    def _add(self, tids: list[int]) -> None:
        """Give new terms their slots (an id may repeat in `tids`)."""
        tids = list(dict.fromkeys(tids))
        first = len(self._slot)
        end = first + len(tids)
        if end > len(self._base):
            size = max(end, 2 * len(self._base))
            self._base = np.resize(self._base, size)
            df = np.zeros(size, np.int64)
            df[:first] = self._df[:first]
            self._df = df
        for i, t in enumerate(tids, first):
            self._slot[t] = i
        bg = np.fromiter(map(self._background.get, tids, repeat(0)), np.float64, len(tids))
        self._base[first:end] = (bg + SMOOTH) / self._docs
        pop = self._stored.pop
        self._df[first:end] = np.fromiter(map(pop, tids, repeat(0)), np.int64, len(tids))
