"""Run the real `marsad` command in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MARSAD = [sys.executable, "-m", "marsad.cli"]


def run(db: Path, *args: str, check: bool = True, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "MARSAD_DB": str(db)}
    proc = subprocess.run([*MARSAD, *args], capture_output=True, text=True, env=env, **kw)
    if check and proc.returncode != 0:
        raise AssertionError(f"marsad {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def export(db: Path) -> list[dict]:
    out = run(db, "export", "--format", "jsonl").stdout
    return [json.loads(line) for line in out.splitlines()]
