"""SQLite store: migrations, WAL, round trips, streaming export."""

from __future__ import annotations

import sqlite3

from marsad.records import Document, Failure, RemovedLine
from marsad.store import SQLiteStore
from marsad.store.sqlite.migrations import MIGRATIONS, pending


def _doc(uid: str, text: str = "نص الخبر", **kw) -> Document:
    return Document(origin=f"/tmp/{uid}.txt", uid=uid, text=text, key_hash=uid + "k", **kw)


def test_migrations_are_numbered_applied_once_and_wal(db_path):
    s = SQLiteStore(db_path)
    assert pending(s.conn) == []
    applied = [r[0] for r in s.conn.execute("SELECT number FROM schema_migrations")]
    assert applied == sorted(MIGRATIONS)
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()
    # reopening does not re-run anything
    s2 = SQLiteStore(db_path)
    assert s2.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(
        MIGRATIONS
    )
    s2.close()


def test_article_round_trip_keeps_removed_lines_and_groups(store):
    run = store.begin_run(["x"])
    with store.transaction():
        a = store.insert_article(
            _doc("a", source="الوطن", title="عنوان", removed=[RemovedLine("[ad_1]", "ad_marker", 2)]),
            run,
        )
        b = store.insert_article(_doc("b", source="الوطن"), run, duplicate_of=a, dup_kind="exact",
                                 dup_similarity=1.0)
    art = store.get_article(b)
    assert art["duplicate_of"] == a and art["dup_kind"] == "exact"
    assert [d["id"] for d in art["duplicates"]] == [a]
    first = store.get_article(a)
    assert first["removed"] == [{"line_no": 2, "reason": "ad_marker", "text": "[ad_1]"}]
    assert first["source"] == "الوطن"
    assert store.stats()["duplicate_groups"] == 1
    assert store.find_exact("bk") == a  # an exact match resolves to the group's canonical


def test_export_streams_every_article_with_its_own_removed_lines(store):
    run = store.begin_run(["x"])
    with store.transaction():
        for i in range(30):
            removed = [RemovedLine(f"line {i}-{j}", "navigation", j) for j in range(i % 3)]
            store.insert_article(_doc(f"u{i}", removed=removed), run)
    rows = list(store.iter_export())
    assert len(rows) == 30
    for row in rows:
        i = int(row["uid"][1:])
        assert [r["text"] for r in row["removed"]] == [f"line {i}-{j}" for j in range(i % 3)]


def test_killed_run_is_marked_interrupted_by_the_next(db_path):
    s = SQLiteStore(db_path)
    first = s.begin_run(["a"])
    s.close()  # the process "dies" without finish_run
    s = SQLiteStore(db_path)
    second = s.begin_run(["a"])
    statuses = {r["id"]: r["status"] for r in s.runs()}
    assert statuses == {first: "interrupted", second: "running"}
    s.record_failure(second, Failure("/x.bin", "binary file (PNG image), not text"))
    assert s.failures(second)[0]["reason"].startswith("binary file")
    s.close()


def test_readers_see_committed_rows_while_a_writer_holds_a_transaction(db_path):
    writer = SQLiteStore(db_path)
    run = writer.begin_run(["x"])
    with writer.transaction():
        writer.insert_article(_doc("committed"), run)
    reader = SQLiteStore(db_path, readonly=True)
    with writer.transaction():
        writer.insert_article(_doc("open"), run)
        # WAL: the reader is not blocked and sees only committed work
        assert reader.count_articles() == 1
    assert reader.count_articles() == 2
    reader.close()
    writer.close()


def test_uid_is_unique(store):
    run = store.begin_run(["x"])
    with store.transaction():
        store.insert_article(_doc("same"), run)
    try:
        with store.transaction():
            store.insert_article(_doc("same"), run)
    except sqlite3.IntegrityError:
        pass
    else:  # pragma: no cover - the constraint is what makes re-ingest safe
        raise AssertionError("a second article with the same uid was accepted")
    assert store.count_articles() == 1
