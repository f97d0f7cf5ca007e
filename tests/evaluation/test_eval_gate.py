"""The CI eval gate: floors, pins, --update rules, and the full run on ../shared."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
GATE = ROOT / "eval" / "gate.py"
# The full gate (990 pages, three systems) took ~35 s on the 2-core build machine.
FULL_GATE_TIMEOUT_S = 600


@pytest.fixture
def gate(tmp_path, monkeypatch):
    """The gate module with one fake task on a fake ../shared and a temporary baseline."""
    spec = importlib.util.spec_from_file_location("marsad_eval_gate_t", GATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "gold.txt").write_text("gold v1")
    score = {"value": 0.9}

    def run(shared_dir, limit):
        return module.TaskResult({"score": score["value"]}, {"tool_version": "1"})

    task = module.Task(data=("gold.txt",), run=run, required={"score": 0.5})
    monkeypatch.setattr(module, "TASKS", {"fake": task})
    monkeypatch.setattr(module, "BASELINE", tmp_path / "baseline.json")
    module.score, module.shared = score, shared
    return module


def _floor(gate) -> float:
    return json.loads(gate.BASELINE.read_text())["tasks"]["fake"]["floors"]["score"]


def test_update_then_check(gate):
    args = ["--shared", str(gate.shared)]
    assert gate.main(args) == 1  # no baseline yet
    assert gate.main([*args, "--update"]) == 0 and _floor(gate) == 0.9
    assert gate.main(args) == 0
    gate.score["value"] = 0.9 - gate.EPSILON / 2  # noise: passes, floor kept
    assert gate.main(args) == 0
    assert gate.main([*args, "--update"]) == 0 and _floor(gate) == 0.9
    gate.score["value"] = 0.95  # an improvement raises the floor
    assert gate.main([*args, "--update"]) == 0 and _floor(gate) == 0.95


def test_regression_fails_and_lowering_needs_allow_regression(gate):
    args = ["--shared", str(gate.shared)]
    gate.main([*args, "--update"])
    gate.score["value"] = 0.8
    assert gate.main(args) == 1
    assert gate.main([*args, "--update"]) == 1 and _floor(gate) == 0.9  # refused
    assert gate.main([*args, "--update", "--allow-regression"]) == 0 and _floor(gate) == 0.8


def test_hard_minimum_is_never_waived(gate):
    args = ["--shared", str(gate.shared)]
    gate.score["value"] = 0.4
    assert gate.main([*args, "--update", "--allow-regression"]) == 1
    assert gate.main(args) == 1


def test_changed_gold_trips_the_gate_until_repinned(gate, capsys):
    args = ["--shared", str(gate.shared)]
    gate.main([*args, "--update"])
    (gate.shared / "gold.txt").write_text("gold v2")
    assert gate.main(args) == 1
    assert "gold data changed" in capsys.readouterr().out
    assert gate.main([*args, "--update"]) == 0 and gate.main(args) == 0


def test_skips_without_shared(gate, tmp_path, capsys):
    assert gate.main(["--shared", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"third-party data not available: {SHARED}")
def test_full_gate_passes():
    proc = subprocess.run([sys.executable, str(GATE)], capture_output=True, text=True,
                          timeout=FULL_GATE_TIMEOUT_S)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "eval gate: PASS" in proc.stdout
