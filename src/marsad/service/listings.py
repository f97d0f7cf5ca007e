"""Exports of the knowledge listings (entities, stories, quotes) with their filters.

Every page of a listing, walked in order and streamed, as JSON lines or CSV (UTF-8 with a
BOM, so Excel shows the Arabic; nested values as JSON text). The articles' own export
(filters, Parquet) is `service.export`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from marsad.errors import InputError
from marsad.service.common import MAX_PAGE
from marsad.service.entities import entities
from marsad.service.stories import quotes, stories

# listing -> (page function, the filters it takes: name -> type)
LISTINGS: dict[str, tuple[Callable[..., Any], dict[str, type]]] = {
    "entities": (entities, {"etype": str, "q": str, "sort": str}),
    "stories": (stories, {"min_articles": int, "order": str}),
    "quotes": (quotes, {"speaker": str, "via": str, "story_id": int}),
}
FORMATS = ("jsonl", "csv")


def check(listing: str, filters: dict[str, Any]) -> dict[str, Any]:
    """The filters typed for `listing`; InputError for an unknown listing, filter or value."""
    if listing not in LISTINGS:
        raise InputError(f"unknown listing {listing!r}: use {', '.join(LISTINGS)}")
    allowed = LISTINGS[listing][1]
    unknown = sorted(set(filters) - set(allowed))
    if unknown:
        raise InputError(f"unknown filter(s) for {listing}: {', '.join(unknown)} "
                         f"(it takes {', '.join(allowed)})")
    typed = {}
    for name, value in filters.items():
        if value in (None, ""):
            continue
        try:
            typed[name] = allowed[name](value)
        except (TypeError, ValueError):
            raise InputError(f"{name} must be a {allowed[name].__name__}, not {value!r}") from None
    return typed


def iter_listing(store: Any, listing: str, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every item of the listing, page after page, in the listing's own order."""
    page_of, _ = LISTINGS[listing]
    typed = check(listing, filters)
    offset = 0
    while True:
        page = page_of(store, **typed, limit=MAX_PAGE, offset=offset)
        yield from page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


def jsonl_lines(items: Iterator[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        yield json.dumps(item, ensure_ascii=False, default=str) + "\n"


def csv_lines(items: Iterator[dict[str, Any]]) -> Iterator[str]:
    """CSV text, the BOM and header first (columns from the first item)."""
    buf = io.StringIO()
    writer = None
    yield "\ufeff"
    for item in items:
        row = {k: json.dumps(v, ensure_ascii=False, default=str)
               if isinstance(v, (list, dict)) else v for k, v in item.items()}
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def export_listing(store: Any, listing: str, fmt: str, **filters: Any) -> Iterator[str]:
    """The listing as text chunks in `fmt` (jsonl or csv); checks everything first."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: use {' or '.join(FORMATS)}")
    check(listing, filters)
    items = iter_listing(store, listing, **filters)
    return jsonl_lines(items) if fmt == "jsonl" else csv_lines(items)
