"""A real SQLite file with the demo corpus ingested once per session, shared read-only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the API needs marsad[server]")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from marsad import service
    from marsad.store import SQLiteStore

    path = tmp_path_factory.mktemp("api") / "demo.db"
    store = SQLiteStore(path)
    service.ingest(store, service.demo_targets(), workers=1)
    store.close()  # the last connection closing checkpoints the WAL into the file
    return path


@pytest.fixture
def writable_db(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy for tests that write, so the shared one stays as ingested."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_db, path)
    return path
