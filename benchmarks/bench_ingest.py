"""End-to-end ingest of ANT multisource (31.5k JSONL articles): articles/s and peak RSS.

Issue 2 asks for ≥ 300 articles/s on a 2-core machine. Also times the read step alone,
and the per-document stages on one core, so a regression can be placed.
"""

from __future__ import annotations

import os
import tempfile
import time

from _common import SHARED, emit, need, peak_rss_mb

from marsad import service
from marsad.ingest import ReadOptions, iter_inputs
from marsad.pipeline import process
from marsad.records import Document
from marsad.store import SQLiteStore

ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "ingest")
opts = ReadOptions(preset="ant")

t0 = time.perf_counter()
docs = [d for d in iter_inputs([str(ANT)], opts) if isinstance(d, Document)]
read_s = time.perf_counter() - t0

sample = docs[:3000]
t0 = time.perf_counter()
for d in sample:
    process(d)
stage_rate = len(sample) / (time.perf_counter() - t0)
del docs, sample

with tempfile.TemporaryDirectory() as tmp:
    store = SQLiteStore(os.path.join(tmp, "bench.db"))
    t0 = time.perf_counter()
    summary = service.ingest(store, [str(ANT)], opts)
    secs = time.perf_counter() - t0
    store.close()
    db_mb = round(os.path.getsize(os.path.join(tmp, "bench.db")) / 1e6, 1)

rate = summary.read / secs
emit({
    "bench": "ingest",
    "what": f"ANT multisource JSONL end to end, {os.cpu_count()} cores (goal ≥ 300 articles/s)",
    "ours": {"name": "marsad ingest", "rate": rate, "unit": "articles/s",
             "peak_rss_mb": peak_rss_mb(), "workers_peak_rss_mb": peak_rss_mb(children=True)},
    "extra": {
        "articles": summary.read, "new": summary.new, "failed": summary.failed,
        "exact_duplicates": summary.exact_duplicates,
        "near_duplicates": summary.near_duplicates, "seconds": round(secs, 1),
        "read_only_articles_per_s": round(summary.read / read_s),
        "stages_one_core_articles_per_s": round(stage_rate),
        "db_mb": db_mb,
    },
})
