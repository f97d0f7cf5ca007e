"""Checks made before the API reads a request body: the write token, and body size.

FastAPI reads (and for uploads, spools to disk) a request's body before its dependencies
run, so a token check in a dependency came after 1 GB had been read (issue 15, defect 3).
This ASGI layer answers a write without the right token with 401/403 and a body over the
route's limit with 413 before the application sees a byte of it.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Body limits by path prefix (bytes); the first matching prefix wins. An upload carries a
# file to ingest (the CLI's default document limit is 20 MB; a JSONL batch may hold many).
UPLOAD_LIMIT = 64 * 1024 * 1024
JSON_LIMIT = 1024 * 1024
LIMITS = (("/api/ingest/upload", UPLOAD_LIMIT), ("/", JSON_LIMIT))
# Dashboard forms cannot send an Authorization header: their token is a form field that
# the route checks. Their bodies are still capped (JSON_LIMIT) before the route reads one.
FORM_PATHS = ("/watches",)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def body_limit(path: str) -> int:
    return next(limit for prefix, limit in LIMITS if path.startswith(prefix))


class _TooLarge(Exception):
    pass


class WriteGuard:
    """ASGI middleware: token before body on writes; body size capped on every route."""

    def __init__(self, app: Any, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        if scope["method"] in WRITE_METHODS and not scope.get("path", "").startswith(FORM_PATHS):
            problem = self._auth_problem(headers.get("authorization", ""))
            if problem is not None:
                await _answer(send, *problem)
                return
        limit = body_limit(scope.get("path", "/"))
        declared = headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > limit:
            await _answer(send, 413, f"request body over {limit} bytes")
            return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        started = False

        async def tracked(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await _answer(send, 413, f"request body over {limit} bytes")

    def _auth_problem(self, header: str) -> tuple[int, str] | None:
        if self.token is None:
            return 403, "writes are disabled: start the server with MARSAD_TOKEN"
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
                given.strip().encode(), self.token.encode()):
            return 401, "missing or wrong bearer token"
        return None


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
