"""Full-text index SQL: the FTS5 table of analysed terms, its upkeep and BM25 search.

The index holds `marsad.arabic.stem.analyze` terms joined by spaces, so FTS5's own
tokenizer only splits at those spaces; Arabic folding and stemming happen in Python,
identically for articles and queries. The table is contentless (content=''): the text
already lives in `articles`, and storing it twice would double the index's disk cost.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from marsad.arabic.stem import analyze
from marsad.query import Phrase, Query

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


def _phrase(terms: Phrase) -> str:
    # Terms are letters and digits; escaping the quote anyway keeps the invariant local.
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


def match_expression(query: Query) -> str:
    """The FTS5 MATCH expression of a parsed query: every term double-quoted, joined only
    by our own AND/OR/NOT, so no user syntax reaches FTS5. `query` must not be empty."""
    if query.empty:
        raise ValueError("an empty query matches nothing: check Query.empty first")
    expr = " AND ".join(_phrase(g[0]) if len(g) == 1 else
                        "(" + " OR ".join(map(_phrase, g)) + ")" for g in query.groups)
    if query.excluded:
        expr = f"({expr}) NOT ({' OR '.join(map(_phrase, query.excluded))})"
    return expr


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


# Hits a search reads at most, newest first: BM25 ranks them and the filters and duplicate
# groups are read for them, in one pass each. Ranking and counting every hit cost p95
# 251 ms at a million articles for words in a tenth of them (issue 15); past the cap, the
# results are the best of the newest RANK_CAP hits and the total is a lower bound (the
# results among them), marked total_exact=False. ANT (31.5k articles): no query of the
# search eval reaches the cap, so its ranking is unchanged.
RANK_CAP = 5_000


def search(
    conn: sqlite3.Connection,
    match: str,
    where: str,
    params: list[Any],
    *,
    collapse: bool,
    limit: int,
    offset: int,
) -> tuple[int, bool, list[dict[str, Any]]]:
    """(total, total_exact, rows) of articles matching the FTS5 `match`, best BM25 first.

    `where`/`params` are extra conditions on `articles a` / `sources s` ("AND ..." form).
    With `collapse`, a duplicate group (canonical + its exact and near copies) yields only
    its best-ranked member, and `copies` says how many of the group matched.
    """
    try:
        hits = conn.execute(
            # bm25() called directly: the same score as `rank MATCH 'bm25(..)'`, which costs
            # twice as much per hit (1.1 vs 2.3 us; 5 ms of a 5,000-hit query at 100k)
            f"SELECT rowid, bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) FROM articles_fts "
            "WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
            (match, RANK_CAP + 1)).fetchall()
    except sqlite3.OperationalError as exc:
        # The query builder only emits quoted terms, so this is a bug, not user input;
        # still, a search must never take the caller down with it.
        if "fts5" in str(exc) or "syntax" in str(exc):
            return 0, True, []
        raise
    exact = len(hits) <= RANK_CAP
    hits = hits[:RANK_CAP]
    groups = (_groups(conn, [h[0] for h in hits], where, params) if where
              else _unfiltered_groups(conn, [h[0] for h in hits]))
    picked: list[tuple[int, float, int]] = []
    seen: set[int] = set()
    for rowid, rank in sorted(hits, key=lambda h: (h[1], h[0])):
        group = groups.get(rowid)
        if group is None:
            continue  # filtered out
        key = group if collapse else rowid
        if key not in seen:
            seen.add(key)
            picked.append((rowid, rank, key))
    total = len(picked)
    page = picked[offset:offset + limit]
    if not page:
        return total, exact, []
    ids = [pid for pid, _, _ in page]
    rows = {r["id"]: dict(r) for r in conn.execute(
        "SELECT a.id, a.title, s.name AS source, a.published, a.lang, a.url, a.duplicate_of, "
        "a.dup_kind, a.text FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
        f"WHERE a.id IN ({','.join('?' * len(ids))})", ids)}
    copies = _copies(conn, match, [g for _, _, g in page], where, params) if collapse else {}
    return total, exact, [{"copies": copies.get(g, 1), "score": -rank, **rows[pid]}
                          for pid, rank, g in page if pid in rows]


def _unfiltered_groups(conn: sqlite3.Connection, ids: list[int]) -> dict[int, int]:
    """{id: duplicate group} of every id, reading only the rows that are copies (articles
    are never deleted, so every indexed id is a stored article)."""
    groups = dict(zip(ids, ids, strict=True))
    if ids:
        groups.update(conn.execute(
            "SELECT id, duplicate_of FROM articles INDEXED BY articles_dups "
            "WHERE duplicate_of IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)]).fetchall())
    return groups


def _groups(conn: sqlite3.Connection, ids: list[int], where: str,
            params: list[Any]) -> dict[int, int]:
    """{id: duplicate group} of the ids that pass the filters."""
    if not ids:
        return {}
    sql = ("SELECT a.id, coalesce(a.duplicate_of, a.id) FROM articles a INDEXED BY "
           "articles_search LEFT JOIN sources s ON s.id = a.source_id "
           f"WHERE a.id IN (SELECT value FROM json_each(?)) {where}")
    return dict(conn.execute(sql, [json.dumps(ids), *params]).fetchall())


def _copies(conn: sqlite3.Connection, match: str, groups: list[int], where: str,
            params: list[Any]) -> dict[int, int]:
    """How many members of each duplicate group match and pass the filters (the groups
    are a page's: at most MAX_PAGE, each a handful of copies)."""
    members = [mid for (mid,) in conn.execute(
        "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?)) "
        "OR duplicate_of IN (SELECT value FROM json_each(?))",
        [json.dumps(groups), json.dumps(groups)])]
    of: dict[int, list[int]] = {}
    for mid, g in _groups(conn, members, where, params).items():
        of.setdefault(g, []).append(mid)
    out: dict[int, int] = {}
    for g, ids in of.items():
        if len(ids) == 1:  # the page's hit itself: most groups have no copy
            out[g] = 1
            continue
        out[g] = sum(1 for mid in ids if conn.execute(
            "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
            (match, mid)).fetchone())
    return out
