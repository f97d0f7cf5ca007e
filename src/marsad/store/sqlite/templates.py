"""Template-line counts of the SQLite store (stages/template.py says what they are for).

One row per (source, line key): in how many canonical articles of that source the line
stood at the head or the foot. The writer adds to it in each batch's transaction, so a
killed run neither loses nor doubles a count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any


class TemplateTables:
    """Template counts over `self.conn`."""

    conn: sqlite3.Connection

    def add_template_counts(self, rows: Sequence[tuple[str, int, str]]) -> None:
        """(source, line key, line) seen once more each. The line is kept, as the sample a
        user reads, from its second sighting on: most candidate lines are seen once (on
        full ANT 78k rows, 21 learned), and their text was 20 of the table's 26 MB."""
        self.conn.executemany(
            "INSERT INTO template_lines (source, key, count, sample) VALUES (?, ?, 1, '') "
            "ON CONFLICT(source, key) DO UPDATE SET count = count + 1, "
            "sample = CASE WHEN sample = '' THEN ? ELSE sample END",
            [(src, k, line) for src, k, line in rows])

    def mark_learned(self, min_count: int) -> None:
        """Lines that reached `min_count` in this batch were learned at its last article."""
        self.conn.execute(
            "UPDATE template_lines SET learned_at = (SELECT coalesce(max(id), 0) FROM articles) "
            "WHERE learned_at IS NULL AND count >= ?", (min_count,))

    def template_keys(self, min_count: int) -> dict[str, dict[int, int]]:
        """source -> {key: article id it was learned at} of the lines seen in at least
        `min_count` of its articles."""
        out: dict[str, dict[int, int]] = {}
        for source, k, at in self.conn.execute(
                "SELECT source, key, coalesce(learned_at, 0) FROM template_lines "
                "WHERE count >= ?", (min_count,)):
            out.setdefault(source, {})[k] = at
        return out

    def add_leads(self, rows: Sequence[tuple[str, int, int]]) -> None:
        """(source, article id, lead key) of stored articles (stages/teasers.py)."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO source_leads (source, article_id, key) VALUES (?, ?, ?)", rows)

    def recent_leads(self, source: str, upto: int, limit: int) -> list[int]:
        """The lead keys of the newest `limit` articles of `source` with ids up to `upto`."""
        return [k for (k,) in self.conn.execute(
            "SELECT key FROM source_leads WHERE source = ? AND article_id <= ? "
            "ORDER BY article_id DESC LIMIT ?", (source, upto, limit))]

    def leads_of_uids(self, uids: Sequence[str]) -> list[tuple[str, int]]:
        """(source, lead key) of the articles of `uids` and those split off them."""
        out: list[tuple[str, int]] = []
        for i in range(0, len(uids), 900):
            part = list(uids[i:i + 900])
            marks = ",".join("?" * len(part))
            out += [tuple(r) for r in self.conn.execute(
                f"SELECT l.source, l.key FROM source_leads l JOIN articles a ON a.id = l.article_id "
                f"WHERE a.uid IN ({marks}) OR a.appended_to IN "
                f"(SELECT id FROM articles WHERE uid IN ({marks}))", part + part)]
        return out

    def last_article_id(self, uids: Sequence[str] | None = None) -> int:
        """The highest article id (0 when none): of the whole store, or of the articles
        of `uids` and the articles split off them."""
        if uids is None:
            return self.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        best = 0
        for i in range(0, len(uids), 900):
            part = list(uids[i:i + 900])
            marks = ",".join("?" * len(part))
            row = self.conn.execute(
                f"SELECT max(id) FROM articles WHERE uid IN ({marks}) OR appended_to IN "
                f"(SELECT id FROM articles WHERE uid IN ({marks}))", part + part).fetchone()
            best = max(best, row[0] or 0)
        return best

    def first_article_id(self, uids: Sequence[str]) -> int | None:
        """The lowest article id of `uids`, or None when none is stored."""
        best = None
        for i in range(0, len(uids), 900):
            part = list(uids[i:i + 900])
            row = self.conn.execute(
                f"SELECT min(id) FROM articles WHERE uid IN ({','.join('?' * len(part))})",
                part).fetchone()
            if row[0] is not None:
                best = row[0] if best is None else min(best, row[0])
        return best

    def template_lines(self, min_count: int, source: str | None = None,
                       limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """The learned lines, most seen first."""
        where = "count >= ?"
        args: list[Any] = [min_count]
        if source is not None:
            where += " AND source = ?"
            args.append(source)
        rows = self.conn.execute(
            f"SELECT source, key, count, sample FROM template_lines WHERE {where} "
            "ORDER BY count DESC, source, key LIMIT ? OFFSET ?", [*args, limit, offset])
        return [dict(r) for r in rows]

    def count_template_lines(self, min_count: int, source: str | None = None) -> int:
        where = "count >= ?"
        args: list[Any] = [min_count]
        if source is not None:
            where += " AND source = ?"
            args.append(source)
        return self.conn.execute(f"SELECT count(*) FROM template_lines WHERE {where}",
                                 args).fetchone()[0]

    def iter_article_texts(self) -> Iterator[dict[str, Any]]:
        """Every stored article's id, title, source name, url and text, by id."""
        yield from (dict(r) for r in self.conn.execute(
            "SELECT a.id, a.title, s.name AS source, a.url, a.text FROM articles a "
            "LEFT JOIN sources s ON s.id = a.source_id ORDER BY a.id"))
