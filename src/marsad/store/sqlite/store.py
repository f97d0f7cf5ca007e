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
from marsad.records import Document, Failure
from marsad.store.sqlite import fts
from marsad.store.sqlite.articles import ArticleTables
from marsad.store.sqlite.attention import AttentionTables
from marsad.store.sqlite.duplicates import DuplicateTables
from marsad.store.sqlite.entities import EntityTables
from marsad.store.sqlite.errors import store_error
from marsad.store.sqlite.feeds import FeedTables
from marsad.store.sqlite.migrations import migrate, pending
from marsad.store.sqlite.overrides import OverrideTables
from marsad.store.sqlite.quotes import QuoteTables
from marsad.store.sqlite.runs import RunTables
from marsad.store.sqlite.stories import StoryTables
from marsad.store.sqlite.templates import TemplateTables
from marsad.store.sqlite.watches import WatchTables

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



def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(ArticleTables, DuplicateTables, QuoteTables, EntityTables, OverrideTables,
                  RunTables, StoryTables, TemplateTables, AttentionTables, WatchTables,
                  FeedTables):
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

    def close(self) -> None:
        self.conn.close()


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
