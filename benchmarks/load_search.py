"""Load: 50 clients searching a real `marsad serve` for 60 s while `marsad ingest` writes.

    python benchmarks/load_search.py --db SCALE_DB [--clients 50] [--seconds 60]
        [--ingest-articles 20000] [--workdir DIR] [--in-place]     (`make bench-load`)

The database should hold >= 100k articles (benchmarks/bench_search_scale.py --keep makes
one). It is copied to the work folder first (unless --in-place), so the run can be
repeated. The writer: a JSONL of perturbed copies of stored articles (new text, so new
uids; benchmarks/bench_search_scale.perturb), ingested through the full pipeline by a
separate `marsad ingest` process started with the clients and stopped (SIGINT: the run
ends "interrupted", its open batch rolled back) when they stop. Readers: `marsad serve`
(uvicorn, one process; each request opens its own read-only connection) and
`--clients` asyncio tasks with one shared httpx client, each sending
GET /api/search?q=... back to back; the query is a random one of
eval/search/queries.jsonl, half the time with a filter or a second page, so the cache
does not answer everything. Every request has REQUEST_TIMEOUT_S; errors are counted by
kind (HTTP status, timeout, connection error).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import ROOT, emit

QUERIES = [json.loads(line)["query"] for line in
           (ROOT / "eval/search/queries.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
MARSAD = str(Path(sys.executable).with_name("marsad"))
REQUEST_TIMEOUT_S = 30.0
# Seconds the server gets to answer its first request before the run is abandoned.
STARTUP_TIMEOUT_S = 60.0
WARMUP_REQUESTS = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_ingest_input(db: str, path: Path, n: int) -> None:
    """n perturbed copies of stored articles as ingest-ready JSONL."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_search_scale import BASE_SQL, perturb

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute(BASE_SQL + " LIMIT ?", (n,)).fetchall()
    conn.close()
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            art = perturb(row, 900, rng)
            f.write(json.dumps({"id": art[0], "url": art[4], "title": art[6], "text": art[10],
                                "published": art[7]}, ensure_ascii=False) + "\n")


def count_articles(db: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def params(rng: random.Random) -> dict:
    p = {"q": rng.choice(QUERIES)}
    roll = rng.random()
    if roll < 0.2:
        p["offset"] = 20
    elif roll < 0.35:
        p["since"] = "2018-05-01"
    elif roll < 0.5:
        p["all"] = "true"
    return p


async def client(http, base: str, deadline: float, rng: random.Random, lat: list[float],
                 errors: Counter) -> None:
    import httpx

    while time.perf_counter() < deadline:
        t0 = time.perf_counter()
        try:
            r = await http.get(f"{base}/api/search", params=params(rng))
            if r.status_code != 200:
                errors[f"HTTP {r.status_code}"] += 1
                continue
            r.json()
        except httpx.TimeoutException:
            errors["timeout"] += 1
            continue
        except httpx.HTTPError as exc:
            errors[type(exc).__name__] += 1
            continue
        lat.append((time.perf_counter() - t0) * 1000)


async def run_clients(base: str, clients: int, seconds: float,
                      db: str) -> tuple[list[float], Counter, float, int]:
    """(latencies in ms, errors by kind, wall seconds, articles when the timing began)."""
    import httpx

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S, limits=limits) as http:
        for q in QUERIES[:WARMUP_REQUESTS]:
            (await http.get(f"{base}/api/search", params={"q": q})).raise_for_status()
        lat: list[float] = []
        errors: Counter = Counter()
        at_start = count_articles(db)
        t0 = time.perf_counter()
        deadline = t0 + seconds
        await asyncio.gather(*(client(http, base, deadline, random.Random(i), lat, errors)
                               for i in range(clients)))
        wall = time.perf_counter() - t0
    return lat, errors, wall, at_start


def wait_ready(base: str, proc: subprocess.Popen) -> None:
    import httpx

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < STARTUP_TIMEOUT_S:
        if proc.poll() is not None:
            raise SystemExit(f"marsad serve exited with {proc.returncode}")
        try:
            httpx.get(f"{base}/api/stats", timeout=5).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise SystemExit("marsad serve did not answer in time")


def pct(ms: list[float]) -> dict[str, float]:
    if len(ms) < 2:
        return {}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": round(statistics.median(ms), 1), "p95": round(q[94], 1),
            "p99": round(q[98], 1), "max": round(max(ms), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a database with >= 100k articles")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--ingest-articles", type=int, default=20_000,
                        help="size of the concurrent ingest's input (more than it can write)")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--in-place", action="store_true", help="use --db itself, no copy")
    parser.add_argument("--server-workers", type=int, default=1,
                        help="marsad serve --workers (server processes)")
    args = parser.parse_args()
    if not Path(args.db).exists():
        emit({"bench": "load_search", "skipped": f"{args.db} not found"})
        return
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="marsad-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = args.db
    if not args.in_place:
        with sqlite3.connect(args.db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db = str(workdir / "load.db")
        shutil.copy(args.db, db)
    feed = workdir / "ingest.jsonl"
    write_ingest_input(db, feed, args.ingest_articles)
    before = count_articles(db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
    server = subprocess.Popen([MARSAD, "--db", db, "serve", "--port", str(port),
                               "--workers", str(args.server_workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ingest = None
    try:
        wait_ready(base, server)
        ingest = subprocess.Popen([MARSAD, "--db", db, "ingest", str(feed), "--no-progress",
                                   "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        lat, errors, wall, at_start = asyncio.run(
            run_clients(base, args.clients, args.seconds, db))
        during = count_articles(db) - at_start
        ingest_alive = ingest.poll() is None
        if ingest_alive:
            ingest.send_signal(signal.SIGINT)
        ingest_out, ingest_err = ingest.communicate(timeout=120)
    finally:
        if ingest is not None and ingest.poll() is None:
            ingest.kill()
        server.send_signal(signal.SIGINT)
        try:
            _, server_err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server_err = ""
    server_errors = [ln for ln in (server_err or "").splitlines()
                     if "Traceback" in ln or "ERROR" in ln]
    emit({
        "bench": "load_search",
        "what": f"{args.clients} clients x {args.seconds:.0f} s on /api/search, "
                f"{before:,} articles, concurrent ingest",
        "ours": {"name": "marsad serve /api/search", "rate": len(lat) / wall,
                 "unit": "requests/s"},
        "extra": {
            "requests_ok": len(lat), "errors": dict(errors),
            "error_rate": round(sum(errors.values()) / max(1, len(lat) + sum(errors.values())), 4),
            "latency_ms": pct(lat), "wall_s": round(wall, 1),
            "articles_before": before, "ingested_during_load": during,
            "ingest_articles_per_s": round(during / wall, 1),
            "ingest_still_running_at_end": ingest_alive,
            "ingest_exit": ingest.returncode,
            "ingest_stderr_tail": (ingest_err or "")[-300:],
            "ingest_summary": (ingest_out or "")[-400:],
            "server_error_lines": server_errors[:5], "cpus": os.cpu_count(),
            "server_workers": args.server_workers,
        },
    })
    if not args.in_place and args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
