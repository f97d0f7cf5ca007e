"""Entities: listings, lookup in any spelling, one entity, annotation runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marsad.errors import ConfigError, InputError, NotFound
from marsad.periods import continuous, span_days
from marsad.service.common import MAX_PAGE, Page
from marsad.store.base import Store

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# Sentence context shown around a mention is cut to this many characters each side.
CONTEXT_CHARS = 160


ENTITY_SORTS = ("mentions", "recent")


def entities(store: Store, etype: str | None = None, q: str | None = None,
             limit: int = 50, offset: int = 0, sort: str = "mentions") -> Page:
    """A page of entities, most mentioned (or, `sort="recent"`, latest seen) first; `q`
    (any spelling, Arabic or Latin) narrows."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    if sort not in ENTITY_SORTS:
        raise InputError(f"unknown sort {sort!r} (use {' or '.join(ENTITY_SORTS)})")
    etype = etype.upper() if etype else None
    if etype and etype not in ENTITY_TYPES:
        raise ConfigError(f"unknown entity type {etype!r} (use one of {', '.join(ENTITY_TYPES)})")
    if q:
        ids = find_entities(store, q)
        items = store.list_entities(etype, limit=MAX_PAGE, offset=0, ids=ids, sort=sort)
        return Page(items[offset:offset + limit], len(items), limit, offset)
    return Page(store.list_entities(etype, limit=limit, offset=offset, sort=sort),
                store.count_entities(etype), limit, offset)


MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer key


def find_entities(store: Store, name: str) -> list[int]:
    """Ids of entities `name` may refer to, best first: Arabic in any variant, or Latin."""
    from marsad.arabic.tokenize import tokenize

    name = " ".join(name.split())
    if not name:
        return []
    if name.isdecimal():
        n = int(name)  # past SQLite's 64-bit integers no entity can have the id
        return [n] if n <= MAX_ROW_ID and store.get_entity(n) else []
    arabic = any(t.kind == "word" for t in tokenize(name))
    if not arabic:
        from marsad.expand import latin_entities

        return latin_entities(store, name)
    from marsad.stages.resolve import resolve_document

    keys: list[str] = []
    for etype in ENTITY_TYPES:
        _, local = resolve_document(name, [(0, len(name), etype)])
        for ent in local:
            keys.extend(ent.match_keys)
    ids = store.entities_by_alias(name)
    return list(dict.fromkeys([*ids, *store.entities_by_keys(keys)]))


def entity(store: Store, ref: str | int, mentions: int = 20, offset: int = 0) -> dict[str, Any]:
    """One entity by id or name: aliases, roles, Latin name, mentions in context,
    co-occurring entities, articles over time; other entities the name may mean."""
    ids = [int(ref)] if isinstance(ref, int) else find_entities(store, str(ref))
    ids = [i for i in ids if 0 <= i <= MAX_ROW_ID]
    found = store.get_entity(ids[0]) if ids else None
    if found is None:
        raise NotFound(f"no entity matches {ref!r}")
    eid = found["id"]
    found["mentions_in_context"] = [
        _in_context(m) for m in store.entity_mentions(eid, limit=max(1, min(mentions, MAX_PAGE)),
                                                      offset=max(0, offset))]
    found["cooccurring"] = store.cooccurring(eid)
    # per day over a short span, per month past ENTITY_DAILY_MAX_DAYS (daily bars over
    # years overlapped their labels), empty periods as 0
    daily = store.entity_volume(eid)
    by = "day"
    if daily and span_days(daily[0]["period"], daily[-1]["period"]) > ENTITY_DAILY_MAX_DAYS:
        # an article has one publication day: its days' counts add up to its month's
        months: dict[str, int] = {}
        for row in daily:
            months[row["period"][:7]] = months.get(row["period"][:7], 0) + row["count"]
        by, daily = "month", [{"period": m, "count": n} for m, n in months.items()]
    found["volume"] = continuous(daily, by, {"count": 0})
    found["volume_by"] = by
    found["also_matches"] = store.list_entities(ids=ids[1:6]) if len(ids) > 1 else []
    return found


ENTITY_DAILY_MAX_DAYS = 92  # an entity chart counts per month past this span


def _in_context(row: dict[str, Any]) -> dict[str, Any]:
    from marsad.arabic.sentences import sentences

    text = row.pop("text") or ""
    start, end = row["start"], row["end"]
    s0, s1 = 0, len(text)
    for a, b in sentences(text):
        if a <= start < b:
            s0, s1 = a, max(b, end)
            break
    s0, s1 = max(s0, start - CONTEXT_CHARS), min(s1, end + CONTEXT_CHARS)
    row.update(sentence=text[s0:s1], mention_start=start - s0, mention_end=end - s0,
               text=text[start:end], uncertain=_uncertain(row.get("confidence")))
    return row


def _uncertain(confidence: float | None) -> bool:
    """A link the resolver was unsure of (a lone name, a weakly dominated surname)."""
    from marsad.stages.resolve import UNCERTAIN

    return confidence is not None and confidence < UNCERTAIN


def annotate(store: Store, rebuild: bool = False, workers: int | None = None,
             on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Tag and link entities in stored articles no model has annotated (all: `rebuild`)."""
    from marsad.runners.annotate import annotate as run

    return run(store, rebuild=rebuild, workers=workers, on_progress=on_progress).as_dict()
