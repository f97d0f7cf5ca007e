"""The embedded SQLite store: one file, WAL, numbered migrations. `SQLiteStore` mixes in
one module per group of tables; all of the default backend's SQL lives here."""

from marsad.store.sqlite.store import SQLiteStore

__all__ = ["SQLiteStore"]
