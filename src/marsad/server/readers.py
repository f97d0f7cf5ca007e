"""Read-only stores for the servers' request threads, kept open between requests.

A request used to open its own read-only store and close it after: ~1.2 ms of opening,
and an empty page cache, so every search read its index pages again through the OS.
Each server thread now keeps one store open and reuses it. WAL readers take a snapshot
per statement (the connections are in autocommit), so a kept store sees every commit of
a running ingest, as a fresh one did.

A kept store is dropped and opened again when the database file was replaced or
removed (its device/inode changed), so a deleted and re-made database is never read
through a stale handle, and a missing one still gets the clean "run marsad ingest
first" error.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from marsad.store import Store, open_store


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class ReaderPool:
    """`with pool() as store:` gives this thread's read-only store of `db_path`."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._local = threading.local()

    @contextmanager
    def __call__(self) -> Iterator[Store]:
        local = self._local
        store: Store | None = getattr(local, "store", None)
        ident = _identity(self.db_path)
        if store is not None and (ident is None or ident != local.ident):
            local.store = None
            store.close()
            store = None
        if store is None:
            store = open_store(self.db_path, readonly=True)  # a missing file: StoreError
            local.store, local.ident = store, ident
        # The store is only ever used by this thread, one request at a time: a request
        # that fails leaves nothing open (autocommit), so the store stays usable.
        yield store
