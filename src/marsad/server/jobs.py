"""API writes run one at a time on one writer thread; requests never hold a server thread
while they wait.

Each write request used to wait for the write lock on one of the server's 40 worker
threads: 45 slow writes left none for reads, and /api/stats timed out (issue 15, defect
8). Now a write is queued to the single writer thread and the request awaits it without a
thread (asyncio), or, with `wait=false`, is answered at once with 202 and a job id that
`GET /api/jobs/{id}` reports on.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

# Writes waiting or running at once; past this a write is refused with 503 (retry later)
# rather than queued without bound.
MAX_QUEUED = 64
# Finished jobs remembered for GET /api/jobs/{id}.
KEEP_JOBS = 1000


class QueueFull(Exception):
    pass


class WriteJobs:
    """One writer thread, a bounded queue, and the recent jobs' outcomes."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-writer")
        self._ids = itertools.count(1)
        self._jobs: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._pending = 0

    def submit(self, fn: Callable[[], dict[str, Any]], kind: str) -> tuple[int, Future]:
        with self._lock:
            if self._pending >= MAX_QUEUED:
                raise QueueFull(f"{MAX_QUEUED} writes are already queued; retry later")
            self._pending += 1
            job_id = next(self._ids)
            job = {"id": job_id, "kind": kind, "status": "queued", "submitted": time.time()}
            self._jobs[job_id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)

        def run() -> dict[str, Any]:
            job["status"] = "running"
            try:
                result = fn()
            except Exception as exc:  # reported on the job; the writer thread goes on
                job.update(status="failed", error=str(exc).splitlines()[0] if str(exc) else
                           type(exc).__name__)
                raise
            else:
                job.update(status="done", result=result)
                return result
            finally:
                job["finished"] = time.time()
                with self._lock:
                    self._pending -= 1

        return job_id, self._pool.submit(run)

    async def wait(self, future: Future) -> dict[str, Any]:
        return await asyncio.wrap_future(future)

    def get(self, job_id: int) -> dict[str, Any] | None:
        job = self._jobs.get(job_id)
        return None if job is None else {k: v for k, v in job.items()}
