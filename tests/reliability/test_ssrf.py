"""Issue 15 (2): no fetch reaches loopback, private or link-local addresses unless the
user allows it: every spelling of 127.0.0.1, redirects to it, the API and feed links.
A real server listens on 127.0.0.1 and must see no connection at all."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from tests.reliability.conftest import send_html

from marsad.errors import InputError
from marsad.ingest.fetch import check_url, fetch


class _Counting(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).hits += 1
        send_html(self, "<html><body><p>سر داخلي لا ينبغي أن يخرج من الشبكة.</p></body></html>")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback(monkeypatch):
    monkeypatch.delenv("MARSAD_ALLOW_PRIVATE", raising=False)
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    _Counting.hits = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_every_spelling_of_loopback_is_refused(loopback):
    port = loopback
    for host in ("127.0.0.1", "localhost", "2130706433", "0x7f000001", "127.1", "0177.0.0.1",
                 "[::ffff:127.0.0.1]"):
        with pytest.raises(InputError, match="refused|cannot resolve"):
            fetch(f"http://{host}:{port}/secret", timeout=2)
    assert _Counting.hits == 0


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data",
                                 "http://192.168.1.1/", "http://[fd00:ec2::254]/",
                                 "http://[::1]/", "http://0.0.0.0/", "http://224.0.0.1/"])
def test_private_link_local_and_reserved_ranges_are_refused(url, monkeypatch):
    monkeypatch.delenv("MARSAD_ALLOW_PRIVATE", raising=False)
    with pytest.raises(InputError, match="refused"):
        check_url(url)


def test_a_redirect_to_loopback_is_checked_again(loopback):
    port = loopback

    def public_hop(request: httpx.Request) -> httpx.Response:
        # a public address answers with a redirect into the local network
        return httpx.Response(302, headers={"location": f"http://127.0.0.1:{port}/secret"})

    with httpx.Client(transport=httpx.MockTransport(public_hop)) as client:
        with pytest.raises(InputError, match="refused"):
            fetch("http://93.184.216.34/page", timeout=2, client=client)
    assert _Counting.hits == 0


def test_allowed_when_the_user_says_so(loopback, monkeypatch):
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE", "1")
    got = fetch(f"http://127.0.0.1:{loopback}/page", timeout=2)
    assert "سر داخلي" in got.body.decode()


def test_the_api_refuses_to_ingest_a_loopback_url(loopback, tmp_path):
    from fastapi.testclient import TestClient

    from marsad.server import create_app

    token = "t0ken-for-tests-only"
    client = TestClient(create_app(str(tmp_path / "m.db"), token))
    resp = client.post("/api/ingest/url", json={"url": f"http://127.0.0.1:{loopback}/secret"},
                       headers={"Authorization": f"Bearer {token}"})
    # refused up front with the reason (it was a 200 run summary holding one failure)
    assert resp.status_code == 422 and "private or local address" in resp.json()["detail"]
    assert _Counting.hits == 0
    found = client.get("/api/search", params={"q": "سر داخلي"})
    assert found.status_code == 400 or found.json()["total"] == 0  # 400: no database yet
