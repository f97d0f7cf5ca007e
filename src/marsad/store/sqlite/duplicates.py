"""Duplicate-detection tables of the SQLite store: exact key hashes and MinHash LSH buckets.

The decision lives in `marsad.stages.dedup`; this mixin of SQLiteStore only looks rows up
and writes them, in the writer's batch transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

# lsh_candidates' statement by number of band keys (always LSH_BANDS in practice).
_LSH_SQL: dict[int, str] = {}


class DuplicateTables:
    """Exact-match and LSH lookups over `self.conn`."""

    conn: sqlite3.Connection

    def find_exact(self, key_hash: str) -> int | None:
        row = self.conn.execute(
            "SELECT id, duplicate_of FROM articles WHERE key_hash=? ORDER BY id LIMIT 1",
            (key_hash,),
        ).fetchone()
        if row is None:
            return None
        return int(row["duplicate_of"] or row["id"])

    def lsh_candidates(self, band_keys: Sequence[tuple[int, int]]) -> list[tuple[int, bytes]]:
        if not band_keys:
            return []
        # One statement for all bands (SQLite answers the ORs with one index search each):
        # 25 separate lookups cost the writer more than twice as much (ANT: ~155 -> ~65 us).
        sql = _LSH_SQL.get(len(band_keys))
        if sql is None:
            sql = _LSH_SQL[len(band_keys)] = (
                "SELECT article_id FROM lsh_buckets WHERE "
                + " OR ".join(["(band=? AND bucket=?)"] * len(band_keys)))
        ids = {r[0] for r in self.conn.execute(sql, [x for key in band_keys for x in key])}
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT id, signature FROM articles WHERE id IN ({marks}) ORDER BY id", sorted(ids)
        )
        return [(int(r[0]), bytes(r[1])) for r in rows if r[1] is not None]

    def canonical_of(self, article_id: int) -> int:
        row = self.conn.execute(
            "SELECT duplicate_of FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else article_id

    def add_buckets(self, article_id: int, band_keys: Sequence[tuple[int, int]]) -> None:
        self.conn.executemany(
            "INSERT INTO lsh_buckets (band, bucket, article_id) VALUES (?,?,?)",
            [(band, bucket, article_id) for band, bucket in band_keys],
        )
