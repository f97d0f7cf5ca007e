"""SQLite store: the embedded default. One file, WAL mode, numbered migrations.

One connection writes (the ingest runner, in batches of one transaction each, so a
`kill -9` loses at most the open batch, which the next run redoes); readers open
their own connections and never block on the writer thanks to WAL.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.errors import StoreError
from marsad.query import Query
from marsad.records import Document, Failure
from marsad.store import fts
from marsad.store.attention import AttentionTables
from marsad.store.duplicates import DuplicateTables
from marsad.store.entities import EntityTables
from marsad.store.feeds import FeedTables
from marsad.store.migrations import migrate, pending
from marsad.store.overrides import OverrideTables
from marsad.store.runs import RunTables
from marsad.store.sqlite_errors import store_error
from marsad.store.stories import StoryTables
from marsad.store.templates import TemplateTables
from marsad.store.watches import WatchTables

# SQLite's host-parameter limit is 32766 on modern builds; stay far below it.
_MAX_PARAMS = 900
# A writer waits this long for a lock held by another process before giving up.
BUSY_TIMEOUT_MS = 30_000
# Prepared statements kept per connection. The writer's lookups take IN lists of varying
# length, each length its own statement; at the default 128 they evicted each other and
# were compiled again on every call (ANT ingest: ~25 µs of a ~5 µs insert).
_STATEMENT_CACHE = 1024
# Page cache of a writing connection, in KiB (SQLite's default is 2 MB). The writer's
# lookups (entity keys, story postings, LSH buckets) touch index pages all over a file
# that reaches ~1 GB on ANT; with the default most of them were read again through the
# OS on every lookup. Pages are allocated as they are read, so a small store stays small.
WRITER_CACHE_KB = 131_072
# WAL pages after which a commit copies the log back into the database (SQLite's default
# is 1,000). Every batch rewrites the same hot pages (stories, postings, index leaves): at
# the default nearly every commit checkpointed them again; at 10,000 (a WAL of ~40 MB)
# ANT's commits cost ~20% less CPU (0.12-0.13 -> 0.10 ms an article, 6,000 articles).
WAL_CHECKPOINT_PAGES = 10_000

_ARTICLE_COLUMNS = (
    "a.id, a.uid, a.origin, a.input_format, a.encoding, a.url, s.name AS source, a.title, "
    "a.published, a.author, a.lang, a.duplicate_of, a.dup_kind, a.dup_similarity, "
    "a.appended_to, a.run_id, a.created_at"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(DuplicateTables, EntityTables, OverrideTables, RunTables, StoryTables,
                  TemplateTables, AttentionTables, WatchTables, FeedTables):
    """`Store` over one SQLite file (or ":memory:")."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                if self.path != ":memory:" and not Path(self.path).exists():
                    raise StoreError(f"no database at {self.path}: run `marsad ingest` first")
                _migrate_first(self.path)
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                            cached_statements=_STATEMENT_CACHE)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None,
                                            cached_statements=_STATEMENT_CACHE)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            # reading the schema is what finds a file that is not a database, or a corrupt
            # one: here, as one line, not as a traceback at the first query (issue 15)
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable across application crashes in WAL mode (kill -9 safe);
                # only a power cut can lose the last commits.
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
                self.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
                migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        self._in_tx = False
        self._sources: dict[str, int] = {}

    # ------------------------------------------------------------------ writing
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested use joins the outer one."""
        if self._in_tx:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):  # a full disk can fail this too
                self.conn.execute("ROLLBACK")
            # the file or the disk failed (full, damaged, unreadable): one line for the user;
            # a constraint a caller broke stays the IntegrityError its caller may expect
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                    exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise store_error(exc, self.path) from exc
            raise
        finally:
            self._in_tx = False

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the one-writer lock of this database file for an ingest or annotate run.

        Two runs at once used to meet as an IntegrityError traceback, the second marking
        the first, still running, as interrupted (issue 15, defect 10). The lock is a
        kernel flock on a file beside the database, so a killed run leaves none behind."""
        if self.path == ":memory:":
            yield
            return
        import fcntl

        lock_path = f"{self.path}.writer-lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another marsad run is writing to {self.path}; wait for it "
                                 "to finish (runs write one at a time)") from None
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def begin_run(self, targets: Sequence[str]) -> int:
        """Start an ingest run; runs left 'running' by a killed process become 'interrupted'."""
        with self.transaction():
            self.conn.execute("UPDATE ingest_runs SET status='interrupted' WHERE status='running'")
            cur = self.conn.execute(
                "INSERT INTO ingest_runs (started_at, status, targets) VALUES (?, 'running', ?)",
                (_now(), json.dumps(list(targets), ensure_ascii=False)),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE ingest_runs SET finished_at=?, status=?, counts=? WHERE id=?",
                (_now(), status, json.dumps(counts, ensure_ascii=False), run_id),
            )

    def known_uids(self, uids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(uids), _MAX_PARAMS):
            chunk = list(uids[i : i + _MAX_PARAMS])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT uid FROM articles WHERE uid IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def _source_id(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._sources:
            self.conn.execute("INSERT OR IGNORE INTO sources (name) VALUES (?)", (name,))
            row = self.conn.execute("SELECT id FROM sources WHERE name=?", (name,)).fetchone()
            self._sources[name] = int(row[0])
        return self._sources[name]

    def insert_article(
        self,
        doc: Document,
        run_id: int,
        duplicate_of: int | None = None,
        dup_kind: str | None = None,
        dup_similarity: float | None = None,
        appended_to: int | None = None,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO articles (uid, origin, input_format, encoding, url, source_id, title, "
            "published, author, lang, text, key_hash, signature, duplicate_of, dup_kind, "
            "dup_similarity, appended_to, errors, run_id, created_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.uid,
                doc.origin,
                doc.input_format,
                doc.encoding,
                doc.url,
                self._source_id(doc.source),
                doc.title,
                doc.published,
                doc.author,
                doc.lang,
                doc.text,
                doc.key_hash,
                doc.signature,
                duplicate_of,
                dup_kind,
                dup_similarity,
                appended_to,
                json.dumps(doc.errors, ensure_ascii=False) if doc.errors else None,
                run_id,
                _now(),
            ),
        )
        article_id = int(cur.lastrowid or 0)
        # duplicates are indexed too: search collapses groups, `--all` shows every copy
        fts.index_article(self.conn, article_id, doc.title, doc.text, doc.index_terms)
        if doc.removed:
            self.conn.executemany(
                "INSERT INTO removed_lines (article_id, seq, line_no, reason, text) "
                "VALUES (?,?,?,?,?)",
                [
                    (article_id, i, r.line_no, r.reason, r.text)
                    for i, r in enumerate(doc.removed)
                ],
            )
        if duplicate_of is not None:
            self.conn.execute(
                "INSERT INTO duplicate_groups (canonical_id, size, updated_at) VALUES (?, 2, ?) "
                "ON CONFLICT(canonical_id) DO UPDATE SET size = size + 1, "
                "updated_at = excluded.updated_at",
                (duplicate_of, _now()),
            )
        return article_id

    def record_failure(self, run_id: int, failure: Failure) -> None:
        self.conn.execute(
            "INSERT INTO failures (run_id, origin, stage, reason) VALUES (?,?,?,?)",
            (run_id, failure.origin, failure.stage, failure.reason),
        )

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

    def close(self) -> None:
        self.conn.close()

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


_CHECKED: set[str] = set()  # database files whose migrations were looked at


def _migrate_first(path: str) -> None:
    """Readers never migrate; a database an older version made gets the newer tables
    (watches, feeds, ...) here, once, when the file is writable. A read-only file is
    read as it is: what it lacks fails where it is asked for."""
    if path == ":memory:" or path in _CHECKED:
        return  # every API request opens a reader: look once per file and process
    _CHECKED.add(path)
    try:
        probe = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            todo = pending(probe)
        finally:
            probe.close()
        if todo:
            SQLiteStore(path).close()
    except (sqlite3.DatabaseError, StoreError, OSError):
        pass  # the read-only open below says what is wrong, as one line


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
