"""`marsad demo` on the bundled corpus, checked against the corpus's own MANIFEST."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from tests.cli.helpers import MARSAD, export, run

from marsad.service import demo_corpus_path

MANIFEST = json.loads((demo_corpus_path() / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory) -> tuple[list[dict], str]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    out = run(db, "demo", "--no-serve").stdout
    return export(db), out


def _find(rows: list[dict], art: dict) -> dict:
    path = str(Path(demo_corpus_path(), art["file"]).resolve())
    if art["appended_to"]:
        hits = [r for r in rows if r["appended_to"] and r["origin"].startswith(path + "#")]
    elif art["format"] == "jsonl":
        hits = [r for r in rows if r["origin"] == f"{path}#L{art['locator'] + 1}"]
    elif art["url"] and art["format"] != "text":
        hits = [r for r in rows if r["url"] == art["url"] and not r["appended_to"]]
    else:
        hits = [r for r in rows if r["origin"] == path]
    assert len(hits) == 1, (art["key"], len(hits))
    return hits[0]


def test_every_article_is_found_with_a_clean_body(demo_rows):
    rows, _ = demo_rows
    assert len(rows) == len(MANIFEST["articles"])
    for art in MANIFEST["articles"]:
        row = _find(rows, art)
        body = "\n\n".join(row["text"].split("\n"))
        assert hashlib.sha1(body.encode()).hexdigest() == art["text_sha1"], art["key"]
        assert row["title"] == art["title"], art["key"]
        if art["published_source"]:
            assert (row["published"] or "")[:10] == art["published"], art["key"]


def test_duplicate_groups_and_glued_articles_match_the_manifest(demo_rows):
    rows, _ = demo_rows
    by_key = {a["key"]: _find(rows, a) for a in MANIFEST["articles"]}

    def group(key: str) -> int:  # the canonical id: whichever copy was stored first
        return by_key[key]["duplicate_of"] or by_key[key]["id"]

    in_groups = set()
    for art in MANIFEST["articles"]:
        other = art["duplicate_of"] or art["near_duplicate_of"]
        if other:
            kind = "exact" if art["duplicate_of"] else "near"
            assert group(art["key"]) == group(other), art["key"]
            member = max(by_key[art["key"]], by_key[other], key=lambda r: r["id"])
            assert member["dup_kind"] == kind, art["key"]
            in_groups |= {art["key"], other}
        if art["appended_to"]:
            assert by_key[art["key"]]["appended_to"] == by_key[art["appended_to"]]["id"]
    for key, row in by_key.items():
        if key not in in_groups:
            assert row["duplicate_of"] is None, key
    assert sum(r["duplicate_of"] is not None for r in rows) == 7


def test_demo_prints_what_it_found(demo_rows):
    _, out = demo_rows
    assert "exact duplicates 3" in out and "near duplicates 4" in out
    assert "duplicate groups" in out and "glued articles" in out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_ends_with_the_dashboard_served(tmp_path):
    pytest.importorskip("fastapi", reason="serving needs marsad[server]")
    port = _free_port()
    env = {**os.environ, "MARSAD_DB": str(tmp_path / "demo.db")}
    proc = subprocess.Popen([*MARSAD, "demo", "--workers", "1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        page, deadline = None, time.monotonic() + 60
        while page is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as resp:
                    page = resp.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert page is not None, proc.stderr.read() if proc.poll() is not None else "timeout"
        assert '<html lang="ar" dir="rtl">' in page
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out


def test_demo_on_a_busy_port_says_so_in_one_line(tmp_path):
    pytest.importorskip("fastapi", reason="serving needs marsad[server]")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        proc = run(tmp_path / "demo.db", "demo", "--workers", "1", "--port", str(port),
                   check=False)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(port) in lines[0] and "in use" in lines[0]
