"""Numbered schema migrations, applied in order and recorded in `schema_migrations`.

Each migration is a function registered with `@migration(N)`; it runs inside the
transaction that also records it, so a crash mid-migration leaves nothing half-applied.
Never edit a migration that has shipped: add a new number.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register `fn` as migration `number`."""

    def register(fn: Migration) -> Migration:
        if number in MIGRATIONS:
            raise ValueError(f"migration {number} is registered twice")
        MIGRATIONS[number] = (name, fn)
        return fn

    return register


@migration(1, "core tables: sources, articles, removed lines, duplicate groups, runs")
def _core(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE ingest_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'done', 'interrupted', 'failed')),
            targets TEXT NOT NULL,          -- JSON list of what the user asked to ingest
            counts TEXT                     -- JSON summary, written when the run ends
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,       -- identity of the input: re-ingesting it adds nothing
            origin TEXT NOT NULL,
            input_format TEXT NOT NULL,
            encoding TEXT,
            url TEXT,
            source_id INTEGER REFERENCES sources(id),
            title TEXT,
            published TEXT,                 -- ISO 8601 date or datetime
            author TEXT,
            lang TEXT,
            text TEXT NOT NULL,
            key_hash TEXT NOT NULL,         -- hash of the matching key: exact duplicates share it
            signature BLOB,                 -- MinHash values (uint32 little-endian)
            duplicate_of INTEGER REFERENCES articles(id),
            dup_kind TEXT CHECK (dup_kind IN ('exact', 'near')),
            dup_similarity REAL,
            appended_to INTEGER REFERENCES articles(id),
            errors TEXT,                    -- JSON list of non-fatal notes
            run_id INTEGER REFERENCES ingest_runs(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX articles_key_hash ON articles(key_hash);
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        CREATE INDEX articles_source ON articles(source_id);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE removed_lines (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            line_no INTEGER,
            reason TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE duplicate_groups (
            canonical_id INTEGER PRIMARY KEY REFERENCES articles(id),
            size INTEGER NOT NULL,          -- canonical included
            updated_at TEXT NOT NULL
        );
        CREATE TABLE lsh_buckets (           -- MinHash LSH band keys of non-duplicate articles
            band INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        );
        CREATE INDEX lsh_buckets_key ON lsh_buckets(band, bucket);
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
            origin TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX failures_run ON failures(run_id);
        """
    )


@migration(2, "full-text search: articles_fts of analysed title and body terms, backfilled")
def _fts(conn: sqlite3.Connection) -> None:
    # Imported here: the index code pulls in the Arabic analyser, which migration 1 and
    # readers of `MIGRATIONS` do not need.
    from marsad.store import fts

    conn.execute(fts.FTS_TABLE_SQL)
    conn.execute(fts.COVER_INDEX_SQL)
    fts.backfill(conn)


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction.

    `executescript` would COMMIT first, which breaks the one-transaction-per-migration rule.
    """
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            conn.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:60]}")


def applied(conn: sqlite3.Connection) -> set[int]:
    """Numbers of the migrations already applied to this database."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}


def pending(conn: sqlite3.Connection) -> list[int]:
    """Numbers of the migrations still to apply, in order."""
    done = applied(conn)
    return [n for n in sorted(MIGRATIONS) if n not in done]


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every pending migration, each in its own transaction; return their numbers."""
    ran = []
    for number in pending(conn):
        name, fn = MIGRATIONS[number]
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the write lock
            if number in applied(conn):
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))", (number, name)
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        ran.append(number)
    return ran
