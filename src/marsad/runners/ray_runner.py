"""Ray runner: the per-document stages on a Ray cluster, the one Writer here (issue 14).

Everything but the pool is the local runner's: batches are admitted, checked against the
store and written in input order by the Writer in this process, with the same window of
batches in flight (so template learning, and with it every stored text, comes out as a
local run's). Only `_process_batch` runs on Ray, as a task per batch. A cluster is joined
at `address` (or RAY_ADDRESS); without one, Ray starts on this machine with `workers` CPUs.

Faults: Ray retries a task whose worker died (RAY_BATCH_RETRIES); a batch that still
fails that way is taken apart, and a document that kills its worker alone becomes a
per-document failure, as in runners/pool.py. An interrupted run resumes like a local one:
the store, not Ray, holds what was written.
"""

from __future__ import annotations

import os
from typing import Any

from marsad.errors import ConfigError
from marsad.records import Document, Failure
from marsad.runners.local import LocalRunner, _process_batch
from marsad.runners.pool import QUARANTINE_REASON
from marsad.store.base import Store

# Retries of a batch task whose worker process died, before it is split.
RAY_BATCH_RETRIES = 1


def _ray():
    try:
        import ray
    except ImportError:
        raise ConfigError("the Ray runner needs Ray: pip install 'marsad[ray]'") from None
    return ray


class RayRunner(LocalRunner):
    """Ingest on a Ray cluster: `address` to join one, None for a local Ray."""

    def __init__(self, store: Store, workers: int | None = None, annotations: bool = True,
                 address: str | None = None, batch_size: int | None = None) -> None:
        self.address = address or os.environ.get("RAY_ADDRESS") or None
        super().__init__(store, workers=workers, annotations=annotations,
                         batch_size=batch_size)

    def _cores(self) -> int:
        return os.cpu_count() or 1  # a local Ray's CPUs; a cluster reports its own

    def _use_pool(self, docs: int, running: bool) -> bool:
        return True  # the cluster does the stages, however small the input

    def _pool(self) -> RayPool:
        return RayPool(self.workers, self.address, self.annotations)


class RayPool:
    """submit(docs, templates) → a handle whose .get() is _process_batch's result."""

    def __init__(self, workers: int, address: str | None, annotations: bool) -> None:
        ray = _ray()
        self._owned = not ray.is_initialized()
        if self._owned:
            kwargs: dict[str, Any] = dict(include_dashboard=False, log_to_driver=False,
                                          configure_logging=False)
            if address:
                ray.init(address=address, **kwargs)
            else:
                ray.init(num_cpus=workers, **kwargs)
        self.annotations = annotations
        self.task = ray.remote(max_retries=RAY_BATCH_RETRIES)(_process_batch)

    def submit(self, docs: list[Document], *extra: Any) -> _RayJob:
        return _RayJob(self, docs, extra)

    def close(self) -> None:
        if self._owned:
            _ray().shutdown()


class _RayJob:
    def __init__(self, pool: RayPool, docs: list[Document], extra: tuple) -> None:
        self.pool, self.docs, self.extra = pool, docs, extra
        self.ref = pool.task.remote(docs, pool.annotations, *extra)

    def get(self) -> list:
        ray = _ray()
        try:
            return ray.get(self.ref)
        except (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError,
                ray.exceptions.ObjectLostError):
            return self._one_by_one()

    def _one_by_one(self) -> list:
        ray = _ray()
        out: list = []
        for doc in self.docs:
            try:
                out.extend(ray.get(self.pool.task.remote([doc], self.pool.annotations,
                                                         *self.extra)))
            except (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError):
                out.append(Failure(doc.origin, QUARANTINE_REASON, "worker"))
        return out
