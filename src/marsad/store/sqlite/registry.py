"""The registry of numbered schema migrations: `@migration(N, name)` records a step,
`script` runs several statements inside the step's transaction. The steps live in
schema_core.py and schema_more.py; migrations.py applies them."""

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


def script(conn: sqlite3.Connection, sql: str) -> None:
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
