"""User corrections to entities: the overrides table, and the row moves a correction makes.

`SQLiteStore` mixes this in. An override is stored by names and type (never by entity
id: `annotate --rebuild` makes new ids); `marsad.writer.overrides` reads them back for
every link decision, and `marsad.curate` applies one to the stored rows at once with
the moves below. Counts are recomputed from the mention rows afterwards, with the
writer's rules (canonical articles only; roles once per article).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

_CHUNK = 500  # ids per IN (...) list


def _chunks(ids: Sequence[Any]) -> Iterable[list[Any]]:
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _marks(part: Sequence[Any]) -> str:
    return ",".join("?" * len(part))


class OverrideTables:
    """Override rows and entity row moves over `self.conn` (an open SQLite connection)."""

    conn: sqlite3.Connection

    # ------------------------------------------------------------------ overrides
    def add_override(self, kind: str, etype: str | None, names: Sequence[str], *,
                     other: Sequence[str] | None = None, other_type: str | None = None,
                     name: str | None = None, latin: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO entity_overrides (kind, type, names, other, other_type, name, latin, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, etype, json.dumps(list(names), ensure_ascii=False),
             None if other is None else json.dumps(list(other), ensure_ascii=False),
             other_type, name, latin, datetime.now(UTC).isoformat(timespec="seconds")))
        return int(cur.lastrowid or 0)

    def list_overrides(self) -> list[dict[str, Any]]:
        """Every override, oldest first (a later one wins where two disagree)."""
        try:
            rows = self.conn.execute(
                "SELECT id, kind, type, names, other, other_type, name, latin, created_at "
                "FROM entity_overrides ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return []  # a read-only store made before migration 11: no overrides yet
        out = []
        for r in rows:
            item = dict(r)
            item["names"] = json.loads(item["names"])
            item["other"] = json.loads(item["other"]) if item["other"] else []
            out.append(item)
        return out

    def delete_override(self, override_id: int) -> bool:
        cur = self.conn.execute("DELETE FROM entity_overrides WHERE id=?", (override_id,))
        return cur.rowcount > 0

    # ------------------------------------------------------------------ reads for a move
    def entity_alias_counts(self, entity_id: int) -> list[tuple[str, int]]:
        """Every alias of an entity with its count, most used first."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT alias, count FROM entity_aliases WHERE entity_id=? "
            "ORDER BY count DESC, alias", (entity_id,))]

    def mention_texts(self, entity_ids: Sequence[int]) -> list[tuple[int, int, int, str, str]]:
        """(article_id, seq, entity_id, type, the mention's text) of these entities."""
        out: list[tuple[int, int, int, str, str]] = []
        for part in _chunks(entity_ids):
            out.extend(tuple(r) for r in self.conn.execute(
                "SELECT m.article_id, m.seq, m.entity_id, m.type, "
                "substr(a.text, m.start + 1, m.end - m.start) FROM mentions m "
                "JOIN articles a ON a.id = m.article_id "
                f"WHERE m.entity_id IN ({_marks(part)}) ORDER BY m.article_id, m.seq", part))
        return out

    # ------------------------------------------------------------------ moves
    def merge_entity_rows(self, source: int, target: int) -> None:
        """Everything stored about `source` becomes `target`'s; `source` is deleted."""
        c = self.conn
        etype = c.execute("SELECT type FROM entities WHERE id=?", (target,)).fetchone()[0]
        c.execute("UPDATE mentions SET entity_id=?, type=? WHERE entity_id=?",
                  (target, etype, source))
        for table, col in (("entity_aliases", "alias"), ("entity_roles", "role")):
            c.execute(f"INSERT INTO {table} (entity_id, {col}, count) SELECT ?, {col}, count "
                      f"FROM {table} WHERE entity_id=? ON CONFLICT(entity_id, {col}) "
                      "DO UPDATE SET count = count + excluded.count", (target, source))
            c.execute(f"DELETE FROM {table} WHERE entity_id=?", (source,))
        for table in ("entity_keys", "entity_latin_keys"):
            c.execute(f"INSERT OR IGNORE INTO {table} (key, entity_id) SELECT key, ? "
                      f"FROM {table} WHERE entity_id=?", (target, source))
            c.execute(f"DELETE FROM {table} WHERE entity_id=?", (source,))
        c.execute("UPDATE quotes SET speaker_entity_id=? WHERE speaker_entity_id=?",
                  (target, source))
        c.execute("UPDATE events SET source_entity_id=? WHERE source_entity_id=?",
                  (target, source))
        c.execute("UPDATE events SET target_entity_id=? WHERE target_entity_id=?",
                  (target, source))
        # the writer never stores an actor acting on itself
        c.execute("DELETE FROM events WHERE source_entity_id = target_entity_id")
        c.execute("DELETE FROM entities WHERE id=?", (source,))
        self.recount_entities([target])

    def _mention_entity(self, article_id: int, seq: int) -> tuple[int] | None:
        return self.conn.execute("SELECT entity_id FROM mentions WHERE article_id=? AND seq=?",
                                 (article_id, seq)).fetchone()

    def _still_named(self, article_id: int, entity_id: int) -> bool:
        """The entity still has a mention in the article (what it said there stays its)."""
        return self.conn.execute("SELECT 1 FROM mentions WHERE article_id=? AND entity_id=?",
                                 (article_id, entity_id)).fetchone() is not None

    def move_mentions(self, rows: Sequence[tuple[int, int]], entity_id: int) -> None:
        """Mentions (article_id, seq) now name `entity_id`; so do quotes and events that
        pointed at the entity through them (same article, old entity)."""
        c = self.conn
        for article_id, seq in rows:
            old = self._mention_entity(article_id, seq)
            if old is None:
                continue
            c.execute("UPDATE mentions SET entity_id=? WHERE article_id=? AND seq=?",
                      (entity_id, article_id, seq))
            if not self._still_named(article_id, old[0]):
                # the old entity is gone from this article: what it said or did there
                # was said or done by the mentions just moved
                c.execute("UPDATE quotes SET speaker_entity_id=? WHERE article_id=? AND "
                          "speaker_entity_id=?", (entity_id, article_id, old[0]))
                for col in ("source_entity_id", "target_entity_id"):
                    c.execute(f"UPDATE events SET {col}=? WHERE article_id=? AND {col}=?",
                              (entity_id, article_id, old[0]))
        c.execute("DELETE FROM events WHERE source_entity_id = target_entity_id")

    def delete_mentions(self, rows: Sequence[tuple[int, int]]) -> None:
        """Mentions (article_id, seq) removed; quotes through them lose their speaker and
        events between them go, where their entity is no longer in that article."""
        c = self.conn
        for article_id, seq in rows:
            old = self._mention_entity(article_id, seq)
            if old is None:
                continue
            c.execute("DELETE FROM mentions WHERE article_id=? AND seq=?", (article_id, seq))
            if not self._still_named(article_id, old[0]):
                c.execute("UPDATE quotes SET speaker_entity_id=NULL WHERE article_id=? AND "
                          "speaker_entity_id=?", (article_id, old[0]))
                c.execute("DELETE FROM events WHERE article_id=? AND (source_entity_id=? OR "
                          "target_entity_id=?)", (article_id, old[0], old[0]))

    def move_aliases(self, source: int, target: int, aliases: Sequence[str]) -> None:
        """These alias rows (with their counts) go from `source` to `target`."""
        for part in _chunks(aliases):
            self.conn.execute(
                "INSERT INTO entity_aliases (entity_id, alias, count) SELECT ?, alias, count "
                f"FROM entity_aliases WHERE entity_id=? AND alias IN ({_marks(part)}) "
                "ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count",
                [target, source, *part])
        self.delete_aliases(source, aliases)

    def delete_aliases(self, entity_id: int, aliases: Sequence[str]) -> None:
        for part in _chunks(aliases):
            self.conn.execute(f"DELETE FROM entity_aliases WHERE entity_id=? AND alias IN "
                              f"({_marks(part)})", [entity_id, *part])

    def add_entity_keys(self, entity_id: int, keys: Iterable[str],
                        latin_keys: Iterable[str] = ()) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)",
                              [(k, entity_id) for k in set(keys) if k])
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_latin_keys (key, entity_id) VALUES (?, ?)",
            [(k, entity_id) for k in set(latin_keys) if k])

    def delete_entity_keys(self, entity_id: int, keys: Sequence[str]) -> None:
        for part in _chunks(keys):
            self.conn.execute(f"DELETE FROM entity_keys WHERE entity_id=? AND key IN "
                              f"({_marks(part)})", [entity_id, *part])

    def recount_entities(self, ids: Sequence[int]) -> None:
        """Counts, dates and roles of these entities again from their mention rows."""
        c = self.conn
        for part in _chunks(ids):
            c.execute(
                "UPDATE entities SET "
                "mentions = (SELECT count(*) FROM mentions m JOIN articles a ON a.id = "
                "m.article_id WHERE m.entity_id = entities.id AND a.duplicate_of IS NULL), "
                "articles = (SELECT count(DISTINCT m.article_id) FROM mentions m JOIN articles "
                "a ON a.id = m.article_id WHERE m.entity_id = entities.id "
                "AND a.duplicate_of IS NULL), "
                "first_seen = (SELECT min(substr(a.published, 1, 10)) FROM mentions m JOIN "
                "articles a ON a.id = m.article_id WHERE m.entity_id = entities.id "
                "AND a.duplicate_of IS NULL), "
                "last_seen = (SELECT max(substr(a.published, 1, 10)) FROM mentions m JOIN "
                "articles a ON a.id = m.article_id WHERE m.entity_id = entities.id "
                f"AND a.duplicate_of IS NULL) WHERE id IN ({_marks(part)})", part)
            c.execute(f"DELETE FROM entity_roles WHERE entity_id IN ({_marks(part)})", part)
            c.execute("INSERT INTO entity_roles (entity_id, role, count) SELECT entity_id, role, "
                      "count(DISTINCT article_id) FROM mentions WHERE role IS NOT NULL AND "
                      f"entity_id IN ({_marks(part)}) GROUP BY entity_id, role", part)

    def drop_unmentioned(self, ids: Sequence[int]) -> list[int]:
        """Delete those of these entities no mention names any more; return their ids."""
        c = self.conn
        gone = [i for i in ids if c.execute("SELECT 1 FROM mentions WHERE entity_id=? LIMIT 1",
                                            (i,)).fetchone() is None]
        for part in _chunks(gone):
            marks = _marks(part)
            c.execute(f"UPDATE quotes SET speaker_entity_id=NULL WHERE speaker_entity_id IN "
                      f"({marks})", part)
            c.execute(f"DELETE FROM events WHERE source_entity_id IN ({marks}) OR "
                      f"target_entity_id IN ({marks})", part * 2)
            for table in ("entity_keys", "entity_latin_keys", "entity_aliases", "entity_roles"):
                c.execute(f"DELETE FROM {table} WHERE entity_id IN ({marks})", part)
            c.execute(f"DELETE FROM entities WHERE id IN ({marks})", part)
        return gone
