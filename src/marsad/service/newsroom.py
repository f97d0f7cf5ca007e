"""Newsroom tools: attention over time, watches and alerts, outlets and their names."""

from __future__ import annotations

from typing import Any

from marsad import watches
from marsad.errors import InputError, NotFound
from marsad.service.articles import _expand_query
from marsad.service.common import MAX_PAGE
from marsad.service.entities import find_entities
from marsad.store.base import Store


def attention(store: Store, queries: list[str], by: str = "week", by_source: bool = False,
              **filters: Any) -> dict[str, Any]:
    """Articles matching each query per period (and outlet), with the share of all
    articles in that period; a query expands as search does (marsad/attention.py)."""
    from marsad import attention as attention_counts

    return attention_counts.attention(store, queries, by, by_source, expand=_expand_query,
                                      **filters)


def watch_add(store: Store, query: str | None = None, entity: str | int | None = None,
              **kwargs: Any) -> dict[str, Any]:
    """Save a search or an entity as a watch (marsad/watches.py)."""
    return watches.add(store, query, entity, find_entity=find_entities, **kwargs)


def watch_list(store: Store) -> list[dict[str, Any]]:
    return store.watches()


def watch_alerts(store: Store, watch_id: int, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    return watches.alerts(store, watch_id, max(1, min(limit, MAX_PAGE)), max(0, offset))


def watch_remove(store: Store, watch_id: int) -> None:
    watches.remove(store, watch_id)


def watch_run(store: Store) -> dict[str, Any]:
    """Check every watch against the articles stored since, send due webhooks."""
    return watches.run(store)


def watch_feed(store: Store, watch_id: int, base_url: str) -> str:
    return watches.atom(store, watch_id, base_url)


def outlets(store: Store) -> list[dict[str, Any]]:
    """Named outlets with their article counts, first/last publication dates and the
    display name a user gave them (`display`, else None)."""
    names = store.outlet_names()
    return [o | {"display": names.get(o["source"])} for o in store.outlets()]


def name_outlet(store: Store, outlet: str, display: str | None) -> None:
    """Show `outlet` (its stored name) as `display` everywhere (None or "": clear)."""
    display = (display or "").strip() or None
    if display is not None and len(display) > 200:
        raise InputError("a display name is at most 200 characters")
    with store.transaction():
        if not store.set_outlet_display(outlet, display):
            raise NotFound(f"no outlet {outlet!r} (see marsad outlets)")


def outlet_names(store: Store) -> dict[str, str]:
    return store.outlet_names()
