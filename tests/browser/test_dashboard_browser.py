"""The dashboard in a real browser: search, articles, RTL layout, hostile input, entities."""

from __future__ import annotations

import json
from urllib.parse import quote, urljoin

import pytest
from tests.browser.conftest import HOSTILE_WORD, PAYLOAD, Watched, api

from marsad.arabic.normalize import key

CYTOSCAPE = "cytoscape-3.34.4/cytoscape.min.js"

# A form that appears nowhere in the demo corpus as written: only the analyser, which
# strips the clitics و+ب, finds «الفائدة» from it.
CLITIC_QUERY = "وبالفائدة"

# What a successful injection would leave behind in the DOM.
INJECTED = """() => ({
  xss: window.__xss,
  imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
  handlers: document.querySelectorAll('[onload], [onerror]').length,
  svgs: document.querySelectorAll('svg').length,
  foreign_scripts: Array.from(document.scripts).filter(
      s => s.type !== 'application/json' && !(s.getAttribute('src') || '').startsWith('/static/')
  ).length,
  js_links: document.querySelectorAll('a[href^="javascript:" i]').length,
})"""
CLEAN = {"xss": None, "imgs": 0, "handlers": 0, "svgs": 0, "foreign_scripts": 0,
         "js_links": 0}


def _hostile_ids(server: str) -> list[int]:
    found = api(server, f"/api/search?q={quote(HOSTILE_WORD)}&all=true&limit=50")
    return [h["id"] for h in found["items"]]


def test_search_from_the_home_page_finds_clitic_forms(server: str, watched: Watched):
    page = watched.page
    page.goto(server + "/")
    page.wait_for_function("() => window.Chart && document.querySelector('#volume-chart')"
                           ".getBoundingClientRect().height > 100")
    watched.shot("home")
    page.fill(".big-search input[name=q]", CLITIC_QUERY)
    page.click(".big-search button")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("ol.hits > li")
    assert hits.count() >= 2
    marks = page.locator("ol.hits mark").all_inner_texts()
    assert marks and all(key("فائدة") in key(m) for m in marks), marks
    # the analyser did the matching: the query as typed is not in any result
    assert CLITIC_QUERY not in page.locator("ol.hits").inner_text()
    assert page.locator("input[name=q]").first.input_value() == CLITIC_QUERY
    watched.shot("search")


def test_search_filters_and_paging_keep_the_query(server: str, watched: Watched):
    page = watched.page
    outlet = api(server, "/api/outlets")[0]["source"]
    page.goto(server + "/search?q=" + quote("الفائدة"))
    page.select_option("select[name=source]", outlet)
    page.click(".search-form button")
    page.wait_for_url("**source=*")
    metas = page.locator("ol.hits .meta .outlet").all_inner_texts()
    assert metas and set(metas) == {outlet}


