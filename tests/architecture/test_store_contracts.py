"""The store contracts hold (issue 14): every caller is typed with the store roles it uses
(store/base.py) and mypy checks the package, so a method a caller needs and a backend
lacks is an error before any backend runs. These tests run mypy as `make lint` does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _mypy(*args: str) -> subprocess.CompletedProcess:
    # MYPYPATH: the package by its sources (an editable install is invisible to mypy, and
    # a module it cannot find would pass silently as Any)
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file",
                           str(ROOT / "pyproject.toml"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)


def test_the_package_type_checks_against_the_store_roles():
    done = _mypy()
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_benchmarks_call_the_package_as_it_is():
    # `make bench` is not run by the tests; a benchmark left behind by an API change (the
    # store's search taking a parsed query) fails only hours into a scale run otherwise
    scripts = sorted(str(p) for p in (ROOT / "benchmarks").glob("*.py"))
    done = _mypy("--check-untyped-defs", "--follow-imports=silent", *scripts)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_a_backend_or_caller_outside_the_contract_is_an_error(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('''
from marsad.store.base import Store, StoryWriter
from marsad.store.sqlite import SQLiteStore


class HalfBackend:
    def close(self) -> None: ...


def caller(store: StoryWriter) -> None:
    store.get_entity(1)  # an entity read: not a StoryWriter method


whole: Store = SQLiteStore(":memory:")
half: StoryWriter = HalfBackend()
''', encoding="utf-8")
    done = _mypy(str(probe))
    errors = [ln for ln in done.stdout.splitlines() if ": error:" in ln]
    assert done.returncode == 1, done.stdout
    assert len(errors) == 2, done.stdout
    assert any('"StoryWriter" has no attribute "get_entity"' in e for e in errors)
    assert any("HalfBackend" in e and "StoryWriter" in e for e in errors)


def test_no_caller_takes_an_untyped_store():
    untyped = []
    for path in (ROOT / "src" / "marsad").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bstore: (Any|object)\b", line):
                untyped.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert untyped == []
