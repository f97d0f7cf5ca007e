"""The writer's mirror of what its entity tables hold (alias counts, types), kept exact by
its own writes. Backend-neutral: a store reads the rows, the mirror holds them."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence

# Spellings of a candidate the linking decision compares with: its most used ones. A
# busy entity collects hundreds of forms (clitics, typos), and comparing each new mention
# with all of them made linking cost grow with the corpus (ANT: 225 comparisons per link,
# 94 ms per article at the writer; 60 ms with the 8 most used, profiled).
ALIASES_COMPARED = 8

# Alias counts the writer's mirror holds before it starts over, ~150 bytes each: at most
# ~30 MB (ANT: ~20k after 6,000 articles); an entity forgotten is read again from the
# tables.
MIRROR_MAX_ROWS = 200_000


def _rank(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]  # count DESC, alias (code points order as UTF-8 bytes do)


class EntityMirror:
    """What one writer run knows its entity tables hold, so linking need not ask again.

    Only the single writer changes these tables during a run, so its own writes keep the
    mirror exact: an entity's alias counts (read whole on first use, then counted along)
    give a candidate's most used spellings and the best display name without SQL (the
    ranked alias query was ~15% of the writer's linking time on ANT). Made per run, like
    the link memo that holds it, after any reset of the tables.
    """

    def __init__(self) -> None:
        self.counts: dict[int, dict[str, int]] = {}  # entity id -> every alias: count
        self.top: dict[int, list[str]] = {}  # its ALIASES_COMPARED most used, best first
        self.types: dict[int, str] = {}
        self.rows = 0

    def created(self, entity_id: int, etype: str) -> None:
        self.types[entity_id] = etype
        self.counts[entity_id] = {}

    def load(self, ids: Sequence[int],
             read: Callable[[Sequence[int]], Iterable[tuple[int, str, int]]]) -> None:
        """Read the alias counts of the entities not mirrored yet: `read(ids)` gives the
        store's (entity id, alias, count) rows of those entities."""
        if self.rows > MIRROR_MAX_ROWS:
            self.__init__()  # type: ignore[misc]  # start over: bounded memory
        missing = [i for i in ids if i not in self.counts]
        if not missing:
            return
        for i in missing:
            self.counts[i] = {}
        for eid, alias, n in read(missing):
            self.counts[eid][alias] = n
            self.rows += 1

    def top_aliases(self, entity_id: int) -> list[str]:
        top = self.top.get(entity_id)
        if top is None:
            ranked = heapq.nsmallest(ALIASES_COMPARED, self.counts[entity_id].items(), key=_rank)
            top = self.top[entity_id] = [a for a, _ in ranked]
        return top

    def counted(self, entity_id: int, aliases: Iterable[str]) -> None:
        """Aliases just counted once more (after the upsert): only this alias's rank
        moved up, so it enters the top list or not, and the rest stays."""
        counts = self.counts.get(entity_id)
        if counts is None:
            return  # not mirrored: read whole when first needed
        top = self.top.get(entity_id)
        for a in aliases:
            n = counts[a] = counts.get(a, 0) + 1
            self.rows += n == 1
            if top is None:
                continue
            if a not in top:
                if len(top) >= ALIASES_COMPARED:
                    if _rank((a, n)) > _rank((top[-1], counts[top[-1]])):
                        continue
                    top.pop()
                top.append(a)
            top.sort(key=lambda x: (-counts[x], x))