def test_open_an_article_from_search_with_residue_on_demand(server: str, watched: Watched):
    page = watched.page
    page.goto(server + "/search?q=" + quote("اليرموك"))
    first = page.locator("ol.hits > li a.article-title").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/article/*")
    assert page.locator("article h1").inner_text() == title
    assert page.locator("article .body p").count() >= 2
    # an article with removed lines shows them only when asked, with their reason codes
    with_residue = next(a for a in api(server, "/api/articles?limit=100")["items"]
                        if api(server, f"/api/articles/{a['id']}")["removed"])
    removed = api(server, f"/api/articles/{with_residue['id']}")["removed"]
    page.goto(f"{server}/article/{with_residue['id']}")
    table = page.locator(".residue table")
    assert not table.is_visible()
    page.click(".residue summary")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == len(removed)
    assert removed[0]["reason"] in table.inner_text()
    watched.shot("article")


def test_layout_is_right_to_left(server: str, watched: Watched):
    page = watched.page
    page.goto(server + "/article/1")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    width = page.viewport_size["width"]
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".header-search").bounding_box()
    # the header mirrors: brand at the right edge, the search box towards the left
    assert brand["x"] + brand["width"] > width * 0.8
    assert search["x"] < brand["x"]
    # body text hugs the right edge of its column and leaves the ragged edge on the left
    edges = page.evaluate("""() => {
        const p = document.querySelector('article .meta');
        const r = document.createRange(); r.selectNodeContents(p);
        const text = r.getBoundingClientRect(), box = p.getBoundingClientRect();
        return {gap_right: box.right - text.right, gap_left: text.left - box.left};
    }""")
    assert edges["gap_right"] < 2 and edges["gap_left"] > 50, edges
    # the article body column starts at the right of the card, not the left
    body = page.evaluate("""() => {
        const a = document.querySelector('article.article'), p = a.querySelector('.body p');
        const pad = parseFloat(getComputedStyle(a).paddingRight);
        return {gap: a.getBoundingClientRect().right - pad - p.getBoundingClientRect().right,
                dir: getComputedStyle(p).direction, align: getComputedStyle(p).textAlign};
    }""")
    assert body["dir"] == "rtl" and abs(body["gap"]) < 2, body


@pytest.mark.parametrize("where", ["article", "search", "home", "outlet"])
def test_hostile_article_renders_as_text(server: str, watched: Watched, where: str):
    page = watched.page
    ids = _hostile_ids(server)
    assert len(ids) == 3  # one each from text, HTML and JSONL
    if where == "article":
        urls = [f"{server}/article/{i}" for i in ids]
    elif where == "search":
        urls = [f"{server}/search?all=1&q=" + quote(HOSTILE_WORD)]
    elif where == "home":
        urls = [server + "/"]
    else:
        source = api(server, f"/api/articles/{ids[-1]}")["source"]
        assert "<script>" in source
        urls = [f"{server}/articles?source={quote(source)}"]
    for n, url in enumerate(urls):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate(INJECTED) == CLEAN, url
        shown = page.locator("main").inner_text()
        assert "<script>window.__xss=1</script>" in shown, url
        if where == "article":
            assert PAYLOAD in shown
        watched.shot(f"xss-{where}-{n}")


def test_phone_width_has_no_sideways_scroll(server: str, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar",
                                  is_mobile=True)
    page = context.new_page()
    try:
        story = _story_with_graph(server)["id"]
        for name, path in [("home-phone", "/"), ("article-phone", "/article/1"),
                           ("story-phone", f"/story/{story}"),
                           ("xss-story-phone", f"/story/{_hostile_story_id(server)}"),
                           ("search-phone", "/search?all=1&q=" + quote(HOSTILE_WORD))]:
            page.goto(server + path)
            page.wait_for_load_state("load")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (path, overflow)
            Watched(page).shot(name)
    finally:
        context.close()


def test_open_an_entity_from_the_home_page(server: str, dash_db, watched: Watched):
    from marsad import service
    from marsad.store import SQLiteStore

    if not hasattr(service, "entity"):
        pytest.skip("this build has no entity service yet")
    store = SQLiteStore(dash_db, readonly=True)
    try:
        top = service.entities(store, limit=1).items
    finally:
        store.close()
    if not top:
        pytest.skip("ingest found no entities (is the NER model built? see `make train-ner`)")
    page = watched.page
    page.goto(server + "/")
    first = page.locator(".top-entities a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/entity/*")
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator(".mention mark").count() >= 1
    watched.shot("entity")
    entity_path = "/entity/" + page.url.rsplit("/entity/", 1)[1]
    # a mention leads to its article, where the name is highlighted and links back
    page.locator(".mention .meta a").first.click()
    page.wait_for_url("**/article/*")
    hrefs = page.locator("article .body a.ent").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert entity_path in hrefs, (entity_path, hrefs)
    watched.shot("article-entities")


def _story_with_graph(server: str) -> dict:
    """The story whose actor graph has the most edges (the demo's Yarmouk agreement)."""
    listed = api(server, "/api/stories?limit=100")["items"]
    stories = [api(server, f"/api/stories/{s['id']}") for s in listed]
    best = max(stories, key=lambda s: len(s["graph"]["edges"]))
    if not best["graph"]["edges"]:
        pytest.skip("no story has actor-graph edges (is the NER model built?)")
    return best


def _hostile_story_id(server: str) -> int:
    ids = set(_hostile_ids(server))
    for s in api(server, "/api/stories?limit=100")["items"]:
        if ids & {a["id"] for a in api(server, f"/api/stories/{s['id']}")["articles_list"]}:
            return s["id"]
    pytest.fail("the hostile articles are in no story")


def test_open_a_story_from_the_home_page(server: str, watched: Watched):
    story = _story_with_graph(server)
    page = watched.page
    page.goto(server + "/")
    link = page.locator(f".latest-stories a[href='/story/{story['id']}']")
    assert link.inner_text() == story["title"]
    link.click()
    page.wait_for_url(f"**/story/{story['id']}")
    assert page.locator("h1").inner_text() == story["title"]
    # every summary sentence links to an article of this story
    summary = page.locator(".summary-list > li")
    assert summary.count() == len(story["summary"]) >= 1
    story_articles = {f"/article/{a['id']}" for a in story["articles_list"]}
    hrefs = page.locator(".summary-list a.src").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and set(hrefs) <= story_articles
    # the timeline: one row per event, dates in Arabic month names
    events = page.locator(".timeline .event")
    assert events.count() == len(story["timeline"]) >= 1
    first_date = events.first.locator("time").inner_text()
    assert not first_date[:4].isdigit() and "2026" in first_date, first_date
    # Cytoscape drew the graph into its canvases, one node per entity of the graph
    box = page.locator("#story-graph")
    page.wait_for_function("() => document.querySelector('#story-graph').dataset.nodes")
    assert int(box.get_attribute("data-nodes")) == len(story["graph"]["nodes"]) > 0
    assert int(box.get_attribute("data-edges")) == len(story["graph"]["edges"])
    painted = page.evaluate("""() => Array.from(document.querySelectorAll('#story-graph canvas'))
        .some(c => { if (!c.width || !c.height) return false;
                     const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                     for (let i = 3; i < d.length; i += 4) { if (d[i]) return true; }
                     return false; })""")
    assert painted
    assert page.locator(".legend li").count() == 8
    watched.shot("story")
    # a click on a node opens its entity page. The full-page screenshot resized the
    # window, which leaves Cytoscape's cached offsets stale: open the page afresh.
    page.goto(page.url)
    page.wait_for_function("() => document.querySelector('#story-graph').dataset.nodes")
    box.scroll_into_view_if_needed()
    node = page.evaluate("""() => {
        const box = document.querySelector('#story-graph'), n = box._cyreg.cy.nodes()[0];
        const r = box.getBoundingClientRect(), p = n.renderedPosition();
        return {x: r.left + p.x, y: r.top + p.y, id: n.data('entity'), name: n.data('label')};
    }""")
    page.mouse.move(node["x"], node["y"])
    page.mouse.click(node["x"], node["y"])
    # (page.url can lag a navigation started from a canvas handler: ask the document)
    page.locator(".entity-head h1").wait_for(timeout=5000)
    assert page.evaluate("location.pathname") == f"/entity/{node['id']}"
    assert page.locator("h1").inner_text().startswith(node["name"])


