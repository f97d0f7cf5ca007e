"""CI eval gate: fail when a stage's score drops below its floor in eval/baseline.json.

Run from anywhere: `python eval/gate.py` (or `make eval`). Each task in TASKS scores one
stage on third-party data in ../shared and returns named metrics. baseline.json holds a
floor per metric and the SHA-256 of every data file the task reads, so a changed gold set
trips the gate instead of silently moving the score.

    python eval/gate.py                               check every task
    python eval/gate.py --task extract                one task
    python eval/gate.py --update                      re-measure: re-pin the data, raise floors
    python eval/gate.py --update --allow-regression   also lower floors (say why when committing)

A metric passes when value >= floor - EPSILON and value >= its hard minimum (Task.required:
set by an issue, never moved by --update). Exit 0 when every task passes, or when ../shared
is absent (skipped, with the reason printed); exit 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = Path(__file__).with_name("baseline.json")
sys.path.insert(0, str(ROOT / "src"))  # the gate runs from a checkout, installed or not

# Scores below the floor by less than this are noise, not a regression. The tasks so far
# are deterministic; the margin absorbs the 4-digit rounding of stored floors and about
# two snippets of trafilatura's set (one of its ~5,900 snippets moves F1 by ~0.0002).
EPSILON = 0.0005
FLOOR_DIGITS = 4
HASH_CHUNK = 1 << 20


@dataclass
class TaskResult:
    """What a task measured: the gated metrics, and context printed beside them."""

    metrics: dict[str, float]
    info: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """One gated measurement: the data it reads (pinned) and how to run it."""

    data: tuple[str, ...]  # files under ../shared, pinned by SHA-256
    run: Callable[[Path, int | None], TaskResult]  # (shared dir, page limit) -> result
    required: dict[str, float] = field(default_factory=dict)  # hard minimums from issues


# ---------------------------------------------------------------- tasks

TRAFILATURA_EVAL = "data/html/trafilatura_eval"
EXTRACT_SYSTEMS = ("marsad", "marsad-ingest", "trafilatura")


def run_extract(shared: Path, limit: int | None = None) -> TaskResult:
    """HTML extraction on trafilatura's evaluation set, beside plain trafilatura."""
    from marsad.evaluation.extract import evaluate_extraction

    report = evaluate_extraction(shared / TRAFILATURA_EVAL, limit=limit, systems=EXTRACT_SYSTEMS)
    s = report["systems"]
    return TaskResult(
        metrics={
            "marsad_f1": s["marsad"]["f1"],
            "marsad_minus_trafilatura_f1": s["marsad"]["f1"] - s["trafilatura"]["f1"],
            "marsad_ingest_f1": s["marsad-ingest"]["f1"],
        },
        info={
            "pages": report["pages"],
            "trafilatura_version": report["versions"]["trafilatura"],
            "trafilatura_f1": round(s["trafilatura"]["f1"], FLOOR_DIGITS),
            **{f"{name}_pages_per_s": round(s[name]["pages_per_s"], 1) for name in s},
        },
    )


TASKS: dict[str, Task] = {
    "extract": Task(
        data=(
            f"{TRAFILATURA_EVAL}/evaldata.json",
            f"{TRAFILATURA_EVAL}/trafilatura_tests_eval_html.tar.gz",
        ),
        run=run_extract,
        # the extraction issue: ours must not lose to plain trafilatura on its own set
        required={"marsad_minus_trafilatura_f1": 0.0},
    ),
}


