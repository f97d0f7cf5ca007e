"""The dashboard's HTML over HTTP (no browser): escaping, links, errors, the JSON it adds."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from tests.browser.conftest import HOSTILE_WORD, PAYLOAD

from marsad.server.dashboard import json_script, text_segments


@pytest.fixture(scope="module")
def client(dash_db):
    from fastapi.testclient import TestClient

    from marsad.server import create_app

    return TestClient(create_app(str(dash_db), None))


class _Tags(HTMLParser):
    """Every start tag with its attributes, as the browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_json_for_a_script_element_cannot_close_it():
    data = {"title": "</script><script>alert(1)</script> & <!--"}
    out = str(json_script(data))
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == data


def test_entity_marks_split_the_text_without_losing_any_of_it():
    text = "قال أحمد في عمّان\nثم غادر عمّان"
    a, b, c = text.index("أحمد"), text.index("عمّان"), text.rindex("عمّان")
    marks = [{"start": c, "end": c + 5, "entity_id": 2},  # any order
             {"start": a, "end": a + 4, "entity_id": 1}, {"start": b, "end": b + 5, "entity_id": 2},
             {"start": b + 1, "end": b + 3, "entity_id": 3},  # overlaps the one before: dropped
             {"start": b + 3, "end": c, "entity_id": 5},  # crosses the paragraph break: dropped
             {"start": c + 2, "end": 99, "entity_id": 4}]  # past the end: dropped
    paras = text_segments(text, marks)
    assert ["".join(t for t, _ in p) for p in paras] == text.split("\n")
    assert [(t, m["entity_id"]) for p in paras for t, m in p if m] == [
        ("أحمد", 1), ("عمّان", 2), ("عمّان", 2)]


def test_hostile_pages_hold_no_injected_markup(client):
    ids = [h["id"] for h in client.get(
        "/api/search", params={"q": HOSTILE_WORD, "all": "true"}).json()["items"]]
    assert len(ids) == 3
    source = client.get(f"/api/articles/{ids[-1]}").json()["source"]
    pages = ["/", f"/search?all=1&q={quote(HOSTILE_WORD)}", f"/articles?source={quote(source)}",
             *[f"/article/{i}" for i in ids]]
    for url in pages:
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert "script-src 'self'" in resp.headers["content-security-policy"]
        tags = _tags(resp.text)
        assert not [t for t, a in tags if t in ("img", "svg", "iframe", "object")], url
        assert not [a for _t, a in tags if any(k.startswith("on") for k in a)], url
        scripts = [a for t, a in tags if t == "script"]
        assert all(a.get("type") == "application/json" or a.get("src", "").startswith("/static/")
                   for a in scripts), url
        hrefs = [a.get("href") or "" for t, a in tags if t == "a"]
        assert not [h for h in hrefs if re.match(r"\s*(javascript|data):", h, re.I)], url
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in resp.text, url
    page = client.get(f"/article/{ids[-1]}").text
    assert PAYLOAD.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in page


def test_missing_pages_are_html_404s(client):
    for url in ["/article/999999", "/entity/999999"]:
        resp = client.get(url)
        assert resp.status_code == 404 and resp.headers["content-type"].startswith("text/html")
        assert 'dir="rtl"' in resp.text
    assert client.get("/article/0").status_code == 422


def test_volume_counts_every_dated_article_once(client):
    items = client.get("/api/articles", params={"limit": 1000}).json()["items"]
    dated = [a for a in items if a["published"]]
    for by in ("day", "month", "year"):
        vol = client.get("/api/volume", params={"by": by}).json()
        assert sum(v["articles"] for v in vol) == len(dated)
        # the periods holding articles are those of the dated articles; the ones between
        # are there too, as 0, so the axis is continuous (issue 16)
        assert [v["period"] for v in vol if v["articles"]] == sorted(
            {a["published"][:len(vol[0]["period"])] for a in dated})
        assert len({v["period"] for v in vol}) == len(vol)
    assert client.get("/api/volume", params={"by": "week"}).status_code == 422


def test_latest_and_outlets_agree_with_the_article_list(client):
    items = client.get("/api/articles", params={"limit": 1000}).json()["items"]
    latest = client.get("/api/latest", params={"limit": 1000}).json()
    assert latest["total"] == len(items)
    dates = [a["published"] for a in latest["items"] if a["published"]]
    assert dates == sorted(dates, reverse=True)
    outlets = {o["source"]: o["articles"] for o in client.get("/api/outlets").json()}
    for name, n in outlets.items():
        assert n == sum(a["source"] == name for a in items)


def test_static_files_are_served_locally(client):
    home = client.get("/").text
    srcs = re.findall(r'<script[^>]+src="([^"]+)"', home)
    assert srcs and all(s.startswith("/static/") for s in srcs)
    for src in srcs:
        assert client.get(src).status_code == 200
    assert "cdn" not in home.lower()


