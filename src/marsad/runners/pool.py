"""A process pool that outlives its workers: a killed worker (the OOM killer, a segfault
in a C extension, kill -9) costs a retry, never the run.

`multiprocessing.Pool` replaces a dead worker but never reports the task it held, so the
run waited on it forever (issue 15, defect 4). `concurrent.futures` marks every pending
future broken instead; this wrapper then starts a new pool and submits the batches that
were in flight again. A batch that breaks the pool twice is taken apart: its documents go
one by one to a fresh pool, and a document that kills a worker on its own is quarantined
as a per-document failure, so the rest of the run goes on.

`concurrent.futures` does not notice every death: a worker killed while it writes a result
leaves half a message in the pipe and the pipe's lock held, and the executor's reader then
waits for the rest forever without looking at its workers again. So a caller that waits
also watches the workers itself; a worker dead for DEAD_WORKER_GRACE seconds that the
executor has not reported breaks the pool from here (see `_force_broken`).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from marsad.records import Document, Failure

# Submissions of one batch before it is split into single documents.
BATCH_ATTEMPTS = 2
QUARANTINE_REASON = "worker process died on this document (quarantined after a retry)"
# How often a waiting caller looks at the workers, and how long a dead one may go unreported
# by the executor (which notices within milliseconds when it notices at all).
WATCH_SECONDS = 0.5
DEAD_WORKER_GRACE = 5.0


class ResilientPool:
    """submit(docs) → a handle whose .get() returns fn(docs, *args), whatever dies."""

    def __init__(self, workers: int, fn: Callable[..., list], *args: Any) -> None:
        self.workers = workers
        self.fn, self.args = fn, args
        self._executor: ProcessPoolExecutor | None = None
        self.restarts = 0

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("fork"))
        return self._executor

    def _restart(self, broken: ProcessPoolExecutor | None = None) -> None:
        """Replace the pool (only the one that broke: other jobs of the same breakage must
        not tear down the fresh pool later batches already run on)."""
        if broken is not None and broken is not self._executor:
            return
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self.restarts += 1

    def submit(self, docs: list[Document], *extra: Any) -> _Job:
        """Run fn(docs, *args, *extra) on the pool: `extra` is this batch's own."""
        job = _Job(self, docs, extra)
        job.start()
        return job

    def close(self) -> None:
        if self._executor is not None:
            procs = list((getattr(self._executor, "_processes", None) or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for proc in procs:  # an interrupted run must not leave workers behind
                proc.terminate()
            for proc in procs:
                proc.join(timeout=5)
            self._executor = None


class _Job:
    def __init__(self, pool: ResilientPool, docs: list[Document], extra: tuple = ()) -> None:
        self.pool, self.docs, self.extra = pool, docs, extra
        self.attempts = 0
        self.future: Future | None = None
        self.executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        self.attempts += 1
        try:
            self.executor = self.pool._pool()
            self.future = self.executor.submit(self.pool.fn, self.docs, *self.pool.args,
                                               *self.extra)
        except BrokenProcessPool:
            self.pool._restart(self.executor)
            self.executor = self.pool._pool()
            self.future = self.executor.submit(self.pool.fn, self.docs, *self.pool.args,
                                               *self.extra)

    def get(self) -> list:
        while True:
            try:
                assert self.future is not None
                return _wait(self.future, self.executor)
            except (BrokenProcessPool, CancelledError):
                # cancelled: its pool was shut down as broken before this job ran
                self.pool._restart(self.executor)
                if self.attempts < BATCH_ATTEMPTS:
                    self.start()
                    continue
                return self._one_by_one()

    def _one_by_one(self) -> list:
        """Each document alone; one that still kills its worker becomes a Failure."""
        out: list = []
        for doc in self.docs:
            executor = self.pool._pool()
            try:
                out.extend(_wait(executor.submit(self.pool.fn, [doc], *self.pool.args,
                                                 *self.extra), executor))
            except BrokenProcessPool:
                self.pool._restart(executor)
                out.append(Failure(doc.origin, QUARANTINE_REASON, "worker"))
        return out


def _wait(future: Future, executor: ProcessPoolExecutor | None) -> Any:
    """future.result(), or BrokenProcessPool once a worker is dead and nobody said so."""
    dead_since: float | None = None
    while True:
        try:
            return future.result(timeout=WATCH_SECONDS)
        except FutureTimeout:
            if executor is None or not _a_worker_died(executor):
                dead_since = None
                continue
            now = time.monotonic()
            dead_since = dead_since if dead_since is not None else now
            if now - dead_since >= DEAD_WORKER_GRACE:
                _force_broken(executor)
                raise BrokenProcessPool("a worker died and the executor did not notice") \
                    from None


def _a_worker_died(executor: ProcessPoolExecutor) -> bool:
    procs = (getattr(executor, "_processes", None) or {}).values()
    return any(proc.exitcode is not None for proc in list(procs))


def _force_broken(executor: ProcessPoolExecutor) -> None:
    """Kill the rest of the workers (one may be blocked on the lock the dead one held) and
    close this process's own end of the result pipe: with no writer left, the executor's
    reader gets EOF instead of the missing bytes, marks the pool broken and lets its
    thread end -- which interpreter exit joins, so it must not stay blocked."""
    for proc in list((getattr(executor, "_processes", None) or {}).values()):
        if proc.exitcode is None:
            proc.kill()
    queue = getattr(executor, "_result_queue", None)
    writer = getattr(queue, "_writer", None)
    if writer is not None:
        try:
            writer.close()
        except OSError:
            pass
