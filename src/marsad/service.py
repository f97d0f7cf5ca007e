"""The one service layer: the CLI, the HTTP API and the dashboard all call these.

Functions take a `Store` (and plain arguments), return plain data, and raise only
`marsad.errors`. No printing, no HTTP types, no SQL here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

from marsad import exporters, watches
from marsad.errors import ConfigError, InputError, NotFound
from marsad.ingest import ReadOptions
from marsad.periods import continuous, span_days
from marsad.runners.local import IngestSummary, LocalRunner
from marsad.store.base import Store

# A listing never returns more than this per page; exports are the uncapped path.
MAX_PAGE = 1000


@dataclass(slots=True)
class Page:
    """One page of a listing, with what a client needs to ask for the next one."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit,
                "offset": self.offset}


def ingest(
    store: Store,
    targets: list[str],
    opts: ReadOptions | None = None,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    annotations: bool = True,
) -> IngestSummary:
    """Read, clean, deduplicate and store `targets` (paths, globs, URLs, "-").

    `annotations=False`: core pipeline only (text, duplicates, search index); entities,
    dates, quotes and stories come later with `annotate`.
    """
    summary = LocalRunner(store, workers=workers, annotations=annotations).run(
        targets, opts, on_progress)
    if summary.new and getattr(store, "watches", None) and store.watches():
        summary.alerts = watches.run(store)["new_alerts"]  # each new batch runs the watches
    return summary


def list_articles(store: Store, limit: int = 50, offset: int = 0, **filters: Any) -> Page:
    """A page of stored articles (metadata only), oldest first."""
    limit = max(1, min(limit, MAX_PAGE))
    return Page(store.list_articles(limit=limit, offset=max(0, offset), **filters),
                store.count_articles(**filters), limit, max(0, offset))


def search(
    store: Store,
    query: str,
    limit: int = 20,
    offset: int = 0,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    collapse_duplicates: bool = True,
    entity: str | int | None = None,
    story_id: int | None = None,
) -> dict[str, Any]:
    """Ranked articles matching `query` with highlighted snippets; never fails on syntax.

    `entity` (id or name in any spelling) and `story_id` narrow to articles naming that
    entity / in that story. A query in Latin script close to an entity's Latin name
    ("Kim Jong Un") also searches the entity's Arabic names, and an Arabic name spelled
    otherwise than a stored alias (ترمب/ترامب) its variants; `expanded` then says so.
    """
    from marsad import query as query_syntax
    from marsad.snippets import snippet

    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    page: dict[str, Any] = {"items": [], "total": 0, "limit": limit, "offset": offset,
                            "query": query}
    entity_id = None
    if entity is not None and entity != "":
        ids = [int(entity)] if isinstance(entity, int) or str(entity).isdigit() \
            else find_entities(store, str(entity))
        if not ids or store.get_entity(ids[0]) is None:
            page.update(terms=[], note=f"no entity matches {entity!r}")
            return page
        entity_id = ids[0]
    expanded = _expand_query(store, query)
    if expanded is not None:
        page["entity"], page["expanded"], query = expanded
    parsed = query_syntax.parse(query)
    page["terms"] = parsed.terms
    if parsed.match is None:
        page["note"] = parsed.note
        return page
    total, rows = store.search(parsed.match, limit, offset,
                               collapse_duplicates=collapse_duplicates, since=since,
                               until=until, source=source, lang=lang, entity_id=entity_id,
                               story_id=story_id)
    for row in rows:
        row.update(snippet(row.pop("text") or "", parsed.terms))
        row["score"] = round(row["score"], 4)
    page.update(items=rows, total=total)
    return page


def _expand_query(store: Store, query: str) -> tuple[dict[str, Any], dict[str, Any], str] | None:
    """(entity, expansion shown to the user, expanded query) when a plain query names a
    stored entity: in Latin close to its Latin name ("Messi" → ميسي), or in Arabic a
    spelling variant of one of its aliases (ترمب → ترامب). None: the query runs as typed."""
    from marsad import expand
    from marsad.arabic.tokenize import tokenize

    words = query.split()
    if not words or len(words) > 6 \
            or any(w.upper() == "OR" or w.startswith(("-", '"')) for w in words):
        return None
    if any(t.kind == "word" for t in tokenize(query)):
        found = expand.arabic_variants(store, query)
        if found is None:
            return None
        ent, names = found
    else:
        ids = expand.latin_entities(store, query)
        ent = store.get_entity(ids[0]) if ids else None
        if ent is None:
            return None
        names = [a["alias"] for a in ent["aliases"][:expand.EXPAND_ALIASES]] or [ent["name"]]
        names = list(dict.fromkeys([ent["name"], *names]))
    phrases = " OR ".join(f'"{n}"' for n in names)
    brief = {"id": ent["id"], "name": ent["name"], "latin": ent["latin"]}
    return brief, {"from": query, "to": names, "entity": brief}, f'{phrases} OR "{query}"'


