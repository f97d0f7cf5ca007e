"""API routes of the newsroom tools: attention over time (JSON and CSV)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi.responses import Response

from marsad import attention as attention_csv
from marsad import service
from marsad.store import SQLiteStore

Queries = Annotated[list[str], Query(
    description="Queries in the search syntax, repeated (q=ترامب&q=بوتين): up to five.",
    min_length=1, max_length=attention_csv.MAX_SERIES)]
Period = Annotated[str, Query(pattern="^(day|week|month|year)$",
                              description="Count per day, week (from Monday), month or year.")]
BySource = Annotated[bool, Query(description="One series per outlet for each query.")]


def add_newsroom_routes(app: FastAPI, reader: Callable[[], AbstractContextManager[SQLiteStore]],
                        dependencies: list[Any]) -> None:
    """Add /api/attention and /api/attention.csv to `app` (read routes: no token)."""

    def attention(q: Queries, by: Period = "week", by_source: BySource = False,
                  since: str | None = None, until: str | None = None,
                  source: str | None = None, lang: str | None = None) -> dict[str, Any]:
        """Articles matching each query per period (and outlet), with `total` (all
        articles of that period and outlet) and `share` = count / total. Time axes are
        continuous: empty periods are 0. A duplicate group counts once."""
        with reader() as store:
            return service.attention(store, q, by, by_source, since=since, until=until,
                                     source=source, lang=lang)

    def attention_file(q: Queries, by: Period = "week", by_source: BySource = False,
                       since: str | None = None, until: str | None = None,
                       source: str | None = None, lang: str | None = None) -> Response:
        """The same as CSV (UTF-8 with a BOM, so Excel shows the Arabic), as a download."""
        with reader() as store:
            result = service.attention(store, q, by, by_source, since=since, until=until,
                                       source=source, lang=lang)
        return Response(attention_csv.to_csv(result, bom=True),
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="attention-{by}.csv"'})

    app.add_api_route("/api/attention", attention, methods=["GET"], tags=["read"],
                      dependencies=dependencies)
    app.add_api_route("/api/attention.csv", attention_file, methods=["GET"], tags=["read"],
                      dependencies=dependencies, response_class=Response,
                      responses={200: {"content": {"text/csv": {}}}})
