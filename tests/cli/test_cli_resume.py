"""An ingest killed with SIGKILL resumes with nothing lost and nothing stored twice."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from tests.cli.helpers import export, run

WORDS = (
    "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الشمالية وقال الوزير إن "
    "المشروع يشمل بناء سدود صغيرة وتحسين شبكات الري وتوفير قروض ميسرة للأسر الريفية "
    "وأكدت مصادر مطلعة أن المفاوضات مستمرة بين الأطراف المعنية حول تفاصيل التمويل والجدول "
    "الزمني للتنفيذ بينما رحب خبراء الاقتصاد بالخطوة واعتبروها ضرورية لمواجهة آثار الجفاف"
).split()
N_DOCS = 6000


def _corpus(path, n=N_DOCS):
    rng = random.Random(20261124)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rng.choice(WORDS) for _ in range(120)) + f" رقم {i}."
            rec = {"id": f"doc-{i}", "title": f"خبر رقم {i}", "text": text, "source": "اختبار",
                   "published": "2026-01-01"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _count(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_ingest_then_resume(tmp_path):
    src = tmp_path / "big.jsonl"
    _corpus(src)
    db = tmp_path / "m.db"
    env = {**os.environ, "MARSAD_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "ingest", str(src), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.time() + 120
    while _count(db) == 0 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its pool workers, as a crash would
    proc.wait()
    stored_at_kill = _count(db)
    assert 0 < stored_at_kill < N_DOCS, "the kill must land mid-run for this test to mean much"

    summary = json.loads(run(db, "ingest", str(src), "--json").stdout)
    assert summary["skipped"] == stored_at_kill
    assert summary["new"] == N_DOCS - stored_at_kill

    rows = export(db)
    origins = [r["origin"] for r in rows]
    assert len(rows) == N_DOCS and len(set(origins)) == N_DOCS
    assert all(r["duplicate_of"] is None for r in rows)
    runs = json.loads(run(db, "runs", "--json").stdout)
    assert [r["status"] for r in runs] == ["done", "interrupted"]
