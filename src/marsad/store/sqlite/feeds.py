"""Feed tables: the feeds `marsad poll` fetches on a schedule, with their health, and the
display names users give outlets (alarabia → العربية)."""

from __future__ import annotations

import sqlite3
from typing import Any


class FeedTables:
    """Feeds and outlet names over `self.conn` (mixed into SQLiteStore)."""

    conn: sqlite3.Connection

    def add_feed(self, url: str, every_s: int, follow_links: bool, now: str) -> int:
        """A feed to poll (due at once); the same URL again changes its interval."""
        self.conn.execute(
            "INSERT INTO feeds (url, every_s, follow_links, next_fetch, created) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET every_s = excluded.every_s, "
            "follow_links = excluded.follow_links",
            (url, every_s, int(follow_links), now, now))
        return int(self.conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0])

    def feeds(self) -> list[dict[str, Any]]:
        return [dict(r) | {"follow_links": bool(r["follow_links"])}
                for r in self.conn.execute("SELECT * FROM feeds ORDER BY id")]

    def remove_feed(self, ref: int | str) -> bool:
        column = "id" if isinstance(ref, int) else "url"
        return self.conn.execute(f"DELETE FROM feeds WHERE {column} = ?", (ref,)).rowcount > 0

    def due_feeds(self, now: str) -> list[dict[str, Any]]:
        return [dict(r) | {"follow_links": bool(r["follow_links"])} for r in self.conn.execute(
            "SELECT * FROM feeds WHERE next_fetch <= ? ORDER BY next_fetch, id", (now,))]

    def next_feed_time(self) -> str | None:
        return self.conn.execute("SELECT min(next_fetch) FROM feeds").fetchone()[0]

    def record_fetch(self, feed_id: int, *, status: str, error: str | None, etag: str | None,
                     last_modified: str | None, new: int, now: str, next_fetch: str) -> None:
        """What one poll of a feed gave; validators are kept unless a 200 replaced them."""
        self.conn.execute(
            "UPDATE feeds SET last_fetch = ?, last_status = ?, last_error = ?, "
            "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
            "last_new = ?, total_new = total_new + ?, "
            "errors = CASE WHEN ? = 'error' THEN errors + 1 ELSE 0 END, next_fetch = ? "
            "WHERE id = ?",
            (now, status, error, etag, last_modified, new, new, status, next_fetch, feed_id))

    # ------------------------------------------------------------------ outlet names
    def set_outlet_display(self, name: str, display: str | None) -> bool:
        return self.conn.execute("UPDATE sources SET display = ? WHERE name = ?",
                                 (display, name)).rowcount > 0

    def outlet_names(self) -> dict[str, str]:
        """Outlet name → the display name a user gave it (only those given one)."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT name, display FROM sources WHERE display IS NOT NULL AND display != ''")}