# ---------------------------------------------------------------- the gate


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_baseline(path: Path | None = None) -> dict[str, Any]:
    """The stored floors and pins ({"tasks": {}} before the first --update)."""
    path = path or BASELINE
    if not path.exists():
        return {"tasks": {}}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_baseline(data: dict[str, Any], path: Path | None = None) -> None:
    """Write atomically: a temporary file beside the target, then a rename."""
    path = path or BASELINE
    fd, tmp = tempfile.mkstemp(prefix=".baseline-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Row:
    """One printed line: a metric's value against its floor and minimum."""

    task: str
    metric: str
    value: float | None
    floor: float | None
    minimum: float | None
    status: str


def check_task(name: str, task: Task, shared: Path, baseline: dict[str, Any], update: bool,
               allow_regression: bool) -> tuple[list[Row], list[str], bool]:
    """Run one task against its stored entry; (rows, notes, ok). Updates `baseline` when asked."""
    stored = baseline["tasks"].get(name)
    missing = [rel for rel in task.data if not (shared / rel).is_file()]
    if missing:
        return [Row(name, "-", None, None, None, "FAIL")], [f"{name}: data missing: {missing}"], False
    pins = {rel: sha256(shared / rel) for rel in task.data}
    if not update:
        if stored is None:
            return [Row(name, "-", None, None, None, "FAIL")], [
                f"{name}: no baseline yet; measure it with: python eval/gate.py --update"], False
        if stored.get("pins") != pins:
            changed = [rel for rel in pins if stored.get("pins", {}).get(rel) != pins[rel]]
            return [Row(name, "-", None, None, None, "FAIL")], [
                f"{name}: gold data changed ({', '.join(changed)}); re-measure and re-pin: "
                "python eval/gate.py --update"], False

    result = task.run(shared, None)
    floors = dict(stored.get("floors", {})) if stored else {}
    rows, notes, ok = [], [], True
    for metric, value in result.metrics.items():
        floor, minimum = floors.get(metric), task.required.get(metric)
        below_floor = floor is not None and value < floor - EPSILON
        below_min = minimum is not None and value < minimum
        status = "ok"
        if update:
            if floor is None or value >= floor or (below_floor and allow_regression):
                floors[metric] = round(value, FLOOR_DIGITS)
                status = "set" if floor is None else "lowered" if value < floor else "raised"
            elif below_floor:
                status = "REFUSED"
                notes.append(f"{name}.{metric}: {value:.4f} is below the floor {floor:.4f}; "
                             "fix the regression or re-run with --allow-regression")
        elif below_floor:
            status = "FAIL"
        if below_min:
            status = "FAIL"
            notes.append(f"{name}.{metric}: {value:.4f} is below the required minimum {minimum}")
        ok = ok and status not in ("FAIL", "REFUSED")
        rows.append(Row(name, metric, value, floor, minimum, status))
    before = stored.get("info", {}) if stored else {}
    for key, version in result.info.items():
        if key.endswith("_version") and before.get(key, version) != version:
            notes.append(f"{name}: {key} is {version}; the floors were set with {before[key]}")
    notes.append(f"{name}: " + ", ".join(f"{k}={v}" for k, v in result.info.items()))
    if update:
        baseline["tasks"][name] = {"floors": floors, "pins": pins, "info": result.info}
    return rows, notes, ok


def print_table(rows: list[Row]) -> None:
    """Task, metric, value, floor, hard minimum, status."""
    head = f"{'task':<10}{'metric':<32}{'value':>9}{'floor':>9}{'min':>9}  status"
    print(head)
    print("-" * len(head))

    def num(x: float | None) -> str:
        return "-" if x is None else f"{x:.4f}"

    for r in rows:
        print(f"{r.task:<10}{r.metric:<32}{num(r.value):>9}{num(r.floor):>9}{num(r.minimum):>9}"
              f"  {r.status}")


def main(argv: list[str] | None = None) -> int:
    """Check (or --update) every selected task; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="re-pin data and raise floors")
    parser.add_argument("--allow-regression", action="store_true",
                        help="with --update: also lower floors")
    parser.add_argument("--task", action="append", choices=sorted(TASKS),
                        help="only this task (repeatable)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the ../shared data folder")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"eval gate skipped: third-party data folder {args.shared} is absent")
        return 0
    baseline = load_baseline()
    all_rows, all_notes, ok = [], [], True
    for name in args.task or list(TASKS):
        rows, notes, task_ok = check_task(name, TASKS[name], args.shared, baseline,
                                          args.update, args.allow_regression)
        all_rows += rows
        all_notes += notes
        ok = ok and task_ok
    print_table(all_rows)
    print()
    for note in all_notes:
        print(note)
    if args.update:
        write_baseline(baseline)
        print(f"\nwritten {BASELINE}")
    print("\neval gate: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
