"""Service functions for learned template lines (stages/template.py): list what was
learned, and find stored articles that still hold a line learned after they were stored.
Used by the CLI (`marsad templates`, `marsad clean --recheck`) and the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marsad.records import Document
from marsad.service.common import MAX_PAGE, Page
from marsad.stages.segments import source_of
from marsad.stages.template import TEMPLATE_MIN_ARTICLES, still_holds
from marsad.store.base import Store


def template_page(store: Store, source: str | None = None, limit: int = 50,
                  offset: int = 0) -> Page:
    """The learned template lines, most seen first (of one source when named)."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    items = store.template_lines(TEMPLATE_MIN_ARTICLES, source, limit, offset)
    for it in items:
        it.pop("key", None)
    return Page(items, store.count_template_lines(TEMPLATE_MIN_ARTICLES, source), limit,
                offset)


def recheck(store: Store, limit: int = 100,
            on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Stored articles whose head or foot still holds a line learned as their source's
    template (they were stored before it was learned). Reads every article once."""
    learned = store.template_keys(TEMPLATE_MIN_ARTICLES)
    items: list[dict[str, Any]] = []
    total = scanned = 0
    for row in store.iter_article_texts():
        scanned += 1
        if on_progress is not None and scanned % 256 == 0:
            on_progress(256)
        src = source_of(Document(origin="", url=row["url"], source=row["source"]))
        keys = learned.get(src) if src is not None else None
        lines = still_holds(row["text"] or "", keys) if keys else []
        if lines:
            total += 1
            if len(items) < limit:
                items.append({"id": row["id"], "source": src, "title": row["title"],
                              "lines": lines})
    return {"items": items, "total": total, "scanned": scanned,
            "learned": sum(len(v) for v in learned.values())}
