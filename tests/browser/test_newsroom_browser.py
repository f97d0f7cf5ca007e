"""The newsroom pages in a real browser (issue 16): entities, watches with their alert
feed, rising stories — over a real `marsad serve` with a write token, on its own copy of
the demo corpus (saving a watch and ingesting change it)."""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.browser.conftest import api, serve
from tests.cli.helpers import run

TOKEN = "browser-token"
NEW_ARTICLE = {"id": "alert-1", "title": "البنك المركزي يبقي سعر الفائدة دون تغيير",
               "published": "2026-07-01", "source": "وكالة الاختبار",
               "text": "قرر البنك المركزي في اجتماعه الدوري الإبقاء على سعر الفائدة دون تغيير "
                       "للمرة الثالثة، وقال محافظ البنك إن التضخم بدأ يتراجع ببطء هذا الصيف."}


@pytest.fixture(scope="module")
def newsroom(dash_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("newsroom") / "n.db"
    shutil.copy(dash_db, db)
    proc, base = serve(db, TOKEN)
    yield base, db
    proc.terminate()
    proc.communicate(timeout=20)


def test_browse_entities_by_type_then_open_one(newsroom, watched):
    base, _ = newsroom
    page = watched.page
    page.goto(base + "/")
    page.click("nav.site-nav a[href='/entities']")
    page.wait_for_url("**/entities")
    page.select_option("select[name=type]", "PER")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**type=PER*")
    people = api(base, "/api/entities?type=PER&limit=5")["items"]
    first = page.locator("table.entities-table tbody tr td a").first
    assert first.inner_text() == people[0]["name"]
    first.click()
    page.wait_for_url(f"**/entity/{people[0]['id']}")
    watched.shot("entities")


def test_save_a_watch_from_a_search_and_read_its_alert_and_feed(newsroom, watched, tmp_path):
    base, db = newsroom
    page = watched.page
    page.goto(base + "/search?q=" + urllib.request.quote("الفائدة"))
    page.click("a[href^='/watches?']")
    page.wait_for_url("**/watches?*")
    assert page.locator("input[name=query]").input_value() == "الفائدة"
    page.fill(".watch-form input[name=token]", TOKEN)
    page.click(".watch-form button[type=submit]")
    page.wait_for_url("**/watches#watch-*")
    (w,) = api(base, "/api/watches")
    assert w["query"] == "الفائدة" and w["alerts"] == 0
    # a new article arrives (an ingest runs the watches): the page lists it
    feed = tmp_path / "new.jsonl"
    feed.write_text(json.dumps(NEW_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    run(db, "ingest", str(feed))
    page.reload()
    section = page.locator(f"#watch-{w['id']}")
    assert NEW_ARTICLE["title"] in section.locator("ol.alerts").inner_text()
    atom = page.request.get(base + f"/feeds/watch/{w['id']}.atom")
    assert atom.ok and atom.headers["content-type"].startswith("application/atom+xml")
    assert NEW_ARTICLE["title"] in atom.text()
    section.locator("ol.alerts a[href^='/article/']").first.click()
    page.wait_for_url("**/article/*")
    assert page.locator("h1").inner_text().strip() == NEW_ARTICLE["title"]
    watched.shot("watches")


def test_rising_stories_link_to_their_stories(newsroom, watched):
    base, _ = newsroom
    page = watched.page
    page.goto(base + "/stories")
    page.click("text=الصاعدة")
    page.wait_for_url("**order=rising*")
    rows = page.locator("section.rising li.story-row a.article-title")
    found = api(base, "/api/stories/rising")["items"]
    assert rows.count() == len(found) and rows.count() >= 1
    rows.first.click()
    page.wait_for_url(f"**/story/{found[0]['id']}")
    watched.shot("rising")
