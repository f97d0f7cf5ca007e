"""Core ingest of ANT multisource (31.5k JSONL articles): articles/s and peak RSS.

Core pipeline only (--no-annotate); bench_pipeline.py measures all stages.

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

# the full ingest first, so this process's peak RSS is the ingest's own
with tempfile.TemporaryDirectory() as tmp:
    store = SQLiteStore(os.path.join(tmp, "bench.db"))
    t0 = time.perf_counter()
    summary = service.ingest(store, [str(ANT)], opts, annotations=False)
    secs = time.perf_counter() - t0
    store.close()
    db_mb = round(os.path.getsize(os.path.join(tmp, "bench.db")) / 1e6, 1)
ingest_rss = peak_rss_mb()

t0 = time.perf_counter()
sample: list[Document] = []
n_read = 0
for d in iter_inputs([str(ANT)], opts):
    n_read += 1
    if isinstance(d, Document) and len(sample) < 3000:
        sample.append(d)
read_s = time.perf_counter() - t0

t0 = time.perf_counter()
for d in sample:
    process(d, annotations=False)
stage_rate = len(sample) / (time.perf_counter() - t0)

rate = summary.read / secs
emit({
    "bench": "ingest",
    "what": f"ANT multisource JSONL end to end, {os.cpu_count()} cores (goal ≥ 300 articles/s)",
    "ours": {"name": "marsad ingest", "rate": rate, "unit": "articles/s",
             "peak_rss_mb": ingest_rss, "workers_peak_rss_mb": peak_rss_mb(children=True)},
    "extra": {
        "articles": summary.read, "new": summary.new, "failed": summary.failed,
        "exact_duplicates": summary.exact_duplicates,
        "near_duplicates": summary.near_duplicates, "seconds": round(secs, 1),
        "read_only_records_per_s": round(n_read / read_s),
        "stages_one_core_articles_per_s": round(stage_rate),
        "db_mb": db_mb,
    },
})
