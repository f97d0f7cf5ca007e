"""The knowledge routes over the demo corpus: entities, stories, quotes, timelines, graph."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.server.api import create_app


@pytest.fixture
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(str(demo_db), None))


def test_entities_page_and_lookup_by_any_spelling(client: TestClient) -> None:
    page = client.get("/api/entities", params={"limit": 5}).json()
    assert page["total"] > 5 and len(page["items"]) == 5
    top = page["items"][0]
    one = client.get(f"/api/entities/{top['id']}").json()
    assert one["id"] == top["id"] and one["mentions_in_context"]
    by_name = client.get("/api/entity", params={"name": top["name"]}).json()
    assert by_name["id"] == top["id"]
    assert client.get("/api/entity", params={"name": "zzzz qqqq"}).status_code == 404
    assert client.get("/api/entities", params={"type": "XYZ"}).status_code == 422
    people = client.get("/api/entities", params={"type": "PER"}).json()["items"]
    assert people and all(e["type"] == "PER" for e in people)


def test_stories_story_timeline_and_quotes(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"order": "size"}).json()
    assert stories["items"], "the demo corpus has five multi-article stories"
    sid = stories["items"][0]["id"]
    story = client.get(f"/api/stories/{sid}").json()
    assert story["summary"] and story["outlets"] and story["articles_list"]
    assert {"nodes", "edges"} <= set(story["graph"])
    timeline = client.get("/api/timeline", params={"story": sid}).json()
    assert timeline["events"] == story["timeline"][: len(timeline["events"])]
    assert client.get("/api/timeline").status_code == 400  # neither a story nor an entity
    assert client.get("/api/stories/999999").status_code == 404
    quotes = client.get("/api/quotes", params={"limit": 3}).json()
    assert len(quotes["items"]) == 3
    for q in quotes["items"]:
        assert q["text"] and q["cue"]


def test_graph_and_search_filters(client: TestClient) -> None:
    graph = client.get("/api/graph").json()
    ids = {n["id"] for n in graph["nodes"]}
    for e in graph["edges"]:
        assert e["source"] in ids and e["target"] in ids and 1 <= e["quad"] <= 4
        assert e["evidence"]
    assert client.get("/api/graph", params={"quad": 7}).status_code == 422
    stories = client.get("/api/stories").json()["items"]
    hits = client.get("/api/search", params={"q": "الفائدة", "story": stories[0]["id"]})
    assert hits.status_code == 200


def test_an_article_links_its_story_quotes_and_dates(client) -> None:
    # issue 16: an article page had no link to its story, its quotes or its resolved dates
    quoted = client.get("/api/quotes", params={"limit": 1}).json()["items"][0]
    art = client.get(f"/api/articles/{quoted['article_id']}").json()
    assert art["story"] is not None and art["story"]["articles"] >= 1
    assert any(q["text"] == quoted["text"] for q in art["quotes"])
    assert all(art["text"][d["start"]:d["end"]] == d["text"] for d in art["dates"])
    page = client.get(f"/article/{quoted['article_id']}").text
    assert f'href="/story/{art["story"]["id"]}"' in page and 'class="quote"' in page


def test_the_entities_page_browses_by_type_and_spelling(client) -> None:
    # issue 16: /entities was a 404
    people = client.get("/api/entities", params={"type": "per", "limit": 3}).json()["items"]
    page = client.get("/entities", params={"type": "PER"}).text
    assert all(f'href="/entity/{e["id"]}"' in page for e in people)
    recent = client.get("/api/entities", params={"sort": "recent", "limit": 50}).json()["items"]
    seen = [e["last_seen"] for e in recent if e["last_seen"]]
    assert seen == sorted(seen, reverse=True)
    assert client.get("/api/entities", params={"sort": "bogus"}).status_code == 422
    assert 'href="/entities"' in client.get("/").text


def test_rising_stories_count_what_their_window_holds(client) -> None:
    # issue 16: NewsBrief's "top stories": coverage that grows fastest in the last hours
    every = [json.loads(x) for x in client.get("/api/export.jsonl").text.splitlines()]
    found = client.get("/api/stories/rising", params={"hours": 8760}).json()
    assert found["items"], "the demo corpus has stories in its last year"
    now = datetime.fromisoformat(found["now"])
    mid, start = now - timedelta(hours=8760), now - timedelta(hours=2 * 8760)
    for s in found["items"]:
        members = [a for a in every if a["story_id"] == s["id"] and a["duplicate_of"] is None
                   and a["published"]]
        when = [(datetime.fromisoformat(a["published"][:19]), a["source"]) for a in members]
        recent = [src for t, src in when if mid <= t <= now]
        assert s["recent"] == len(recent)
        assert s["recent_outlets"] == len({src for src in recent if src is not None})
        assert s["before"] == sum(start <= t < mid for t, _ in when)
    scores = [s["score"] for s in found["items"]]
    assert scores == sorted(scores, reverse=True)
    page = client.get("/stories", params={"order": "rising", "hours": 8760}).text
    assert all(f'href="/story/{s["id"]}"' in page for s in found["items"])


def test_the_knowledge_listings_export_with_their_filters(client) -> None:
    # issue 16: every listing exports with its filters (JSONL, CSV with a BOM)
    import csv
    import io

    listed = client.get("/api/quotes", params={"limit": 1000}).json()
    got = [json.loads(x) for x in client.get("/api/export/quotes.jsonl").text.splitlines()]
    assert len(got) == listed["total"] and got == listed["items"]  # streamed, same order
    sid = max(client.get("/api/stories", params={"limit": 100}).json()["items"],
              key=lambda st: st["articles"])["id"]
    in_story = client.get("/api/quotes", params={"story": sid, "limit": 1000}).json()
    assert 1 <= in_story["total"] < listed["total"]
    assert [json.loads(x) for x in client.get(
        "/api/export/quotes.jsonl", params={"story_id": sid}).text.splitlines()] == \
        in_story["items"]
    people = client.get("/api/entities", params={"type": "PER", "limit": 1000}).json()
    resp = client.get("/api/export/entities.csv", params={"etype": "PER"})
    assert resp.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [e["id"] for e in people["items"]]
    assert json.loads(rows[0]["aliases"]) == people["items"][0]["aliases"]
    for e in people["items"][:20]:  # a page's names, read in one go, as one entity's are
        one = client.get(f"/api/entities/{e['id']}").json()
        assert e["aliases"] == one["aliases"][:8] and e["roles"] == one["roles"]
    import pyarrow.parquet as pq

    resp = client.get("/api/export/entities.parquet", params={"etype": "PER"})
    assert resp.status_code == 200 and resp.content.startswith(b"PAR1")
    table = pq.read_table(io.BytesIO(resp.content)).to_pylist()
    assert [r["id"] for r in table] == [e["id"] for e in people["items"]]
    assert json.loads(table[0]["aliases"]) == people["items"][0]["aliases"]
    assert client.get("/api/export/entities.parquet", params={"x": "1"}).status_code == 422
    assert client.get("/api/export/quotes.csv", params={"spekaer": "x"}).status_code == 422
    assert client.get("/api/export/stories.jsonl", params={"min_articles": "x"}).status_code == 422
    page = client.get("/entities", params={"type": "PER"}).text
    assert "/api/export/entities.csv?etype=PER" in page


def test_timeline_and_attention_export_what_their_routes_show(client) -> None:
    # issue 16: the timeline and attention listings export too (JSONL, CSV, Parquet)
    import csv
    import io

    import pyarrow.parquet as pq

    story = client.get("/api/stories", params={"min_articles": 2}).json()["items"][0]["id"]
    events = client.get("/api/timeline", params={"story": story}).json()["events"]
    got = [json.loads(x) for x in
           client.get("/api/export/timeline.jsonl", params={"story_id": story}).text.splitlines()]
    assert got == events and events
    table = pq.read_table(io.BytesIO(client.get("/api/export/timeline.parquet",
                                                params={"story_id": story}).content))
    assert table.column("date").to_pylist() == [e["date"] for e in events]
    assert client.get("/api/export/timeline.csv", params={"story_id": 999999}).status_code == 404
    assert client.get("/api/export/timeline.csv").status_code == 422  # no story, no entity
    shown = client.get("/api/attention.csv", params=[("q", "الإسكندرية"), ("q", "اليرموك"),
                                                      ("by", "month")])
    exported = client.get("/api/export/attention.csv",
                          params={"q": "الإسكندرية;اليرموك", "by": "month"})
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows == list(csv.reader(io.StringIO(shown.content.decode("utf-8-sig"))))
    assert len({r[1] for r in rows[1:]}) == 2  # both queries, one row per period each
    assert client.get("/api/export/attention.jsonl", params={"by": "month"}).status_code == 422
    assert client.get("/api/export/attention.jsonl",
                      params={"q": "x", "by_source": "maybe"}).status_code == 422
    assert f"/api/export/timeline.csv?story_id={story}" in client.get(f"/story/{story}").text
    page = client.get("/attention", params=[("q", "الإسكندرية"), ("q", "اليرموك")]).text
    assert "/api/export/attention.jsonl?q=" in page
