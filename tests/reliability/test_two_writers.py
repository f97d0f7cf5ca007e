"""Issue 15 (10): a second ingest into a database another run is writing to is refused
with one clear line; the first run finishes as done, not "interrupted"."""

from __future__ import annotations

import json
import os
import subprocess
import time

from tests.cli.helpers import MARSAD, run


def test_a_second_ingest_is_refused_while_the_first_writes(tmp_path):
    path = tmp_path / "many.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(1500):
            f.write(json.dumps({"id": f"d{i}", "title": f"خبر رقم {i}",
                                "text": f"قالت الوزارة إن المشروع رقم {i} سيكتمل قريبا في "
                                        f"المدينة بعد أشهر من العمل المتواصل {i * 7}."},
                               ensure_ascii=False) + "\n")
    other = tmp_path / "one.jsonl"
    other.write_text(json.dumps({"id": "x", "text": "نص آخر قصير لكنه كاف للتخزين هنا."},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "w.db"
    env = {**os.environ, "MARSAD_DB": str(db)}
    first = subprocess.Popen([*MARSAD, "ingest", str(path), "--no-progress"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = f"{db}.writer-lock"
    deadline = time.time() + 30
    while not os.path.exists(lock) and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    second = run(db, "ingest", str(other), "--no-progress", check=False)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode != 0
    assert "another marsad run is writing" in second.stderr
    assert "Traceback" not in second.stderr
    runs = json.loads(run(db, "runs", "--json").stdout)
    items = runs["items"] if isinstance(runs, dict) else runs
    assert [r["status"] for r in items] == ["done"]
