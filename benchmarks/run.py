"""`make bench`: every stage's throughput and peak memory, beside the peer its issue names.

Each benchmark runs in its own process (so peak RSS is its own) and prints one JSON
line; this script collects them into one table. Data comes from ../shared; a benchmark
whose data is absent says so and is skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES: list[tuple[str, str, list[str]]] = [
    ("arabic", "bench_arabic.py", []),
    ("html", "bench_html.py", []),
    ("dedup", "bench_dedup.py", []),
    ("ingest", "bench_ingest.py", []),
    ("search", "bench_search.py", []),
    ("ner", "bench_ner.py", []),
    ("search_scale", "bench_search_scale.py", []),
    ("attention", "bench_attention.py", []),  # ANT only; 100k/1M: make bench-scale
    ("dates", "bench_dates.py", []),
    ("summaries", "bench_summaries.py", []),
    ("translit", "bench_translit.py", []),
    ("similarity", "bench_similarity.py", []),
    ("quotes", "bench_quotes.py", []),
    ("events", "bench_events.py", []),
    ("pipeline", "bench_pipeline.py", []),
    ("writer", "bench_writer.py", []),  # the one writer alone: its ceiling (issue 14)
]


def main(argv: list[str]) -> int:
    only = set(argv)
    results = []
    for name, script, args in BENCHES:
        if only and name not in only:
            continue
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, str(HERE / script), *args],
                              capture_output=True, text=True)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            print(f"{name}: FAILED ({proc.returncode})\n{proc.stderr[-2000:]}")
            continue
        for line in lines:
            rec = json.loads(line)
            rec.setdefault("bench", name)
            rec["wall_s"] = round(time.perf_counter() - t0, 1)
            results.append(rec)
            print(_row(rec))
    out = HERE.parent / "artifacts" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"\nwritten {out}")
    return 0


def _row(rec: dict) -> str:
    if rec.get("skipped"):
        return f"{rec['bench']:8} skipped: {rec['skipped']}"
    parts = [f"{rec['bench']:8} {rec.get('what', '')}"]
    for key in ("ours", "peer"):
        if key in rec:
            r = rec[key]
            parts.append(f"  {key}: {r['name']} {r['rate']:,.0f} {r['unit']}"
                         f" (peak RSS {r.get('peak_rss_mb', '?')} MB)")
    if "ratio" in rec:
        parts.append(f"  ours/peer = {rec['ratio']:.2f}x")
    for k, v in rec.get("extra", {}).items():
        parts.append(f"  {k}: {v}")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
