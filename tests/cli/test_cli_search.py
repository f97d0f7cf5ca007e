"""`marsad search` on the ingested demo corpus, checked against the MANIFEST's stories."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from tests.cli.helpers import run

from marsad.cli import cli
from marsad.service import demo_corpus_path, demo_targets

MANIFEST = json.loads((demo_corpus_path() / "MANIFEST.json").read_text(encoding="utf-8"))
STORY = {a["title"]: a["story"] for a in MANIFEST["articles"]}

NASTY = [
    '"', '""', '"unbalanced', "-", "--", "OR", "AND", "NOT", "OR OR اليرموك", "اليرموك OR",
    "*", "اليرموك*", "title:اليرموك", "^اليرموك", "NEAR(اليرموك سوريا)", "(", ")(",
    "a:b:c", "🌊🌊", "\u200f\u200e", "'; DROP TABLE articles; --", "اليرموك " * 400,
    '-"اليرموك"', "\\", "{title}: x", "-اليرموك -سوريا", "\t\n",
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("search") / "demo.db"
    run(db, "ingest", *demo_targets(), "--no-progress")
    return db


def _search(db, *args) -> dict:
    return json.loads(run(db, "search", *args, "--json").stdout)


def test_story_query_ranks_its_story_first(demo_db):
    page = _search(demo_db, "اليرموك")
    stories = [STORY[i["title"]] for i in page["items"]]
    water = sum(1 for a in MANIFEST["articles"] if a["story"] == "water-deal")
    assert stories and set(stories) == {"water-deal"}
    # one hit per duplicate group: the near copy of w02 is folded into its group
    assert page["total"] == len(stories) == water - 1
    assert sum(i["copies"] for i in page["items"]) == water
    assert all("[" in i["snippet"] for i in page["items"])
    assert set(page) >= {"items", "total", "limit", "offset", "query", "terms"}
    every = _search(demo_db, "اليرموك", "--all")
    assert every["total"] == water


def test_clitic_and_spelling_variants_match(demo_db):
    storm = _search(demo_db, "فى الإسكندرية")
    assert storm["items"] and STORY[storm["items"][0]["title"]] == "alexandria-storm"
    deal = _search(demo_db, "والاتفاق")
    assert {STORY[i["title"]] for i in deal["items"][:5]} == {"water-deal"}
    rate = _search(demo_db, '"خفض الفائدة"', "--since", "2026-03-06")
    assert rate["items"] and all(i["published"] >= "2026-03-06" for i in rate["items"])
    assert {STORY[i["title"]] for i in rate["items"]} == {"cbe-rate-cut"}


def test_human_output_and_no_results(demo_db):
    out = run(demo_db, "search", "اليرموك", "--limit", "2").stdout
    assert "اليرموك" in out and "(1-2 of" in out
    assert "no results" in run(demo_db, "search", "كلمةغيرموجودةاطلاقا").stdout
    excluded = run(demo_db, "search", "--", "-اليرموك").stdout
    assert "no results" in excluded and "include" in excluded


def test_malformed_queries_never_fail(demo_db):
    runner = CliRunner()
    for q in NASTY:
        # `--` ends the options, so a query may start with "-" (as a user types it)
        res = runner.invoke(cli, ["--db", str(demo_db), "search", "--json", "--", q])
        assert res.exit_code == 0, (q, res.output, res.exception)
        page = json.loads(res.output)
        assert isinstance(page["items"], list)
