"""Reports of the SQLite store: what a corpus holds (stats) and what each ingest run did
(runs and their per-document failures), for `marsad stats|runs|failures` and the API."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


class RunTables:
    """Corpus counts, ingest runs and failures over `self.conn`."""

    conn: sqlite3.Connection

    def stats(self) -> dict[str, Any]:
        one = self.conn.execute
        out: dict[str, Any] = {
            "articles": one("SELECT count(*) FROM articles").fetchone()[0],
            "canonical": one(
                "SELECT count(*) FROM articles WHERE duplicate_of IS NULL"
            ).fetchone()[0],
            "exact_duplicates": one(
                "SELECT count(*) FROM articles WHERE dup_kind='exact'"
            ).fetchone()[0],
            "near_duplicates": one(
                "SELECT count(*) FROM articles WHERE dup_kind='near'"
            ).fetchone()[0],
            "duplicate_groups": one("SELECT count(*) FROM duplicate_groups").fetchone()[0],
            "appended": one(
                "SELECT count(*) FROM articles WHERE appended_to IS NOT NULL"
            ).fetchone()[0],
            "removed_lines": one("SELECT count(*) FROM removed_lines").fetchone()[0],
            "runs": one("SELECT count(*) FROM ingest_runs").fetchone()[0],
            "failures": one("SELECT count(*) FROM failures").fetchone()[0],
        }
        row = one("SELECT min(published), max(published) FROM articles").fetchone()
        out["published_range"] = [row[0], row[1]]
        out["sources"] = [
            {"source": r[0], "articles": r[1]}
            for r in one(
                "SELECT coalesce(s.name, '(unknown)'), count(*) FROM articles a "
                "LEFT JOIN sources s ON s.id=a.source_id GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        ]
        out["languages"] = {
            (r[0] or "unknown"): r[1]
            for r in one("SELECT lang, count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")
        }
        out["formats"] = {
            r[0]: r[1]
            for r in one("SELECT input_format, count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")
        }
        out["removed_by_reason"] = {
            r[0]: r[1]
            for r in one(
                "SELECT reason, count(*) FROM removed_lines GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        }
        return out

    def runs(self, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset)
        )
        out = []
        for r in rows:
            run = dict(r)
            run["targets"] = json.loads(run["targets"])
            run["counts"] = json.loads(run["counts"]) if run["counts"] else None
            out.append(run)
        return out

    def count_runs(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM ingest_runs").fetchone()[0])

    def failures(self, run_id: int | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
        if run_id is None:
            rows = self.conn.execute(
                "SELECT run_id, origin, stage, reason FROM failures ORDER BY id DESC "
                "LIMIT ? OFFSET ?",
                (limit, offset),
            )
        else:
            rows = self.conn.execute(
                "SELECT run_id, origin, stage, reason FROM failures WHERE run_id=? "
                "ORDER BY id LIMIT ? OFFSET ?",
                (run_id, limit, offset),
            )
        return [dict(r) for r in rows]

    def count_failures(self, run_id: int | None = None) -> int:
        if run_id is None:
            row = self.conn.execute("SELECT count(*) FROM failures").fetchone()
        else:
            row = self.conn.execute(
                "SELECT count(*) FROM failures WHERE run_id=?", (run_id,)
            ).fetchone()
        return int(row[0])
