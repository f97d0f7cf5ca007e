"""Full-text index SQL: the FTS5 table of analysed terms, its upkeep and BM25 search.

The index holds `marsad.arabic.stem.analyze` terms joined by spaces, so FTS5's own
tokenizer only splits at those spaces; Arabic folding and stemming happen in Python,
identically for articles and queries. The table is contentless (content=''): the text
already lives in `articles`, and storing it twice would double the index's disk cost.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from marsad.arabic.stem import analyze

# Terms are letters and digits only; unicode61 without diacritic removal is the cheapest
# tokenizer that splits exactly at the spaces we put there.
FTS_TABLE_SQL = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='', "
    "tokenize='unicode61 remove_diacritics 0')"
)
# Search joins every hit to its article for grouping and filters. Those columns sit
# after `text` in the row, so a primary-key lookup reads the whole body's overflow
# pages; this covering index answers them instead (4x faster on ANT's common terms).
COVER_INDEX_SQL = (
    "CREATE INDEX articles_search ON articles(id, duplicate_of, source_id, published, lang)"
)
# BM25 column weights (title, body). Calibrated by known-item search on ANT (300
# random articles; query = 3 words from the title, or 3 from mid-body; MRR of the source
# article): title weight 1 → 0.728 / 0.622, 2 → 0.805 / 0.614, 4 → 0.849 / 0.605,
# 8 → 0.864 / 0.593. 4 is the knee: past it title queries gain < 0.02 while mid-body
# queries (what an article discusses, not its headline) keep losing.
TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0
# Backfill commits nothing itself (it runs inside the migration's transaction) but
# reads and writes in slices so memory stays flat on a large database.
_BACKFILL_SLICE = 500


def index_article(conn: sqlite3.Connection, article_id: int, title: str | None,
                  text: str, terms: tuple[str, str] | None = None) -> None:
    """Add one article's analysed title and body to the index (rowid = article id).

    `terms` are the pipeline's precomputed (title, body) terms; analysing here instead
    would put the work on the single writer.
    """
    if terms is None:
        terms = (" ".join(analyze(title or "")), " ".join(analyze(text)))
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
        (article_id, *terms),
    )


def backfill(conn: sqlite3.Connection) -> int:
    """Index every article not indexed yet (migration 2 on an existing database)."""
    last, done = 0, 0
    while True:
        rows = conn.execute(
            "SELECT id, title, text FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (last, _BACKFILL_SLICE),
        ).fetchall()
        if not rows:
            return done
        for article_id, title, text in rows:
            index_article(conn, article_id, title, text)
        last = rows[-1][0]
        done += len(rows)


def search(
    conn: sqlite3.Connection,
    match: str,
    where: str,
    params: list[Any],
    *,
    collapse: bool,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, rows) of articles matching the FTS5 `match`, best BM25 first.

    `where`/`params` are extra conditions on `articles a` / `sources s` ("AND ..." form).
    With `collapse`, a duplicate group (canonical + its exact and near copies) yields only
    its best-ranked member, and `copies` says how many of the group matched.
    """
    group = "coalesce(a.duplicate_of, a.id)" if collapse else "a.id"
    sql = f"""
        WITH hits AS (
            SELECT rowid AS id, bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank
            FROM articles_fts WHERE articles_fts MATCH ?
        ), ranked AS (
            SELECT a.id, h.rank,
                   row_number() OVER (PARTITION BY {group} ORDER BY h.rank, a.id) AS pos,
                   count(*) OVER (PARTITION BY {group}) AS copies
            FROM hits h JOIN articles a INDEXED BY articles_search ON a.id = h.id
            LEFT JOIN sources s ON s.id = a.source_id
            WHERE 1 {where}
        ), best AS (
            SELECT id, rank, copies, count(*) OVER () AS total FROM ranked WHERE pos = 1
        )
        SELECT b.total, b.copies, -b.rank AS score, a.id, a.title, s.name AS source,
               a.published, a.lang, a.url, a.duplicate_of, a.dup_kind, a.text
        FROM best b JOIN articles a ON a.id = b.id
        LEFT JOIN sources s ON s.id = a.source_id
        ORDER BY b.rank, a.id LIMIT ? OFFSET ?
    """
    try:
        rows = [dict(r) for r in conn.execute(sql, [match, *params, limit, offset])]
    except sqlite3.OperationalError as exc:
        # The query builder only emits quoted terms, so this is a bug, not user input;
        # still, a search must never take the caller down with it.
        if "fts5" in str(exc) or "syntax" in str(exc):
            return 0, []
        raise
    if rows:
        total = int(rows[0]["total"])
    elif offset > 0:
        total = _count(conn, match, where, params, group)
    else:
        total = 0
    for r in rows:
        del r["total"]
    return total, rows


def _count(conn: sqlite3.Connection, match: str, where: str, params: list[Any],
           group: str) -> int:
    sql = (
        f"SELECT count(DISTINCT {group}) FROM articles_fts f "
        "JOIN articles a INDEXED BY articles_search ON a.id = f.rowid "
        f"LEFT JOIN sources s ON s.id = a.source_id WHERE articles_fts MATCH ? {where}"
    )
    return int(conn.execute(sql, [match, *params]).fetchone()[0])
