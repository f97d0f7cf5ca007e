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
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from marsad.errors import MarsadError
from marsad.ingest import ReadOptions, iter_inputs
from marsad.pipeline import input_uid, process_many
from marsad.records import Document, Failure
from marsad.runners.pool import ResilientPool
from marsad.runners.writer import WriterState, write_annotations
from marsad.stages import dedup, entities
from marsad.stages.template import TemplateMemory
from marsad.store.base import Store

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


@dataclass(slots=True)
class IngestSummary:
    """What an ingest run did, for the CLI summary and the run record."""

    run_id: int = 0
    read: int = 0
    new: int = 0
    skipped: int = 0  # already in the store (same input ingested before)
    exact_duplicates: int = 0
    near_duplicates: int = 0
    appended: int = 0
    failed: int = 0
    alerts: int = 0  # new watch alerts the run raised (service.ingest runs the watches)
    failure_reasons: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)  # first ones, for display
    seconds: float = 0.0

    def as_dict(self) -> dict:
        out = asdict(self)
        out["failure_reasons"] = dict(self.failure_reasons)
        out["failures"] = [{"origin": o, "reason": r} for o, r in self.failures]
        return out


MAX_LISTED_FAILURES = 50


def _reason_class(reason: str) -> str:
    """Group failure messages by their kind ("binary file", "http 500", …) for the summary."""
    head = reason.split(":", 1)[0]
    return head if len(head) <= 60 else head[:60]


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _process_batch(docs: list[Document], annotations: bool = True,
                   templates: dict | None = None) -> list[list[Document] | Failure]:
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
                 annotations: bool = True) -> None:
        self.store = store
        self.workers = workers or os.cpu_count() or 1
        # False: the core pipeline only (text, duplicates, search); `marsad annotate`
        # adds entities, dates, quotes and stories later
        self.annotations = annotations
        # uids admitted but not yet written: the same input named twice in one run
        # (or arriving while its first copy is still on the pool) must be skipped too
        self._pending: set[str] = set()
        self._writer = WriterState()
        self._templates: TemplateMemory | None = None  # loaded when the run starts
        self._last_ids: list[int | None] = []  # see _visible_upto
        self._base_id: int | None = None

    def run(
        self,
        targets: list[str],
        opts: ReadOptions | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> IngestSummary:
        """Read, process, deduplicate and store everything `targets` hold."""
        lock = getattr(self.store, "writer_lock", None)
        with lock() if lock else contextlib.nullcontext(), fewer_collections():
            return self._run(targets, opts, on_progress)

    def _run(self, targets: list[str], opts: ReadOptions | None,
             on_progress: Callable[[int], None] | None) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary(run_id=self.store.begin_run(targets))
        self._templates = TemplateMemory(self.store)
        status = "failed"
        pool = None
        try:
            inflight: deque = deque()
            # per batch of this input, by position: the last article id stored once it
            # was written (in this run or a killed one before it); what a batch strips as
            # template is what was learned up to the batch MAX_IN_FLIGHT before it
            self._last_ids = []
            self._base_id = None
            for batch in _batches(iter_inputs(targets, opts or ReadOptions()), BATCH_SIZE):
                docs = self._admit(batch, summary)
                if pool is None and self.workers > 1 and (
                    len(docs) >= MIN_DOCS_FOR_POOL or inflight
                ):
                    if self.annotations:
                        entities.warm()  # loaded once here, shared copy-on-write by workers
                    pool = ResilientPool(self.workers, _process_batch, self.annotations)
                uids = [d.uid for d in docs]
                learned = self._templates.for_batch(docs, self._visible_upto(batch, docs))
                if pool is not None:
                    job = pool.submit(docs, learned)
                else:
                    job = _Done(_process_batch(docs, self.annotations, learned))
                inflight.append((len(batch), uids, job, len(self._last_ids) - 1))
                # With a pool, the writer stores a batch only when the window is full:
                # draining every finished batch first (as it once did) left a worker with
                # nothing queued for as long as those writes took -- a third of the
                # workers' time idle once the writer was the slower side (ANT, 2 cores).
                while len(inflight) >= MAX_IN_FLIGHT or (pool is None and inflight):
                    self._drain(inflight.popleft(), summary, on_progress)
            while inflight:
                self._drain(inflight.popleft(), summary, on_progress)
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

    def _visible_upto(self, batch: list[Document | Failure], docs: list[Document]) -> int:
        """The article id up to which learned template lines apply to this batch (see
        TemplateMemory.for_batch): the last id of the batch MAX_IN_FLIGHT before it, or,
        for the first ones, the last id stored before this input's first article."""
        j = len(self._last_ids)
        all_uids = [d.uid for d in batch if isinstance(d, Document)]
        if self._base_id is None:
            first = self.store.first_article_id(all_uids) if len(docs) < len(all_uids) else None
            self._base_id = first - 1 if first is not None else self.store.last_article_id()
        # the last id of what this batch holds: of its documents stored before now (a
        # resumed run), raised in _drain by what it writes (never the store's last id: a
        # resumed run redoes a batch after later ones were stored)
        admitted = {d.uid for d in docs}
        stored = [u for u in all_uids if u not in admitted]
        self._last_ids.append(self.store.last_article_id(stored) if stored else 0)
        k = j - MAX_IN_FLIGHT
        return self._cumulative(k) if k >= 0 else self._base_id

    def _cumulative(self, k: int) -> int:
        """The highest article id stored by this input's batches up to `k`."""
        best = self._base_id or 0
        for v in self._last_ids[:k + 1]:
            if v is not None:
                best = max(best, v)
        return best

    def _admit(self, batch: list[Document | Failure], summary: IngestSummary) -> list[Document]:
        """Count what was read, record read failures, drop inputs the store already has."""
        docs = [d for d in batch if isinstance(d, Document)]
        summary.read += len(docs)
        failures = [f for f in batch if isinstance(f, Failure)]
        if failures:
            with self.store.transaction():
                for f in failures:
                    self._fail(f, summary)
        for d in docs:
            d.uid = input_uid(d)
        known = self.store.known_uids([d.uid for d in docs]) | self._pending
        admitted = []
        for d in docs:
            if d.uid in known:
                summary.skipped += 1
            else:
                known.add(d.uid)
                self._pending.add(d.uid)
                admitted.append(d)
        return admitted

    def _fail(self, failure: Failure, summary: IngestSummary) -> None:
        summary.failed += 1
        summary.failure_reasons[_reason_class(failure.reason)] += 1
        if len(summary.failures) < MAX_LISTED_FAILURES:
            summary.failures.append((failure.origin, failure.reason))
        self.store.record_failure(summary.run_id, failure)

    def _drain(self, item, summary: IngestSummary, on_progress) -> None:
        n_read, uids, result, ordinal = item
        results = result.get()
        self._writer.links.new_batch()
        with self.store.transaction():
            for res in results:
                if isinstance(res, Failure):
                    self._fail(res, summary)
                else:
                    ids: dict[str, int] = {}
                    for doc in res:
                        ids[doc.uid] = self._store_one(doc, ids, summary)
                if on_progress is not None:
                    on_progress(1)  # per document, not per batch of 256 (issue 16)
            self._writer.flush(self.store)
            if self._templates is not None:
                self._templates.flush(self.store)
            if uids:
                self._last_ids[ordinal] = max(self._last_ids[ordinal] or 0,
                                              self.store.last_article_id(uids))
        self._pending.difference_update(uids)
        if on_progress is not None and n_read > len(results):
            on_progress(n_read - len(results))  # read but skipped (stored before) or failed

    def _store_one(self, doc: Document, ids: dict[str, int], summary: IngestSummary) -> int:
        decision = dedup.resolve(doc, self.store)
        appended_to = ids.get(doc.appended_to) if doc.appended_to else None
        article_id = self.store.insert_article(
            doc,
            summary.run_id,
            duplicate_of=decision.duplicate_of,
            dup_kind=decision.kind,
            dup_similarity=decision.similarity,
            appended_to=appended_to,
        )
        summary.new += 1
        if appended_to is not None:
            summary.appended += 1
        if decision.kind == "exact":
            summary.exact_duplicates += 1
        elif decision.kind == "near":
            summary.near_duplicates += 1
        if decision.kind != "exact":
            self.store.add_buckets(article_id, dedup.band_keys(doc.signature))
        if decision.kind is None and self._templates is not None:
            self._templates.observe(doc)
        if self.annotations:
            write_annotations(self.store, doc, article_id, decision.duplicate_of,
                              state=self._writer)
        return article_id


class _Done:
    """An already-computed result with the AsyncResult interface the drain loop uses."""

    def __init__(self, value) -> None:
        self._value = value

    def ready(self) -> bool:
        return True

    def get(self):
        return self._value
