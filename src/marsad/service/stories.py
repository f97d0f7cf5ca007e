"""Stories, quotes, timelines and the actor graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from marsad.errors import ConfigError, InputError, NotFound
from marsad.service.common import MAX_PAGE, Page
from marsad.service.entities import find_entities
from marsad.store.base import Store

# Articles of a story given to the summariser: the most central ones carry the story,
# and a summary over hundreds of near-identical reports costs time without gain.
SUMMARY_ARTICLES = 30


def stories(store: Store, limit: int = 50, offset: int = 0, min_articles: int = 1,
            order: str = "recent") -> Page:
    """A page of stories, latest activity first (or biggest first with order="size")."""
    if order not in ("recent", "size"):
        raise ConfigError(f"unknown order {order!r} (use recent or size)")
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    items = store.list_stories(limit, offset, min_articles=min_articles, order=order)
    for item in items:
        item["entities"] = store.story_entities(item["id"], limit=5)
    return Page(items, store.count_stories(min_articles), limit, offset)


def rising(store: Store, hours: int = 24, limit: int = 20,
           now: str | None = None) -> dict[str, Any]:
    """Stories whose coverage grows fastest: canonical articles (and outlets) in the last
    `hours` up to `now` (default: the latest article stored, so an archive has a "now"),
    against the `hours` before. score = articles × outlets / (1 + articles before)."""
    from datetime import datetime, timedelta

    if not 1 <= hours <= 24 * 365:
        raise InputError("hours must be between 1 and 8760")
    end = now or store.latest_published()
    if end is None:
        return {"now": None, "hours": hours, "items": []}
    try:
        t = datetime.fromisoformat(end[:19])
    except ValueError as exc:
        raise InputError(f"bad time {end!r}: use YYYY-MM-DD[THH:MM:SS]") from exc
    fmt = "%Y-%m-%dT%H:%M:%S"
    mid, start = (t - timedelta(hours=hours)).strftime(fmt), \
        (t - timedelta(hours=2 * hours)).strftime(fmt)
    items = store.rising_stories(start, mid, t.strftime(fmt), max(1, min(limit, MAX_PAGE)))
    for item in items:
        item["entities"] = store.story_entities(item["id"], limit=5)
    return {"now": t.strftime(fmt), "hours": hours, "items": items}


def story(store: Store, story_id: int, summary_sentences: int = 5) -> dict[str, Any]:
    """One story: summary, timeline, outlets, articles, entities, quotes."""
    from marsad.stages.summarize import summarize
    from marsad.stories import timeline as tl

    found = store.get_story(story_id)
    if found is None:
        raise NotFound(f"no story with id {story_id}")
    arts = store.story_articles(story_id)
    canonical = [a for a in arts if a["duplicate_of"] is None]
    central = sorted(canonical, key=lambda a: -(a["similarity"] or 1.0))[:SUMMARY_ARTICLES]
    picked = summarize([(a["text"] or "", a["title"]) for a in central],
                       max_sentences=summary_sentences)
    found["summary"] = [{"article_id": central[s.doc_index]["id"], "start": s.start,
                         "end": s.end, "text": s.text} for s in picked]
    events = tl.build(arts, store.timex_rows([a["id"] for a in arts]))
    found["timeline"] = [e.as_dict() for e in events]
    outlets: dict[str, int] = {}
    for a in arts:
        outlets[a["source"] or "?"] = outlets.get(a["source"] or "?", 0) + 1
    found["outlets"] = [{"source": k, "articles": v}
                        for k, v in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))]
    found["articles_list"] = [
        {**{k: a[k] for k in ("id", "title", "published", "source", "url", "duplicate_of",
                              "similarity")},
         "uncertain": a["similarity"] is not None and a["similarity"] < UNCERTAIN_MEMBER}
        for a in arts]
    found["entities"] = store.story_entities(story_id)
    found["quotes"] = [_quote(q) for q in store.quote_rows(story_id=story_id, limit=100)]
    found["graph"] = graph_dict(store, story_id=story_id)
    found["thread"] = store.story_thread(story_id)  # earlier and later chapters
    return found


def quotes(store: Store, speaker: str | None = None, via: str | None = None,
           story_id: int | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Who said what: quotations, newest first, by speaker (any spelling) and/or outlet."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    speaker_ids = find_entities(store, speaker) if speaker else None
    items = [_quote(q) for q in store.quote_rows(story_id=story_id, speaker_ids=speaker_ids,
                                                 via=via, limit=limit, offset=offset)]
    # the true total (it was offset + limit + 1, "more to come", which users read as a
    # count), under the same filters
    total = store.count_quotes(story_id=story_id, speaker_ids=speaker_ids, via=via)
    return Page(items, total, limit, offset)


def iter_quotes(store: Store, speaker: str | None = None, via: str | None = None,
                story_id: int | None = None) -> Iterator[dict[str, Any]]:
    """Every quote `quotes` would list, in its order, streamed (for exports)."""
    speaker_ids = find_entities(store, speaker) if speaker else None
    for row in store.iter_quote_rows(story_id=story_id, speaker_ids=speaker_ids, via=via):
        yield _quote(row)


# A speaker found a way that is right less often than this (stages/quotes.py
# SPEAKER_CONFIDENCE, measured on the quote dev gold) is shown as uncertain.
UNCERTAIN_SPEAKER = 0.7
# A story member the link model gave less than this probability when it joined
# (writer/stories.py) is shown as an uncertain member.
UNCERTAIN_MEMBER = 0.5


def _quote(row: dict[str, Any]) -> dict[str, Any]:
    conf = row.get("speaker_confidence")
    row["speaker_uncertain"] = bool(row.get("speaker")) and conf is not None \
        and conf < UNCERTAIN_SPEAKER
    return row


def timeline(store: Store, story_id: int | None = None,
             entity_ref: str | int | None = None, limit: int = 200) -> dict[str, Any]:
    """Dated events of a story or an entity, merged across outlets, oldest first."""
    from marsad.stories import timeline as tl

    if (story_id is None) == (entity_ref is None):
        raise ConfigError("give a story or an entity, not both")
    if story_id is not None:
        if store.get_story(story_id) is None:
            raise NotFound(f"no story with id {story_id}")
        members = store.story_articles(story_id)
        events = tl.build(members, store.timex_rows([a["id"] for a in members]))
        return {"story_id": story_id, "events": [e.as_dict() for e in events[:limit]]}
    ids = find_entities(store, str(entity_ref))  # an id, in range, or a name
    ent = store.get_entity(ids[0]) if ids else None
    if ent is None:
        raise NotFound(f"no entity matches {entity_ref!r}")
    rows = store.entity_mentions(ids[0], limit=MAX_PAGE)
    spans: dict[int, list[tuple[int, int]]] = {}
    arts: dict[int, dict[str, Any]] = {}
    for r in rows:
        spans.setdefault(r["article_id"], []).append((r["start"], r["end"]))
        arts[r["article_id"]] = {"id": r["article_id"], "text": r["text"], "source": r["source"],
                                 "title": r["title"], "published": r["published"]}
    events = tl.build(list(arts.values()), store.timex_rows(list(arts)), must_mention=spans)
    return {"entity": {"id": ent["id"], "name": ent["name"], "type": ent["type"]},
            "events": [e.as_dict() for e in events[:limit]]}


# ---------------------------------------------------------------------------- actor graph
GRAPH_FORMATS = ("json", "graphml", "gexf")


def graph(store: Store, story_id: int | None = None, entity: str | int | None = None,
          since: str | None = None, until: str | None = None, min_count: int = 1,
          quads: list[int] | None = None) -> Any:
    """The actor graph (`stories.graph.Graph`): who does what to whom, with evidence.

    Narrowed to a story, to the edges of one entity, to a date range, to edges seen at
    least `min_count` times, or to some quad classes (1..4).
    """
    from marsad.stories import graph as g

    entity_id = None
    if entity is not None and entity != "":
        ids = find_entities(store, str(entity))  # an id, in range, or a name
        if not ids or store.get_entity(ids[0]) is None:
            raise NotFound(f"no entity matches {entity!r}")
        entity_id = ids[0]
    if story_id is not None and store.get_story(story_id) is None:
        raise NotFound(f"no story with id {story_id}")
    rows = list(store.event_rows(story_id=story_id, entity_id=entity_id, since=since,
                                 until=until))
    actors = {r[8] for r in rows} | {r[9] for r in rows}
    entities = store.entity_rows(sorted(actors), names=g.state_names())
    return g.build_graph(rows, entities, min_count=max(1, min_count), quads=quads)


def graph_dict(store: Store, **kwargs: Any) -> dict[str, Any]:
    """The actor graph as plain data (nodes, edges with evidence)."""
    from marsad.stories import graph as g

    return g.graph_dict(graph(store, **kwargs))
