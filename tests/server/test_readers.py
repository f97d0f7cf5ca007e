"""The servers' kept read-only stores: reused between requests, current with every commit,
and never reading a database that was replaced or removed."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad import service
from marsad.errors import StoreError
from marsad.ingest import ReadOptions
from marsad.server import create_app
from marsad.server.readers import ReaderPool
from marsad.store import SQLiteStore

BODY = ("أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في مدينة {city} بسعة مئتي سرير، "
        "وقال الوزير إن المستشفى سيخدم سكان المنطقة والقرى المجاورة لها.")


def _ingest(db: Path, tmp: Path, cities: list[str]) -> None:
    folder = tmp / f"in-{len(list(tmp.iterdir()))}"
    folder.mkdir()
    for i, city in enumerate(cities):
        (folder / f"{i}.txt").write_text(f"مستشفى {city}\n\n" + BODY.format(city=city),
                                         encoding="utf-8")
    store = SQLiteStore(db)
    try:
        service.ingest(store, [str(folder)], ReadOptions(), workers=1, annotations=False)
    finally:
        store.close()


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{db}{suffix}"):
            os.unlink(f"{db}{suffix}")


def test_a_thread_keeps_its_store_and_sees_each_commit(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _ingest(db, tmp_path, ["طنطا"])
    pool = ReaderPool(str(db))
    with pool() as first:
        assert first.count_articles() == 1
    _ingest(db, tmp_path, ["أسيوط", "المنيا"])  # another connection commits
    with pool() as again:
        assert again is first
        assert again.count_articles() == 3
        assert service.search(again, "أسيوط")["total"] == 1

    other: list[object] = []
    thread = threading.Thread(target=lambda: other.append(pool().__enter__()))
    thread.start()
    thread.join()
    assert other and other[0] is not first  # one store per thread: no shared connection


def test_a_replaced_database_is_read_afresh_and_a_removed_one_is_an_error(
        tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _ingest(db, tmp_path, ["طنطا", "أسيوط"])
    pool = ReaderPool(str(db))
    with pool() as before:
        assert before.count_articles() == 2
    _remove(db)
    with pytest.raises(StoreError, match="run `marsad ingest` first"), pool():
        pass
    _ingest(db, tmp_path, ["دمياط"])  # a new file at the same path
    with pool() as after:
        assert after is not before
        assert after.count_articles() == 1
        assert service.search(after, "دمياط")["total"] == 1


def test_the_api_answers_from_kept_stores_during_writes(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _ingest(db, tmp_path, ["طنطا"])
    client = TestClient(create_app(str(db), None))
    assert client.get("/api/search", params={"q": "المنيا"}).json()["total"] == 0
    _ingest(db, tmp_path, ["المنيا"])
    assert client.get("/api/search", params={"q": "المنيا"}).json()["total"] == 1
    assert client.get("/api/articles").json()["total"] == 2
    _remove(db)
    gone = client.get("/api/articles")
    assert gone.status_code == 400 and "marsad ingest" in gone.text
