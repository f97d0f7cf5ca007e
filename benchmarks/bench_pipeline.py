"""The whole pipeline on ANT multisource: core + entities + dates + quotes + stories.

Issue 4 asks for ≥ 200 articles/s on this 2-core machine over ANT multisource, the time
of each stage, and peak RSS. Three measurements in one run:
  1. full ingest with annotations (all cores), end to end, articles/s and peak RSS;
  2. the same corpus with the core pipeline only (--no-annotate), the reference;
  3. each stage alone on one core over a sample, ms per article, writer steps included
     (cold: the first SAMPLE articles with every per-word cache empty, so the tagger,
     resolution and transliteration cost more here than in a long run).

MARSAD_BENCH_LIMIT=N uses the first N articles (default: all 31.5k).
"""

from __future__ import annotations

import gzip
import os
import tempfile
import time
from collections import defaultdict

from _common import SHARED, emit, need, peak_rss_mb

from marsad import pipeline, service
from marsad.ingest import ReadOptions, iter_inputs
from marsad.records import Document
from marsad.stages import entities
from marsad.stages.clean import clean
from marsad.stages.fingerprint import fingerprint
from marsad.stages.index import index_terms
from marsad.store import SQLiteStore

ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "pipeline")
LIMIT = int(os.environ.get("MARSAD_BENCH_LIMIT", "0")) or None
SAMPLE = 1000
opts = ReadOptions(preset="ant")


def _subset(tmp: str) -> str:
    if LIMIT is None:
        return str(ANT)
    path = os.path.join(tmp, "ant.jsonl.gz")
    with gzip.open(ANT, "rt", encoding="utf-8") as src, gzip.open(path, "wt") as out:
        for i, line in enumerate(src):
            if i >= LIMIT:
                break
            out.write(line)
    return path


def _ingest(target: str, tmp: str, name: str, annotations: bool) -> dict:
    store = SQLiteStore(os.path.join(tmp, f"{name}.db"))
    cpu0 = _cpu()
    t0 = time.perf_counter()
    summary = service.ingest(store, [target], opts, annotations=annotations)
    secs = time.perf_counter() - t0
    cpu1 = _cpu()
    n = max(summary.read, 1)
    counts = {"articles": summary.read, "failed": summary.failed, "seconds": round(secs, 1),
              "rate": round(summary.read / secs, 1),
              # where the two cores went: the reader/writer process and the workers
              "cpu_ms_per_article": {"main": round(1000 * (cpu1[0] - cpu0[0]) / n, 2),
                                     "workers": round(1000 * (cpu1[1] - cpu0[1]) / n, 2)}}
    if annotations:
        one = store.conn.execute
        counts.update(
            entities=one("SELECT count(*) FROM entities").fetchone()[0],
            mentions=one("SELECT count(*) FROM mentions").fetchone()[0],
            timexes=one("SELECT count(*) FROM timexes").fetchone()[0],
            quotes=one("SELECT count(*) FROM quotes").fetchone()[0],
            stories=one("SELECT count(*) FROM stories").fetchone()[0],
            stories_2plus=one("SELECT count(*) FROM stories WHERE articles >= 2").fetchone()[0])
    store.close()
    return counts


def _cpu() -> tuple[float, float]:
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _stage_times(target: str) -> dict[str, float]:
    sample: list[Document] = []
    for d in iter_inputs([target], opts):
        if isinstance(d, Document):
            sample.append(d)
        if len(sample) >= SAMPLE:
            break
    spent: dict[str, float] = defaultdict(float)
    core = [("clean", lambda d: clean(d)[0]), ("fingerprint", fingerprint), ("index", index_terms)]
    docs = []
    for d in sample:
        for name, fn in core:
            t0 = time.perf_counter()
            d = fn(d)
            spent[name] += time.perf_counter() - t0
        docs.append(d)
    # the tagger runs once per batch of 256 (pipeline.process_many), the rest per article
    tagged: list = []
    t0 = time.perf_counter()
    for i in range(0, len(docs), 256):
        tagged += entities.tag_many(docs[i:i + 256])
    spent["ner tagger"] += time.perf_counter() - t0
    for d, spans in zip(docs, tagged, strict=True):
        for name, fn in pipeline.ANNOTATORS:
            t0 = time.perf_counter()
            if name == "entities":
                entities.annotate(d, spans)
            else:
                fn(d)
            spent[name if name != "entities" else "entities (after tagger)"] += \
                time.perf_counter() - t0
    # the writer's share: dedup + insert + link + cluster, one transaction per 256
    with tempfile.TemporaryDirectory() as tmp:
        from marsad.runners.base import IngestSummary
        from marsad.writer.run import Writer
        store = SQLiteStore(os.path.join(tmp, "w.db"))
        writer = Writer(store)
        summary = IngestSummary(run_id=store.begin_run(["bench"]))
        t0 = time.perf_counter()
        for i in range(0, len(docs), 256):
            with store.transaction():
                ids: dict[str, int] = {}
                for j, d in enumerate(docs[i:i + 256]):
                    d.uid = d.uid or f"bench-{i + j}"
                    ids[d.uid] = writer.store_one(d, ids, summary)
        spent["writer"] += time.perf_counter() - t0
        store.close()
    return {k: round(1000 * v / len(sample), 3) for k, v in spent.items()}


with tempfile.TemporaryDirectory() as tmp:
    target = _subset(tmp)
    full = _ingest(target, tmp, "full", annotations=True)
    full_rss = peak_rss_mb()
    core = _ingest(target, tmp, "core", annotations=False)
    stage_ms = _stage_times(target)

emit({
    "bench": "pipeline",
    "what": f"ANT multisource, whole pipeline, {os.cpu_count()} cores (goal ≥ 200 articles/s)",
    "ours": {"name": "marsad ingest (all stages)", "rate": full["rate"], "unit": "articles/s",
             "peak_rss_mb": full_rss, "workers_peak_rss_mb": peak_rss_mb(children=True)},
    "peer": {"name": "marsad ingest --no-annotate (core only)", "rate": core["rate"],
             "unit": "articles/s"},
    "ratio": round(full["rate"] / core["rate"], 3) if core["rate"] else None,
    "extra": {"full": full, "core": core, "stage_ms_per_article_one_core_cold": stage_ms,
              "sample": SAMPLE},
})
