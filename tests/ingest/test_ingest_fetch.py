"""URL targets and feed links against a real HTTP server on 127.0.0.1."""

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marsad.errors import InputError
from marsad.ingest import ReadOptions, iter_inputs
from marsad.ingest.fetch import USER_AGENT, fetch
from marsad.records import Document, Failure

PAGE = (
    "<!DOCTYPE html><html lang='ar'><head><meta charset='windows-1256'><title>سباق الدراجات</title>"
    "<link rel='canonical' href='/page/1'></head><body><article><h1>سباق الدراجات</h1>"
    "<p>انطلق سباق الدراجات الهوائية على الكورنيش بمشاركة مئتي دراج من الهواة والمحترفين.</p>"
    "</article></body></html>"
)
SLOW_SECONDS = 2.0

# the test server runs on 127.0.0.1, which fetches refuse by default (issue 15)
pytestmark = pytest.mark.usefixtures("allow_private")


def _feed(base: str) -> str:
    items = [
        ("سباق الدراجات", f"{base}/page/1", "ملخص السباق"),
        ("خبر محذوف", f"{base}/missing", "ملخص خبر حذفت صفحته"),
        ("صفحة معطلة", f"{base}/error", ""),
    ]
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>Mon, 01 Apr 2024 10:00:00 GMT</pubDate>"
        f"<description>{d}</description></item>"
        for t, link, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>قناة الرياضة</title>{body}</channel></rss>'


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.server.user_agents.append(self.headers.get("User-Agent"))
        if self.path == "/feed":
            self._send(200, "application/rss+xml", _feed(base).encode())
        elif self.path == "/page/1":
            self._send(200, "text/html", PAGE.encode("cp1256"))
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/page/1")
            self.end_headers()
        elif self.path == "/error":
            self._send(500, "text/plain", b"boom")
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, "text/html", PAGE.encode("cp1256"))
        elif self.path == "/dump.jsonl.gz":
            lines = "".join(
                json.dumps({"text": f"خبر رقم {i}", "source": "أرشيف"}) + "\n" for i in range(3)
            )
            self._send(200, "application/gzip", gzip.compress(lines.encode()))
        elif self.path == "/plain":
            self._send(200, "text/plain; charset=utf-8", "نص خبر عادي بلا وسوم".encode())
        else:
            self._send(404, "text/html", b"<html>not here</html>")

    def _send(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.user_agents = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    # A proxy from the environment would route 127.0.0.1 elsewhere.
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


def test_html_url_becomes_one_html_document(server):
    base, httpd = server
    [doc] = iter_inputs([f"{base}/page/1"])
    assert isinstance(doc, Document)
    assert doc.input_format == "html" and doc.origin == f"{base}/page/1"
    assert doc.encoding == "cp1256" and "مئتي دراج" in doc.html
    assert doc.url == f"{base}/page/1"
    assert httpd.user_agents[-1] == USER_AGENT


def test_redirect_is_followed(server):
    base, _ = server
    [doc] = iter_inputs([f"{base}/moved"])
    assert doc.origin == f"{base}/moved" and doc.url == f"{base}/page/1"


def test_feed_url_gives_items(server):
    base, _ = server
    results = list(iter_inputs([f"{base}/feed"]))
    assert [type(r).__name__ for r in results] == ["Document", "Document", "Failure"]
    assert results[0].raw == "ملخص السباق" and results[0].source == "قناة الرياضة"
    assert results[0].input_format == "rss"


def test_follow_links(server):
    base, _ = server
    page, missing, broken = iter_inputs([f"{base}/feed"], ReadOptions(follow_links=True, timeout=5))
    # The page is fetched; the feed's title and date stay, extract fills the rest.
    assert page.input_format == "html" and "مئتي دراج" in page.html
    assert page.title == "سباق الدراجات" and page.published == "2024-04-01T10:00:00+00:00"
    assert page.source == "قناة الرياضة"
    # A link that fails keeps the summary, with the reason noted on the document.
    assert missing.input_format == "rss" and missing.raw == "ملخص خبر حذفت صفحته"
    assert missing.errors == [f"follow-links: http 404 from {base}/missing; kept the feed summary"]
    # No summary and a failing link: one Failure for the item.
    assert isinstance(broken, Failure) and broken.reason == f"http 500 from {base}/error"


def test_http_error_and_connection_refused(server):
    base, _ = server
    [failure] = iter_inputs([f"{base}/error"])
    assert failure.reason == f"http 500 from {base}/error" and failure.origin == f"{base}/error"
    [failure] = iter_inputs(["http://127.0.0.1:9/nothing"], ReadOptions(timeout=2))
    assert failure.reason.startswith("cannot connect fetching http://127.0.0.1:9/nothing")


def test_slow_endpoint_times_out(server):
    base, _ = server
    started = time.monotonic()
    [failure] = iter_inputs([f"{base}/slow"], ReadOptions(timeout=0.5))
    assert failure.reason == f"timed out after 0.5s fetching {base}/slow"
    assert time.monotonic() - started < SLOW_SECONDS


def test_other_formats_by_url(server):
    base, _ = server
    docs = list(iter_inputs([f"{base}/dump.jsonl.gz", f"{base}/plain"]))
    assert [d.raw for d in docs] == ["خبر رقم 0", "خبر رقم 1", "خبر رقم 2", "نص خبر عادي بلا وسوم"]
    assert docs[0].origin == f"{base}/dump.jsonl.gz#L1"
    assert docs[3].input_format == "text" and docs[3].url == f"{base}/plain"


def test_fetch_size_limit(server):
    base, _ = server
    with pytest.raises(
        InputError, match=r"^response too large \(\d+ bytes > 10 bytes limit\) from "
    ):
        fetch(f"{base}/page/1", max_bytes=10)