def article(store: Store, article_id: int) -> dict[str, Any]:
    """One article: clean text, removed lines with reasons, its duplicate group."""
    art = store.get_article(article_id)
    if art is None:
        raise NotFound(f"no article with id {article_id}")
    art["entities"] = [{"text": art["text"][m["start"]:m["end"]], **m}
                       for m in store.article_entities(article_id)]
    # what the knowledge base derived from it: its story, its quotes, its resolved dates
    story_id = store.story_of(article_id)
    found = store.get_story(story_id) if story_id is not None else None
    art["story"] = ({"id": story_id, "title": found.get("title"),
                     "articles": found.get("articles")} if found else None)
    art["quotes"] = [_quote(q) for q in store.quote_rows(article_id=article_id, limit=MAX_PAGE)]
    art["dates"] = [{"text": art["text"][t["start"]:t["end"]], **t}
                    for t in store.timex_rows([article_id])]
    return art


EXPORT_FILTERS = ("since", "until", "source", "lang", "canonical_only", "entity_id",
                  "story_id")


def export_records(store: Store, query: str | None = None,
                   **filters: Any) -> Iterator[dict[str, Any]]:
    """Every article (or those a search `query` and the filters keep: since, until,
    source, lang, canonical_only, entity_id, story_id) as export-contract records,
    streamed. An empty query is no filter; one with nothing searchable matches nothing."""
    from marsad import query as query_syntax

    unknown = set(filters) - set(EXPORT_FILTERS)
    if unknown:
        raise InputError(f"unknown export filter(s): {', '.join(sorted(unknown))}")
    match = None
    if query and query.strip():
        match = query_syntax.parse(query).match
        if match is None:
            return
    for row in store.iter_export(match, **{k: v for k, v in filters.items() if v}):
        yield exporters.export_record(row)


def export(store: Store, fmt: str, out: IO[str] | None = None, path: str | None = None,
           query: str | None = None, **filters: Any) -> int:
    """Write the articles (all, or those `query` and the filters keep) in `fmt` to a text
    stream or a file path; return the count. A CSV file starts with the UTF-8 BOM, so
    Excel reads its Arabic as UTF-8."""
    exporters.check_format(fmt, to_stdout=path is None)
    records = export_records(store, query, **filters)
    if fmt == "parquet":
        assert path is not None
        return exporters.write_parquet(records, path)
    writer = exporters.write_jsonl if fmt == "jsonl" else exporters.write_csv
    if path is not None:
        newline = "" if fmt == "csv" else None
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with open(path, "w", encoding=encoding, newline=newline) as fh:
            return writer(records, fh)
    assert out is not None
    return writer(records, out)


def stats(store: Store) -> dict[str, Any]:
    """Counts over the whole store: articles, duplicates, sources, residue, runs."""
    return store.stats()


