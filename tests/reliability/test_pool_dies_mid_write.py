"""Issue 15 (4), the way it still hung: a worker killed while it is writing its result.

The OOM killer picks its moment. When it lands while a worker is halfway through sending a
batch's result, the pipe holds half a message and the dead worker holds the pipe's lock:
the executor's reader waits for bytes that never come, never looks at the dead worker,
and every future stays pending -- the ingest waited forever (seen once in a full CI run).
The worker here dies at exactly that point, so the case is reproduced every time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import os, signal, struct, sys, time
    from pathlib import Path
    from marsad.records import Document
    from marsad.runners.pool import ResilientPool

    MARK = Path(sys.argv[1])

    def work(docs):
        if not MARK.exists():
            MARK.write_text("died once")
            # the worker loop's frame holds the result queue this worker writes to
            queue = sys._getframe(1).f_locals["result_queue"]
            queue._wlock.acquire()
            queue._writer._send(struct.pack("!i", 1 << 20))  # a header, then no body
            os.kill(os.getpid(), signal.SIGKILL)
        return [d.uid for d in docs]

    pool = ResilientPool(2, work)
    docs = [Document(uid=f"d{i}", origin=f"o{i}", text="نص") for i in range(4)]
    started = time.monotonic()
    out = pool.submit(docs).get()
    pool.close()
    print(sorted(out), round(time.monotonic() - started, 1))
""")


def test_a_worker_killed_mid_result_does_not_hang_the_run(tmp_path: Path):
    try:
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "mark")],
                              capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        raise AssertionError("the pool waited forever on a worker that died mid-write") \
            from None
    assert done.returncode == 0, done.stderr
    uids, _seconds = done.stdout.rsplit(" ", 1)
    assert uids == "['d0', 'd1', 'd2', 'd3']"  # the batch ran again, nothing lost
