"""The HTTP JSON API: thin FastAPI routes over `marsad.service`.

Concurrency: every read request opens its own read-only SQLite connection inside the
one worker thread that serves it (sync routes run whole in Starlette's threadpool), so
no connection ever crosses threads, and WAL lets readers proceed while an ingest writes.
Writes (ingest) take a process-wide lock and their own write connection, because the
store is built around a single writer.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import os
import queue
import re
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from marsad import service
from marsad.errors import MarsadError, NotFound, require
from marsad.ingest import ReadOptions
from marsad.server.curate import add_curation_routes, token_first
from marsad.server.jobs import QueueFull, WriteJobs
from marsad.server.newsroom import add_newsroom_routes
from marsad.server.readers import ReaderPool
from marsad.store import Store, open_store

# SQLite integers are signed 64-bit; a larger id or offset would overflow in the driver
# (a 500), so the API refuses it up front as a validation error.
MAX_INT = 2**63 - 1
# An upload is stored before it is read; this bounds the disk one request can fill.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# Chunks handed from the export thread to the response; bounds memory per export
# (EXPORT_QUEUE x EXPORT_CHUNK_BYTES, 16 MB).
EXPORT_QUEUE = 256
# Lines are handed over in chunks of about this size: one thread hop per line made a
# 125k-quote export of ANT take 55 s, three times what producing the lines costs.
EXPORT_CHUNK_BYTES = 64 * 1024

Wait = Annotated[bool, Query(description="Wait for the run and return its summary "
                                         "(default); false: 202 with a job id at once.")]
Limit = Annotated[int, Query(ge=1, le=service.MAX_PAGE, description="Page size (1..1000).")]
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="Items to skip.")]

_bearer = HTTPBearer(auto_error=False, description="MARSAD_TOKEN, required for writes.")


class IngestURL(BaseModel):
    # only web addresses: a bare path would make the server ingest its own files
    url: str = Field(pattern=r"^https?://\S+$", examples=["https://example.com/feed.rss"])
    follow_links: bool = False


def app_from_env() -> FastAPI:
    """The app of one `marsad serve --workers N` process: database from MARSAD_SERVE_DB,
    write token from MARSAD_TOKEN (each process imports this by name)."""
    return create_app(os.environ["MARSAD_SERVE_DB"], os.environ.get("MARSAD_TOKEN") or None)


def create_app(db_path: str, token: str | None, poll_feeds: bool = False) -> FastAPI:
    """The API over the SQLite file at `db_path`; writes need `token` (none: writes off).
    `poll_feeds`: poll the feeds of `marsad sources` in the background, as `marsad poll`."""
    # /docs and /redoc from Swagger UI and ReDoc files installed with us (FastAPI's default
    # pages load them from a CDN: blank offline, issue 16)
    app = FastAPI(title="Marsad", summary="Arabic-first news intelligence: JSON API",
                  version="0.1.0", docs_url=None, redoc_url=None)
    _offline_docs(app)
    write_lock = threading.Lock()

    reader = ReaderPool(db_path)  # one kept read-only store per server thread

    def authorize(
        creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if token is None:
            raise HTTPException(403, "writes are disabled: start the server with MARSAD_TOKEN")
        if creds is None or not hmac.compare_digest(creds.credentials.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong bearer token",
                                headers={"WWW-Authenticate": "Bearer"})

    def write(targets: list[str], opts: ReadOptions) -> dict[str, Any]:
        # workers=1: forking a process pool from inside a threaded server is unsafe
        with write_lock:
            store = open_store(db_path)
            try:
                return service.ingest(store, targets, opts, workers=1).as_dict()
            finally:
                store.close()

    # ------------------------------------------------------------------ reads
    def list_articles(
        limit: Limit = 50, offset: Offset = 0, source: str | None = None,
        lang: str | None = None, canonical: bool = False,
        since: Annotated[str | None, Query(description="Published on or after (YYYY-MM-DD).")]
        = None,
        until: Annotated[str | None, Query(description="Published on or before (YYYY-MM-DD).")]
        = None,
    ) -> dict[str, Any]:
        """Stored articles (metadata only), oldest first; `canonical` hides duplicates."""
        with reader() as store:
            return service.list_articles(store, limit, offset, source=source, lang=lang,
                                         canonical_only=canonical, since=since,
                                         until=until).as_dict()

    def get_article(article_id: Annotated[int, PathParam(ge=1, le=MAX_INT)]) -> dict[str, Any]:
        """One article: clean text, removed lines with reasons, its duplicate group."""
        with reader() as store:
            return service.article(store, article_id)

    def search(
        q: Annotated[str, Query(description="Query: words, \"phrase\", a OR b, -word.")],
        limit: Limit = 20, offset: Offset = 0, since: str | None = None,
        until: str | None = None, source: str | None = None, lang: str | None = None,
        show_all: Annotated[bool, Query(alias="all",
                                        description="Every copy of a duplicate group.")]
        = False,
        entity: Annotated[str | None, Query(description="Entity id or name.")] = None,
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    ) -> dict[str, Any]:
        """Ranked matches with highlighted snippets; bad syntax yields a note, not an error.
        `total` counts results exactly up to 10,000 matching articles; past that it is a
        lower bound and `total_exact` is false."""
        with reader() as store:
            return service.search(store, q, limit, offset, since=since, until=until,
                                  source=source, lang=lang, collapse_duplicates=not show_all,
                                  entity=entity, story_id=story)

    def stats() -> dict[str, Any]:
        """Counts over the whole store."""
        with reader() as store:
            return service.stats(store)

    def latest(
        limit: Limit = 20, offset: Offset = 0, source: str | None = None,
        lang: str | None = None, canonical: bool = False,
    ) -> dict[str, Any]:
        """Stored articles (metadata only), newest published first."""
        with reader() as store:
            return service.latest_articles(store, limit, offset, source=source, lang=lang,
                                           canonical_only=canonical).as_dict()

    def volume(
        by: Annotated[str, Query(pattern="^(day|month|year)$")] = "day",
        source: str | None = None, lang: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Articles (and canonical articles) per period of publication; undated left out."""
        with reader() as store:
            return service.volume(store, by, source=source, lang=lang, since=since,
                                  until=until)

    def outlets() -> list[dict[str, Any]]:
        """Named outlets with article counts and first/last publication dates."""
        with reader() as store:
            return service.outlets(store)

    def list_entities(
        limit: Limit = 50, offset: Offset = 0,
        type: Annotated[str | None, Query(pattern="^(?i:PER|ORG|LOC|MISC)$",
                                          description="Only this type (any case).")] = None,
        q: Annotated[str | None, Query(description="A name in any spelling, or Latin.")]
        = None,
        sort: Annotated[str, Query(pattern="^(mentions|recent)$",
                                   description="mentions (default) or recent.")] = "mentions",
    ) -> dict[str, Any]:
        """People, organisations, places: most mentioned (or latest seen) first, with
        aliases and roles."""
        with reader() as store:
            return service.entities(store, type.upper() if type else None, q, limit,
                                    offset, sort).as_dict()

    def get_entity(
        entity_id: Annotated[int, PathParam(ge=1, le=MAX_INT)],
        mentions: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """One entity: aliases, Latin name, mentions in context, co-occurring entities."""
        with reader() as store:
            return service.entity(store, entity_id, mentions, offset)

    def lookup_entity(
        name: Annotated[str, Query(min_length=1, description="كيم جونج أون, Kim Jong Un…")],
        mentions: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 20,
    ) -> dict[str, Any]:
        """The entity a name refers to (any Arabic spelling or Latin script); 404 if none."""
        with reader() as store:
            return service.entity(store, name, mentions)

    def list_stories(
        limit: Limit = 50, offset: Offset = 0,
        min_articles: Annotated[int, Query(ge=1, le=MAX_INT)] = 2,
        order: Annotated[str, Query(pattern="^(recent|size)$")] = "recent",
    ) -> dict[str, Any]:
        """Stories (articles clustered as they arrive), latest activity or biggest first."""
        with reader() as store:
            return service.stories(store, limit, offset, min_articles, order).as_dict()

    def rising_stories(
        hours: Annotated[int, Query(ge=1, le=8760, description="The window, in hours.")] = 24,
        limit: Limit = 20,
        now: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$",
                                         description="End of the window (default: the "
                                         "latest article stored).")] = None,
    ) -> dict[str, Any]:
        """Stories whose coverage grows fastest: articles and outlets in the last `hours`
        against the `hours` before (score = articles × outlets / (1 + before))."""
        with reader() as store:
            return service.rising(store, hours, limit, now)

    def get_story(story_id: Annotated[int, PathParam(ge=1, le=MAX_INT)]) -> dict[str, Any]:
        """One story: summary, timeline, outlets, articles, entities, quotes."""
        with reader() as store:
            return service.story(store, story_id)

    def list_quotes(
        limit: Limit = 50, offset: Offset = 0,
        speaker: Annotated[str | None, Query(description="Name in any spelling, or Latin.")]
        = None,
        via: Annotated[str | None, Query(description="Outlet it was reported through.")]
        = None,
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    ) -> dict[str, Any]:
        """Who said what: quotations with speaker, cue and the outlet that carried them."""
        with reader() as store:
            return service.quotes(store, speaker, via, story, limit, offset).as_dict()

    def get_timeline(
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
        entity: Annotated[str | None, Query(min_length=1, description="Id or name.")] = None,
        limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 200,
    ) -> dict[str, Any]:
        """Dated events of a story or an entity, merged across outlets (give exactly one)."""
        with reader() as store:
            return service.timeline(store, story, entity, limit)

    def get_graph(
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
        entity: Annotated[str | None, Query(min_length=1, description="Id or name.")] = None,
        since: str | None = None, until: str | None = None,
        min_count: Annotated[int, Query(ge=1, le=MAX_INT)] = 1,
        quad: Annotated[list[int] | None, Query(description="Quad classes 1..4.")] = None,
    ) -> dict[str, Any]:
        """The actor graph: nodes (entities) and edges (quad class, Goldstein, evidence)."""
        if quad and any(q not in (1, 2, 3, 4) for q in quad):
            raise HTTPException(422, "quad classes are 1..4")
        with reader() as store:
            return service.graph_dict(store, story_id=story, entity=entity, since=since,
                                      until=until, min_count=min_count, quads=quad or None)

    def runs(limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        """Ingest runs, newest first."""
        with reader() as store:
            return service.run_page(store, limit, offset).as_dict()

    def failures(
        limit: Limit = 100, offset: Offset = 0,
        run: Annotated[int | None, Query(ge=1, le=MAX_INT, description="Only this run.")]
        = None,
    ) -> dict[str, Any]:
        """Inputs that could not be ingested, with the reason."""
        with reader() as store:
            return service.failure_page(store, run, limit, offset).as_dict()

    def templates(
        limit: Limit = 50, offset: Offset = 0,
        source: Annotated[str | None, Query(max_length=200,
                                            description="Only this source (host or outlet).")]
        = None,
    ) -> dict[str, Any]:
        """Lines learned as a source's template (cut from its later articles)."""
        from marsad.recheck import template_page

        with reader() as store:
            return template_page(store, source, limit, offset).as_dict()

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

    # ------------------------------------------------------------------ writes
    jobs = WriteJobs()

    async def queued(targets: list[str], opts: ReadOptions, wait: bool, kind: str) -> Any:
        try:
            job_id, future = jobs.submit(lambda: write(targets, opts), kind)
        except QueueFull as exc:
            raise HTTPException(503, str(exc)) from None
        if not wait:
            return JSONResponse({"job": job_id, "status": "queued",
                                 "location": f"/api/jobs/{job_id}"}, status_code=202)
        return await jobs.wait(future)

    async def ingest_url(body: IngestURL, wait: Wait = True) -> Any:
        """Fetch and ingest one URL (a page or an RSS/Atom feed); returns the run summary
        (or, with wait=false, 202 and the job to ask about). A URL the fetch policy refuses
        (loopback, private, link-local: MARSAD_ALLOW_PRIVATE=1 allows them) is a 422 now,
        not a queued run that fails."""
        from marsad.ingest.fetch import check_url

        try:
            await anyio.to_thread.run_sync(check_url, body.url)
        except MarsadError as exc:
            raise HTTPException(422, str(exc)) from None
        return await queued([body.url], ReadOptions(follow_links=body.follow_links), wait,
                            "url")

    async def ingest_upload(
        file: Annotated[UploadFile, File(description="Text, HTML, WARC, RSS or JSONL file.")],
        format: Annotated[str | None, Form(description="Force the input format.")] = None,
        wait: Wait = True,
    ) -> Any:
        """Ingest one uploaded file; returns the run summary (or 202 with wait=false)."""
        opts = ReadOptions(format=format or None)
        saved = await anyio.to_thread.run_sync(_save_upload, db_path, file)
        return await queued([str(saved)], opts, wait, "upload")

    def get_job(job_id: Annotated[int, PathParam(ge=1, le=MAX_INT)]) -> dict[str, Any]:
        """A queued write: queued, running, done (with the run summary) or failed."""
        job = jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id} (jobs are kept for the server's lifetime)")
        return job

    reads: list[tuple[str, Any]] = [
        ("/api/articles", list_articles),
        ("/api/articles/{article_id}", get_article),
        ("/api/search", search),
        ("/api/stats", stats),
        ("/api/latest", latest),
        ("/api/volume", volume),
        ("/api/outlets", outlets),
        ("/api/entities", list_entities),
        ("/api/entities/{entity_id}", get_entity),
        ("/api/entity", lookup_entity),
        ("/api/stories", list_stories),
        ("/api/stories/rising", rising_stories),
        ("/api/stories/{story_id}", get_story),
        ("/api/quotes", list_quotes),
        ("/api/timeline", get_timeline),
        ("/api/graph", get_graph),
        ("/api/runs", runs),
        ("/api/failures", failures),
        ("/api/templates", templates),
        ("/api/jobs/{job_id}", get_job),
    ]
    for path, fn in reads:
        app.add_api_route(path, fn, methods=["GET"], tags=["read"],
                          dependencies=[Depends(known_query_only)])
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
    writes: list[tuple[str, Callable[..., Any]]] = [("/api/ingest/url", ingest_url),
                                                    ("/api/ingest/upload", ingest_upload)]
    for path, fn in writes:
        # token_first: an unauthorised upload is refused before its body is spooled
        app.router.add_api_route(path, fn, methods=["POST"], tags=["write"],
                                 dependencies=[Depends(authorize)],
                                 responses={401: {"description": "missing or wrong token"},
                                            403: {"description": "writes disabled"}},
                                 route_class_override=token_first(token))
    add_curation_routes(app, db_path, token, write_lock, [Depends(authorize)])
    @contextmanager
    def writer() -> Iterator[Store]:
        with write_lock:
            store = open_store(db_path)
            try:
                yield store
            finally:
                store.close()

    add_newsroom_routes(app, reader, writer, [Depends(known_query_only)], [Depends(authorize)])

    from marsad.server.dashboard import mount_dashboard

    mount_dashboard(app, db_path, token, writer)
    if poll_feeds:
        from marsad import poll

        def log(line: str) -> None:
            sys.stderr.write(line + "\n")

        stop = threading.Event()
        app.state.poller = poll.start_background(db_path, write_lock, stop, log=log)
        app.state.stop_polling = stop

    @app.exception_handler(MarsadError)
    async def domain_error(request: Request, exc: MarsadError) -> JSONResponse:
        # a user-fixable problem (bad input, no database, missing extra), never a crash
        return JSONResponse({"detail": str(exc)}, status_code=404 if isinstance(exc, NotFound)
                            else 400)

    from marsad.store.sqlite.errors import DATABASE_ERRORS, store_error

    for error in DATABASE_ERRORS:
        @app.exception_handler(error)
        async def database_error(request: Request, exc: Exception) -> JSONResponse:
            # a damaged file or a full disk: the server is up, the store is not usable
            return JSONResponse({"detail": str(store_error(exc, db_path))}, status_code=503)

    from marsad.server.guard import WriteGuard

    # token before body, size caps: checked before FastAPI reads a byte (issue 15)
    app.add_middleware(WriteGuard, token=token)
    return app


MAX_NAME_BYTES = 200  # file systems allow 255 bytes a name; Arabic letters take two each


def _short_name(name: str) -> str:
    """`name` cut to MAX_NAME_BYTES of UTF-8, its extension kept (a 300-byte upload name
    answered 500, issue 15)."""
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 12:
        stem, ext = name, ""
    budget = MAX_NAME_BYTES - len(ext.encode("utf-8")) - (1 if ext else 0)
    cut = stem.encode("utf-8")[:budget].decode("utf-8", "ignore") or "upload"
    return f"{cut}.{ext}" if ext else cut


def _save_upload(db_path: str, upload: UploadFile) -> Path:
    """Keep the upload beside the database under its content hash and own name.

    A stable path is what makes a re-upload of the same file a no-op (the input uid
    is origin + content), and it keeps the original readable as the article's origin.
    """
    name = re.sub(r"[^\w.\-]+", "_", Path(upload.filename or "").name).strip("._") or "upload"
    name = _short_name(name)
    # Starlette has already spooled the body to a temporary file: hash it, then copy it
    digest, size = hashlib.sha256(), 0
    while chunk := upload.file.read(1024 * 1024):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise HTTPException(413, f"upload larger than {MAX_UPLOAD_BYTES} bytes")
        digest.update(chunk)
    target = Path(f"{db_path}.uploads") / digest.hexdigest()[:24] / name
    target.parent.mkdir(parents=True, exist_ok=True)
    upload.file.seek(0)
    with open(target, "wb") as out:
        while chunk := upload.file.read(1024 * 1024):
            out.write(chunk)
    return target


def _offline_docs(app: FastAPI) -> None:
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    found = importlib.util.find_spec("fastapi_offline")
    assets = Path((found.origin if found else None) or "").parent / "static"
    app.mount("/docs-static", StaticFiles(directory=assets), name="docs-static")
    spec = app.openapi_url or "/openapi.json"

    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=spec, title="Marsad API",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css",
                                   swagger_favicon_url="/docs-static/favicon.png")

    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=spec, title="Marsad API",
                              redoc_js_url="/docs-static/redoc.standalone.js",
                              redoc_favicon_url="/docs-static/favicon.png",
                              with_google_fonts=False)

    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False)
    app.add_api_route("/redoc", redoc, methods=["GET"], include_in_schema=False)


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_query_only(request: Request) -> None:
    """422 for a query parameter the route does not take: `/api/export.jsonl?since=…`
    returned every article, silently, as if the filter had applied (issue 16)."""
    route = request.scope.get("route")
    if route is None:
        return
    known = getattr(route, "_known_query", None)
    if known is None:  # walked once per route, not per request
        known = route._known_query = frozenset(_query_names(route.dependant))
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(422, f"unknown query parameter(s) for {route.path}: "
                                 f"{', '.join(unknown)}")


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
