"""Every reader under fuzzed input (issue 15): random bytes and mutated valid inputs never
crash a reader or the per-document pipeline, never hang past 5 s, never grow memory past
500 MB; and every input that once did is replayed. `make fuzz` runs 10,000 per reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.reliability.fuzzing import REGRESSIONS, SEEDS, mutate, run_one

FORMATS = sorted(SEEDS)
SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=st.binary(max_size=4000))
def test_random_bytes_never_crash_a_reader(fmt: str, data: bytes, tmp_path: Path) -> None:
    assert run_one(fmt, data, tmp_path) is None


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_mutated_valid_inputs_never_crash_a_reader(fmt: str, rng, tmp_path: Path) -> None:
    assert run_one(fmt, mutate(SEEDS[fmt](), rng), tmp_path) is None


REPLAYED = sorted(REGRESSIONS.glob("*/*.bin")) if REGRESSIONS.exists() else []


@pytest.mark.parametrize("path", REPLAYED, ids=[f"{p.parent.name}/{p.name}" for p in REPLAYED])
def test_every_input_that_once_failed_now_passes(path: Path, tmp_path: Path) -> None:
    assert run_one(path.parent.name, path.read_bytes(), tmp_path) is None


def test_the_harness_reports_a_reader_past_its_time(tmp_path: Path, monkeypatch) -> None:
    # the harness must be able to fail: with a budget no real read fits in, it says "hang"
    import tests.reliability.fuzzing as fuzzing

    monkeypatch.setattr(fuzzing, "HANG_S", 1e-4)
    assert run_one("html", SEEDS["html"]() * 200, tmp_path) == "hang"
