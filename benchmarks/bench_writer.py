"""The writer's ceiling (issue 14): articles per second the one Writer can store when the
per-document stages cost it nothing.

However many machines run the per-document stages, every article passes through one
Writer (admit, duplicates, entity links, stories, template counts, the SQL). This runs
the local runner's loop in one process over the first N ANT articles, timing the
writer's calls apart from the stages, and prints articles per writer-second beside the
whole loop's rate (the peer: the same articles through the stages alone).

MARSAD_BENCH_LIMIT=N (default 6,000 articles); MARSAD_BENCH_PROFILE=FILE writes a
cProfile of the writer's calls only.
"""

from __future__ import annotations

import cProfile
import os
import tempfile
import time

from _common import SHARED, emit, need, peak_rss_mb

from marsad.ingest import ReadOptions, iter_inputs
from marsad.runners.base import IngestSummary
from marsad.runners.local import BATCH_SIZE, _batches, _process_batch, fewer_collections
from marsad.stages import entities
from marsad.store import SQLiteStore
from marsad.writer.run import Writer

ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "writer")
LIMIT = int(os.environ.get("MARSAD_BENCH_LIMIT", "6000"))
PROFILE = os.environ.get("MARSAD_BENCH_PROFILE")


def main() -> None:
    entities.warm()
    reads = iter_inputs([str(ANT)], ReadOptions(preset="ant"))
    prof = cProfile.Profile() if PROFILE else None
    writer_s = stages_s = 0.0
    with tempfile.TemporaryDirectory() as tmp, fewer_collections():
        store = SQLiteStore(os.path.join(tmp, "writer.db"))
        writer = Writer(store, annotations=True, lag=1)
        summary = IngestSummary(run_id=store.begin_run([str(ANT)]))
        writer.begin()
        n = 0
        for ordinal, batch in enumerate(_batches(reads, BATCH_SIZE)):
            if n >= LIMIT:
                break
            n += len(batch)
            t0 = time.perf_counter()
            if prof:
                prof.enable()
            docs = writer.admit(batch, summary)
            learned = writer.templates_for(batch, docs)
            if prof:
                prof.disable()
            t1 = time.perf_counter()
            results = _process_batch(docs, True, learned)
            t2 = time.perf_counter()
            if prof:
                prof.enable()
            writer.write(results, [d.uid for d in docs], ordinal, len(batch), summary, None)
            if prof:
                prof.disable()
            t3 = time.perf_counter()
            writer_s += (t1 - t0) + (t3 - t2)
            stages_s += t2 - t1
        store.finish_run(summary.run_id, "done", summary.as_dict())
        store.close()
    if prof and PROFILE:
        prof.dump_stats(PROFILE)
    rate = summary.read / writer_s
    peer = summary.read / stages_s
    emit({"bench": "writer",
          "what": f"the one writer alone on the first {summary.read:,} ANT articles, SQLite "
                  "(goal >= 1,000 articles/s)",
          "ours": {"name": "Writer (admit, dedup, store, link, cluster, templates)",
                   "rate": round(rate, 1), "unit": "articles/s", "peak_rss_mb": peak_rss_mb()},
          "peer": {"name": "per-document stages, one core", "rate": round(peer, 1),
                   "unit": "articles/s"},
          "ratio": round(rate / peer, 2),
          "extra": {"writer_ms_per_article": round(1000 * writer_s / summary.read, 3),
                    "stored": summary.new}})

if __name__ == "__main__":
    main()
