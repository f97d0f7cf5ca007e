"""`marsad demo` on the bundled corpus, checked against the corpus's own MANIFEST."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from tests.cli.helpers import export, run

from marsad.service import demo_corpus_path

MANIFEST = json.loads((demo_corpus_path() / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory) -> tuple[list[dict], str]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    out = run(db, "demo").stdout
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