def test_stories_list_toggles_between_latest_and_biggest(server: str, watched: Watched):
    page = watched.page
    page.goto(server + "/")
    page.click(".site-nav a[href='/stories']")
    page.wait_for_url("**/stories")
    rows = page.locator(".stories .story-row")
    recent = api(server, "/api/stories?limit=100&min_articles=2")["items"]
    assert rows.count() == len(recent) >= 2
    watched.shot("stories")
    page.click("a[href='/stories?order=size']")
    page.wait_for_url("**order=size")
    biggest = api(server, "/api/stories?limit=100&order=size")["items"]
    unique = [s["articles"] for s in biggest]  # duplicates do not make a story bigger
    assert unique == sorted(unique, reverse=True) and unique[0] > unique[-1]
    hrefs = page.locator(".story-row > a.article-title").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [f"/story/{s['id']}" for s in biggest]
    assert hrefs != [f"/story/{s['id']}" for s in recent]


def test_hostile_story_and_quote_render_as_text(server: str, watched: Watched):
    page = watched.page
    sid = _hostile_story_id(server)
    page.goto(f"{server}/story/{sid}")
    page.wait_for_load_state("load")
    assert page.evaluate(INJECTED) == CLEAN
    shown = page.locator("main").inner_text()
    assert "<script>window.__xss=1</script>" in shown
    quote_text = page.locator(".quote blockquote").all_inner_texts()
    assert any(PAYLOAD in q for q in quote_text), quote_text
    watched.shot("xss-story-0")
    # the speaker's entity page lists the same quotation, still as text
    page.locator(".quote .speaker a").first.click()
    page.wait_for_url("**/entity/*")
    assert page.evaluate(INJECTED) == CLEAN
    assert any(PAYLOAD in q for q in page.locator(".quote blockquote").all_inner_texts())


