"""Numbered schema migrations, applied in order and recorded in `schema_migrations`.

Each migration is a function registered with `@migration(N)`; it runs inside the
transaction that also records it, so a crash mid-migration leaves nothing half-applied.
Never edit a migration that has shipped: add a new number.
"""

from __future__ import annotations

import sqlite3

# the steps register themselves on import
from marsad.store.sqlite import schema_core, schema_more  # noqa: F401
from marsad.store.sqlite.registry import MIGRATIONS


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
