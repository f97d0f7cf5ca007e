"""Issue 15 (6): a server that trickles a byte at a time is cut off at the fetch's total
deadline (3 x the timeout), not kept alive by every byte."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marsad.errors import InputError
from marsad.ingest.fetch import TOTAL_TIME_FACTOR, fetch


class _Trickle(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass

    def log_message(self, *args):
        pass


def test_a_trickling_server_is_cut_off_at_the_deadline(monkeypatch):
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE", "1")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        with pytest.raises(InputError, match="timed out"):
            fetch(f"http://127.0.0.1:{httpd.server_address[1]}/", timeout=1.0)
        assert time.monotonic() - started < 1.0 * TOTAL_TIME_FACTOR + 2
    finally:
        httpd.shutdown()
        httpd.server_close()
