"""Shared fixtures: real stores on disk, the shared-data location, the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """Path into ../shared, skipping the calling test with a reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"third-party data not available: {p} (CI has ../shared beside the repo)")
    return p


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "marsad.db"


@pytest.fixture
def store(db_path: Path):
    from marsad.store import SQLiteStore

    s = SQLiteStore(db_path)
    yield s
    s.close()


@pytest.fixture
def allow_private(monkeypatch):
    """Fetches may reach 127.0.0.1: for tests whose HTTP server runs on loopback (the
    default refuses it, issue 15; tests/reliability proves the refusal)."""
    monkeypatch.setenv("MARSAD_ALLOW_PRIVATE", "1")


@pytest.fixture(scope="session")
def ant_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All 31.5k ANT multisource articles ingested as a user would (every stage on), once
    per test session: the newsroom items must work at a real corpus's size (issue 16),
    not only on the demo. About 3.5 minutes on 2 cores."""
    from marsad import service
    from marsad.ingest import ReadOptions
    from marsad.store import SQLiteStore

    source = shared_path("data", "news", "ant_multisource", "articles.jsonl.gz")
    db = tmp_path_factory.mktemp("ant") / "ant.db"
    store = SQLiteStore(db)
    try:
        summary = service.ingest(store, [str(source)], ReadOptions(preset="ant"))
    finally:
        store.close()
    assert summary.read > 30_000 and summary.failed < 10, summary.as_dict()
    return db
