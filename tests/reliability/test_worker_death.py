"""Issue 15 (4): a worker killed mid-run (as the OOM killer would) costs a retry, not the
run: the ingest finishes, every document stored once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.cli.helpers import MARSAD, export

# Written for this test: varied short Arabic news paragraphs.
WORDS = ("الحكومة", "الوزير", "المدينة", "الاقتصاد", "المباراة", "الأسعار", "المدرسة",
         "الطريق", "المستشفى", "البرلمان", "المطار", "الجامعة", "السوق", "الميناء")


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def test_a_killed_worker_loses_nothing(tmp_path):
    n = 3000
    path = tmp_path / "many.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            w = [WORDS[(i * k) % len(WORDS)] for k in (1, 3, 5, 7)]
            text = (f"أعلنت {w[0]} رقم {i} عن خطة جديدة تخص {w[1]} و{w[2]} في العام المقبل، "
                    f"وقال مسؤول إن {w[3]} سيشهد تغييرات كبيرة خلال الأشهر المقبلة بحسب البيان {i}.")
            f.write(json.dumps({"id": f"d{i}", "title": f"خبر {i}", "text": text},
                               ensure_ascii=False) + "\n")
    db = tmp_path / "k.db"
    env = {**os.environ, "MARSAD_DB": str(db)}
    proc = subprocess.Popen([*MARSAD, "ingest", str(path), "--workers", "2", "--no-progress"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.time() + 60
    while killed is None and time.time() < deadline and proc.poll() is None:
        kids = _children(proc.pid)
        if len(kids) >= 2:
            time.sleep(1.0)  # let the workers get into their batches
            kids = _children(proc.pid)
            if kids:
                killed = kids[0]
                os.kill(killed, signal.SIGKILL)
        else:
            time.sleep(0.1)
    try:
        out, err = proc.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the ingest hung after a worker was killed") from None
    assert killed is not None, "no worker process was seen to kill"
    assert proc.returncode == 0, err
    rows = export(db)
    assert len(rows) == n
    assert len({r["text"] for r in rows}) == n
