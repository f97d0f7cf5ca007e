"""Issue 15 (8): writes no longer starve reads. Many write requests at once each used to
hold one of the server's worker threads while waiting for the write lock; with 40 or
more, /api/stats timed out. Now writes queue on one writer thread and the requests wait
without a thread; wait=false answers 202 with a job id."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from tests.reliability.conftest import live_server, send_html

TOKEN = "reads-token-for-tests"


@pytest.fixture
def server(tmp_path):
    with live_server(str(tmp_path / "m.db"), TOKEN) as port:
        yield f"http://127.0.0.1:{port}"


def _file(i: int) -> bytes:
    lines = [f"خبر رقم {i}"] + [f"قالت الوزارة في بيانها رقم {i} إن المشروع {j} سيكتمل في "
                                f"المدينة بعد أشهر من العمل المتواصل." for j in range(150)]
    return "\n".join(lines).encode()


class _Slow(BaseHTTPRequestHandler):
    """A page that takes half a second to answer: each write holds the writer that long."""

    def do_GET(self):  # noqa: N802
        time.sleep(0.5)
        n = self.path.strip("/")
        body = (f"<html><head><title>خبر {n}</title></head><body><article><h1>خبر {n}</h1>"
                f"<p>قالت الوزارة في بيانها رقم {n} إن المشروع سيكتمل في المدينة بعد أشهر "
                f"من العمل المتواصل، وأضافت أن التمويل متوفر بالكامل.</p></article></body>"
                "</html>")
        send_html(self, body)

    def log_message(self, *args):
        pass


def test_many_writes_at_once_leave_reads_answered(server, monkeypatch):
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE", "1")  # the slow pages are on 127.0.0.1
    pages = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{pages.server_address[1]}"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    statuses: list[int] = []

    def write(i: int) -> None:
        r = httpx.post(f"{server}/api/ingest/url", headers=auth, timeout=300,
                       json={"url": f"{base}/{i}"})
        statuses.append(r.status_code)

    n = 45  # more than the server's 40 worker threads
    writers = [threading.Thread(target=write, args=(i,)) for i in range(n)]
    try:
        for t in writers:
            t.start()
        time.sleep(1.0)  # the writes are in, queued behind one another
        slowest = 0.0
        for _ in range(3):
            started = time.perf_counter()
            assert httpx.get(f"{server}/api/stats", timeout=60).status_code == 200
            slowest = max(slowest, time.perf_counter() - started)
        for t in writers:
            t.join(timeout=300)
    finally:
        pages.shutdown()
        pages.server_close()
    assert slowest < 2.0, slowest
    assert statuses.count(200) == n
    assert httpx.get(f"{server}/api/stats").json()["articles"] == n


def test_wait_false_answers_202_with_a_job(server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = httpx.post(f"{server}/api/ingest/upload", params={"wait": "false"}, headers=auth,
                   files={"file": ("one.txt", _file(1), "text/plain")}, timeout=30)
    assert r.status_code == 202
    job = r.json()
    assert job["location"] == f"/api/jobs/{job['job']}"
    deadline = time.time() + 60
    while time.time() < deadline:
        state = httpx.get(f"{server}{job['location']}").json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert state["status"] == "done" and state["result"]["new"] == 1
    assert httpx.get(f"{server}/api/jobs/999999").status_code == 404