def test_api_docs_render_with_no_network_but_ours(server: str, browser):
    # issue 16: /docs fetched Swagger UI from a CDN and stayed blank offline
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def only_ours(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:  # ReDoc's "powered by" logo is an image from its CDN: blocked, harmless
            if route.request.resource_type != "image":
                outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_ours)
    page = context.new_page()
    try:
        page.goto(f"{server}/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        assert page.locator(".opblock").count() >= 20  # one per documented route
        assert "/api/search" in page.inner_text("body")
        page.goto(f"{server}/redoc")
        page.wait_for_function("document.body.innerText.includes('/api/search')",
                               timeout=15_000)
        assert outside == []
    finally:
        context.close()


def test_attention_from_a_search_then_compare_two_queries(server: str, watched: Watched):
    page = watched.page
    page.goto(server + "/search?q=" + quote("الفائدة"))
    page.click("a[href^='/attention?']")
    page.wait_for_url("**/attention?*")
    assert page.locator(".search-form input[name=q]").nth(0).input_value() == "الفائدة"
    page.locator(".search-form input[name=q]").nth(1).fill("الحكومة")
    page.select_option("select[name=by]", "month")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**by=month*")
    page.wait_for_function("() => window.Chart && Chart.getChart('attention-share')")
    drawn = page.evaluate("""() => ['attention-count', 'attention-share'].map(id => {
        const c = Chart.getChart(id);
        return c.data.datasets.map(d => ({label: d.label,
                                          sum: d.data.reduce((a, b) => a + b, 0)}));
    })""")
    want = api(server, "/api/attention?q=" + quote("الفائدة") + "&q=" + quote("الحكومة")
               + "&by=month")
    counts, shares = drawn
    assert [d["label"] for d in counts] == [s["query"] for s in want["series"]]
    assert [d["sum"] for d in counts] == [s["count"] for s in want["series"]]
    assert all(d["sum"] > 0 for d in shares)
    assert page.locator("a[download]", has_text="CSV").get_attribute("href").startswith(
        "/api/attention.csv?")
    # the listing export beside it: one row per query and period (issue 16)
    href = page.locator("a[download]", has_text="JSONL").get_attribute("href")
    rows = page.request.get(urljoin(page.url, href)).text().splitlines()
    assert len(rows) == sum(len(s["points"]) for s in want["series"]) > 0
    watched.shot("attention")


@pytest.mark.parametrize(("width", "most"), [(1280, 15), (390, 6)])
def test_the_actor_graph_names_only_its_busiest_nodes(server: str, browser, width, most):
    # issue 16: every node's label at once was an unreadable block at desktop and phone
    # width. The dashboard's own scripts draw a 40-actor graph (the demo's is too small).
    nodes = [{"id": i, "name": f"فاعل {i}", "type": "PER", "mentions": 100 - i}
             for i in range(40)]
    edges = [{"source": i, "target": (i * 7 + 3) % 40, "quad": 1 + i % 4, "count": 2,
              "mutual": False} for i in range(40)]
    data = json.dumps({"nodes": nodes, "edges": edges}, ensure_ascii=False)
    html = (f'<!doctype html><html dir="rtl"><body><div class="graph-box" id="g" '
            f'data-graph="g-data" style="width:100%;height:500px"></div>'
            f'<script type="application/json" id="g-data">{data}</script>'
            f'<script src="{server}/static/vendor/{CYTOSCAPE}"></script>'
            f'<script src="{server}/static/marsad.js"></script></body></html>')
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ar")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content(html)
    page.wait_for_function("() => document.querySelector('#g').dataset.labelled")
    box = page.locator("#g")
    assert int(box.get_attribute("data-nodes")) == 40
    assert int(box.get_attribute("data-labelled")) == most
    context.close()
    assert errors == []
