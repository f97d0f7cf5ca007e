"""FTS5 search in the SQLite store: indexing, BM25 order, filters, collapse, migration 2."""

from __future__ import annotations

import sqlite3

from marsad import service
from marsad.query import parse
from marsad.records import Document
from marsad.store import SQLiteStore
from marsad.store.sqlite import fts
from marsad.store.sqlite import migrations as mig
from marsad.store.sqlite.fts import match_expression


def _doc(uid: str, title: str, text: str, **kw) -> Document:
    return Document(origin=f"/tmp/{uid}.txt", uid=uid, title=title, text=text,
                    key_hash=uid + "k", **kw)


FILLER = " ".join(["وقال المتحدث إن الاجتماع تناول ملفات عدة بينها التعاون الاقتصادي"] * 6)


def _fill(store) -> dict[str, int]:
    run = store.begin_run(["x"])
    ids = {}
    with store.transaction():
        ids["title"] = store.insert_article(
            _doc("t", "إطلاق الصواريخ على الحدود", FILLER, source="الوطن",
                 published="2024-01-05", lang="ar"), run)
        ids["body"] = store.insert_article(
            _doc("b", "اجتماع وزاري", FILLER + " وأشار إلى صاروخ سقط قرب القرية.",
                 source="الأفق", published="2024-02-10", lang="ar"), run)
        ids["copy"] = store.insert_article(
            _doc("c", "إطلاق الصواريخ على الحدود", FILLER, source="الأفق",
                 published="2024-01-06", lang="ar"), run,
            duplicate_of=ids["title"], dup_kind="exact", dup_similarity=1.0)
        ids["other"] = store.insert_article(
            _doc("o", "Rocket launch", "A rocket was launched.", source="Wire",
                 published="2024-03-01", lang="en"), run)
    return ids


def test_bm25_prefers_title_and_collapses_duplicates(store):
    ids = _fill(store)
    q = parse("صاروخ")
    total, exact, rows = store.search(q)
    assert total == 2 and exact
    assert [r["id"] for r in rows] == [ids["title"], ids["body"]]
    assert rows[0]["copies"] == 2 and rows[0]["score"] > rows[1]["score"] > 0
    total, _, rows = store.search(q, collapse_duplicates=False)
    assert total == 3 and {r["id"] for r in rows} == {ids["title"], ids["copy"], ids["body"]}


def test_filters_and_paging(store):
    ids = _fill(store)
    m = parse("صاروخ")
    assert [r["id"] for r in store.search(m, source="الأفق")[2]] == [ids["copy"], ids["body"]]
    assert [r["id"] for r in store.search(m, since="2024-02-01")[2]] == [ids["body"]]
    assert store.search(m, until="2024-01-05")[2][0]["id"] == ids["title"]
    assert store.search(m, lang="en") == (0, True, [])
    assert store.search(parse("rocket"), lang="en")[2][0]["id"] == ids["other"]
    total, _, rows = store.search(m, limit=1, offset=1)
    assert total == 2 and [r["id"] for r in rows] == [ids["body"]]
    assert store.search(m, limit=5, offset=10) == (2, True, [])


def test_service_search_snippets_and_bad_queries(store):
    ids = _fill(store)
    page = service.search(store, "والصواريخ")
    assert page["total"] == 2 and page["terms"] == ["صاروخ"]
    body = next(i for i in page["items"] if i["id"] == ids["body"])
    assert "[صاروخ]" in body["snippet"] and "<mark>صاروخ</mark>" in body["snippet_html"]
    s, e = body["spans"][0]
    assert store.get_article(ids["body"])["text"][s:e] == "صاروخ"
    for bad in ['"', "-", "OR", 'NEAR(a b', "title:x", "*", "^", "🚀", "a" * 5000, "-صاروخ"]:
        page = service.search(store, bad)
        assert isinstance(page["items"], list)
    assert service.search(store, "🚀")["note"]


def test_migration_2_backfills_a_database_made_before_it(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    mig.applied(conn)
    conn.execute("BEGIN")
    mig.MIGRATIONS[1][1](conn)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'core', datetime('now'))")
    conn.execute(
        "INSERT INTO articles (uid, origin, input_format, title, text, key_hash, created_at) "
        "VALUES ('u1', 'x', 'text', 'الأردن وسوريا يوقعان اتفاقاً', 'نص عن مياه اليرموك', 'k', "
        "datetime('now'))"
    )
    conn.execute("COMMIT")
    conn.close()
    s = SQLiteStore(db_path)
    try:
        assert 2 in mig.applied(s.conn)
        total, _, rows = s.search(parse("والاتفاق اليرموك"))
        assert total == 1 and rows[0]["title"].startswith("الأردن")
    finally:
        s.close()


