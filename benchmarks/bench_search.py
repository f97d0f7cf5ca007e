"""Search on ANT multisource (31.5k articles): index build time and size, query latency.

Peer: a plain FTS5 `unicode61` index over the raw title and text (the usual SQLite
setup, no Arabic analysis), given the same queries with each word quoted. Ours is timed
twice: the store query alone (like the peer) and the full service.search with snippets.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from _common import SHARED, emit, need, peak_rss_mb

from marsad import service
from marsad.ingest import ReadOptions
from marsad.query import parse
from marsad.store import SQLiteStore
from marsad.store.sqlite import fts

ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "search")

# Written for this benchmark: single words with clitics, variants, phrases, OR, NOT,
# Latin, numbers and rare/common mixes, as a newsroom user would type them.
QUERIES = [
    "الصواريخ", "والصواريخ", "صاروخ", "الاتفاق", "بالاتفاق", "اتفاقية السلام", "الحكومة",
    "الحكومية", "فلسطين", "الفلسطينيين", "غزة", "القدس", "الاحتلال الإسرائيلي",
    '"الأمم المتحدة"', '"مجلس الأمن"', "الرئيس الأمريكي", "ترامب", "بوتين", "روسيا أوكرانيا",
    "كوريا الشمالية", "کوریا", "إيران النووي", "السعودية", "مصر", "المصري", "الاقتصاد",
    "أسعار النفط", "البنك المركزي", "الفائدة", "التضخم", "الدولار OR اليورو", "البورصة -مصر",
    "كرة القدم", "المنتخب", "كأس العالم", "الدوري", "ريال مدريد", "برشلونة OR ريال",
    "كورونا", "فيروس كورونا", "اللقاح", "وزارة الصحة", "الانتخابات", "البرلمان",
    "مجلس النواب", "المسؤولين", "الإرهاب", "داعش", "COVID-19", "2020", "فى القاهرة",
    '"وزير الخارجية" -الأمريكي', "الجيش السوري", "اللاجئين", "التعليم الجامعات",
]
PEER_TABLE = (
    "CREATE VIRTUAL TABLE peer_fts USING fts5(title, body, content='', "
    "tokenize='unicode61')"
)


def _percentiles(ms: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(ms, n=20, method="inclusive")
    return round(statistics.median(ms), 2), round(q[18], 2)


def _timed(fn, runs: int = 3) -> tuple[list[float], list]:
    """Per-query best-of-`runs` latency in ms (warm cache), and each query's result."""
    ms, out = [], []
    for q in QUERIES:
        best = float("inf")
        for _ in range(runs):
            t0 = time.perf_counter()
            res = fn(q)
            best = min(best, (time.perf_counter() - t0) * 1000)
        ms.append(best)
        out.append(res)
    return ms, out


def _peer_match(q: str) -> str:
    words = [w.strip('"()-') for w in q.split() if w not in ("OR",)]
    return " ".join('"' + w.replace('"', "") + '"' for w in words if w)


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "bench.db")
    store = SQLiteStore(path)
    t0 = time.perf_counter()
    summary = service.ingest(store, [str(ANT)], ReadOptions(preset="ant"), annotations=False)
    ingest_s = time.perf_counter() - t0
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_with = os.path.getsize(path)

    # rebuild our index alone, to time it and to measure what it adds on disk
    conn.execute("DROP TABLE articles_fts")
    conn.execute("VACUUM")
    size_without = os.path.getsize(path)
    t0 = time.perf_counter()
    with store.transaction():
        conn.execute(fts.FTS_TABLE_SQL)
        n = fts.backfill(conn)
    build_s = time.perf_counter() - t0
    conn.execute("VACUUM")
    ours_mb = (os.path.getsize(path) - size_without) / 1e6

    t0 = time.perf_counter()
    with store.transaction():
        conn.execute(PEER_TABLE)
        conn.execute("INSERT INTO peer_fts (rowid, title, body) "
                     "SELECT id, coalesce(title, ''), text FROM articles")
    peer_build_s = time.perf_counter() - t0
    conn.execute("VACUUM")
    peer_mb = (os.path.getsize(path) - size_without - ours_mb * 1e6) / 1e6

    ours_ms, _ = _timed(lambda q: service.search(store, q))
    store_ms, _ = _timed(lambda q: store.search(parse(q)))
    peer_sql = ("SELECT rowid, bm25(peer_fts, 4.0, 1.0) AS r, "
                "(SELECT count(*) FROM peer_fts WHERE peer_fts MATCH ?1) "
                "FROM peer_fts WHERE peer_fts MATCH ?1 ORDER BY r LIMIT 20")
    peer_ms, peer_res = _timed(lambda q: conn.execute(peer_sql, (_peer_match(q),)).fetchall())
    # every copy counted, as the peer counts them
    ours_hits = [store.search(parse(q), collapse_duplicates=False)[0]
                 for q in QUERIES]
    store.close()

peer_hits = [(rows[0][2] if rows else 0) for rows in peer_res]
p50, p95 = _percentiles(ours_ms)
s50, s95 = _percentiles(store_ms)
q50, q95 = _percentiles(peer_ms)
emit({
    "bench": "search",
    "what": f"ANT multisource, {len(QUERIES)} queries, top 20, warm cache (p50 ms)",
    "ours": {"name": "marsad search (analysed FTS5 + snippets)", "rate": 1000 / p50,
             "unit": "queries/s at p50", "peak_rss_mb": peak_rss_mb()},
    "peer": {"name": "FTS5 unicode61 over raw text", "rate": 1000 / q50,
             "unit": "queries/s at p50"},
    "ratio": q50 / p50,
    "extra": {
        "articles": n, "ingest_s_with_index": round(ingest_s, 1),
        "index_build_s": round(build_s, 1), "index_build_articles_per_s": round(n / build_s),
        "index_mb": round(ours_mb, 1), "db_mb_without_index": round(size_without / 1e6, 1),
        "peer_build_s": round(peer_build_s, 1), "peer_index_mb": round(peer_mb, 1),
        "service_ms_p50_p95": [p50, p95], "store_only_ms_p50_p95": [s50, s95],
        "peer_ms_p50_p95": [q50, q95],
        "matches_ours_vs_peer_median": [statistics.median(ours_hits),
                                        statistics.median(peer_hits)],
        "queries_where_ours_finds_more": sum(a > b for a, b in zip(ours_hits, peer_hits,
                                                                   strict=True)),
        "zero_hit_queries_ours_peer": [ours_hits.count(0), peer_hits.count(0)],
    },
})
