"""Entity tables of the SQLite store: linking writes (single writer) and entity reads.

`SQLiteStore` mixes this in; the linking *decision* is not made here but in
`marsad.writer.linking.link_entities`, which asks for candidates sharing a match key and
then tells the store to create or extend an entity. Counts (mentions, articles, first and
last seen) cover canonical articles only, so a re-filed agency copy does not inflate them;
mention rows are kept for every article so each copy still shows its highlights.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from marsad.store.mirror import ALIASES_COMPARED, EntityMirror

# SQLite's host-parameter limit is far above this; lookups stay in one statement.
_MAX_KEYS = 500
# Candidates by full-name key (phonetic skeletons of short names collide, so dozens can
# share one) and by a single name token, most mentioned first: a lone «بوتين» must find
# the Putin the corpus talks about, not every entity sharing a token. These caps keep the
# writer's cost per entity flat as a corpus grows (profiled on ANT, 31.5k articles) while
# the seeds' partial-name links hold (tests/cli/test_cli_entities.py).
STRONG_CANDIDATES = 30
WEAK_CANDIDATES = 20
# A person is best named by a full (multi-word) form even when the surname alone is more
# frequent in the text ("بوتين" × 40 vs "فلاديمير بوتين" × 6).
_FULL_NAME_TYPES = ("PER",)
# ... but only a full form the text supports: a one-off span that glued two people
# («كافاني نيمار» × 1 beside «نيمار» × 271) or a word to a name («لسان يوليا») named the
# whole entity on full ANT. A full form needs this share of the most frequent alias.
FULL_NAME_SHARE = 0.05

_ENTITY_COLUMNS = "e.id, e.type, e.name, e.latin, e.mentions, e.articles, e.first_seen, e.last_seen"


def _day(published: str | None) -> str | None:
    return published[:10] if published else None


class EntityTables:
    """Entity reads and writes over `self.conn` (an open SQLite connection)."""

    conn: sqlite3.Connection

    # ------------------------------------------------------------------ writing
    def entity_candidates(self, keys: Sequence[str], etype: str, weak_keys: Sequence[str] = (),
                          mirror: EntityMirror | None = None) -> list[dict[str, Any]]:
        """Entities of `etype` that share a match key, with their aliases.

        `keys` are full-name keys: every entity sharing one is a candidate. `weak_keys`
        (one token of a name: a surname, a first name) are shared by ever more entities
        as a corpus grows («محمد»), so they are looked up only when no full name matched,
        and only the WEAK_CANDIDATES most mentioned are returned: linking cost stays flat
        instead of growing with the corpus. `mirror`: the writer's, for the aliases.
        """
        found: dict[int, dict[str, Any]] = {}
        for group, limit in ((keys, STRONG_CANDIDATES), (weak_keys, WEAK_CANDIDATES)):
            group = list(dict.fromkeys(k for k in group if k))[:_MAX_KEYS]
            if not group or (found and limit == WEAK_CANDIDATES):
                continue  # a full name already stored: no need to look among tokens
            # keys first, then their entities: left to itself SQLite walks the type index
            # in mention order testing each entity, which for a name nobody has (most
            # lookups) reads every entity of the type (2.4 ms vs 0.12 ms at 42k entities)
            rows = self.conn.execute(
                "SELECT e.id, e.type, e.name, e.mentions FROM (SELECT DISTINCT entity_id "
                f"FROM entity_keys WHERE key IN ({','.join('?' * len(group))})) k "
                "CROSS JOIN entities e ON e.id = k.entity_id WHERE +e.type = ? "
                "ORDER BY e.mentions DESC, e.id LIMIT ?", [*group, etype, limit]).fetchall()
            for r in rows:
                found.setdefault(r[0], {"id": r[0], "type": r[1], "name": r[2],
                                        "mentions": r[3], "aliases": []})
        if found and mirror is not None:
            mirror.load(list(found), self._alias_rows)
            for eid, item in found.items():
                mirror.types[eid] = item["type"]
                item["aliases"] = list(mirror.top_aliases(eid))
        elif found:
            ids = sorted(found)
            for eid, alias in self.conn.execute(
                    "SELECT entity_id, alias FROM (SELECT entity_id, alias, row_number() OVER "
                    "(PARTITION BY entity_id ORDER BY count DESC, alias) AS rank "
                    "FROM entity_aliases WHERE entity_id IN "
                    f"({','.join('?' * len(ids))})) WHERE rank <= ? ORDER BY entity_id, rank",
                    [*ids, ALIASES_COMPARED]):
                found[eid]["aliases"].append(alias)
        return [found[i] for i in sorted(found)]

    def _alias_rows(self, ids: Sequence[int]) -> Iterator[tuple[int, str, int]]:
        """(entity id, alias, count) of every alias of `ids`, for the writer's mirror."""
        for start in range(0, len(ids), _MAX_KEYS):
            part = list(ids[start:start + _MAX_KEYS])
            yield from self.conn.execute(
                "SELECT entity_id, alias, count FROM entity_aliases WHERE entity_id IN "
                f"({','.join('?' * len(part))})", part)

    def create_entity(self, etype: str, name: str, latin: str | None = None,
                      mirror: EntityMirror | None = None) -> int:
        cur = self.conn.execute("INSERT INTO entities (type, name, latin) VALUES (?, ?, ?)",
                                (etype, name, latin))
        eid = int(cur.lastrowid or 0)
        if mirror is not None:
            mirror.created(eid, etype)
        return eid

    def extend_entity(
        self,
        entity_id: int,
        *,
        match_keys: Iterable[str],
        aliases: Iterable[str],
        roles: Iterable[str],
        latin_keys: Iterable[str],
        mentions: int,
        published: str | None,
        counted: bool,
        mirror: EntityMirror | None = None,
    ) -> None:
        """Add what one article says about an entity: keys, aliases, roles, counts."""
        c = self.conn
        c.executemany("INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)",
                      [(k, entity_id) for k in set(match_keys) if k])
        c.executemany("INSERT OR IGNORE INTO entity_latin_keys (key, entity_id) VALUES (?, ?)",
                      [(k, entity_id) for k in set(latin_keys) if k])
        names = [a for a in set(aliases) if a]
        c.executemany(
            "INSERT INTO entity_aliases (entity_id, alias, count) VALUES (?, ?, 1) "
            "ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + 1",
            [(entity_id, a) for a in names])
        if mirror is not None:
            mirror.counted(entity_id, names)
        role_rows = [(entity_id, r) for r in set(roles) if r]
        if role_rows:  # most mentions carry no title
            c.executemany(
                "INSERT INTO entity_roles (entity_id, role, count) VALUES (?, ?, 1) "
                "ON CONFLICT(entity_id, role) DO UPDATE SET count = count + 1", role_rows)
        if counted:
            day = _day(published)
            c.execute(
                "UPDATE entities SET mentions = mentions + ?, articles = articles + 1, "
                "first_seen = CASE WHEN ? IS NOT NULL AND (first_seen IS NULL OR ? < first_seen) "
                "THEN ? ELSE first_seen END, "
                "last_seen = CASE WHEN ? IS NOT NULL AND (last_seen IS NULL OR ? > last_seen) "
                "THEN ? ELSE last_seen END WHERE id = ?",
                (mentions, day, day, day, day, day, day, entity_id))

    def best_entity_name(self, entity_id: int, among: Sequence[str] | None = None,
                         mirror: EntityMirror | None = None) -> tuple[str, str]:
        """(type, display name) after an update: the most frequent alias, full names first.

        `among`: only these aliases can have changed rank (the current name and the ones
        an article just counted), so only they are read: a busy entity has hundreds.
        `mirror` answers instead of the tables when it holds the entity.
        """
        etype = mirror.types.get(entity_id) if mirror is not None else None
        if etype is None:
            etype = self.conn.execute("SELECT type FROM entities WHERE id=?",
                                      (entity_id,)).fetchone()[0]
        counts = mirror.counts.get(entity_id) if mirror is not None else None
        if among is not None and counts is not None:
            rows = [(a, counts[a]) for a in list(dict.fromkeys(among))[:_MAX_KEYS] if a in counts]
        elif among is not None:
            names = list(dict.fromkeys(among))[:_MAX_KEYS]
            rows = self.conn.execute(
                "SELECT alias, count FROM entity_aliases WHERE entity_id=? AND alias IN "
                f"({','.join('?' * len(names))})", [entity_id, *names]).fetchall()
        else:
            rows = self.conn.execute(
                "SELECT alias, count FROM entity_aliases WHERE entity_id=?",
                (entity_id,)).fetchall()
        if not rows:
            return etype, ""
        floor = FULL_NAME_SHARE * max(n for _, n in rows)
        named = [(a, n) for a, n in rows if " " in a and n >= floor]
        pool = named if etype in _FULL_NAME_TYPES and named else rows
        name = max(pool, key=lambda r: (r[1], len(r[0]), r[0]))[0]
        return etype, name

    def rename_entity(self, entity_id: int, name: str, latin: str | None) -> None:
        self.conn.execute("UPDATE entities SET name=?, latin=COALESCE(?, latin) WHERE id=?",
                          (name, latin, entity_id))

    def entity_name(self, entity_id: int) -> str:
        row = self.conn.execute("SELECT name FROM entities WHERE id=?", (entity_id,)).fetchone()
        return row[0] if row else ""

    def insert_mentions(self, article_id: int,
                        rows: Sequence[tuple[int, int, int, str, str | None, float]]) -> None:
        """Mentions of one article: (entity_id, start, end, type, role, link confidence),
        in text order."""
        self.conn.executemany(
            "INSERT INTO mentions (article_id, seq, entity_id, start, end, type, role, "
            "confidence) VALUES (?,?,?,?,?,?,?,?)",
            [(article_id, i, *row) for i, row in enumerate(rows)])

    def mark_annotated(self, article_id: int, model: str) -> None:
        self.conn.execute("UPDATE articles SET annotated_with=? WHERE id=?", (model, article_id))

    def unannotated(self, limit: int) -> list[dict[str, Any]]:
        """Articles no model has annotated yet, oldest first."""
        rows = self.conn.execute(
            "SELECT id, title, text, lang, published, duplicate_of FROM articles "
            "WHERE annotated_with IS NULL ORDER BY id LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    def annotation_models(self) -> dict[str, int]:
        """How many articles each model annotated ("" for none yet)."""
        rows = self.conn.execute(
            "SELECT COALESCE(annotated_with, ''), count(*) FROM articles GROUP BY 1")
        return {r[0]: r[1] for r in rows}

    def reset_annotations(self) -> None:
        """Forget every entity, mention, time expression, quote and story; articles become
        unannotated (their text, metadata and duplicate groups stay)."""
        for table in ("events", "quotes", "timexes", "story_terms", "story_members", "stories",
                      "story_stream",
                      "mentions", "entity_keys", "entity_latin_keys", "entity_aliases",
                      "entity_roles", "entities"):
            self.conn.execute(f"DELETE FROM {table}")
        self.conn.execute("UPDATE articles SET annotated_with = NULL")

    def clear_article_annotations(self, article_id: int) -> None:
        """Drop one article's mentions, time expressions and quotes before re-annotating."""
        for table in ("mentions", "timexes", "quotes", "events"):
            self.conn.execute(f"DELETE FROM {table} WHERE article_id=?", (article_id,))

    # ------------------------------------------------------------------ reading
    def count_entities(self, etype: str | None = None) -> int:
        if etype:
            return int(self.conn.execute("SELECT count(*) FROM entities WHERE type=?",
                                         (etype,)).fetchone()[0])
        return int(self.conn.execute("SELECT count(*) FROM entities").fetchone()[0])

    def list_entities(self, etype: str | None = None, limit: int = 50, offset: int = 0,
                      ids: Sequence[int] | None = None,
                      sort: str = "mentions") -> list[dict[str, Any]]:
        """Entities most mentioned first, or (`sort="recent"`) latest seen first."""
        where: list[str] = []
        params: list[Any] = []
        if etype:
            where.append("e.type = ?")
            params.append(etype)
        if ids is not None:
            if not ids:
                return []
            where.append(f"e.id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        sql = (f"SELECT {_ENTITY_COLUMNS} FROM entities e"
               + (" WHERE " + " AND ".join(where) if where else "")
               + (" ORDER BY e.last_seen IS NULL, e.last_seen DESC, e.mentions DESC, e.id"
                  if sort == "recent" else " ORDER BY e.mentions DESC, e.id")
               + " LIMIT ? OFFSET ?")
        items = [dict(r) for r in self.conn.execute(sql, [*params, limit, offset])]
        self._attach_names_of(items)
        return items

    def _attach_names_of(self, items: list[dict[str, Any]], aliases: int = 8) -> None:
        """Each entity's most used aliases and roles, for a page of entities in two
        statements, not two per entity (exporting ANT's 60k entities took 12 s so)."""
        by_id = {item["id"]: item for item in items}
        for item in items:
            item["aliases"], item["roles"] = [], []
        ids = list(by_id)
        for start in range(0, len(ids), _MAX_KEYS):
            part = ids[start:start + _MAX_KEYS]
            marks = ",".join("?" * len(part))
            for table, column, field, keep in (("entity_aliases", "alias", "aliases", aliases),
                                               ("entity_roles", "role", "roles", 8)):
                rows = self.conn.execute(
                    f"SELECT entity_id, {column}, count FROM (SELECT entity_id, {column}, "
                    f"count, row_number() OVER (PARTITION BY entity_id ORDER BY count DESC, "
                    f"{column}) AS rank FROM {table} WHERE entity_id IN ({marks})) "
                    "WHERE rank <= ? ORDER BY entity_id, rank", [*part, keep])
                for eid, name, n in rows:
                    by_id[eid][field].append({column: name, "count": n})

    def get_entity(self, entity_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities e WHERE e.id=?",
                                (entity_id,)).fetchone()
        if row is None:
            return None
        item = dict(row)
        self._attach_names_of([item], aliases=50)
        return item

    def entities_by_keys(self, keys: Sequence[str], latin: bool = False) -> list[int]:
        """Entity ids having any of `keys` (match keys, or Latin keys), most mentioned first."""
        keys = list(dict.fromkeys(k for k in keys if k))[:_MAX_KEYS]
        if not keys:
            return []
        table = "entity_latin_keys" if latin else "entity_keys"
        rows = self.conn.execute(
            f"SELECT DISTINCT e.id FROM {table} k JOIN entities e ON e.id = k.entity_id "
            f"WHERE k.key IN ({','.join('?' * len(keys))}) ORDER BY e.mentions DESC, e.id",
            keys)
        return [r[0] for r in rows]

    def entities_by_alias(self, alias: str) -> list[int]:
        rows = self.conn.execute(
            "SELECT DISTINCT a.entity_id FROM entity_aliases a JOIN entities e "
            "ON e.id = a.entity_id WHERE a.alias = ? ORDER BY e.mentions DESC", (alias,))
        return [r[0] for r in rows]

    def entity_mentions(self, entity_id: int, limit: int = 20,
                        offset: int = 0) -> list[dict[str, Any]]:
        """Mentions in canonical articles, newest article first, with the article text."""
        rows = self.conn.execute(
            "SELECT m.article_id, m.start, m.end, m.role, m.confidence, a.title, a.published, "
            "s.name AS source, a.text FROM mentions m JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN sources s ON s.id = a.source_id "
            "WHERE m.entity_id = ? AND a.duplicate_of IS NULL "
            "ORDER BY a.published DESC, m.article_id DESC, m.seq LIMIT ? OFFSET ?",
            (entity_id, limit, offset))
        return [dict(r) for r in rows]

    def cooccurring(self, entity_id: int, limit: int = 20) -> list[dict[str, Any]]:
        """Entities named in the same canonical articles, by number of shared articles."""
        rows = self.conn.execute(
            "WITH arts AS (SELECT DISTINCT m.article_id FROM mentions m JOIN articles a "
            "ON a.id = m.article_id WHERE m.entity_id = ? AND a.duplicate_of IS NULL) "
            "SELECT e.id, e.type, e.name, e.latin, count(DISTINCT m.article_id) AS count "
            "FROM arts JOIN mentions m ON m.article_id = arts.article_id "
            "JOIN entities e ON e.id = m.entity_id WHERE m.entity_id <> ? "
            "GROUP BY e.id ORDER BY count DESC, e.mentions DESC, e.id LIMIT ?",
            (entity_id, entity_id, limit))
        return [dict(r) for r in rows]

    def entity_volume(self, entity_id: int, by: str = "day") -> list[dict[str, Any]]:
        """Canonical articles mentioning the entity per day or month of publication."""
        width = 7 if by == "month" else 10
        rows = self.conn.execute(
            f"SELECT substr(a.published, 1, {width}) AS period, count(DISTINCT a.id) AS count "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.entity_id = ? AND a.duplicate_of IS NULL AND a.published IS NOT NULL "
            "GROUP BY period ORDER BY period", (entity_id,))
        return [dict(r) for r in rows]

    def article_entities(self, article_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT m.start, m.end, m.type, m.role, m.entity_id, m.confidence, "
            "e.name AS canonical, e.latin FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? "
            "ORDER BY m.seq", (article_id,))
        return [dict(r) for r in rows]

    def iter_mentions(self) -> Iterator[tuple]:
        """(article_id, start, end, type, entity_id, canonical) in article order (export)."""
        yield from self.conn.execute(
            "SELECT m.article_id, m.start, m.end, m.type, m.entity_id, e.name "
            "FROM mentions m JOIN entities e ON e.id = m.entity_id ORDER BY m.article_id, m.seq")