def test_an_entity_page_is_reached_by_id_or_by_name(client):
    from marsad import service

    if not hasattr(service, "entities"):
        pytest.skip("this build has no entity service yet")
    top = client.get("/").text
    ids = re.findall(r'<a href="/entity/(\d+)">([^<]+)</a>', top)
    if not ids:
        pytest.skip("ingest found no entities (is the NER model built? see `make train-ner`)")
    eid, name = ids[0]
    by_id = client.get(f"/entity/{eid}")
    by_name = client.get("/entity/" + quote(name))
    assert by_id.status_code == by_name.status_code == 200
    assert f"<h1>{name} " in by_id.text and f"<h1>{name} " in by_name.text
    assert client.get("/entity/" + "9" * 30).status_code == 404


def _hostile_story(client) -> dict:
    ids = {h["id"] for h in client.get(
        "/api/search", params={"q": HOSTILE_WORD, "all": "true"}).json()["items"]}
    for s in client.get("/api/stories", params={"limit": 100}).json()["items"]:
        story = client.get(f"/api/stories/{s['id']}").json()
        if ids & {a["id"] for a in story["articles_list"]}:
            return story
    pytest.fail("the hostile articles are in no story")


def test_story_pages_hold_no_injected_markup(client):
    story = _hostile_story(client)
    # the payload reaches the story through its title, summary, outlets and a quotation
    assert PAYLOAD in story["title"] and any(PAYLOAD in s["text"] for s in story["summary"])
    assert any(PAYLOAD in q["text"] for q in story["quotes"])
    speaker = next(q["speaker_entity_id"] for q in story["quotes"] if PAYLOAD in q["text"])
    for url in [f"/story/{story['id']}", "/stories", "/stories?order=size", "/",
                f"/entity/{speaker}", "/graph"]:
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert "script-src 'self'" in resp.headers["content-security-policy"]
        tags = _tags(resp.text)
        assert not [t for t, a in tags if t in ("img", "svg", "iframe", "object")], url
        assert not [a for _t, a in tags if any(k.startswith("on") for k in a)], url
        assert all(a.get("type") == "application/json" or a.get("src", "").startswith("/static/")
                   for t, a in tags if t == "script"), url
        if url != "/graph":
            assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in resp.text, url
    quoted = client.get(f"/entity/{speaker}").text
    assert "«الحجارة &lt;script&gt;window.__xss=1&lt;/script&gt;&lt;img" in quoted


def test_story_page_shows_what_the_service_returns(client):
    listed = client.get("/api/stories", params={"limit": 100}).json()["items"]
    story = max((client.get(f"/api/stories/{s['id']}").json() for s in listed),
                key=lambda s: len(s["graph"]["edges"]))
    if not story["graph"]["edges"]:
        pytest.skip("no story has actor-graph edges (is the NER model built?)")
    page = client.get(f"/story/{story['id']}").text
    # the graph data the script draws: every node and edge, and no evidence text
    data = json.loads(re.search(r'<script type="application/json" id="story-graph-data">'
                                r"(.*?)</script>", page, re.S)[1])
    assert {n["id"] for n in data["nodes"]} == {n["id"] for n in story["graph"]["nodes"]}
    assert len(data["edges"]) == len(story["graph"]["edges"])
    assert all(set(e) == {"source", "target", "quad", "count", "mutual"} for e in data["edges"])
    # each timeline event lists its outlets, each linking to the article it came from
    for event in story["timeline"]:
        for src in event["sources"]:
            assert f'href="/article/{src["article_id"]}"' in page
    # duplicates in the article list are marked and point at their original
    for a in story["articles_list"]:
        if a["duplicate_of"]:
            assert f'href="/article/{a["duplicate_of"]}" title="نسخة من المقال' in page
    for q in story["quotes"]:
        if q["speaker_entity_id"]:
            assert f'href="/entity/{q["speaker_entity_id"]}"' in page
    assert client.get("/story/999999").status_code == 404
    assert client.get("/story/0").status_code == 422


def test_timeline_names_each_outlet_once_with_a_count():
    # issue 16: corroboration read «alarabia · alarabia · …» instead of a count
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from marsad.server.dashboard import TEMPLATE_DIR, by_outlet

    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape())
    env.filters["by_outlet"] = by_outlet
    env.filters["outlet_name"] = lambda n: {"bbc": "بي بي سي"}.get(n, n)  # one renamed
    macro = env.get_template("_sources.html").module.event_sources
    sources = [{"article_id": 7, "source": "alarabia", "title": "أ"},
               {"article_id": 9, "source": "bbc", "title": "ب"},
               {"article_id": 8, "source": "alarabia", "title": "ج"},
               {"article_id": 3, "source": None, "title": "د"}]
    out = str(macro(sources))
    assert out.count("<bdi>alarabia</bdi>") == 1 and "×2" in out
    assert out.count("<bdi>بي بي سي</bdi>") == 1 and "مصدر غير معروف" in out
    for aid in (7, 9, 8, 3):  # every article still linked
        assert f'href="/article/{aid}"' in out


def test_the_graph_page_is_in_the_menu(client):
    # issue 16: /graph existed but no page linked to it
    home = client.get("/").text
    assert 'href="/graph"' in home
    graph = client.get("/graph").text
    assert 'href="/graph" aria-current="page"' in graph
