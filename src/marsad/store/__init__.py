"""Storage backends. `open_store` picks one from a path or URL."""

from __future__ import annotations

from marsad.store.base import Store
from marsad.store.sqlite import SQLiteStore


def open_store(location: str, *, readonly: bool = False) -> Store:
    """Open the store at `location` (a SQLite file path; PostgreSQL URLs come later)."""
    if location.startswith(("postgres://", "postgresql://")):
        from marsad.errors import ConfigError

        raise ConfigError("PostgreSQL storage is not available yet; use a SQLite file path")
    return SQLiteStore(location, readonly=readonly)


__all__ = ["Store", "SQLiteStore", "open_store"]
