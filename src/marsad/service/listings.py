"""Exports of the knowledge listings (entities, stories, quotes, a story's or an entity's
timeline, attention over time) with their filters.

Every page of a listing, walked in order and streamed, as JSON lines or CSV (UTF-8 with a
BOM, so Excel shows the Arabic; nested values as JSON text). The articles' own export
(filters, Parquet) is `service.export`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from marsad.errors import InputError, require
from marsad.service.common import MAX_PAGE, Page
from marsad.service.entities import entities
from marsad.service.newsroom import attention
from marsad.service.stories import iter_quotes, quotes, stories, timeline

if TYPE_CHECKING:
    from marsad.store.base import Store

# The events of one timeline exported (it is built whole: a story holds some hundreds).
TIMELINE_MAX = 10_000
# Attention queries in one filter value: «;» (the search syntax takes «|» for OR).
QUERY_SEPARATOR = ";"


def boolean(value: Any) -> bool:
    """A filter's yes/no (true/false, 1/0, yes/no); ValueError otherwise."""
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)


def _timeline(store: Store, story_id: int | None = None, entity: str | None = None,
              limit: int = MAX_PAGE, offset: int = 0) -> Page:
    events = timeline(store, story_id=story_id, entity_ref=entity, limit=TIMELINE_MAX)["events"]
    return Page(events[offset:offset + limit], len(events), limit, offset)


def _attention(store: Store, q: str = "", by: str = "week", by_source: bool = False,
               limit: int = MAX_PAGE, offset: int = 0, **filters: Any) -> Page:
    from marsad.attention import CSV_COLUMNS, csv_rows

    result = attention(store, q.split(QUERY_SEPARATOR), by, by_source, **filters)
    rows = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in list(csv_rows(result))[1:]]
    return Page(rows[offset:offset + limit], len(rows), limit, offset)


# listing -> (page function, the filters it takes: name -> type)
LISTINGS: dict[str, tuple[Callable[..., Any], dict[str, Callable[[Any], Any]]]] = {
    "entities": (entities, {"etype": str, "q": str, "sort": str}),
    "stories": (stories, {"min_articles": int, "order": str}),
    "quotes": (quotes, {"speaker": str, "via": str, "story_id": int}),
    "timeline": (_timeline, {"story_id": int, "entity": str}),
    "attention": (_attention, {"q": str, "by": str, "by_source": boolean, "since": str,
                               "until": str, "source": str, "lang": str}),
}
# Listings with a streamed form for exports: walking pages by offset sorts the whole
# listing again for every page, which grows with the square of its size.
STREAMS: dict[str, Callable[..., Iterator[dict[str, Any]]]] = {"quotes": iter_quotes}
FORMATS = ("jsonl", "csv", "parquet")
# Rows per Parquet row group: a listing is written a group at a time (flat memory).
PARQUET_ROWS = 5_000


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


def validate(store: Store, listing: str, filters: dict[str, Any]) -> None:
    """`check`, then the listing's first item asked for, so what a stream would only meet
    later (no such story, no query given) is an error before it starts."""
    page_of, _ = LISTINGS[listing]
    page_of(store, **check(listing, filters), limit=1, offset=0)


def iter_listing(store: Store, listing: str, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every item of the listing, page after page, in the listing's own order."""
    page_of, _ = LISTINGS[listing]
    typed = check(listing, filters)
    if listing in STREAMS:
        yield from STREAMS[listing](store, **typed)
        return
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


def export_listing(store: Store, listing: str, fmt: str, **filters: Any) -> Iterator[str]:
    """The listing as text chunks in `fmt` (jsonl or csv); checks everything first.
    Parquet is a file: write_listing_parquet."""
    if fmt not in FORMATS or fmt == "parquet":
        raise InputError(f"unknown text format {fmt!r}: use jsonl or csv")
    check(listing, filters)
    items = iter_listing(store, listing, **filters)
    return jsonl_lines(items) if fmt == "jsonl" else csv_lines(items)


def write_listing_parquet(store: Store, listing: str, path: str, **filters: Any) -> int:
    """The listing as a Parquet file at `path`, a row group at a time; rows written.
    Columns take the first row group's types (lists and objects as JSON text, as in CSV)."""
    require("pyarrow", "parquet", "export --format parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    check(listing, filters)
    rows = ({k: json.dumps(v, ensure_ascii=False, default=str)
             if isinstance(v, (list, dict)) else v for k, v in item.items()}
            for item in iter_listing(store, listing, **filters))
    writer, schema, n = None, None, 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= PARQUET_ROWS:
            writer, schema = _write_group(pa, pq, path, batch, writer, schema)
            n, batch = n + len(batch), []
    if batch or writer is None:
        writer, schema = _write_group(pa, pq, path, batch, writer, schema)
        n += len(batch)
    writer.close()
    return n


def _write_group(pa: Any, pq: Any, path: str, batch: list[dict[str, Any]], writer: Any,
                 schema: Any) -> tuple[Any, Any]:
    if schema is None:
        def kind(values: list[Any]) -> Any:
            seen = {type(v) for v in values if v is not None}
            if seen == {bool}:
                return pa.bool_()
            if seen == {int}:
                return pa.int64()
            if seen and seen <= {int, float}:
                return pa.float64()
            return pa.string()
        names = list(dict.fromkeys(k for row in batch for k in row)) or ["empty"]
        schema = pa.schema([(k, kind([row.get(k) for row in batch])) for k in names])
        writer = pq.ParquetWriter(path, schema, compression="zstd")
    cols = {f.name: [_as(f.type, pa, row.get(f.name)) for row in batch] for f in schema}
    writer.write_table(pa.table(cols, schema=schema))
    return writer, schema


def _as(kind: Any, pa: Any, value: Any) -> Any:
    """A later row's value in the first row group's column type."""
    if value is None or kind != pa.string():
        return value
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
