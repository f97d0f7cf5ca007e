"""Articles: ingest, listings, search, one article, exports, counts, runs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import IO, Any

from marsad import exporters, watches
from marsad.errors import InputError, NotFound
from marsad.ingest import ReadOptions
from marsad.periods import continuous
from marsad.runners.base import IngestSummary, Runner
from marsad.runners.local import LocalRunner
from marsad.service.common import MAX_PAGE, Page
from marsad.service.entities import find_entities
from marsad.service.stories import _quote
from marsad.store.base import Store


def ingest(
    store: Store,
    targets: list[str],
    opts: ReadOptions | None = None,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    annotations: bool = True,
    runner: Runner | None = None,
    batch_size: int | None = None,
) -> IngestSummary:
    """Read, clean, deduplicate and store `targets` (paths, globs, URLs, "-").

    `annotations=False`: core pipeline only (text, duplicates, search index); entities,
    dates, quotes and stories come later with `annotate`. `runner`: what moves the
    documents (runners/base.Runner, made with this store); the local process pool by
    default. `batch_size`: articles committed together (runners.local.BATCH_SIZE).
    """
    runner = runner or LocalRunner(store, workers=workers, annotations=annotations,
                                   batch_size=batch_size)
    summary = runner.run(targets, opts, on_progress)
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
    page: dict[str, Any] = {"items": [], "total": 0, "total_exact": True, "limit": limit,
                            "offset": offset, "query": query}
    entity_id = None
    if entity is not None and entity != "":
        ids = find_entities(store, str(entity))  # an id (past 2^63-1: none) or a name
        if not ids or store.get_entity(ids[0]) is None:
            page.update(terms=[], note=f"no entity matches {entity!r}")
            return page
        entity_id = ids[0]
    expanded = _expand_query(store, query)
    if expanded is not None:
        page["entity"], page["expanded"], query = expanded
    parsed = query_syntax.parse(query)
    page["terms"] = parsed.terms
    if parsed.empty:
        page["note"] = parsed.note
        return page
    total, exact, rows = store.search(parsed, limit, offset,
                               collapse_duplicates=collapse_duplicates, since=since,
                               until=until, source=source, lang=lang, entity_id=entity_id,
                               story_id=story_id)
    for row in rows:
        row.update(snippet(row.pop("text") or "", parsed.terms))
        row["score"] = round(row["score"], 4)
    page.update(items=rows, total=total, total_exact=exact)
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
        found_ent = store.get_entity(ids[0]) if ids else None
        if found_ent is None:
            return None
        ent = found_ent
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
        match = query_syntax.parse(query)
        if match.empty:
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
