"""The HTTP JSON API: thin FastAPI routes over `marsad.service`. This module builds the
app, its writes (ingest, queued jobs) and error handling; the read routes are in
`read_routes`, the streamed exports in `exports`, curation, newsroom and the dashboard in
their own modules.

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
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from marsad import service
from marsad.errors import MarsadError, NotFound
from marsad.ingest import ReadOptions
from marsad.server.curate import add_curation_routes, token_first
from marsad.server.exports import add_export_routes
from marsad.server.jobs import QueueFull, WriteJobs
from marsad.server.newsroom import add_newsroom_routes
from marsad.server.params import MAX_INT, known_query_only
from marsad.server.read_routes import add_read_routes
from marsad.server.readers import ReaderPool
from marsad.store import Store, open_store

# An upload is stored before it is read; this bounds the disk one request can fill.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024

Wait = Annotated[bool, Query(description="Wait for the run and return its summary "
                                         "(default); false: 202 with a job id at once.")]

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

    add_read_routes(app, reader, [("/api/jobs/{job_id}", get_job)])
    add_export_routes(app, db_path, reader)
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

    from marsad.store.sqlite.errors import DAMAGE_SYMPTOMS, damage_found

    for symptom in DAMAGE_SYMPTOMS:
        @app.exception_handler(symptom)
        async def damaged_value(request: Request, exc: Exception) -> JSONResponse:
            # a damaged cell read back as bytes fails later, in JSON encoding (a 500 in CI,
            # issue 15): a file that fails its check is 503 "damaged"; else it is our bug
            found = await anyio.to_thread.run_sync(damage_found, db_path)
            if found is None:
                raise exc
            return JSONResponse({"detail": str(found)}, status_code=503)

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
