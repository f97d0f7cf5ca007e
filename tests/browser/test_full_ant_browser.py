"""The dashboard's items over all 31.5k ANT multisource articles (issue 16: not only the
demo corpus), in a real browser against a real `marsad serve`: home, search, an article,
an entity, the biggest story with its timeline and graph, attention with its exports,
a watch with its alerts and Atom feed, and the whole-corpus export streamed with flat
server memory."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from tests.browser.conftest import Watched, api, serve

TOKEN = "full-ant-token"
# What the streamed export may add to the server's peak memory. Holding the 31.5k
# articles' JSON at once (~250 MB of text, more as Python objects) would blow it; a
# stream holds a batch. Measured: +30-60 MB.
EXPORT_MEMORY_MB = 150


@pytest.fixture(scope="module")
def ant_server(ant_db: Path) -> Iterator[tuple[str, int]]:
    proc, base = serve(ant_db, TOKEN)
    yield base, proc.pid
    proc.terminate()
    proc.communicate(timeout=30)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc status")


def test_home_search_article_and_entity(ant_server, watched: Watched):
    base, _ = ant_server
    page = watched.page
    page.goto(base + "/")
    assert page.locator(".latest-stories a").count() >= 5
    top = page.locator(".top-entities a").first
    name = top.inner_text()
    top.click()
    page.wait_for_url("**/entity/*")
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator(".mention mark").count() >= 1
    page.goto(base + "/search?q=" + quote("ترامب"))
    found = api(base, "/api/search?q=" + quote("ترامب"))
    assert found["total"] > 100  # a big name over three months of news
    first = page.locator("a.article-title").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_url("**/article/*")
    assert page.locator("h1").inner_text().strip() == title
    assert page.locator("article .body").inner_text().strip()
    watched.shot("full-ant-article")


def test_the_biggest_story_with_its_timeline_and_graph(ant_server, watched: Watched):
    base, _ = ant_server
    page = watched.page
    page.goto(base + "/stories")
    page.click("a[href='/stories?order=size']")
    page.wait_for_url("**order=size")
    link = page.locator("li.story-row a.article-title").first
    story_path = link.get_attribute("href")
    link.click()
    page.wait_for_url("**" + story_path)
    story = api(base, "/api/stories/" + story_path.rsplit("/", 1)[1])
    assert story["articles"] >= 10  # the largest story of three months is no pair
    assert page.locator("h1").inner_text() == story["title"]
    assert page.locator(".timeline .event").count() == len(story["timeline"])
    if story["graph"]["nodes"]:
        page.wait_for_function("() => document.querySelector('#story-graph').dataset.nodes")
        assert int(page.locator("#story-graph").get_attribute("data-nodes")) == \
            len(story["graph"]["nodes"])
    watched.shot("full-ant-story")


def test_attention_and_its_exports(ant_server, watched: Watched):
    base, _ = ant_server
    page = watched.page
    page.goto(base + "/attention?q=" + quote("إيران") + "&q=" + quote("كوريا الشمالية")
              + "&by=week")
    page.wait_for_function("() => window.Chart && Chart.getChart('attention-count')")
    want = api(base, "/api/attention?q=" + quote("إيران") + "&q="
               + quote("كوريا الشمالية") + "&by=week")
    drawn = page.evaluate("""() => Chart.getChart('attention-count').data.datasets
        .map(d => d.data.reduce((a, b) => a + b, 0))""")
    assert drawn == [s["count"] for s in want["series"]] and min(drawn) > 50
    href = page.locator("a[download]", has_text="JSONL").get_attribute("href")
    rows = page.request.get(urljoin(page.url, href)).text().splitlines()
    assert len(rows) == sum(len(s["points"]) for s in want["series"])
    watched.shot("full-ant-attention")


def test_a_watch_backfilled_over_the_corpus_lists_alerts_and_a_feed(ant_server,
                                                                     watched: Watched):
    feedparser = pytest.importorskip("feedparser")
    base, _ = ant_server
    body = json.dumps({"query": "كيم جونغ أون", "backfill": True}).encode()
    req = urllib.request.Request(base + "/api/watches", data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        watch = json.loads(resp.read())
    run = urllib.request.Request(base + "/api/watches/run", data=b"", method="POST",
                                 headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(run, timeout=300) as resp:
        json.loads(resp.read())
    alerts = api(base, f"/api/watches/{watch['id']}/alerts")
    assert alerts["total"] >= 20
    page = watched.page
    page.goto(base + "/watches")
    section = page.locator(f"#watch-{watch['id']}")
    assert section.locator("ol.alerts li").count() >= 10
    feed = feedparser.parse(page.request.get(base + f"/feeds/watch/{watch['id']}.atom").body())
    assert not feed.bozo and len(feed.entries) >= 10
    watched.shot("full-ant-watches")


def test_the_whole_corpus_export_streams_with_flat_memory(ant_server):
    base, pid = ant_server
    stats = api(base, "/api/stats")
    before = _peak_rss_mb(pid)
    lines = 0
    with urllib.request.urlopen(base + "/api/export.jsonl", timeout=600) as resp:
        for raw in resp:
            json.loads(raw)
            lines += 1
    assert lines == stats["articles"] > 30_000
    grew = _peak_rss_mb(pid) - before
    assert grew < EXPORT_MEMORY_MB, f"the server's peak memory grew {grew:.0f} MB"


@pytest.mark.parametrize(("listing", "total_of"), [
    ("entities", "/api/entities?limit=1"), ("stories", "/api/stories?limit=1&min_articles=1"),
    ("quotes", "/api/quotes?limit=1")])
def test_every_listing_exports_whole(ant_server, listing, total_of):
    base, _ = ant_server
    want = api(base, total_of)["total"]
    with urllib.request.urlopen(f"{base}/api/export/{listing}.jsonl", timeout=600) as resp:
        rows = sum(1 for raw in resp if json.loads(raw))
    assert rows == want > 1000
