"""The JSON API end to end: a real app over a real SQLite file holding the demo corpus."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.server import create_app

TOKEN = "s3cret-token"


@pytest.fixture
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(str(demo_db), TOKEN))


def test_articles_paginate_with_total(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 10}).json()
    second = client.get("/api/articles", params={"limit": 10, "offset": 10}).json()
    assert first["total"] == second["total"] == 36
    assert (first["limit"], first["offset"], second["offset"]) == (10, 0, 10)
    ids = [a["id"] for a in first["items"] + second["items"]]
    assert ids == sorted(set(ids)) and len(ids) == 20


def test_articles_filters(client: TestClient) -> None:
    canonical = client.get("/api/articles", params={"canonical": True, "limit": 1000}).json()
    assert canonical["total"] < 36
    assert all(a["duplicate_of"] is None for a in canonical["items"])
    source = canonical["items"][0]["source"]
    by_source = client.get("/api/articles", params={"source": source}).json()
    assert by_source["total"] >= 1 and {a["source"] for a in by_source["items"]} == {source}
    march = client.get("/api/articles",
                       params={"since": "2026-03-01", "until": "2026-03-31"}).json()
    assert march["total"] >= 1
    assert all("2026-03-01" <= a["published"][:10] <= "2026-03-31" for a in march["items"])
    assert client.get("/api/articles", params={"lang": "xx"}).json()["total"] == 0


def test_limit_is_bounded(client: TestClient) -> None:
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422
    assert client.get("/api/articles", params={"limit": 1001}).status_code == 422
    assert client.get("/api/runs", params={"limit": 1000}).json()["total"] == 1


def test_entity_type_is_case_insensitive_as_in_the_cli(client: TestClient) -> None:
    # issue 16: `/api/entities?type=per` answered 422 while the CLI takes `--type per`
    upper = client.get("/api/entities", params={"type": "PER"}).json()
    lower = client.get("/api/entities", params={"type": "per"})
    assert lower.status_code == 200 and lower.json() == upper and upper["total"] > 0
    assert all(e["type"] == "PER" for e in upper["items"])
    assert client.get("/api/entities", params={"type": "person"}).status_code == 422


def test_article_and_404(client: TestClient) -> None:
    art = client.get("/api/articles/1").json()
    assert art["id"] == 1 and art["text"] and "removed" in art
    missing = client.get("/api/articles/99999")
    assert missing.status_code == 404 and "99999" in missing.json()["detail"]


def test_search_finds_the_yarmouk_water_deal(client: TestClient) -> None:
    page = client.get("/api/search", params={"q": "اليرموك"}).json()
    assert page["total"] >= 3 and page["query"] == "اليرموك"
    assert all("اليرموك" in (a["title"] or "") + a["snippet"] for a in page["items"])
    every = client.get("/api/search", params={"q": "اليرموك", "all": True}).json()
    assert every["total"] > page["total"]  # the duplicate copies come back too
    none = client.get("/api/search", params={"q": "اليرموك", "until": "2000-01-01"}).json()
    assert none["total"] == 0


def test_stats_runs_failures(client: TestClient) -> None:
    assert client.get("/api/stats").json()["articles"] == 36
    runs = client.get("/api/runs").json()
    assert runs["total"] == 1 and runs["items"][0]["status"]
    assert client.get("/api/failures").json() == {"items": [], "total": 0, "limit": 100,
                                                 "offset": 0}
    # 36 demo articles from many outlets: no line recurs in ten of one outlet's
    assert client.get("/api/templates").json() == {"items": [], "total": 0, "limit": 50,
                                                  "offset": 0}


def test_export_streams_every_article(client: TestClient) -> None:
    with client.stream("GET", "/api/export.jsonl") as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("application/x-ndjson")
        records = [json.loads(line) for line in resp.iter_lines() if line]
    assert len(records) == 36
    assert [r["id"] for r in records] == list(range(1, 37))


def test_missing_database_is_a_400(tmp_path: Path) -> None:
    client = TestClient(create_app(str(tmp_path / "none.db"), TOKEN))
    resp = client.get("/api/stats")
    assert resp.status_code == 400 and "marsad ingest" in resp.json()["detail"]
    assert client.get("/api/export.jsonl").status_code == 400


UPLOAD_TEXT = (
    "مزارعو الأغوار يبدأون موسم حصاد مبكر\n\n"
    "بدأ مزارعو الأغوار الشمالية موسم حصاد الخضار قبل موعده المعتاد بأسبوعين، "
    "بعد شتاء دافئ وأمطار منتظمة، وقالت الجمعية الزراعية إن الإنتاج يفوق العام الماضي.\n"
)


def _upload(client: TestClient, headers: dict[str, str]):
    return client.post("/api/ingest/upload", headers=headers,
                       files={"file": ("harvest.txt", UPLOAD_TEXT.encode("utf-8"),
                                       "text/plain")})


def test_writes_need_the_right_token(writable_db: Path) -> None:
    client = TestClient(create_app(str(writable_db), TOKEN))
    assert _upload(client, {}).status_code == 401
    assert _upload(client, {"Authorization": "Bearer wrong"}).status_code == 401
    resp = client.post("/api/ingest/url", json={"url": "https://example.com/x"},
                       headers={"Authorization": "Basic abc"})
    assert resp.status_code == 401
    assert client.get("/api/stats").json()["articles"] == 36

    ok = _upload(client, {"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["new"] == 1 and ok.json()["failed"] == 0
    page = client.get("/api/search", params={"q": "مزارعو الأغوار"}).json()
    assert page["total"] == 1 and "الأغوار" in page["items"][0]["title"]
    assert client.get("/api/runs").json()["total"] == 2
    again = _upload(client, {"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["new"] == 0 and again["skipped"] == 1  # same bytes, same stored path


def test_ingest_url_refuses_local_paths(writable_db: Path) -> None:
    client = TestClient(create_app(str(writable_db), TOKEN))
    resp = client.post("/api/ingest/url", json={"url": "/etc/passwd"},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 422


def test_writes_disabled_without_a_server_token(writable_db: Path) -> None:
    client = TestClient(create_app(str(writable_db), None))
    assert _upload(client, {"Authorization": f"Bearer {TOKEN}"}).status_code == 403
    assert _upload(client, {}).status_code == 403
    assert client.get("/api/stats").json()["articles"] == 36


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/articles", "/api/articles/{article_id}", "/api/search", "/api/stats",
        "/api/latest", "/api/volume", "/api/outlets",
        "/api/entities", "/api/entities/{entity_id}", "/api/entity",
        "/api/stories", "/api/stories/{story_id}", "/api/stories/rising", "/api/quotes",
        "/api/timeline", "/api/graph", "/api/attention", "/api/attention.csv", "/api/watches",
        "/api/watches/{watch_id}/alerts", "/feeds/watch/{watch_id}.atom", "/api/watches/run",
        "/api/watches/{watch_id}",
        "/api/runs", "/api/failures", "/api/templates", "/api/jobs/{job_id}",
        "/api/export.jsonl", "/api/export.csv", "/api/export/{listing}.{fmt}", "/api/ingest/url",
        "/api/ingest/upload", "/api/entity-overrides", "/api/entity-overrides/{override_id}",
        "/api/entities/merge", "/api/entities/split", "/api/entities/rename",
        "/api/entities/block",
    }
    assert client.get("/docs").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict[str, str], *args: str, path: str = "/api/stats",
           params: dict[str, str] | None = None, wait: float = 20):
    """`marsad serve` on a free loopback port, polled until `path` answers: (process,
    first response). Fails the test with the server's output if it never comes up."""
    import httpx

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--port", str(port),
                             *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + wait
    while True:
        try:
            return proc, httpx.get(f"http://127.0.0.1:{port}{path}", params=params, timeout=2)
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.poll() is not None else ""
                proc.kill()
                pytest.fail(f"marsad serve {' '.join(args)} did not come up: {out}")
            time.sleep(0.1)


