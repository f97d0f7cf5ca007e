"""Feeds on a schedule (issue 16): `marsad sources` + `marsad poll` against a feed served
on 127.0.0.1 — conditional GET, health, backoff, and an alert within one interval."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.cli.helpers import MARSAD, run

from marsad import poll
from marsad.errors import InputError
from marsad.store import SQLiteStore

ITEMS = [
    ("https://news.example/a1", "قصف على الغوطة", "قصفت الطائرات بلدات الغوطة الشرقية قرب دمشق "
     "صباح الاثنين وسقط عدد من الضحايا المدنيين في الأحياء السكنية."),
    ("https://news.example/a2", "الموازنة", "أعلنت وزارة المالية أرقام الموازنة العامة للعام "
     "المقبل وقالت إن العجز سينخفض بفضل زيادة الإيرادات غير النفطية."),
]
NEW_ITEM = ("https://news.example/a3", "قافلة إلى الغوطة", "دخلت قافلة مساعدات أممية إلى "
            "دوما في الغوطة بعد أسابيع من الحصار ونقص الدواء والغذاء.")


class Feed(BaseHTTPRequestHandler):
    items: list = []
    status = 200
    requests: list[dict] = []
    delay = 0.0  # seconds the server takes to answer (a slow feed)

    @classmethod
    def body(cls) -> bytes:
        entries = "".join(
            f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid>"
            f"<pubDate>{format_datetime(datetime(2018, 3, 5 + i, tzinfo=UTC))}</pubDate>"
            f"<description>{d}</description></item>" for i, (u, t, d) in enumerate(cls.items))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>أخبار المثال</title><link>https://news.example/</link>{entries}"
                "</channel></rss>").encode()

    def do_GET(self) -> None:  # noqa: N802
        type(self).requests.append(dict(self.headers))
        time.sleep(type(self).delay)
        body = self.body()
        etag = f'"{len(type(self).items)}"'
        if type(self).status != 200:
            self.send_response(type(self).status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def feed_url(allow_private):
    Feed.items, Feed.status, Feed.requests, Feed.delay = list(ITEMS), 200, [], 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/rss.xml"
    server.shutdown()


def test_intervals_parse_and_hammering_is_refused():
    assert [poll.parse_every(x) for x in ("15m", "90s", "2h", "1d", "45")] == \
        [900, 90, 7200, 86400, 45]
    for bad in ("5s", "fast", "", "-1m"):
        with pytest.raises(InputError):
            poll.parse_every(bad)


def test_poll_once_conditional_get_health_and_an_alert(feed_url: str, db_path: Path):
    run(db_path, "sources", "add", feed_url, "--every", "10s")
    run(db_path, "watch", "add", "الغوطة")
    out = run(db_path, "poll", "--once").stdout
    assert "ok, 2 new, 1 alert(s)" in out
    # not due again yet: no request at all
    run(db_path, "poll", "--once")
    assert len(Feed.requests) == 1
    store = SQLiteStore(db_path)
    later = datetime.now(UTC) + timedelta(seconds=11)
    (r,) = poll.poll_once(store, now=later)
    assert r["status"] == "not_modified" and r["new"] == 0
    assert Feed.requests[-1].get("If-None-Match") == '"2"'  # the validator of the last 200
    Feed.items.append(NEW_ITEM)
    (r,) = poll.poll_once(store, now=later + timedelta(seconds=11))
    assert (r["status"], r["new"], r["alerts"]) == ("ok", 1, 1)
    (feed,) = json.loads(run(db_path, "sources", "list", "--json").stdout)
    assert (feed["last_status"], feed["last_new"], feed["total_new"], feed["errors"]) == \
        ("ok", 1, 3, 0)
    alerts = json.loads(run(db_path, "watch", "alerts", "1", "--json").stdout)
    assert sorted(a["title"] for a in alerts["items"]) == ["قافلة إلى الغوطة", "قصف على الغوطة"]
    # items keep their links as origin: fetching the same feed again stores nothing twice
    assert store.count_articles() == 3


def test_a_failing_feed_is_recorded_and_backs_off(feed_url: str, db_path: Path):
    store = SQLiteStore(db_path)
    poll.add(store, feed_url, "1m")
    Feed.status = 500
    (r,) = poll.poll_once(store)
    assert r["status"] == "error" and "http 500" in r["error"]
    (f,) = store.feeds()
    assert f["errors"] == 1 and f["last_status"] == "error"
    wait = datetime.fromisoformat(f["next_fetch"]) - datetime.fromisoformat(f["last_fetch"])
    assert wait == timedelta(seconds=120)  # twice the interval after one error
    listed = run(db_path, "sources", "list").stdout
    assert "error ×1" in listed and "http 500" in listed


def test_a_private_feed_is_refused_unless_allowed(db_path: Path, monkeypatch):
    monkeypatch.delenv("MARSAD_ALLOW_PRIVATE", raising=False)
    bad = run(db_path, "sources", "add", "http://127.0.0.1:9/rss", check=False)
    assert bad.returncode == 1 and "private" in bad.stderr and "Traceback" not in bad.stderr
    none = run(db_path, "poll", "--once", check=False)
    assert none.returncode == 1 and "no feeds" in none.stderr


def test_the_poll_daemon_raises_an_alert_within_one_interval(feed_url: str, db_path: Path):
    every = 10
    run(db_path, "sources", "add", feed_url, "--every", f"{every}s")
    run(db_path, "watch", "add", "الغوطة")
    env = {**os.environ, "MARSAD_DB": str(db_path)}
    daemon = subprocess.Popen([*MARSAD, "poll"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)

    def alerts() -> int:
        try:
            with sqlite3.connect(db_path) as conn:
                return conn.execute("SELECT count(*) FROM alerts").fetchone()[0]
        except sqlite3.OperationalError:
            return 0

    try:
        deadline = time.monotonic() + 60
        while alerts() < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alerts() == 1  # the first fetch
        Feed.items.append(NEW_ITEM)
        published = time.monotonic()
        while alerts() < 2 and time.monotonic() - published < every + 20:
            time.sleep(0.2)
        assert alerts() == 2
        assert time.monotonic() - published <= every + 10  # one interval, plus the ingest
    finally:
        daemon.send_signal(signal.SIGTERM)
        out, err = daemon.communicate(timeout=30)
    assert daemon.returncode == 0, err
    assert "polling stopped" in err and "1 new, 1 alert(s)" in out


def test_outlet_display_names_show_on_the_dashboard(feed_url: str, db_path: Path):
    from fastapi.testclient import TestClient

    from marsad.server.api import create_app

    run(db_path, "sources", "add", feed_url)
    run(db_path, "poll", "--once")
    (o,) = json.loads(run(db_path, "outlets", "--json").stdout)
    assert o["source"] == "أخبار المثال" and o["display"] is None
    run(db_path, "outlets", "name", "أخبار المثال", "المثال")
    assert json.loads(run(db_path, "outlets", "--json").stdout)[0]["display"] == "المثال"
    page = TestClient(create_app(str(db_path), None)).get("/articles").text
    assert "<bdi>المثال</bdi>" in page and 'title="أخبار المثال"' in page
    assert run(db_path, "outlets", "name", "nobody", "x", check=False).returncode == 1


def test_serve_poll_fetches_feeds_in_the_background(feed_url: str, db_path: Path):
    from fastapi.testclient import TestClient

    from marsad.server.api import create_app

    run(db_path, "sources", "add", feed_url, "--every", "10s")
    app = create_app(str(db_path), None, poll_feeds=True)
    try:
        client = TestClient(app)
        deadline = time.monotonic() + 30
        while client.get("/api/stats").json()["articles"] < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.get("/api/stats").json()["articles"] == 2
        (feed,) = SQLiteStore(db_path, readonly=True).feeds()
        assert feed["last_status"] == "ok" and feed["total_new"] == 2
    finally:
        app.state.stop_polling.set()
        app.state.poller.join(timeout=20)
    assert not app.state.poller.is_alive()


def test_the_background_poller_holds_the_write_lock_only_to_write(feed_url: str,
                                                                   db_path: Path):
    # a slow feed must not hold every API write (uploads, watches, curation) for the
    # length of its fetch: the server's write lock is taken for the ingest, not the fetch
    run(db_path, "sources", "add", feed_url, "--every", "10s")
    Feed.delay = 3.0
    lock, stop = threading.Lock(), threading.Event()
    thread = poll.start_background(str(db_path), lock, stop, log=lambda line: None)
    try:
        deadline = time.monotonic() + 10
        while not Feed.requests and time.monotonic() < deadline:
            time.sleep(0.02)
        assert Feed.requests, "the poller fetched the feed"
        asked = time.monotonic()
        assert lock.acquire(timeout=1.0), "an API write waited for the feed's fetch"
        assert time.monotonic() - asked < 1.0
        lock.release()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with sqlite3.connect(db_path) as conn:
                if conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2:
                    break
            time.sleep(0.2)
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    finally:
        stop.set()
        thread.join(timeout=30)
