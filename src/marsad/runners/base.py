"""What every runner shares: the summary of an ingest run and the Runner contract.

A runner moves documents from the readers through the per-document stages to the one
Writer (writer/run.py); the local process pool is one, a Ray runner (issue 14) will be
another. `service.ingest(runner=...)` takes any of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Protocol

from marsad.ingest import ReadOptions


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


# Where in a file a failure is («line 12: », «record 3: »): not its kind.
_WHERE = re.compile(r"^(?:(?:line|record) \d+|JSON document): ")


def reason_class(reason: str) -> str:
    """Group failure messages by their kind ("binary file", "http 500", "invalid JSON" …)
    for the summary; a file's 1,000 bad lines are one kind, not 1,000."""
    head = _WHERE.sub("", reason).split(":", 1)[0]
    return head if len(head) <= 60 else head[:60]


class Runner(Protocol):
    """Ingests `targets` into the store it was made with; returns what it did."""

    def run(self, targets: list[str], opts: ReadOptions | None = None,
            on_progress: Callable[[int], None] | None = None) -> IngestSummary: ...
