"""Issue 15 (3): a write without the token is refused before its body is read, and no
route reads a body over its limit. A real uvicorn server on 127.0.0.1; the client sends
the headers, then waits for the answer before sending any body."""

from __future__ import annotations

import socket

import pytest
from tests.reliability.conftest import live_server

TOKEN = "guard-token-for-tests"


@pytest.fixture
def server(tmp_path):
    with live_server(str(tmp_path / "m.db"), TOKEN) as port:
        yield port


def _head_only(port: int, path: str, length: int, auth: str | None) -> str:
    """Send a request line and headers announcing `length` body bytes, send no body, and
    return the status line the server answers with (it must not wait for the body)."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             f"Content-Length: {length}"]
    if auth:
        lines.append(f"Authorization: {auth}")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return sock.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def test_no_token_is_refused_before_the_body(server):
    status = _head_only(server, "/api/ingest/url", 1_000_000_000, None)
    assert " 401 " in status
    status = _head_only(server, "/api/ingest/upload", 300_000_000, "Bearer wrong")
    assert " 401 " in status


def test_a_body_over_the_limit_is_refused_before_it_is_read(server):
    status = _head_only(server, "/api/ingest/url", 1_000_000_000, f"Bearer {TOKEN}")
    assert " 413 " in status


def test_a_small_write_with_the_token_still_works(server):
    import httpx

    resp = httpx.post(f"http://127.0.0.1:{server}/api/ingest/url", json={"url": "/etc/passwd"},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert resp.status_code == 422  # reached the route: a local path is not a URL
