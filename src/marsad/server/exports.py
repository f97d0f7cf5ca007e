"""Streamed exports of the JSON API: articles as JSON lines or CSV, and every listing
(entities, stories, quotes, timeline, attention) as JSON lines, CSV or Parquet, with the
same filters as the listing routes; memory stays flat however large the store."""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse

from marsad import service
from marsad.errors import MarsadError, NotFound, require
from marsad.server.params import MAX_INT, known_query_only
from marsad.server.readers import ReaderPool
from marsad.store import open_store

# Chunks handed from the export thread to the response; bounds memory per export
# (EXPORT_QUEUE x EXPORT_CHUNK_BYTES, 16 MB).
EXPORT_QUEUE = 256
# Lines are handed over in chunks of about this size: one thread hop per line made a
# 125k-quote export of ANT take 55 s, three times what producing the lines costs.
EXPORT_CHUNK_BYTES = 64 * 1024


def add_export_routes(app: FastAPI, db_path: str, reader: ReaderPool) -> None:
    """The export routes; each export reads on its own connection, in its own thread."""
    def export_filters(
        q: Annotated[str | None, Query(max_length=500,
                                       description="Only articles matching this search.")]
        = None,
        since: Annotated[str | None, Query(description="Published on or after (YYYY-MM-DD).")]
        = None,
        until: Annotated[str | None, Query(description="Published on or before (YYYY-MM-DD).")]
        = None,
        source: str | None = None, lang: str | None = None,
        canonical: Annotated[bool, Query(description="Leave duplicates out.")] = False,
        entity: Annotated[int | None, Query(ge=1, le=MAX_INT, description="Entity id.")] = None,
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    ) -> dict[str, Any]:
        # open now so a missing database is a clean 400 before the 200 header goes out
        with reader():
            pass
        return {"query": q, "since": since, "until": until, "source": source, "lang": lang,
                "canonical_only": canonical, "entity_id": entity, "story_id": story}

    def export_jsonl(filters: dict[str, Any] = Depends(export_filters)) -> StreamingResponse:  # noqa: B008
        """Every article, or those the filters keep, as JSON lines (the export contract),
        streamed, uncapped."""
        return StreamingResponse(_stream_export(db_path, filters, "jsonl"),
                                 media_type="application/x-ndjson")

    def export_listing(
        listing: Annotated[str, PathParam(
            pattern="^(entities|stories|quotes|timeline|attention)$")],
        fmt: Annotated[str, PathParam(pattern="^(jsonl|csv|parquet)$")], request: Request,
    ) -> StreamingResponse:
        """Every item the listing's filters keep (entities: etype, q, sort; stories:
        min_articles, order; quotes: speaker, via, story_id; timeline: story_id or entity;
        attention: q (queries joined by «;»), by, by_source, since, until, source, lang),
        streamed as JSON lines or CSV with a BOM, or as Parquet. An unknown filter is a 422,
        a story or entity that does not exist a 404."""
        filters = dict(request.query_params)
        with reader() as store:  # a missing database: a clean answer now, not a broken stream
            try:
                service.validate_listing(store, listing, filters)
            except NotFound as exc:
                raise HTTPException(404, str(exc)) from None
            except MarsadError as exc:
                raise HTTPException(422, str(exc)) from None
        if fmt == "parquet":  # a file: written row group by row group, then streamed
            return _parquet_listing(listing, filters)
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
        return StreamingResponse(
            _stream_export(db_path, filters, fmt, listing), media_type=media,
            headers={"Content-Disposition": f'attachment; filename="marsad-{listing}.{fmt}"'})

    def _parquet_listing(listing: str, filters: dict[str, Any]) -> StreamingResponse:
        import tempfile

        try:
            require("pyarrow", "parquet", "Parquet exports")
        except MarsadError as exc:
            raise HTTPException(501, str(exc)) from None
        fd, path = tempfile.mkstemp(suffix=".parquet", prefix="marsad-")
        os.close(fd)
        try:
            with reader() as store:
                service.write_listing_parquet(store, listing, path, **filters)
        except BaseException:
            os.unlink(path)
            raise

        def chunks() -> Iterator[bytes]:
            try:
                with open(path, "rb") as fh:
                    while block := fh.read(1 << 16):
                        yield block
            finally:
                os.unlink(path)

        return StreamingResponse(chunks(), media_type="application/vnd.apache.parquet",
                                 headers={"Content-Disposition":
                                          f'attachment; filename="marsad-{listing}.parquet"'})

    def export_csv(filters: dict[str, Any] = Depends(export_filters)) -> StreamingResponse:  # noqa: B008
        """The same as CSV (UTF-8 with a BOM, so Excel shows the Arabic), streamed."""
        return StreamingResponse(_stream_export(db_path, filters, "csv"),
                                 media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition":
                                          'attachment; filename="marsad-export.csv"'})

    app.add_api_route("/api/export.jsonl", export_jsonl, methods=["GET"], tags=["read"],
                      dependencies=[Depends(known_query_only)],
                      response_class=StreamingResponse,
                      responses={200: {"content": {"application/x-ndjson": {}}}})
    app.add_api_route("/api/export/{listing}.{fmt}", export_listing, methods=["GET"],
                      tags=["read"], response_class=StreamingResponse,
                      responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
    app.add_api_route("/api/export.csv", export_csv, methods=["GET"], tags=["read"],
                      dependencies=[Depends(known_query_only)],
                      response_class=StreamingResponse,
                      responses={200: {"content": {"text/csv": {}}}})


def _csv_lines(records: Any) -> Iterator[str]:
    """CSV text per record (header first, after the BOM), as exporters.write_csv writes."""
    import io

    from marsad import exporters

    buf = io.StringIO()
    buf.write("\ufeff")
    exporters.write_csv([], buf)  # the header, even for an empty export
    for rec in records:
        exporters.write_csv_rows([rec], buf)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()


async def _stream_export(db_path: str, filters: dict[str, Any] | None = None,
                         fmt: str = "jsonl", listing: str | None = None) -> AsyncIterator[bytes]:
    """JSON lines from a thread that owns its own connection for the whole export.

    A sync generator would be stepped from whichever threadpool thread is free, moving
    one SQLite connection between threads; a dedicated producer thread avoids that, and
    the bounded queue keeps a slow client from buffering the whole corpus in memory.
    """
    items: queue.Queue[bytes | BaseException | None] = queue.Queue(EXPORT_QUEUE)
    stop = threading.Event()

    def put(item: bytes | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            store = open_store(db_path, readonly=True)
            try:
                if listing is not None:  # entities, stories, quotes (service/listings.py)
                    lines = service.export_listing(store, listing, fmt, **(filters or {}))
                else:
                    records = service.export_records(store, **(filters or {}))
                    lines = _csv_lines(records) if fmt == "csv" else (
                        json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)
                chunk: list[bytes] = []
                size = 0
                for line in lines:
                    data = line.encode("utf-8")
                    chunk.append(data)
                    size += len(data)
                    if size >= EXPORT_CHUNK_BYTES:
                        if not put(b"".join(chunk)):
                            return  # the client went away
                        chunk, size = [], 0
                if chunk and not put(b"".join(chunk)):
                    return
            finally:
                store.close()
        except BaseException as exc:  # noqa: BLE001 - handed to the response to re-raise
            put(exc)
            return
        put(None)

    def take() -> bytes | BaseException | None | bool:
        # a timed wait, so a cancelled response never leaves a worker thread blocked forever
        try:
            return items.get(timeout=0.5)
        except queue.Empty:
            return False

    thread = threading.Thread(target=produce, name="marsad-export", daemon=True)
    thread.start()
    try:
        while True:
            item = await anyio.to_thread.run_sync(take)
            if isinstance(item, bool):  # False: nothing yet
                continue
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
