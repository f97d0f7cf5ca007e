"""Article reads of the SQLite store: listings, search, one article, the streamed export,
volume over time and outlets. `SQLiteStore` mixes this in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from marsad.query import Query
from marsad.store.sqlite import fts

_ARTICLE_COLUMNS = (
    "a.id, a.uid, a.origin, a.input_format, a.encoding, a.url, s.name AS source, a.title, "
    "a.published, a.author, a.lang, a.duplicate_of, a.dup_kind, a.dup_similarity, "
    "a.appended_to, a.run_id, a.created_at"
)


class ArticleTables:
    """Article reads over `self.conn` (mixed into SQLiteStore)."""

    conn: sqlite3.Connection
    # from the entity and story mixins, for the export's merge join
    iter_mentions: Any
    iter_article_annotations: Any
    iter_story_ids: Any

    # ------------------------------------------------------------------ reading
    @staticmethod
    def _where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if filters.get("source"):
            clauses.append("s.name = ?")
            params.append(filters["source"])
        if filters.get("canonical_only"):
            clauses.append("a.duplicate_of IS NULL")
        if filters.get("duplicates_only"):
            clauses.append("a.duplicate_of IS NOT NULL")
        if filters.get("lang"):
            clauses.append("a.lang = ?")
            params.append(filters["lang"])
        if filters.get("since"):
            clauses.append("a.published >= ?")
            params.append(filters["since"])
        if filters.get("until"):
            # dates compare as text; a bare date bound covers the whole day
            clauses.append("substr(a.published, 1, 10) <= ?")
            params.append(filters["until"])
        if filters.get("entity_id"):
            clauses.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
            params.append(filters["entity_id"])
        if filters.get("story_id"):
            clauses.append("a.id IN (SELECT article_id FROM story_members WHERE story_id = ?)")
            params.append(filters["story_id"])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count_articles(self, **filters: Any) -> int:
        where, params = self._where(filters)
        sql = f"SELECT count(*) FROM articles a LEFT JOIN sources s ON s.id=a.source_id{where}"
        return int(self.conn.execute(sql, params).fetchone()[0])

    def list_articles(self, limit: int = 50, offset: int = 0, **filters: Any) -> list[dict]:
        where, params = self._where(filters)
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS}, length(a.text) AS chars, "
            "CASE WHEN a.title IS NULL THEN substr(a.text, 1, 120) END AS lead FROM articles a "
            f"LEFT JOIN sources s ON s.id=a.source_id{where} ORDER BY a.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [dict(r) for r in rows]

    def search(self, query: Query, limit: int = 20, offset: int = 0, *,
               collapse_duplicates: bool = True, **filters: Any) -> tuple[int, bool, list[dict]]:
        """(total, total_exact, rows) of a parsed query (`marsad.query.parse`), best first;
        past fts.RANK_CAP hits the total is a lower bound (total_exact False)."""
        if query.empty:
            return 0, True, []
        where, params = self._where(filters)
        where = where.replace(" WHERE ", " AND ", 1)
        return fts.search(self.conn, fts.match_expression(query), where, params,
                          collapse=collapse_duplicates,
                          limit=limit, offset=offset)

    def get_article(self, article_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS}, a.text, a.errors FROM articles a "
            "LEFT JOIN sources s ON s.id=a.source_id WHERE a.id=?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        art = dict(row)
        art["errors"] = json.loads(art["errors"]) if art["errors"] else []
        art["removed"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT line_no, reason, text FROM removed_lines WHERE article_id=? ORDER BY seq",
                (article_id,),
            )
        ]
        canonical = art["duplicate_of"] or art["id"]
        art["duplicates"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT a.id, a.title, s.name AS source, a.dup_kind, a.dup_similarity "
                "FROM articles a LEFT JOIN sources s ON s.id=a.source_id "
                "WHERE (a.duplicate_of=? OR a.id=?) AND a.id<>? ORDER BY a.id",
                (canonical, canonical, article_id),
            )
        ]
        art["appended"] = [
            dict(r)
            for r in self.conn.execute(
                "SELECT id, title FROM articles WHERE appended_to=? ORDER BY id", (article_id,)
            )
        ]
        return art

    def iter_export(self, query: Query | None = None,
                    **filters: Any) -> Iterator[dict[str, Any]]:
        """Every article (or those the filters and the parsed `query` keep) with its removed
        lines and annotations, streamed in id order.

        One cursor per table, all ordered by article id and stepped side by side (a merge
        join): everything streams, nothing is loaded whole.
        """
        where, params = self._where(filters)
        if query is not None:
            if query.empty:
                return
            where += (" AND" if where else " WHERE") + \
                " a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            params.append(fts.match_expression(query))
        articles = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS}, a.text FROM articles a "
            f"LEFT JOIN sources s ON s.id=a.source_id{where} ORDER BY a.id", params
        )
        removed = _Merge(self.conn.execute(
            "SELECT article_id, reason, text FROM removed_lines ORDER BY article_id, seq"))
        mentions = _Merge(self.iter_mentions())
        timexes = _Merge(self.iter_article_annotations("timexes"))
        quotes = _Merge(self.iter_article_annotations("quotes"))
        stories = _Merge(self.iter_story_ids())
        for row in articles:
            art = dict(row)
            aid, text = art["id"], art["text"]
            art["removed"] = [{"text": t, "reason": r} for _, r, t in removed.take(aid)]
            art["entities"] = [
                {"text": text[s:e], "start": s, "end": e, "type": t, "entity_id": eid,
                 "canonical": name} for _, s, e, t, eid, name in mentions.take(aid)]
            art["dates"] = [
                {"text": text[s:e], "start": s, "end": e, "type": t, "value": v,
                 "granularity": g} for _, s, e, t, v, g in timexes.take(aid)]
            art["quotes"] = [
                {"text": text[s:e], "start": s, "end": e, "kind": k, "cue": cue,
                 "speaker": sp, "speaker_entity_id": sid, "via": via}
                for _, s, e, k, cue, sp, sid, via in quotes.take(aid)]
            story = stories.take(aid)
            art["story_id"] = story[0][1] if story else None
            yield art

    # ------------------------------------------------------------------ dashboard reads
    def latest_articles(self, limit: int = 20, offset: int = 0,
                        **filters: Any) -> list[dict[str, Any]]:
        """Like `list_articles`, newest published first (undated last, then newest stored)."""
        where, params = self._where(filters)
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS}, length(a.text) AS chars, "
            "CASE WHEN a.title IS NULL THEN substr(a.text, 1, 120) END AS lead FROM articles a "
            f"LEFT JOIN sources s ON s.id=a.source_id{where} "
            "ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [dict(r) for r in rows]

    def volume(self, period_chars: int, **filters: Any) -> list[dict[str, Any]]:
        """Articles per period, the period being the first `period_chars` of `published`."""
        where, params = self._where(filters)
        where = (where + " AND" if where else " WHERE") + " a.published IS NOT NULL"
        rows = self.conn.execute(
            f"SELECT substr(a.published, 1, ?) AS period, count(*) AS articles, "
            "sum(a.duplicate_of IS NULL) AS canonical FROM articles a "
            f"LEFT JOIN sources s ON s.id=a.source_id{where} GROUP BY 1 ORDER BY 1",
            [period_chars, *params],
        )
        return [dict(r) for r in rows]

    def outlets(self) -> list[dict[str, Any]]:
        """Every named outlet with its article count and first/last publication date."""
        rows = self.conn.execute(
            "SELECT s.name AS source, count(*) AS articles, min(a.published) AS first, "
            "max(a.published) AS last FROM articles a JOIN sources s ON s.id=a.source_id "
            "GROUP BY s.id ORDER BY 2 DESC, 1"
        )
        return [dict(r) for r in rows]


class _Merge:
    """Rows of a cursor ordered by article id, taken one article at a time."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, article_id: int) -> list[Any]:
        out = []
        while self._next is not None and self._next[0] < article_id:
            self._next = next(self._rows, None)
        while self._next is not None and self._next[0] == article_id:
            out.append(tuple(self._next))
            self._next = next(self._rows, None)
        return out
