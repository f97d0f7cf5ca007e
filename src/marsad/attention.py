"""Attention over time for the service layer: counts and shares of coverage per period.

For up to MAX_SERIES queries (the search syntax, with the search page's filters), the
number of articles matching each per day, week, month or year — optionally per outlet —
beside the number of all articles in that period, so a rise in coverage can be told from
a rise in crawling. Every series shares one continuous time axis (empty periods as 0).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from marsad import query as query_syntax
from marsad.errors import InputError
from marsad.periods import continuous
from marsad.store.sqlite.attention import PERIOD_SQL

if TYPE_CHECKING:
    from marsad.store.base import Store

# Queries compared side by side: past five a chart's lines cannot be told apart
# (Media Cloud's explorer compares up to five the same way).
MAX_SERIES = 5
PERIODS = tuple(PERIOD_SQL)
CSV_COLUMNS = ("period", "query", "source", "count", "total", "share")


def attention(store: Store, queries: list[str], by: str = "week", by_source: bool = False,
              expand: Callable[[Any, str], Any] | None = None,
              **filters: Any) -> dict[str, Any]:
    """Counts of articles matching each query per period (see the module docstring).

    `expand(store, query)` is search's query expansion (a Latin name or a spelling
    variant → the entity's Arabic names), so a query counts what searching it finds.
    A duplicate group counts once per period (once per outlet with `by_source`).
    """
    queries = [q for q in (q.strip() for q in queries) if q]
    if not queries:
        raise InputError("give at least one query (the search syntax: words, «phrases», OR, -word)")
    if len(queries) > MAX_SERIES:
        raise InputError(f"at most {MAX_SERIES} queries side by side (got {len(queries)})")
    if by not in PERIOD_SQL:
        raise InputError(f"unknown period {by!r}: use {', '.join(PERIODS)}")
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    totals: dict[tuple[str, str | None], int] = {}
    for r in store.attention(None, by, by_source=by_source, **filters):
        totals[(r["period"], r["source"])] = r["count"]
    axis = [r["period"] for r in continuous(
        [{"period": p} for p in sorted({p for p, _ in totals})], by, {})]
    all_sources = sorted({s for _, s in totals}, key=lambda s: (s is None, s or ""))
    series = []
    for q in queries:
        item: dict[str, Any] = {"query": q}
        text = q
        found = expand(store, q) if expand is not None else None
        if found is not None:
            entity, item["expanded"], text = found
            item["entity"] = {"id": entity["id"], "name": entity["name"]}
        parsed = query_syntax.parse(text)
        item["terms"] = parsed.terms
        counts: dict[str | None, dict[str, int]] = defaultdict(dict)
        if parsed.empty:
            item["note"] = parsed.note
        else:
            for r in store.attention(parsed, by, by_source=by_source, **filters):
                counts[r["source"]][r["period"]] = r["count"]
        for source in (all_sources if by_source else [None]):
            got = counts.get(source, {})
            if by_source and not got:
                continue  # an outlet that never covered it: no flat line per outlet
            points = []
            for p in axis:
                n, total = got.get(p, 0), totals.get((p, source), 0)
                points.append({"period": p, "count": n, "total": total,
                               "share": round(n / total, 4) if total else 0.0})
            series.append({**item, "source": source, "count": sum(got.values()),
                           "points": points})
    return {"by": by, "by_source": by_source, "filters": filters, "periods": axis,
            "series": series}


def csv_rows(result: dict[str, Any]) -> Iterator[list[Any]]:
    """The result as CSV rows (header first): one row per series and period."""
    yield list(CSV_COLUMNS)
    for s in result["series"]:
        for p in s["points"]:
            yield [p["period"], s["query"], s["source"] or "", p["count"], p["total"],
                   p["share"]]


def to_csv(result: dict[str, Any], bom: bool = False) -> str:
    """CSV text; `bom` prefixes the UTF-8 byte-order mark Excel needs to read Arabic."""
    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    csv.writer(buf, lineterminator="\n").writerows(csv_rows(result))
    return buf.getvalue()
