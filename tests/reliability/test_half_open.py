"""Half-open connections are cut (issue 15, defect 12: 19,990 connections that never sent
a whole request exhausted the server's file descriptors)."""

from __future__ import annotations

import select
import socket
import threading
import time
import urllib.request

import pytest


@pytest.fixture
def guarded_server(db_path, monkeypatch):
    import uvicorn

    from marsad.server import connections, create_app
    from marsad.store import SQLiteStore

    SQLiteStore(db_path).close()  # an empty knowledge base answers /api/stats
    monkeypatch.setattr(connections, "HEADER_TIMEOUT_S", 1.0)
    monkeypatch.setattr(connections, "MAX_PENDING", 50)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db_path), None), host="127.0.0.1",
                                        port=port, log_level="error",
                                        **connections.server_options()))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 10
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    thread.join(timeout=10)


def _half_open(port: int, n: int) -> list[socket.socket]:
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n")  # the headers never end
        socks.append(s)
    return socks


def _closed(socks: list[socket.socket]) -> list[bool]:
    """Which of `socks` the server has closed, checked all at once (no waiting per
    socket: the header deadline must not pass while we look)."""
    readable, _, _ = select.select(socks, [], [], 0.05)
    out = []
    for s in socks:
        if s not in readable:
            out.append(False)
            continue
        try:
            out.append(s.recv(1) == b"")
        except OSError:
            out.append(True)
    return out


def test_a_connection_that_never_finishes_its_headers_is_cut(guarded_server):
    socks = _half_open(guarded_server, 20)
    time.sleep(1.6)
    assert sum(_closed(socks)) == 20
    with urllib.request.urlopen(f"http://127.0.0.1:{guarded_server}/api/stats", timeout=5) as r:
        assert r.status == 200


def test_a_flood_of_waiting_connections_costs_the_oldest_not_the_server(guarded_server):
    socks = _half_open(guarded_server, 130)
    time.sleep(0.4)  # well before the header deadline
    closed = _closed(socks)
    assert sum(closed) >= 130 - 50  # never more than MAX_PENDING wait at once
    assert not any(closed[-40:])  # the newest are the ones kept
    with urllib.request.urlopen(f"http://127.0.0.1:{guarded_server}/api/stats", timeout=5) as r:
        assert r.status == 200
    for s in socks:
        s.close()
