"""Local runner: readers in this process, per-document stages on a process pool, one writer.

Documents move in batches. Each batch is checked against the store first (inputs
already ingested are skipped before any work is spent on them), processed on all
cores, then written in ONE transaction together with its dedup decisions. A run
killed at any point leaves whole batches behind it; the next run redoes the missing
ones and skips the rest, so nothing is lost and nothing is stored twice.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from marsad.errors import MarsadError
from marsad.ingest import ReadOptions, iter_inputs
from marsad.pipeline import process_many
from marsad.records import Document, Failure
from marsad.runners.base import IngestSummary
from marsad.runners.pool import ResilientPool
from marsad.stages import entities
from marsad.stages.template import BatchMemory
from marsad.store.base import Store
from marsad.writer.run import Writer

# 256 documents ≈ 1 MB of text: large enough to amortise a transaction and pool
# round-trip, small enough that a kill -9 redoes under a second of work.
BATCH_SIZE = 256
# Batches in flight on the pool while the writer stores the oldest: one running per
# worker plus queued ones, so a worker that finishes while the writer is busy starts the
# next at once. Bounds memory whatever the input size (a 200 MB JSONL is streamed, never
# held): ~4 MB a batch of ANT news with its results.
MAX_IN_FLIGHT = 5
# Below this many documents a pool costs more than it saves.
MIN_DOCS_FOR_POOL = 64
# Allocations between two young-generation collections during a run (Python's default is
# 700). A batch allocates millions of small objects (tokens, spans, rows), nearly all freed
# by reference counting; at the default the collector ran thousands of times per batch.
# ANT, 6,000 articles on 2 cores: 134 -> 158 articles/s at 100k (20k-1M: the same).
GC_YOUNG_THRESHOLD = 50_000


@contextlib.contextmanager
def fewer_collections():
    """Run a block (and the worker processes it forks) with GC_YOUNG_THRESHOLD."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_YOUNG_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _process_batch(docs: list[Document], annotations: bool = True,
                   templates: BatchMemory | None = None) -> list[list[Document] | Failure]:
    results = process_many(docs, annotations, templates)
    for res in results:
        if isinstance(res, list):
            for doc in res:
                # The input text as read is not stored and its uid is already taken: not
                # sending it back is ~20% less for the writer to unpickle (ANT, measured).
                doc.raw = ""
    return results


_LINE_COUNTED = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
# Counting lines is cheap (~0.3 s for 100 MB); beyond this the bar just shows a rate.
MAX_BYTES_TO_COUNT = 2_000_000_000


def estimate_total(targets: Iterable[str]) -> int | None:
    """Rough number of documents in `targets` for a progress bar (JSONL lines, files)."""
    import glob
    import gzip
    from pathlib import Path

    total = 0
    for target in targets:
        if target == "-" or "://" in target:
            total += 1
            continue
        p = Path(target)
        paths = (sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir()
                 else [p] if p.exists() else [Path(x) for x in glob.glob(target)])
        for f in paths:
            name = f.name.lower()
            try:  # a device or FIFO behind the name (/dev/zero) would be read forever
                regular = stat.S_ISREG(f.stat().st_mode)
            except OSError:
                regular = False
            if regular and name.endswith(_LINE_COUNTED) and f.stat().st_size < MAX_BYTES_TO_COUNT:
                opener = gzip.open if name.endswith(".gz") else open
                try:
                    with opener(f, "rb") as fh:
                        total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                except (OSError, EOFError):
                    total += 1
            else:
                total += 1
    return total or None


class LocalRunner:
    """Ingest targets into a store using every core of this machine."""

    def __init__(self, store: Store, workers: int | None = None,
                 annotations: bool = True, batch_size: int | None = None) -> None:
        self.store = store
        # articles per committed batch: smaller ones lose less to a kill and hold less
        # memory; the knowledge base is the same whatever the size (batches are replayed
        # at other boundaries on every resume)
        self.batch_size = max(1, batch_size or BATCH_SIZE)
        self.workers = workers or self._cores()
        # False: the core pipeline only (text, duplicates, search); `marsad annotate`
        # adds entities, dates, quotes and stories later
        self.annotations = annotations
        self.writer = Writer(store, annotations, lag=MAX_IN_FLIGHT)

    def run(
        self,
        targets: list[str],
        opts: ReadOptions | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Read, process, deduplicate and store everything `targets` hold."""
        with self.store.writer_lock(), fewer_collections():
            return self._run(targets, opts, on_progress)

    def _run(self, targets: list[str], opts: ReadOptions | None,
             on_progress: Callable[[int], None] | None) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary(run_id=self.store.begin_run(targets))
        self.writer.begin()
        status = "failed"
        pool = None
        try:
            inflight: deque = deque()
            ordinal = 0  # the batch's position in the input
            for batch in _batches(iter_inputs(targets, opts or ReadOptions()), self.batch_size):
                docs = self.writer.admit(batch, summary)
                if pool is None and self._use_pool(len(docs), bool(inflight)):
                    pool = self._pool()
                uids = [d.uid for d in docs]
                learned = self.writer.templates_for(batch, docs)
                if pool is not None:
                    job = pool.submit(docs, learned)
                else:
                    job = _Done(_process_batch(docs, self.annotations, learned))
                inflight.append((len(batch), uids, job, ordinal))
                ordinal += 1
                # With a pool, the writer stores a batch only when the window is full:
                # draining every finished batch first (as it once did) left a worker with
                # nothing queued for as long as those writes took -- a third of the
                # workers' time idle once the writer was the slower side (ANT, 2 cores).
                while len(inflight) >= MAX_IN_FLIGHT or (pool is None and inflight):
                    self._write(inflight.popleft(), summary, on_progress)
            while inflight:
                self._write(inflight.popleft(), summary, on_progress)
            status = "done"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            if pool is not None:
                pool.close()
            summary.seconds = round(time.perf_counter() - started, 3)
            try:
                self.store.finish_run(summary.run_id, status, summary.as_dict())
            except MarsadError:
                if status == "done":
                    raise
                # the run already failed (a full disk fails this write too): its own error
                # is what the user must read; the next run marks this one as interrupted
        return summary

    def _cores(self) -> int:
        return os.cpu_count() or 1

    def _use_pool(self, docs: int, running: bool) -> bool:
        return self.workers > 1 and (docs >= MIN_DOCS_FOR_POOL or running)

    def _pool(self):
        """What runs the per-document stages: this machine's processes (runners/ray_runner
        puts a Ray cluster's here; the rest of the run is the same)."""
        if self.annotations:
            entities.warm()  # loaded once here, shared copy-on-write by workers
        return ResilientPool(self.workers, _process_batch, self.annotations)

    def _write(self, item, summary: IngestSummary, on_progress) -> None:
        n_read, uids, job, ordinal = item
        self.writer.write(job.get(), uids, ordinal, n_read, summary, on_progress)


class _Done:
    """An already-computed result with the AsyncResult interface the drain loop uses."""

    def __init__(self, value) -> None:
        self._value = value

    def ready(self) -> bool:
        return True

    def get(self):
        return self._value
