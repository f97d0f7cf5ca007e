"""API routes of the newsroom tools: attention over time (JSON and CSV), watches with
their alerts and Atom feeds."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, Field

from marsad import attention as attention_csv
from marsad import service
from marsad.store import Store

Queries = Annotated[list[str], Query(
    description="Queries in the search syntax, repeated (q=ترامب&q=بوتين): up to five.",
    min_length=1, max_length=attention_csv.MAX_SERIES)]
Period = Annotated[str, Query(pattern="^(day|week|month|year)$",
                              description="Count per day, week (from Monday), month or year.")]
BySource = Annotated[bool, Query(description="One series per outlet for each query.")]
WatchId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]


class WatchBody(BaseModel):
    query: Annotated[str | None, Field(max_length=500,
                                       description="Search syntax; or give `entity`.")] = None
    entity: Annotated[int | str | None, Field(description="Entity id or any spelling.")] = None
    name: Annotated[str | None, Field(max_length=200)] = None
    source: Annotated[str | None, Field(max_length=200)] = None
    lang: Annotated[str | None, Field(max_length=20)] = None
    webhook: Annotated[str | None, Field(pattern=r"^https?://\S+$", max_length=2000)] = None
    secret: Annotated[str | None, Field(max_length=200)] = None
    backfill: bool = False


def add_newsroom_routes(app: FastAPI, reader: Callable[[], AbstractContextManager[Store]],
                        writer: Callable[[], AbstractContextManager[Store]],
                        dependencies: list[Any], auth: list[Any]) -> None:
    """Add the attention and watch routes to `app`: reads take `dependencies`, writes
    `auth` (the token) and run in `writer()` (the one write connection, under its lock)."""

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

    def list_watches() -> list[dict[str, Any]]:
        """Saved searches and entities, with alert counts and failed webhook deliveries."""
        with reader() as store:
            return service.watch_list(store)

    def watch_alerts(watch_id: WatchId, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                     offset: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0) -> dict[str, Any]:
        """A watch's alerts, newest first (`new_story`: the article opened a story), and
        its recent webhook deliveries."""
        with reader() as store:
            return service.watch_alerts(store, watch_id, limit, offset)

    def watch_feed(watch_id: WatchId, request: Request) -> Response:
        """The watch's alerts as an Atom feed, for any feed reader."""
        with reader() as store:
            body = service.watch_feed(store, watch_id, str(request.base_url))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    def add_watch(body: WatchBody) -> dict[str, Any]:
        """Save a watch (a search `query` or an `entity`); returns it, with the webhook's
        generated `secret` once."""
        with writer() as store:
            return service.watch_add(store, body.query, body.entity, name=body.name,
                                     webhook=body.webhook, secret=body.secret,
                                     backfill=body.backfill, source=body.source,
                                     lang=body.lang)

    def remove_watch(watch_id: WatchId) -> dict[str, Any]:
        """Delete a watch and its alerts."""
        with writer() as store:
            service.watch_remove(store, watch_id)
        return {"removed": watch_id}

    def run_watches() -> dict[str, Any]:
        """Check every watch against the articles stored since; send due webhooks."""
        with writer() as store:
            return service.watch_run(store)

    app.add_api_route("/api/watches", list_watches, methods=["GET"], tags=["read"],
                      dependencies=dependencies)
    app.add_api_route("/api/watches/{watch_id}/alerts", watch_alerts, methods=["GET"],
                      tags=["read"], dependencies=dependencies)
    app.add_api_route("/feeds/watch/{watch_id}.atom", watch_feed, methods=["GET"],
                      tags=["read"], dependencies=dependencies, response_class=Response,
                      responses={200: {"content": {"application/atom+xml": {}}}})
    denied: dict[int | str, dict[str, Any]] = {401: {"description": "missing or wrong token"},
              403: {"description": "writes disabled"}}
    app.add_api_route("/api/watches", add_watch, methods=["POST"], tags=["write"],
                      dependencies=auth, responses=denied)
    app.add_api_route("/api/watches/run", run_watches, methods=["POST"], tags=["write"],
                      dependencies=auth, responses=denied)
    app.add_api_route("/api/watches/{watch_id}", remove_watch, methods=["DELETE"],
                      tags=["write"], dependencies=auth, responses=denied)