@pytest.mark.slow
def test_marsad_serve_answers_over_real_http(demo_db: Path) -> None:
    env = {**os.environ, "MARSAD_DB": str(demo_db), "MARSAD_TOKEN": TOKEN}
    proc, resp = _serve(env)
    try:
        assert resp.status_code == 200 and resp.json()["articles"] == 36
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.slow
def test_serve_with_two_workers_answers_from_two_processes(demo_db: Path) -> None:
    # issue 15: one process answered every search; with --workers each core takes requests

    env = {**os.environ, "MARSAD_DB": str(demo_db)}
    proc, resp = _serve(env, "--workers", "2", path="/api/search", params={"q": "اليرموك"},
                        wait=30)
    try:
        assert resp.status_code == 200 and resp.json()["items"]
        workers = [c for c in _children(proc.pid)
                   if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
        assert len(workers) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    refused = subprocess.run([sys.executable, "-m", "marsad.cli", "serve", "--workers", "2",
                              "--poll"], env=env, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--poll runs in one server process" in refused.stderr


def test_parallel_reads_during_a_write(writable_db: Path) -> None:
    # per-request read-only connections: many threads read while an ingest holds the writer
    from concurrent.futures import ThreadPoolExecutor

    client = TestClient(create_app(str(writable_db), TOKEN))

    def read(i: int) -> int:
        path = ["/api/stats", "/api/articles?limit=5", "/api/search?q=اليرموك"][i % 3]
        return client.get(path).status_code

    with ThreadPoolExecutor(8) as pool:
        write = pool.submit(_upload, client, {"Authorization": f"Bearer {TOKEN}"})
        codes = list(pool.map(read, range(48)))
        assert write.result().status_code == 200
    assert codes == [200] * 48
    assert client.get("/api/stats").json()["articles"] == 37


def test_an_unknown_query_parameter_is_a_422_not_ignored(client: TestClient) -> None:
    # issue 16: `/api/export.jsonl?since=…` streamed every article as if it had filtered
    resp = client.get("/api/export.jsonl", params={"sinse": "2018-01-01"})
    assert resp.status_code == 422 and "sinse" in resp.json()["detail"]
    resp = client.get("/api/articles", params={"limit": 2, "sourc": "bbc"})
    assert resp.status_code == 422 and "sourc" in resp.json()["detail"]
    # the parameters a route documents still work
    assert client.get("/api/articles", params={"limit": 2, "offset": 1}).status_code == 200
    assert client.get("/api/search", params={"q": "اليرموك", "all": True}).status_code == 200


def test_docs_load_from_our_own_files_offline(client: TestClient) -> None:
    # issue 16: /docs loaded Swagger UI from a CDN and was blank offline
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn.jsdelivr" not in page.text and "unpkg" not in page.text
    redoc = client.get("/redoc")
    assert redoc.status_code == 200 and "cdn.jsdelivr" not in redoc.text
    assert "fonts.googleapis" not in redoc.text
    for asset in ("/docs-static/swagger-ui-bundle.js", "/docs-static/swagger-ui.css",
                  "/docs-static/redoc.standalone.js"):
        assert asset in page.text + redoc.text
        got = client.get(asset)
        assert got.status_code == 200 and len(got.content) > 10_000, asset


def test_exports_honour_their_filters(client: TestClient) -> None:
    # issue 16: exports could not be filtered (and `since` was silently ignored)
    import csv
    import io

    every = [json.loads(x) for x in client.get("/api/export.jsonl").text.splitlines()]
    dated = sorted(a["published"][:10] for a in every if a["published"])
    cut = dated[len(dated) // 2]
    since = [json.loads(x) for x in
             client.get("/api/export.jsonl", params={"since": cut}).text.splitlines()]
    assert since and len(since) < len(every)
    assert all(a["published"] and a["published"][:10] >= cut for a in since)
    hits = client.get("/api/search", params={"q": "الفائدة", "all": True, "limit": 100}).json()
    found = [json.loads(x) for x in
             client.get("/api/export.jsonl", params={"q": "الفائدة"}).text.splitlines()]
    assert sorted(a["id"] for a in found) == sorted(h["id"] for h in hits["items"])
    canonical = [json.loads(x) for x in client.get(
        "/api/export.jsonl", params={"canonical": True}).text.splitlines()]
    assert all(a["duplicate_of"] is None for a in canonical) and len(canonical) < len(every)
    # CSV: the BOM Excel needs, the same articles as the JSON lines
    resp = client.get("/api/export.csv", params={"q": "الفائدة"})
    assert resp.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [a["id"] for a in found]
    assert client.get("/api/export.jsonl", params={"entity": 0}).status_code == 422


def test_a_digit_that_is_no_number_is_a_name_not_a_server_error(client: TestClient) -> None:
    # schemathesis found «²» (str.isdigit() is true, int() refuses it): 500 on the timeline
    # and the graph; «٣» (an Arabic-Indic digit) is a number to both
    for path in ("/api/timeline", "/api/graph", "/api/search"):
        params = {"entity": "²"} if path != "/api/search" else {"q": "سوريا", "entity": "²"}
        assert client.get(path, params=params).status_code < 500, path
    assert client.get("/api/timeline", params={"entity": "٣"}).status_code < 500
