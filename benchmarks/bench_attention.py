"""Attention over time on full ANT multisource (issue 16: ≤ 200 ms p95, warm).

The corpus is ingested once (core pipeline: the attention counts need the search index
and the articles' dates, not the annotations), then 20 queries are counted per day, week
(per outlet) and month, three times each, warm. Peer: the same counts made in Python from
the FTS5 hits' dates (what a script over `marsad search` output would do), in one run.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter

from _common import SHARED, emit, need, peak_rss_mb

from marsad import query as query_syntax
from marsad import service
from marsad.ingest import ReadOptions
from marsad.store import SQLiteStore
from marsad.store.sqlite.fts import match_expression

ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "attention")
QUERIES = ["ترامب", "بوتين", "السعودية", "إيران", "الغوطة", '"كأس العالم"', "النفط", "خاشقجي",
           '"كوريا الشمالية"', '"الاتحاد الأوروبي"', '"محمد صلاح"', "اليمن", "قطر", "الأسد",
           "اللاجئين", "الانتخابات", "الصين", "ميسي", "الدولار", "الهجرة"]
PLANS = [("day", False), ("week", True), ("month", False)]


def _pct(times: list[float], p: float) -> float:
    times = sorted(times)
    return round(1000 * times[min(len(times) - 1, int(len(times) * p))], 1)


def _peer(store: SQLiteStore, q: str, by: str) -> Counter:
    """Counts per period made in Python from every hit's date."""
    match = match_expression(query_syntax.parse(q))
    chars = {"day": 10, "month": 7}.get(by, 10)
    rows = store.conn.execute(
        "SELECT a.published FROM articles_fts f JOIN articles a ON a.id = f.rowid "
        "WHERE articles_fts MATCH ? AND a.published IS NOT NULL", (match,))
    return Counter(p[:chars] for (p,) in rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(os.path.join(tmp, "ant.db"))
        t0 = time.perf_counter()
        service.ingest(store, [str(ANT)], ReadOptions(preset="ant"), annotations=False)
        ingest_s = time.perf_counter() - t0
        for q in QUERIES:  # warm the page cache and the analyser
            service.attention(store, [q], "week")
        ours, peer = [], []
        for _ in range(3):
            for q in QUERIES:
                for by, by_source in PLANS:
                    t = time.perf_counter()
                    service.attention(store, [q], by, by_source)
                    ours.append(time.perf_counter() - t)
                    if by != "week":
                        t = time.perf_counter()
                        _peer(store, q, by)
                        peer.append(time.perf_counter() - t)
        t = time.perf_counter()
        service.attention(store, QUERIES[:5], "week", by_source=True)
        five = time.perf_counter() - t
        emit({"bench": "attention", "articles": store.count_articles(),
              "ingest_s": round(ingest_s, 1), "requests": len(ours),
              "p50_ms": _pct(ours, 0.5), "p95_ms": _pct(ours, 0.95),
              "five_queries_by_outlet_ms": round(1000 * five, 1),
              "peer": "Python counting of FTS5 hits (no totals, no outlets)",
              "peer_p50_ms": _pct(peer, 0.5), "peer_p95_ms": _pct(peer, 0.95),
              "ratio_p95": round(_pct(ours, 0.95) / max(_pct(peer, 0.95), 1e-9), 2),
              "peak_rss_mb": peak_rss_mb(), "bar_p95_ms": 200})
        store.close()


if __name__ == "__main__":
    main()
