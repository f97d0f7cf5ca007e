"""A real uvicorn server on 127.0.0.1 for the reliability tests of the HTTP API."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def live_server(db_path: str, token: str | None) -> Iterator[int]:
    """Serve `create_app(db_path, token)` on a free loopback port; yields the port."""
    import uvicorn

    from marsad.server import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from marsad.server.connections import server_options

    srv = uvicorn.Server(uvicorn.Config(create_app(db_path, token), host="127.0.0.1",
                                        port=port, log_level="error", **server_options()))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 10
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield port
    finally:
        srv.should_exit = True
        thread.join(timeout=30)


def send_html(handler, body: str) -> None:
    """Answer a test HTTP handler's request with `body` as a UTF-8 HTML page."""
    data = body.encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
