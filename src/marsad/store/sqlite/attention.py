"""Attention over time: how many articles match a query per period (and per outlet).

Media Cloud's central question ("how much was X covered, when, by whom") answered from
the same FTS5 index search uses. A duplicate group counts once per period (and per
outlet when split by outlet): a wire story reprinted twenty times is one piece of
coverage per outlet, and the share of coverage divides by totals counted the same way.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from marsad.query import Query
from marsad.store.sqlite.fts import match_expression

# The period an article falls in, from its `published` text (ISO). Weeks start on
# Monday (ISO 8601) and are named by that Monday's date, so they sort and chart as days.
PERIOD_SQL = {
    "day": "substr(a.published, 1, 10)",
    "week": "date(substr(a.published, 1, 10), '-6 days', 'weekday 1')",
    "month": "substr(a.published, 1, 7)",
    "year": "substr(a.published, 1, 4)",
}
_GROUP = "coalesce(a.duplicate_of, a.id)"


class AttentionTables:
    """Per-period counts of matching and of all articles (mixed into SQLiteStore)."""

    conn: sqlite3.Connection
    _where: Any  # SQLiteStore's filter builder (source, lang, since, until, ...)

    def attention(self, query: Query | None, by: str, *, by_source: bool = False,
                  **filters: Any) -> list[dict[str, Any]]:
        """Rows (period, source, count) of dated articles matching the parsed `query`
        (every dated article when None), one duplicate group counted once per row."""
        if query is not None and query.empty:
            return []
        period = PERIOD_SQL[by]
        where, params = self._where(filters)
        conds = [where.replace(" WHERE ", "", 1)] if where else []
        conds.append("a.published IS NOT NULL")
        source = "s.name" if by_source else "NULL"
        if query is None:
            sql = (f"SELECT {period} AS period, {source} AS source, count(DISTINCT {_GROUP}) "
                   "AS count FROM articles a INDEXED BY articles_search "
                   f"LEFT JOIN sources s ON s.id = a.source_id WHERE {' AND '.join(conds)} "
                   "GROUP BY 1, 2 ORDER BY 1, 2")
            args = params
        else:
            sql = (f"SELECT {period} AS period, {source} AS source, count(DISTINCT {_GROUP}) "
                   "AS count FROM articles_fts f "
                   "JOIN articles a INDEXED BY articles_search ON a.id = f.rowid "
                   "LEFT JOIN sources s ON s.id = a.source_id "
                   f"WHERE articles_fts MATCH ? AND {' AND '.join(conds)} "
                   "GROUP BY 1, 2 ORDER BY 1, 2")
            args = [match_expression(query), *params]
        try:
            rows = self.conn.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax" in str(exc):
                return []  # as search: a builder bug must not take the caller down
            raise
        return [{"period": r[0], "source": r[1], "count": int(r[2])} for r in rows
                if r[0] is not None]