def _full_ranking(store, match: str, source: str | None) -> list[int]:
    """Every hit ranked and collapsed in one SQL statement: what search did before top-k."""
    where, params = ("AND s.name = ?", [source]) if source else ("", [])
    rows = store.conn.execute(
        "WITH hits AS (SELECT rowid AS id, bm25(articles_fts, ?, ?) AS rank FROM articles_fts "
        "WHERE articles_fts MATCH ?), ranked AS (SELECT a.id, h.rank, row_number() OVER "
        "(PARTITION BY coalesce(a.duplicate_of, a.id) ORDER BY h.rank, a.id) AS pos "
        "FROM hits h JOIN articles a ON a.id = h.id LEFT JOIN sources s ON s.id = a.source_id "
        f"WHERE 1 {where}) SELECT id FROM ranked WHERE pos = 1 ORDER BY rank, id",
        [fts.TITLE_WEIGHT, fts.BODY_WEIGHT, match, *params]).fetchall()
    return [r[0] for r in rows]


def test_pages_equal_the_full_ranking_and_a_capped_total_says_so(store, monkeypatch):
    # a few hundred articles stand for a million: the cap is lowered instead
    run = store.begin_run(["x"])
    with store.transaction():
        for i in range(240):
            body = " ".join(["صاروخ"] * (1 + i % 7) + ["كلمة"] * (5 + i % 11))
            aid = store.insert_article(
                _doc(f"d{i}", f"خبر {i}", body, source="نادر" if i % 9 == 0 else "شائع",
                     published="2024-01-01", lang="ar"), run)
            if i % 5 == 4:  # a copy of each fifth article
                store.insert_article(_doc(f"c{i}", f"خبر {i}", body, source="شائع",
                                          published="2024-01-02", lang="ar"), run,
                                     duplicate_of=aid, dup_kind="exact", dup_similarity=1.0)
    match = parse("صاروخ")

    def pages(**filters):
        got = []
        for offset in range(0, 400, 20):
            total, exact, rows = store.search(match, limit=20, offset=offset, **filters)
            got += [r["id"] for r in rows]
        return got, total, exact

    for filters in ({}, {"source": "نادر"}):  # 288 hits, under the cap: every hit ranked
        full = _full_ranking(store, match_expression(match), filters.get("source"))
        got, total, exact = pages(**filters)
        assert got == full and total == len(full) and exact
    monkeypatch.setattr(fts, "RANK_CAP", 100)  # past the cap: the newest 100 hits ranked
    newest = store.conn.execute("SELECT max(id) - 99 FROM articles").fetchone()[0]
    got, total, exact = pages()
    assert not exact and total == len(got) and got
    assert got == [i for i in _full_ranking(store, match_expression(match), None) if i >= newest]
    assert service.search(store, "صاروخ")["total_exact"] is False


def test_a_function_word_is_not_required_beside_a_word_of_substance(store):
    # «فى القاهرة» required «في» of nearly every article, ranking them all at a million
    # articles (170 ms); alone, in quotes or OR'd the word still counts
    assert match_expression(parse("فى القاهرة")) == '"قاهر"'
    assert parse("فى القاهرة").terms == ["قاهر"]
    assert match_expression(parse("في")) == '"في"'
    assert match_expression(parse('"في القاهرة"')) == '"في قاهر"'
    assert match_expression(parse("ترامب OR في")) == '("ترامب" OR "في")'
    assert match_expression(parse("علي خامنئي")) == '"علي" AND "خامني"'  # «علي» is also the name Ali
    run = store.begin_run(["x"])
    with store.transaction():
        aid = store.insert_article(_doc("q", "زيارة", "وصل الوفد إلى القاهرة أمس.",
                                        published="2024-01-01", lang="ar"), run)
    page = service.search(store, "فى القاهرة")
    assert [i["id"] for i in page["items"]] == [aid] and "[القاهرة]" in page["items"][0]["snippet"]

