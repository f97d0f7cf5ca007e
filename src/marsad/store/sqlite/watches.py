"""Watch tables: saved searches and entities, the alerts they raised, webhook deliveries.

A watch remembers the highest article id it has checked (`seen_article`), so a run only
looks at articles stored since, and an alert is unique per (watch, article): running the
watches twice, or after a resumed ingest, raises nothing twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from marsad.query import Query
from marsad.store.sqlite.fts import match_expression

_ALERT_COLUMNS = (
    "al.id, al.watch_id, al.article_id, al.story_id, al.new_story, al.created, a.title, "
    "s.name AS source, a.published, a.url, substr(a.text, 1, 300) AS lead")


class WatchTables:
    """Watches, alerts and deliveries over `self.conn` (mixed into SQLiteStore)."""

    conn: sqlite3.Connection
    _where: Any  # SQLiteStore's filter builder (source, lang, ...)

    # ------------------------------------------------------------------ watches
    def add_watch(self, name: str, query: str | None, entity_id: int | None,
                  filters: dict[str, Any], webhook: str | None, secret: str | None,
                  created: str, seen_article: int) -> int:
        cur = self.conn.execute(
            "INSERT INTO watches (name, query, entity_id, filters, webhook, secret, created, "
            "seen_article) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (name, query, entity_id, json.dumps(filters, ensure_ascii=False), webhook, secret,
             created, seen_article))
        return int(cur.lastrowid or 0)

    def watches(self) -> list[dict[str, Any]]:
        """Every watch with its alert count, latest alert and failed deliveries."""
        rows = self.conn.execute(
            "SELECT w.*, (SELECT count(*) FROM alerts WHERE watch_id = w.id) AS alerts, "
            "(SELECT max(created) FROM alerts WHERE watch_id = w.id) AS last_alert, "
            "(SELECT count(*) FROM deliveries WHERE watch_id = w.id AND status = 'failed') "
            "AS failed_deliveries, e.name AS entity_name FROM watches w "
            "LEFT JOIN entities e ON e.id = w.entity_id ORDER BY w.id").fetchall()
        return [_watch(r) for r in rows]

    def get_watch(self, watch_id: int) -> dict[str, Any] | None:
        return next((w for w in self.watches() if w["id"] == watch_id), None)

    def watch_secret(self, watch_id: int) -> str | None:
        row = self.conn.execute("SELECT secret FROM watches WHERE id = ?", (watch_id,)).fetchone()
        return row[0] if row else None

    def remove_watch(self, watch_id: int) -> bool:
        self.conn.execute("DELETE FROM deliveries WHERE watch_id = ?", (watch_id,))
        self.conn.execute("DELETE FROM alerts WHERE watch_id = ?", (watch_id,))
        return self.conn.execute("DELETE FROM watches WHERE id = ?", (watch_id,)).rowcount > 0

    def set_watch_seen(self, watch_id: int, article_id: int) -> None:
        self.conn.execute("UPDATE watches SET seen_article = max(seen_article, ?) WHERE id = ?",
                          (article_id, watch_id))

    def max_article_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0])

    def watch_matches(self, after: int, upto: int, *, query: Query | None = None,
                      entity_id: int | None = None, **filters: Any) -> list[tuple[int, int | None, bool]]:
        """(article id, story id, opened its story) of canonical articles with
        after < id <= upto matching the parsed `query` or naming `entity_id`."""
        if query is not None and query.empty:
            return []
        where, params = self._where(filters)
        conds = [where.replace(" WHERE ", "", 1)] if where else []
        conds += ["a.id > ?", "a.id <= ?", "a.duplicate_of IS NULL"]
        params += [after, upto]
        if entity_id is not None:
            conds.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
            params.append(entity_id)
        head = "SELECT a.id FROM articles a"
        if query is not None:
            head = "SELECT a.id FROM articles_fts f JOIN articles a ON a.id = f.rowid"
            conds.insert(0, "articles_fts MATCH ?")
            params.insert(0, match_expression(query))
        sql = (f"SELECT m.id, sm.story_id, (SELECT min(article_id) FROM story_members x "
               f"WHERE x.story_id = sm.story_id) = m.id FROM ({head} "
               f"LEFT JOIN sources s ON s.id = a.source_id WHERE {' AND '.join(conds)}) m "
               "LEFT JOIN story_members sm ON sm.article_id = m.id ORDER BY m.id")
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "fts5" in str(exc) or "syntax" in str(exc):
                return []
            raise
        return [(int(r[0]), r[1], bool(r[2])) for r in rows]

    # ------------------------------------------------------------------ alerts
    def add_alerts(self, watch_id: int, rows: Sequence[tuple[int, int | None, bool]],
                   created: str) -> list[int]:
        """Store alerts (article, story, new story); returns the ids of the new ones."""
        ids = []
        for article_id, story_id, new_story in rows:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO alerts (watch_id, article_id, story_id, new_story, "
                "created) VALUES (?, ?, ?, ?, ?)",
                (watch_id, article_id, story_id, int(new_story), created))
            if cur.rowcount:
                ids.append(int(cur.lastrowid or 0))
        return ids

    def alerts(self, watch_id: int, limit: int = 50, offset: int = 0,
               ids: tuple[int, int] | None = None) -> list[dict[str, Any]]:
        """A watch's alerts, newest first, with their article's metadata (`ids`: only
        alert ids in that closed range)."""
        cond, params = "al.watch_id = ?", [watch_id]
        if ids is not None:
            cond += " AND al.id BETWEEN ? AND ?"
            params += list(ids)
        rows = self.conn.execute(
            f"SELECT {_ALERT_COLUMNS} FROM alerts al JOIN articles a ON a.id = al.article_id "
            f"LEFT JOIN sources s ON s.id = a.source_id WHERE {cond} "
            "ORDER BY al.id DESC LIMIT ? OFFSET ?", [*params, limit, offset])
        return [dict(r) | {"new_story": bool(r["new_story"])} for r in rows]

    def count_alerts(self, watch_id: int) -> int:
        return int(self.conn.execute("SELECT count(*) FROM alerts WHERE watch_id = ?",
                                     (watch_id,)).fetchone()[0])

    # ------------------------------------------------------------------ webhooks
    def add_delivery(self, watch_id: int, first_alert: int, last_alert: int, now: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO deliveries (watch_id, first_alert, last_alert, status, next_try, "
            "updated) VALUES (?, ?, ?, 'pending', ?, ?)",
            (watch_id, first_alert, last_alert, now, now))
        return int(cur.lastrowid or 0)

    def due_deliveries(self, now: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM deliveries WHERE status = 'pending' AND next_try <= ? ORDER BY id",
            (now,))
        return [dict(r) for r in rows]

    def update_delivery(self, delivery_id: int, status: str, attempts: int,
                        next_try: str | None, error: str | None, now: str) -> None:
        self.conn.execute(
            "UPDATE deliveries SET status = ?, attempts = ?, next_try = ?, error = ?, "
            "updated = ? WHERE id = ?", (status, attempts, next_try, error, now, delivery_id))

    def deliveries(self, watch_id: int, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM deliveries WHERE watch_id = ? ORDER BY id DESC LIMIT ?",
            (watch_id, limit))
        return [dict(r) for r in rows]


def _watch(row: sqlite3.Row) -> dict[str, Any]:
    w = dict(row)
    w["filters"] = json.loads(w["filters"] or "{}")
    w["kind"] = "entity" if w["entity_id"] is not None else "search"
    w["has_secret"] = bool(w.pop("secret"))
    return w
