"""Watches and alerts (issue 16): saved searches and entities raise one alert per new
matching article after each ingest, read as an Atom feed, through the CLI and the API, and
POSTed to a webhook signed with HMAC-SHA256, retried with backoff."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from tests.cli.helpers import run

from marsad import service, watches
from marsad.errors import InputError
from marsad.ingest import ReadOptions
from marsad.store import SQLiteStore

BEFORE = {
    "old-ghouta": "قصفت الطائرات بلدات الغوطة الشرقية قرب دمشق صباح الاثنين وسقط عدد من الضحايا.",
    "old-budget": "أعلنت وزارة المالية أرقام الموازنة العامة للعام المقبل وقالت إن العجز سينخفض.",
}
AFTER = {
    "new-ghouta": "دخلت قافلة مساعدات أممية إلى دوما في الغوطة بعد أسابيع من الحصار ونقص الدواء.",
    "new-ghouta-copy": "دخلت قافلة مساعدات أممية إلى دوما في الغوطة بعد أسابيع من الحصار ونقص الدواء.",
    "new-oil": "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار خفض الإنتاج الذي أعلنته أوبك.",
    "new-ghouta-b": "ناقش مجلس الأمن مشروع قرار لهدنة إنسانية في الغوطة وسط خلاف بين الأعضاء.",
}


def _write(path: Path, rows: dict[str, str], day: str) -> str:
    path.write_text("".join(json.dumps({"id": k, "source": "A" if not k.endswith("-b") else "B",
                                        "published": day, "title": f"خبر {k}", "text": t},
                                       ensure_ascii=False) + "\n" for k, t in rows.items()),
                    encoding="utf-8")
    return str(path)


def _ingest(db: Path, target: str) -> int:
    store = SQLiteStore(db)
    try:
        return service.ingest(store, [target], ReadOptions(), workers=1,
                              annotations=False).alerts
    finally:
        store.close()


@pytest.fixture
def watched_db(tmp_path: Path) -> Path:
    db = tmp_path / "w.db"
    _ingest(db, _write(tmp_path / "before.jsonl", BEFORE, "2018-03-01"))
    return db


def _titles(store: SQLiteStore, watch_id: int) -> list[str]:
    return sorted(a["title"] for a in store.alerts(watch_id))


def test_a_search_watch_alerts_once_per_new_matching_article(watched_db: Path, tmp_path: Path):
    store = SQLiteStore(watched_db)
    w = service.watch_add(store, "الغوطة")
    narrow = service.watch_add(store, "الغوطة", source="B")
    store.close()
    # the ingest runs the watches: 2 new Ghouta pieces for A+B (the copy is not one more),
    # 1 for the outlet-B watch; the article stored before the watch raises nothing
    assert _ingest(watched_db, _write(tmp_path / "after.jsonl", AFTER, "2018-03-05")) == 3
    store = SQLiteStore(watched_db)
    assert _titles(store, w["id"]) == ["خبر new-ghouta", "خبر new-ghouta-b"]
    assert _titles(store, narrow["id"]) == ["خبر new-ghouta-b"]
    # running again (or re-ingesting the same file) raises nothing twice
    assert service.watch_run(store)["new_alerts"] == 0
    store.close()
    assert _ingest(watched_db, str(tmp_path / "after.jsonl")) == 0
    store = SQLiteStore(watched_db)
    assert store.count_alerts(w["id"]) == 2
    # --backfill looks at what is already stored
    back = service.watch_add(store, "الغوطة", backfill=True)
    assert service.watch_run(store)["new_alerts"] == 3
    assert "خبر old-ghouta" in _titles(store, back["id"])


def test_the_alert_feed_is_valid_atom(watched_db: Path, tmp_path: Path):
    from marsad.server.api import create_app

    store = SQLiteStore(watched_db)
    w = service.watch_add(store, "الغوطة")
    store.close()
    _ingest(watched_db, _write(tmp_path / "after.jsonl", AFTER, "2018-03-05"))
    client = TestClient(create_app(str(watched_db), None))
    r = client.get(f"/feeds/watch/{w['id']}.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and "الغوطة" in feed.feed.title
    assert sorted(e.title for e in feed.entries) == ["خبر new-ghouta", "خبر new-ghouta-b"]
    ids = {a["article_id"] for a in SQLiteStore(watched_db, readonly=True).alerts(w["id"])}
    assert {e.link.rsplit("/", 1)[1] for e in feed.entries} == {str(i) for i in ids}
    assert all(e.published_parsed.tm_mon == 3 for e in feed.entries)
    assert client.get("/feeds/watch/999.atom").status_code == 404


class _Receiver(BaseHTTPRequestHandler):
    script: list[int] = []
    got: list[tuple[dict, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).got.append((dict(self.headers), body))
        code = type(self).script.pop(0) if type(self).script else 200
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def receiver():
    _Receiver.script, _Receiver.got = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def test_a_webhook_gets_a_signed_post_retried_with_backoff(watched_db: Path, tmp_path: Path,
                                                           receiver: str, allow_private):
    store = SQLiteStore(watched_db)
    w = service.watch_add(store, "الغوطة", webhook=receiver)
    assert len(w["secret"]) >= 32
    store.close()
    _Receiver.script = [500]  # the receiver fails once
    _ingest(watched_db, _write(tmp_path / "after.jsonl", AFTER, "2018-03-05"))
    store = SQLiteStore(watched_db)
    (d,) = store.deliveries(w["id"])
    assert (d["status"], d["attempts"], d["error"]) == ("pending", 1, "http 500")
    # not due yet: nothing sent; after the backoff: sent, same payload, valid signature
    soon = datetime.fromisoformat(d["updated"]) + timedelta(seconds=watches.BACKOFF_S - 5)
    assert watches.run(store, now=soon.isoformat(timespec="seconds"))["deliveries"]["sent"] == 0
    later = datetime.fromisoformat(d["updated"]) + timedelta(seconds=watches.BACKOFF_S)
    assert watches.run(store, now=later.isoformat(timespec="seconds"))["deliveries"]["sent"] == 1
    assert len(_Receiver.got) == 2
    headers, body = _Receiver.got[-1]
    want = "sha256=" + hmac.new(w["secret"].encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers[watches.SIGNATURE_HEADER], want)
    payload = json.loads(body)
    assert payload["watch"]["id"] == w["id"]
    assert sorted(a["title"] for a in payload["alerts"]) == ["خبر new-ghouta", "خبر new-ghouta-b"]
    assert store.deliveries(w["id"])[0]["status"] == "sent"


def test_a_receiver_that_never_answers_ends_as_a_listed_failure(watched_db: Path, tmp_path,
                                                                 receiver: str, allow_private):
    store = SQLiteStore(watched_db)
    w = service.watch_add(store, "الغوطة", webhook=receiver, secret="s3")
    store.close()
    _Receiver.script = [503] * 10
    _ingest(watched_db, _write(tmp_path / "after.jsonl", AFTER, "2018-03-05"))
    store = SQLiteStore(watched_db)
    t = datetime.now(UTC)
    for i in range(watches.MAX_ATTEMPTS):
        t += timedelta(seconds=watches.BACKOFF_S * 2 ** i)
        watches.run(store, now=t.isoformat(timespec="seconds"))
    (d,) = store.deliveries(w["id"])
    assert (d["status"], d["attempts"]) == ("failed", watches.MAX_ATTEMPTS)
    assert len(_Receiver.got) == watches.MAX_ATTEMPTS
    assert store.get_watch(w["id"])["failed_deliveries"] == 1
    listed = run(watched_db, "watch", "list").stdout
    assert "1 failed deliveries" in listed


def test_a_webhook_to_a_private_address_is_refused(watched_db: Path, receiver: str,
                                                   monkeypatch):
    monkeypatch.delenv("MARSAD_ALLOW_PRIVATE", raising=False)
    store = SQLiteStore(watched_db)
    with pytest.raises(InputError, match="webhook refused.*private"):
        service.watch_add(store, "الغوطة", webhook=receiver)
    assert store.watches() == [] and _Receiver.got == []


def test_cli_and_api(watched_db: Path, tmp_path: Path):
    from marsad.server.api import create_app

    added = json.loads(run(watched_db, "watch", "add", "الغوطة", "--name", "غوطة",
                           "--json").stdout)
    assert added["kind"] == "search" and added["name"] == "غوطة"
    bad = run(watched_db, "watch", "add", check=False)
    assert bad.returncode == 1 and "search query or an entity" in bad.stderr
    assert run(watched_db, "watch", "add", "--entity", "zzzzqqq", check=False).returncode == 1
    _ingest(watched_db, _write(tmp_path / "after.jsonl", AFTER, "2018-03-05"))
    alerts = json.loads(run(watched_db, "watch", "alerts", str(added["id"]), "--json").stdout)
    assert alerts["total"] == 2
    client = TestClient(create_app(str(watched_db), "tok"))
    assert client.post("/api/watches", json={"query": "النفط"}).status_code == 401
    made = client.post("/api/watches", json={"query": "النفط", "backfill": True},
                       headers={"Authorization": "Bearer tok"})
    assert made.status_code == 200
    ran = client.post("/api/watches/run", headers={"Authorization": "Bearer tok"}).json()
    assert ran["new_alerts"] == 1
    listed = client.get("/api/watches").json()
    assert [w["alerts"] for w in listed] == [2, 1]
    page = client.get(f"/api/watches/{made.json()['id']}/alerts").json()
    assert [a["title"] for a in page["items"]] == ["خبر new-oil"]
    assert client.delete(f"/api/watches/{added['id']}",
                         headers={"Authorization": "Bearer tok"}).status_code == 200
    assert client.get(f"/api/watches/{added['id']}/alerts").status_code == 404
    assert "removed" in run(watched_db, "watch", "rm", str(made.json()["id"])).stdout
    assert run(watched_db, "watch", "rm", "77", check=False).returncode == 1


def test_an_entity_watch_follows_the_entity_in_any_spelling(tmp_path: Path):
    def ingest(name: str, rows: dict[str, str], day: str) -> int:
        store = SQLiteStore(tmp_path / "e.db")
        try:
            return service.ingest(store, [_write(tmp_path / name, rows, day)], ReadOptions(),
                                  workers=1).alerts
        finally:
            store.close()

    ingest("one.jsonl", {"k1": "قال الزعيم الكوري الشمالي كيم جونغ أون إن بلاده ستواصل "
                               "تطوير برنامجها الصاروخي رغم العقوبات الدولية المفروضة عليها."},
           "2018-03-01")
    store = SQLiteStore(tmp_path / "e.db")
    w = service.watch_add(store, entity="كيم جونج أون")  # another spelling of the same man
    assert w["kind"] == "entity" and w["entity_name"]
    store.close()
    assert ingest("two.jsonl", {
        "k2": "التقى كيم جونج أون الرئيس الكوري الجنوبي مون جاي إن في قرية بانمونجوم الحدودية "
              "وبحثا نزع السلاح النووي من شبه الجزيرة الكورية.",
        "k3": "ارتفعت أسعار القمح في الأسواق الأوروبية بعد موجة جفاف ضربت مناطق زراعية واسعة."},
        "2018-04-27") == 1
    store = SQLiteStore(tmp_path / "e.db", readonly=True)
    (alert,) = store.alerts(w["id"])
    assert alert["title"] == "خبر k2" and alert["story_id"] is not None


def test_the_watches_page_saves_lists_and_deletes(watched_db: Path, tmp_path: Path):
    from marsad.server.api import create_app

    client = TestClient(create_app(str(watched_db), "tok"))
    page = client.get("/watches", params={"q": "الغوطة"})
    assert page.status_code == 200 and 'value="الغوطة"' in page.text
    refused = client.post("/watches", data={"query": "الغوطة", "token": "wrong"})
    assert refused.status_code == 403 and "MARSAD_TOKEN" in refused.text
    assert SQLiteStore(watched_db, readonly=True).watches() == []
    saved = client.post("/watches", data={"query": "الغوطة", "token": "tok"},
                        follow_redirects=False)
    assert saved.status_code == 303
    bad = client.post("/watches", data={"query": "", "token": "tok"})
    assert bad.status_code == 400 and "search query or an entity" in bad.text
    _ingest(watched_db, _write(tmp_path / "after.jsonl", AFTER, "2018-03-05"))
    listed = client.get("/watches").text
    assert "خبر new-ghouta" in listed and "/feeds/watch/1.atom" in listed
    assert client.post("/watches/1/delete", data={"token": "tok"},
                       follow_redirects=False).status_code == 303
    assert SQLiteStore(watched_db, readonly=True).watches() == []
    # a read-only server (no token) offers no form to save
    ro = TestClient(create_app(str(watched_db), None)).get("/watches").text
    assert 'name="token"' not in ro and "MARSAD_TOKEN" in ro


def test_a_database_from_before_watches_is_served_with_them(watched_db: Path):
    import sqlite3

    from marsad.server.api import create_app

    conn = sqlite3.connect(watched_db)  # as an older version left it: no watch tables
    conn.executescript("DROP TABLE deliveries; DROP TABLE alerts; DROP TABLE watches; "
                       "DELETE FROM schema_migrations WHERE number = 15;")
    conn.close()
    client = TestClient(create_app(str(watched_db), None))
    assert client.get("/api/watches").status_code == 200  # was a 500: no such table
    assert client.get("/watches").status_code == 200