def runs(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The latest ingest runs with their summaries."""
    return store.runs(limit)


def run_page(store: Store, limit: int = 20, offset: int = 0) -> Page:
    """A page of ingest runs, newest first, with the total for the next request."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    return Page(store.runs(limit, offset), store.count_runs(), limit, offset)


def failures(store: Store, run_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Per-document failures, newest run first unless a run is named."""
    return store.failures(run_id, limit)


def failure_page(store: Store, run_id: int | None = None, limit: int = 100,
                 offset: int = 0) -> Page:
    """A page of per-document failures (of one run when named), with the total."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    return Page(store.failures(run_id, limit, offset), store.count_failures(run_id), limit,
                offset)


def demo_corpus_path() -> Path:
    """Where the bundled demo corpus (original text written for Marsad) is installed."""
    return Path(str(resources.files("marsad") / "demo_corpus"))


def demo_targets() -> list[str]:
    """The demo corpus's input files, as its MANIFEST lists them (not the manifest itself)."""
    root = demo_corpus_path()
    manifest = json.loads((root / "MANIFEST.json").read_text(encoding="utf-8"))
    return [str(root / f) for f in manifest["files"]]


# What a period of `volume` is: the leading characters of an ISO 8601 date.
_PERIOD_CHARS = {"day": 10, "month": 7, "year": 4}


def latest_articles(store: Store, limit: int = 20, offset: int = 0, **filters: Any) -> Page:
    """A page of stored articles (metadata only), newest published first."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    return Page(store.latest_articles(limit=limit, offset=offset, **filters),
                store.count_articles(**filters), limit, offset)


def volume(store: Store, by: str = "day", **filters: Any) -> list[dict[str, Any]]:
    """Articles (and canonical ones) per day, month or year of publication, every period
    from the first to the last (empty ones as 0); undated articles left out."""
    if by not in _PERIOD_CHARS:
        raise InputError(f"unknown period {by!r}: use day, month or year")
    return continuous(store.volume(_PERIOD_CHARS[by], **filters), by,
                      {"articles": 0, "canonical": 0})


def attention(store: Store, queries: list[str], by: str = "week", by_source: bool = False,
              **filters: Any) -> dict[str, Any]:
    """Articles matching each query per period (and outlet), with the share of all
    articles in that period; a query expands as search does (marsad/attention.py)."""
    from marsad import attention as attention_counts

    return attention_counts.attention(store, queries, by, by_source, expand=_expand_query,
                                      **filters)


def watch_add(store: Store, query: str | None = None, entity: str | int | None = None,
              **kwargs: Any) -> dict[str, Any]:
    """Save a search or an entity as a watch (marsad/watches.py)."""
    return watches.add(store, query, entity, find_entity=find_entities, **kwargs)


def watch_list(store: Store) -> list[dict[str, Any]]:
    return store.watches()


def watch_alerts(store: Store, watch_id: int, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    return watches.alerts(store, watch_id, max(1, min(limit, MAX_PAGE)), max(0, offset))


def watch_remove(store: Store, watch_id: int) -> None:
    watches.remove(store, watch_id)


def watch_run(store: Store) -> dict[str, Any]:
    """Check every watch against the articles stored since, send due webhooks."""
    return watches.run(store)


def watch_feed(store: Store, watch_id: int, base_url: str) -> str:
    return watches.atom(store, watch_id, base_url)


def outlets(store: Store) -> list[dict[str, Any]]:
    """Named outlets with their article counts, first/last publication dates and the
    display name a user gave them (`display`, else None)."""
    names = store.outlet_names()
    return [o | {"display": names.get(o["source"])} for o in store.outlets()]


def name_outlet(store: Store, outlet: str, display: str | None) -> None:
    """Show `outlet` (its stored name) as `display` everywhere (None or "": clear)."""
    display = (display or "").strip() or None
    if display is not None and len(display) > 200:
        raise InputError("a display name is at most 200 characters")
    with store.transaction():
        if not store.set_outlet_display(outlet, display):
            raise NotFound(f"no outlet {outlet!r} (see marsad outlets)")


def outlet_names(store: Store) -> dict[str, str]:
    return store.outlet_names()


# ---------------------------------------------------------------------------- entities
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
# Sentence context shown around a mention is cut to this many characters each side.
CONTEXT_CHARS = 160


ENTITY_SORTS = ("mentions", "recent")


def entities(store: Store, etype: str | None = None, q: str | None = None,
             limit: int = 50, offset: int = 0, sort: str = "mentions") -> Page:
    """A page of entities, most mentioned (or, `sort="recent"`, latest seen) first; `q`
    (any spelling, Arabic or Latin) narrows."""
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    if sort not in ENTITY_SORTS:
        raise InputError(f"unknown sort {sort!r} (use {' or '.join(ENTITY_SORTS)})")
    etype = etype.upper() if etype else None
    if etype and etype not in ENTITY_TYPES:
        raise ConfigError(f"unknown entity type {etype!r} (use one of {', '.join(ENTITY_TYPES)})")
    if q:
        ids = find_entities(store, q)
        items = store.list_entities(etype, limit=MAX_PAGE, offset=0, ids=ids, sort=sort)
        return Page(items[offset:offset + limit], len(items), limit, offset)
    return Page(store.list_entities(etype, limit=limit, offset=offset, sort=sort),
                store.count_entities(etype), limit, offset)


MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer key


def find_entities(store: Store, name: str) -> list[int]:
    """Ids of entities `name` may refer to, best first: Arabic in any variant, or Latin."""
    from marsad.arabic.tokenize import tokenize

    name = " ".join(name.split())
    if not name:
        return []
    if name.isdigit():
        n = int(name)  # past SQLite's 64-bit integers no entity can have the id
        return [n] if n <= MAX_ROW_ID and store.get_entity(n) else []
    arabic = any(t.kind == "word" for t in tokenize(name))
    if not arabic:
        from marsad.expand import latin_entities

        return latin_entities(store, name)
    from marsad.stages.resolve import resolve_document

    keys: list[str] = []
    for etype in ENTITY_TYPES:
        _, local = resolve_document(name, [(0, len(name), etype)])
        for ent in local:
            keys.extend(ent.match_keys)
    ids = store.entities_by_alias(name)
    return list(dict.fromkeys([*ids, *store.entities_by_keys(keys)]))


def entity(store: Store, ref: str | int, mentions: int = 20, offset: int = 0) -> dict[str, Any]:
    """One entity by id or name: aliases, roles, Latin name, mentions in context,
    co-occurring entities, articles over time; other entities the name may mean."""
    ids = [int(ref)] if isinstance(ref, int) else find_entities(store, str(ref))
    ids = [i for i in ids if 0 <= i <= MAX_ROW_ID]
    found = store.get_entity(ids[0]) if ids else None
    if found is None:
        raise NotFound(f"no entity matches {ref!r}")
    eid = found["id"]
    found["mentions_in_context"] = [
        _in_context(m) for m in store.entity_mentions(eid, limit=max(1, min(mentions, MAX_PAGE)),
                                                      offset=max(0, offset))]
    found["cooccurring"] = store.cooccurring(eid)
    # per day over a short span, per month past ENTITY_DAILY_MAX_DAYS (daily bars over
    # years overlapped their labels), empty periods as 0
    daily = store.entity_volume(eid)
    by = "day"
    if daily and span_days(daily[0]["period"], daily[-1]["period"]) > ENTITY_DAILY_MAX_DAYS:
        # an article has one publication day: its days' counts add up to its month's
        months: dict[str, int] = {}
        for row in daily:
            months[row["period"][:7]] = months.get(row["period"][:7], 0) + row["count"]
        by, daily = "month", [{"period": m, "count": n} for m, n in months.items()]
    found["volume"] = continuous(daily, by, {"count": 0})
    found["volume_by"] = by
    found["also_matches"] = store.list_entities(ids=ids[1:6]) if len(ids) > 1 else []
    return found


ENTITY_DAILY_MAX_DAYS = 92  # an entity chart counts per month past this span


def _in_context(row: dict[str, Any]) -> dict[str, Any]:
    from marsad.arabic.sentences import sentences

    text = row.pop("text") or ""
    start, end = row["start"], row["end"]
    s0, s1 = 0, len(text)
    for a, b in sentences(text):
        if a <= start < b:
            s0, s1 = a, max(b, end)
            break
    s0, s1 = max(s0, start - CONTEXT_CHARS), min(s1, end + CONTEXT_CHARS)
    row.update(sentence=text[s0:s1], mention_start=start - s0, mention_end=end - s0,
               text=text[start:end], uncertain=_uncertain(row.get("confidence")))
    return row


def _uncertain(confidence: float | None) -> bool:
    """A link the resolver was unsure of (a lone name, a weakly dominated surname)."""
    from marsad.stages.resolve import UNCERTAIN

    return confidence is not None and confidence < UNCERTAIN


def annotate(store: Store, rebuild: bool = False, workers: int | None = None,
             on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Tag and link entities in stored articles no model has annotated (all: `rebuild`)."""
    from marsad.runners.annotate import annotate as run

    return run(store, rebuild=rebuild, workers=workers, on_progress=on_progress).as_dict()


# ---------------------------------------------------------------------------- stories
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


# A speaker found a way that is right less often than this (stages/quotes.py
# SPEAKER_CONFIDENCE, measured on the quote dev gold) is shown as uncertain.
UNCERTAIN_SPEAKER = 0.7
# A story member the link model gave less than this probability when it joined
# (stories/cluster.py) is shown as an uncertain member.
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
        arts = store.story_articles(story_id)
        events = tl.build(arts, store.timex_rows([a["id"] for a in arts]))
        return {"story_id": story_id, "events": [e.as_dict() for e in events[:limit]]}
    ids = [int(entity_ref)] if isinstance(entity_ref, int) else find_entities(store, str(entity_ref))
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
        ids = [int(entity)] if str(entity).isdigit() else find_entities(store, str(entity))
        if not ids or store.get_entity(ids[0]) is None:
            raise NotFound(f"no entity matches {entity!r}")
        entity_id = ids[0]
    if story_id is not None and store.get_story(story_id) is None:
        raise NotFound(f"no story with id {story_id}")
    rows = list(store.event_rows(story_id=story_id, entity_id=entity_id, since=since,
                                 until=until))
    ids = {r[8] for r in rows} | {r[9] for r in rows}
    entities = store.entity_rows(sorted(ids), names=g.state_names())
    return g.build_graph(rows, entities, min_count=max(1, min_count), quads=quads)


def graph_dict(store: Store, **kwargs: Any) -> dict[str, Any]:
    """The actor graph as plain data (nodes, edges with evidence)."""
    from marsad.stories import graph as g

    return g.graph_dict(graph(store, **kwargs))


# ---------------------------------------------------------------------------- corrections
# Users' corrections to entities live in their own module (curate.py); these are the
# names the CLI, the API and the dashboard call.
from marsad.curate import (  # noqa: E402, F401 - after find_entities, which curate calls
    block_name,
    merge_entities,
    overrides,
    remove_override,
    rename_entity,
    split_entity,
)
