"""What a SQLite failure means to a user: one line naming the file and what to do.

A full disk in the middle of an ingest, or a database file damaged on disk (a bad sector,
a copy taken while it was written), surfaced as `sqlite3` tracebacks from whichever
statement met it first (issue 15). The CLI, the API and the writer's transactions turn
them into a StoreError with this text.
"""

from __future__ import annotations

import sqlite3

from marsad.errors import StoreError

# What the CLI and the API catch besides MarsadError.
DATABASE_ERRORS = (sqlite3.DatabaseError,)


def store_error(exc: BaseException, path: str) -> StoreError:
    """The StoreError a user reads for SQLite's `exc` on the database at `path`."""
    msg = str(exc).strip() or type(exc).__name__
    low = msg.lower()
    if "full" in low:
        text = (f"the disk holding {path} is full ({msg}): the batches stored before it are "
                "kept; free some space and run the same command again to resume")
    elif "malformed" in low or "not a database" in low or "encrypted" in low or "corrupt" in low:
        text = (f"{path} is damaged ({msg}): restore it from a backup or build it again with "
                f"marsad ingest; `sqlite3 {path} .recover` may save what is left")
    elif "readonly" in low or "read-only" in low:
        text = f"cannot write to {path} ({msg}): check the file's and its folder's permissions"
    elif "i/o" in low:
        text = f"the disk holding {path} failed to read or write ({msg})"
    else:
        text = f"database error in {path}: {msg}"
    return StoreError(text)


# Errors a damaged record can raise far from SQLite: a text cell whose header now says
# BLOB comes back as bytes, and JSON encoding, a dict key or a decode fails on it later.
DAMAGE_SYMPTOMS = (TypeError, ValueError, KeyError, IndexError, AttributeError)


def damage_found(path: str) -> StoreError | None:
    """The "damaged" StoreError when the SQLite file at `path` fails its quick check,
    else None. Called only after an unexpected error, to tell a damaged file (one line
    for the user, issue 15) from a bug in our code (a traceback we must see)."""
    import contextlib
    from pathlib import Path

    if not path or not Path(path).is_file():
        return None
    try:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
            row = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        return store_error(exc, path)
    if row and row[0] != "ok":
        return store_error(sqlite3.DatabaseError(f"database disk image is malformed: {row[0]}"),
                           path)
    return None
