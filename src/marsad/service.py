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

from marsad import exporters
from marsad.errors import NotFound
from marsad.ingest import ReadOptions
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
) -> IngestSummary:
    """Read, clean, deduplicate and store `targets` (paths, globs, URLs, "-")."""
    return LocalRunner(store, workers=workers).run(targets, opts, on_progress)


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
) -> dict[str, Any]:
    """Ranked articles matching `query` with highlighted snippets; never fails on syntax."""
    from marsad import query as query_syntax
    from marsad.snippets import snippet

    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    parsed = query_syntax.parse(query)
    page: dict[str, Any] = {"items": [], "total": 0, "limit": limit, "offset": offset,
                            "query": query, "terms": parsed.terms}
    if parsed.match is None:
        page["note"] = parsed.note
        return page
    total, rows = store.search(parsed.match, limit, offset,
                               collapse_duplicates=collapse_duplicates, since=since,
                               until=until, source=source, lang=lang)
    for row in rows:
        row.update(snippet(row.pop("text") or "", parsed.terms))
        row["score"] = round(row["score"], 4)
    page.update(items=rows, total=total)
    return page


def article(store: Store, article_id: int) -> dict[str, Any]:
    """One article: clean text, removed lines with reasons, its duplicate group."""
    art = store.get_article(article_id)
    if art is None:
        raise NotFound(f"no article with id {article_id}")
    return art


def export_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every article as an export-contract record, streamed."""
    for row in store.iter_export():
        yield exporters.export_record(row)


def export(store: Store, fmt: str, out: IO[str] | None = None, path: str | None = None) -> int:
    """Write every article in `fmt` to a text stream or a file path; return the count."""
    exporters.check_format(fmt, to_stdout=path is None)
    records = export_records(store)
    if fmt == "parquet":
        assert path is not None
        return exporters.write_parquet(records, path)
    writer = exporters.write_jsonl if fmt == "jsonl" else exporters.write_csv
    if path is not None:
        newline = "" if fmt == "csv" else None
        with open(path, "w", encoding="utf-8", newline=newline) as fh:
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
