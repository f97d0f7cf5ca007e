"""Story, time-expression and event tables of the SQLite store (quotes: quotes.py).

The clustering *decision* lives in `marsad.writer.stories`; this module only reads and
writes rows. Story reads join members to articles, so a story page shows its outlets,
entities and quotes without any of them being copied into the story row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

_STORY_COLUMNS = ("st.id, st.title, st.first_seen, st.last_seen, st.size, st.articles, "
                  "st.updated_at, st.follows")


class StoryTables:
    """Story/timex/quote reads and writes over `self.conn`."""

    conn: sqlite3.Connection

    # ------------------------------------------------------------------ stories: writing
    def story_candidates(self, terms: Sequence[int], day: float | None, window: float,
                         limit: int, cached: dict[int, tuple] | None = None
                         ) -> list[dict[str, Any]]:
        """Stories indexed under any of `terms`, active within `window` days of `day`.

        Two steps: ids first (postings, time window, recency: no blob is read), then the
        centroids of at most `limit` stories. Reading centroids of every story sharing a
        common term made the writer slow down as the corpus grew. `cached` maps story ids
        to the `version` the caller holds a centroid of: those rows come back without
        their centroid columns when the version is still current.
        """
        terms = list(dict.fromkeys(int(t) for t in terms))
        if not terms:
            return []
        # INDEXED BY: the planner would look each id up in the table (migration 9)
        sql = ("SELECT st.id FROM stories st INDEXED BY stories_head WHERE st.id IN "
               f"(SELECT story_id FROM story_terms WHERE term IN ({','.join('?' * len(terms))}))")
        params: list[Any] = list(terms)
        if day is not None:
            sql += " AND (st.last_day IS NULL OR st.last_day BETWEEN ? AND ?)"
            params += [day - window, day + window]
        sql += " ORDER BY st.touched DESC, st.id DESC LIMIT ?"
        sql = sql.replace("SELECT st.id", "SELECT st.id, st.articles, st.size, st.touched", 1)
        heads = [(r[0], (r[1], r[2], r[3])) for r in self.conn.execute(sql, [*params, limit])]
        if not heads:
            return []
        cached = cached or {}
        by_id = {i: {"id": i, "version": v} for i, v in heads if cached.get(i) == v}
        todo = [i for i, _ in heads if i not in by_id]
        if todo:
            rows = self.conn.execute(
                "SELECT id, centroid_ids, centroid_weights, topic, entities, last_day, "
                "articles, size, touched, title_score FROM stories WHERE id IN "
                f"({','.join('?' * len(todo))})", todo)
            for r in rows:
                row = dict(r)
                row["version"] = (row["articles"], row["size"], row["touched"])
                by_id[r[0]] = row
        return [by_id[i] for i, _ in heads]

    def save_story(self, story_id: int | None, row: dict[str, Any]) -> int:
        """Insert (story_id None) or update a story row; returns its id."""
        cols = ("title", "title_score", "first_seen", "last_seen", "last_day", "size",
                "articles", "centroid_ids", "centroid_weights", "topic", "entities",
                "updated_at", "touched", "follows")
        values = [row.get(c) if c != "entities" else json.dumps(row[c], ensure_ascii=False)
                  for c in cols]
        if story_id is None:
            cur = self.conn.execute(
                f"INSERT INTO stories ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                values)
            return int(cur.lastrowid or 0)
        self.conn.execute(f"UPDATE stories SET {', '.join(c + '=?' for c in cols)} WHERE id=?",
                          [*values, story_id])
        return story_id

    def load_story(self, story_id: int) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["entities"] = json.loads(out["entities"] or "[]")
        return out

    def set_story_terms(self, story_id: int, terms: Sequence[int],
                        previous: Sequence[int] | None = None) -> None:
        """A story's postings become `terms`. With the `previous` postings given only the
        difference is written: an article joining a story moves a few of its top terms,
        and rewriting all of them was the writer's most frequent statement."""
        if previous is None:
            self.conn.execute("DELETE FROM story_terms WHERE story_id=?", (story_id,))
            old: set[int] = set()
        else:
            old = {int(t) for t in previous}
        new = {int(t) for t in terms}
        self.conn.executemany("DELETE FROM story_terms WHERE story_id=? AND term=?",
                              [(story_id, t) for t in sorted(old - new)])
        self.conn.executemany("INSERT OR IGNORE INTO story_terms (term, story_id) VALUES (?, ?)",
                              [(t, story_id) for t in sorted(new - old)])

    def add_story_member(self, article_id: int, story_id: int,
                         similarity: float | None) -> None:
        """`article_id` joins `story_id` (a membership it already had is replaced).

        A plain INSERT first: the writer only clusters articles without a story, and with
        a conflict clause SQLite opened a statement journal on every insert, which in a
        batch's transaction cost ~150 us against ~8 (ANT; 5% of the writer)."""
        row = (article_id, story_id, similarity)
        try:
            self.conn.execute(
                "INSERT INTO story_members (article_id, story_id, similarity) VALUES (?, ?, ?)",
                row)
        except sqlite3.IntegrityError:
            self.conn.execute(
                "INSERT OR REPLACE INTO story_members (article_id, story_id, similarity) "
                "VALUES (?, ?, ?)", row)

    def follow_up_of(self, story_id: int) -> int | None:
        """The latest story started as a later development of `story_id`, if any."""
        row = self.conn.execute("SELECT max(id) FROM stories WHERE follows=?",
                                (story_id,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def story_thread(self, story_id: int) -> dict[str, list[dict[str, Any]]]:
        """The stories `story_id` follows (oldest first) and those that follow it."""
        before: list[dict[str, Any]] = []
        seen = {story_id}
        cur = self.conn.execute("SELECT follows FROM stories WHERE id=?", (story_id,)).fetchone()
        nxt = cur[0] if cur else None
        while nxt is not None and nxt not in seen and len(before) < 50:
            seen.add(nxt)
            row = self.get_story(nxt)
            if row is None:
                break
            before.insert(0, row)
            nxt = row["follows"]
        after = [dict(r) for r in self.conn.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories st WHERE st.follows=? ORDER BY st.id",
            (story_id,))]
        return {"follows": before, "followed_by": after}

    def story_of(self, article_id: int) -> int | None:
        row = self.conn.execute("SELECT story_id FROM story_members WHERE article_id=?",
                                (article_id,)).fetchone()
        return int(row[0]) if row else None

    def reset_stories(self) -> None:
        for table in ("story_terms", "story_members", "stories", "story_stream"):
            self.conn.execute(f"DELETE FROM {table}")

    def story_stream(self) -> tuple[dict[int, int], int]:
        """(term id -> articles counted with it, articles counted) of the story stream."""
        counts = dict(self.conn.execute("SELECT term, df FROM story_stream"))
        return counts, counts.pop(-1, 0)

    def add_story_stream(self, counts: Sequence[tuple[int, int]], docs: int) -> None:
        """Add (term id, articles) counts and `docs` more articles to the story stream."""
        self.conn.executemany(
            "INSERT INTO story_stream (term, df) VALUES (?, ?) "
            "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df", [*counts, (-1, docs)])

    def articles_for_clustering(self, after_id: int, limit: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, title, text, published, duplicate_of FROM articles WHERE id > ? "
            "ORDER BY id LIMIT ?", (after_id, limit))
        return [dict(r) for r in rows]

    def article_entity_names(self, article_id: int) -> list[tuple[int, str, str]]:
        rows = self.conn.execute(
            "SELECT DISTINCT e.id, e.name, e.type FROM mentions m JOIN entities e "
            "ON e.id = m.entity_id WHERE m.article_id = ?", (article_id,))
        return [(r[0], r[1], r[2]) for r in rows]

    # ------------------------------------------------------------------ timexes, events
    def insert_timexes(self, article_id: int,
                       rows: Sequence[tuple[int, int, str, str, str]]) -> None:
        """(start, end, type, value, granularity) of one article, in text order."""
        self.conn.executemany(
            "INSERT INTO timexes (article_id, seq, start, end, type, value, granularity) "
            "VALUES (?,?,?,?,?,?,?)", [(article_id, i, *r) for i, r in enumerate(rows)])

    def insert_events(self, article_id: int, rows: Sequence[tuple]) -> None:
        """(start, end, trigger, cameo, quad, goldstein, source id, target id, mutual)."""
        self.conn.executemany(
            "INSERT INTO events (article_id, seq, start, end, trigger, cameo, quad, goldstein, "
            "source_entity_id, target_entity_id, mutual) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(article_id, i, *r) for i, r in enumerate(rows)])

    def event_rows(self, *, story_id: int | None = None, entity_id: int | None = None,
                   since: str | None = None, until: str | None = None) -> Iterator[tuple]:
        """Event rows in `stories.graph.build_graph`'s shape, canonical articles only."""
        where = ["a.duplicate_of IS NULL"]
        params: list[Any] = []
        if story_id is not None:
            where.append("ev.article_id IN (SELECT article_id FROM story_members "
                         "WHERE story_id=?)")
            params.append(story_id)
        if entity_id is not None:
            where.append("(ev.source_entity_id = ? OR ev.target_entity_id = ?)")
            params += [entity_id, entity_id]
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("substr(a.published, 1, 10) <= ?")
            params.append(until)
        yield from (tuple(r) for r in self.conn.execute(
            "SELECT ev.article_id, ev.seq, ev.start, ev.end, ev.trigger, ev.cameo, ev.quad, "
            "ev.goldstein, ev.source_entity_id, ev.target_entity_id, a.published, ev.mutual "
            f"FROM events ev JOIN articles a ON a.id = ev.article_id WHERE {' AND '.join(where)} "
            "ORDER BY ev.article_id, ev.seq", params))

    def entity_rows(self, ids: Sequence[int] | None = None,
                    names: Sequence[str] = ()) -> list[tuple]:
        """(id, name, type, latin, mentions) of these ids and of entities with these names."""
        out: dict[int, tuple] = {}
        ids = list(ids or [])
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self.conn.execute(
                    "SELECT id, name, type, latin, mentions FROM entities WHERE id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                out[r[0]] = tuple(r)
        if names:
            for r in self.conn.execute(
                    "SELECT id, name, type, latin, mentions FROM entities WHERE name IN "
                    f"({','.join('?' * len(names))})", list(names)):
                out[r[0]] = tuple(r)
        return list(out.values())

    # ------------------------------------------------------------------ reading
    def count_stories(self, min_articles: int = 1) -> int:
        return int(self.conn.execute("SELECT count(*) FROM stories WHERE articles >= ?",
                                     (min_articles,)).fetchone()[0])

    def list_stories(self, limit: int = 50, offset: int = 0, min_articles: int = 1,
                     order: str = "recent") -> list[dict[str, Any]]:
        by = {"recent": "st.last_seen DESC, st.id DESC",
              "size": "st.articles DESC, st.last_seen DESC, st.id"}[order]
        rows = self.conn.execute(
            f"SELECT {_STORY_COLUMNS}, (SELECT count(DISTINCT a.source_id) FROM story_members sm "
            "JOIN articles a ON a.id = sm.article_id WHERE sm.story_id = st.id) AS outlets "
            f"FROM stories st WHERE st.articles >= ? ORDER BY {by} LIMIT ? OFFSET ?",
            (min_articles, limit, offset))
        return [dict(r) for r in rows]

    def rising_stories(self, start: str, mid: str, end: str,
                       limit: int = 20) -> list[dict[str, Any]]:
        """Stories with canonical articles published in [mid, end], with how many articles
        and outlets they had there and how many articles in [start, mid) before."""
        rows = self.conn.execute(
            f"SELECT {_STORY_COLUMNS}, w.recent, w.recent_outlets, w.before FROM ("
            "SELECT sm.story_id, sum(a.published >= ?) AS recent, "
            "count(DISTINCT CASE WHEN a.published >= ? THEN a.source_id END) AS recent_outlets, "
            "sum(a.published < ?) AS before FROM articles a "
            "JOIN story_members sm ON sm.article_id = a.id "
            "WHERE a.duplicate_of IS NULL AND a.published >= ? AND substr(a.published, 1, 19) <= ? "
            "GROUP BY sm.story_id) w JOIN stories st ON st.id = w.story_id WHERE w.recent > 0",
            (mid, mid, mid, start, end))
        items = [dict(r) for r in rows]
        for it in items:
            # NewsBrief's top stories: coverage now, from how many outlets, against before
            it["score"] = round(it["recent"] * max(it["recent_outlets"], 1) / (1 + it["before"]), 3)
        items.sort(key=lambda it: (-it["score"], -it["recent"], -it["id"]))
        return items[:limit]

    def latest_published(self) -> str | None:
        return self.conn.execute("SELECT max(substr(published, 1, 19)) FROM articles "
                                 "WHERE duplicate_of IS NULL").fetchone()[0]

    def get_story(self, story_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(f"SELECT {_STORY_COLUMNS} FROM stories st WHERE st.id=?",
                                (story_id,)).fetchone()
        return dict(row) if row else None

    def story_articles(self, story_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.published, s.name AS source, a.url, a.duplicate_of, "
            "sm.similarity, a.text FROM story_members sm JOIN articles a ON a.id = sm.article_id "
            "LEFT JOIN sources s ON s.id = a.source_id WHERE sm.story_id = ? "
            "ORDER BY a.published, a.id", (story_id,))
        return [dict(r) for r in rows]

    def story_entities(self, story_id: int, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT e.id, e.type, e.name, e.latin, count(*) AS mentions, "
            "count(DISTINCT m.article_id) AS articles FROM story_members sm "
            "JOIN articles a ON a.id = sm.article_id AND a.duplicate_of IS NULL "
            "JOIN mentions m ON m.article_id = sm.article_id JOIN entities e ON e.id = m.entity_id "
            "WHERE sm.story_id = ? GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.id "
            "LIMIT ?", (story_id, limit))
        return [dict(r) for r in rows]

    def timex_rows(self, article_ids: Sequence[int]) -> list[dict[str, Any]]:
        if not article_ids:
            return []
        rows = self.conn.execute(
            "SELECT t.article_id, t.start, t.end, t.type, t.value, t.granularity FROM timexes t "
            f"WHERE t.article_id IN ({','.join('?' * len(article_ids))}) "
            "ORDER BY t.article_id, t.seq", list(article_ids))
        return [dict(r) for r in rows]

    def iter_article_annotations(self, table: str) -> Iterator[tuple]:
        """Rows of `timexes` or `quotes` in article order (export merge)."""
        cols = {"timexes": "article_id, start, end, type, value, granularity",
                "quotes": "article_id, start, end, kind, cue, speaker, speaker_entity_id, via"}
        yield from self.conn.execute(
            f"SELECT {cols[table]} FROM {table} ORDER BY article_id, seq")

    def iter_story_ids(self) -> Iterator[tuple[int, int]]:
        yield from self.conn.execute(
            "SELECT article_id, story_id FROM story_members ORDER BY article_id")
