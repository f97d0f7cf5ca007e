"""Re-run issue 15's probe table: every reproducer of the issue, as a user would run it.

    python scripts/probe.py [--keep DIR] [--json]          (`make probe`)

Each item runs the real `marsad` CLI or a real `marsad serve` on 127.0.0.1, under a
temporary folder, with a 30 s limit (HANG_S) per command. A loopback "canary" server
counts every connection a refused fetch would have made. The table gives, per item:
crash (a traceback, a 5xx, or an exit code the CLI does not document), hang (past
HANG_S), connections to refused addresses, and request bodies read without a token. The
run exits 1 when any of those four is not 0, so it can gate a release.

Item 11 (links identical after kill -9 and resume) needs ../shared (ANT); it is skipped
with a reason otherwise. The test suite has one test per reproducer
(tests/reliability/); this is the black-box table the issue asks to re-run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HANG_S = 30
MARSAD = str(Path(sys.executable).with_name("marsad"))
TOKEN = "probe-token"
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARABIC = ("أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية، وقال "
          "الوزير إن الخطة تشمل قروضا ميسرة وتدريبا على أساليب الري الحديثة.")


class Row:
    def __init__(self, item: str, what: str) -> None:
        self.item, self.what = item, what
        self.crash = self.hang = self.refused_hits = self.unauth_bodies = 0
        self.seconds = 0.0
        self.notes: list[str] = []
        self.skipped: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.crash or self.hang or self.refused_hits or self.unauth_bodies)


ROWS: list[Row] = []


def item(num: str, what: str) -> Callable[[Callable[[Row, Path], None]],
                                          Callable[[Row, Path], None]]:
    def wrap(fn: Callable[[Row, Path], None]) -> Callable[[Row, Path], None]:
        fn.probe = (num, what)  # type: ignore[attr-defined]
        return fn
    return wrap


def run(row: Row, args: list[str], ok_codes: tuple[int, ...] = (0,), timeout: float = HANG_S,
        env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess | None:
    """A CLI command; a traceback or an undocumented exit code is a crash, a timeout a hang."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run([MARSAD, *args], capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **(env or {})}, cwd=cwd, errors="replace")
    except subprocess.TimeoutExpired:
        row.hang += 1
        row.notes.append(f"`{' '.join(args[-2:])}` still running at {timeout:.0f} s")
        return None
    finally:
        row.seconds += time.perf_counter() - t0
    if "Traceback" in done.stderr or done.returncode not in ok_codes:
        row.crash += 1
        tail = (done.stderr.strip().splitlines() or [""])[-1][:160]
        row.notes.append(f"exit {done.returncode}: {tail}")
    return done


def count(db: Path, sql: str = "SELECT count(*) FROM articles") -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


# ---------------------------------------------------------------- loopback helpers
class Canary:
    """Counts connections on 127.0.0.1 (and ::1 when the host has IPv6)."""

    def __init__(self) -> None:
        self.hits = 0
        self.socks = []
        for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            try:
                s = socket.socket(family)
                s.bind((host, self.socks[0].getsockname()[1] if self.socks else 0))
                s.listen(64)
                s.settimeout(0.2)
                self.socks.append(s)
            except OSError:
                continue
        self.port = self.socks[0].getsockname()[1]
        self.stop = False
        for s in self.socks:
            threading.Thread(target=self._accept, args=(s,), daemon=True).start()

    def _accept(self, s: socket.socket) -> None:
        while not self.stop:
            try:
                conn, _ = s.accept()
            except (TimeoutError, OSError):
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        for s in self.socks:
            s.close()


class _Slow(BaseHTTPRequestHandler):
    """/trickle: one byte every 2 s, forever; /slow: a page after 8 s."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if self.path.startswith("/slow"):
                time.sleep(8)
                self.wfile.write(f"<html><body><p>{ARABIC}</p></body></html>".encode())
                return
            for _ in range(60):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(2)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


def slow_server() -> ThreadingHTTPServer:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class Server:
    """`marsad serve` on a free loopback port, with the write token."""

    def __init__(self, db: Path, env: dict | None = None) -> None:
        if not db.exists():  # serve wants a database: a small one to begin with
            subprocess.run([MARSAD, "--db", str(db), "ingest",
                            str(jsonl(db.with_suffix(".seed.jsonl"), 3, 5000)), "--no-progress"],
                           capture_output=True, timeout=HANG_S, check=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([MARSAD, "--db", str(db), "serve", "--port", str(self.port)],
                                     env={**os.environ, "MARSAD_TOKEN": TOKEN, **(env or {})},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        import httpx

        for _ in range(120):
            try:
                httpx.get(f"{self.base}/api/stats", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.25)
        raise RuntimeError("marsad serve did not start")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def close(self) -> str:
        self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err


def jsonl(path: Path, n: int, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(start, start + n):
            f.write(json.dumps({"id": f"d{i}", "title": f"خبر رقم {i}",
                                "text": f"{ARABIC} وهذا الخبر رقم {i} من سلسلة أخبار {i % 37}."},
                               ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------- the items
@item("1", "lone surrogate in a JSONL title: CLI and upload")
def lone_surrogate(row: Row, tmp: Path) -> None:
    src = tmp / "s.jsonl"
    src.write_text('{"id":"a","title":"x\\ud800","text":"نص عربي سليم طويل بما يكفي للتخزين."}\n'
                   '{"id":"b","title":"ok","text":"نص عربي آخر سليم طويل بما يكفي."}\n',
                   encoding="utf-8")
    db = tmp / "s.db"
    run(row, ["--db", str(db), "ingest", str(src), "--no-progress"])
    if count(db) != 2:
        row.crash += 1
        row.notes.append(f"{count(db)} of 2 stored")
    server = Server(tmp / "up.db")
    try:
        import httpx

        r = httpx.post(f"{server.base}/api/ingest/upload", timeout=HANG_S,
                       headers={"Authorization": f"Bearer {TOKEN}"},
                       files={"file": ("s.jsonl", src.read_bytes())})
        row.crash += r.status_code >= 500
        row.notes.append(f"upload: HTTP {r.status_code}")
    finally:
        server.close()


@item("2", "SSRF: every loopback spelling via the API, the CLI and --follow-links")
def ssrf(row: Row, tmp: Path) -> None:
    import httpx

    canary = Canary()
    env = {"MARSAD_ALLOW_PRIVATE": ""}
    server = Server(tmp / "ssrf.db", env)
    try:
        p = canary.port
        hosts = ["127.0.0.1", "[::1]", "localhost", "2130706433", "0x7f000001", "127.1",
                 "0177.0.0.1", "[::ffff:127.0.0.1]", "169.254.169.254", "10.0.0.1",
                 "[fd00:ec2::254]"]
        codes = []
        for h in hosts:
            r = httpx.post(f"{server.base}/api/ingest/url", timeout=HANG_S,
                           headers={"Authorization": f"Bearer {TOKEN}"},
                           json={"url": f"http://{h}:{p}/secret"})
            codes.append(r.status_code)
            row.crash += r.status_code >= 500
        row.notes.append(f"API answers {sorted(set(codes))} for {len(hosts)} addresses")
        run(row, ["--db", str(tmp / "c.db"), "ingest", f"http://127.0.0.1:{p}/x",
                  "--no-progress"], ok_codes=(0, 1, 2), env=env)
        feed = tmp / "feed.xml"
        feed.write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            + "".join(f"<item><title>خبر {i}</title><link>http://{h}:{p}/item{i}</link>"
                      f"<description>{ARABIC}</description></item>"
                      for i, h in enumerate(["127.0.0.1", "localhost", "127.1", "[::1]"]))
            + "</channel></rss>", encoding="utf-8")
        run(row, ["--db", str(tmp / "f.db"), "ingest", str(feed), "--follow-links",
                  "--no-progress"], ok_codes=(0, 1, 2), env=env)
    finally:
        server.close()
        time.sleep(0.5)
        canary.close()
    row.refused_hits += canary.hits
    row.notes.append(f"canary connections: {canary.hits}")


def _unauthorised_body(base_port: int, path: str, declared: int) -> tuple[float | None, int]:
    """Send headers declaring `declared` bytes and then the body slowly; returns (seconds
    until the server answered, bytes sent by then) — a server that checks the token first
    answers before the body is read."""
    s = socket.create_connection(("127.0.0.1", base_port), timeout=HANG_S)
    s.sendall((f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               f"Content-Length: {declared}\r\n\r\n").encode())
    sent, t0, chunk = 0, time.perf_counter(), b"[" * 65536
    s.setblocking(False)
    answered = None
    while time.perf_counter() - t0 < 10 and sent < declared:
        try:
            if s.recv(64):
                answered = time.perf_counter() - t0
                break
        except BlockingIOError:
            pass
        except OSError:
            answered = time.perf_counter() - t0
            break
        try:
            sent += s.send(chunk)
        except (BlockingIOError, OSError):
            time.sleep(0.01)
    s.close()
    return answered, sent


@item("3", "bodies before the token: 1 GB JSON and a 300 MB upload, no token")
def body_before_token(row: Row, tmp: Path) -> None:
    server = Server(tmp / "auth.db")
    try:
        before = server.rss_mb()
        for path, declared in (("/api/ingest/url", 1 << 30), ("/api/ingest/upload", 300 << 20)):
            answered, sent = _unauthorised_body(server.port, path, declared)
            read_mb = sent / 1e6
            row.notes.append(f"{path}: answered after {read_mb:.1f} MB sent"
                             if answered is not None else f"{path}: no answer")
            # the kernel buffers a few MB whatever the server does; reading most of what
            # arrived before answering 401 is what the issue measured
            row.unauth_bodies += answered is None or read_mb > 64
        row.notes.append(f"server RSS {before:.0f} -> {server.rss_mb():.0f} MB")
        uploads = list((tmp).glob("**/uploads/*"))
        row.unauth_bodies += bool(uploads)
    finally:
        server.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@item("4", "a killed worker (SIGKILL, as the OOM killer) mid-ingest")
def dead_worker(row: Row, tmp: Path) -> None:
    src = jsonl(tmp / "w.jsonl", 3000)
    db = tmp / "w.db"
    t0 = time.perf_counter()
    proc = subprocess.Popen([MARSAD, "--db", str(db), "ingest", str(src), "--no-progress",
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    killed = None
    while time.perf_counter() - t0 < 20 and killed is None and proc.poll() is None:
        time.sleep(0.5)
        workers = _children(proc.pid)
        if workers and db.exists() and time.perf_counter() - t0 > 2:
            killed = workers[0]
            os.kill(killed, signal.SIGKILL)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        row.hang += 1
        row.notes.append("ingest still running 120 s after the kill")
        return
    row.seconds += time.perf_counter() - t0
    row.crash += "Traceback" in err or proc.returncode not in (0, 2)
    row.notes.append(f"worker {'killed' if killed else 'not found'}; exit {proc.returncode}; "
                     f"{count(db)} of 3000 stored")


@item("5", "quadratic stages: diacritics, 100k lines, 100k <p>, 50k attributes, 5 MB")
def budgets(row: Row, tmp: Path) -> None:
    folder = tmp / "big"
    folder.mkdir()
    (folder / "d.txt").write_text("ب" + "\u064e\u0651" * 400_000 + " نص", encoding="utf-8")
    (folder / "lines.txt").write_text("\n".join(f"سطر {i} قصير" for i in range(100_000)),
                                      encoding="utf-8")
    (folder / "p.html").write_text("<html><body>" + "<p>فقرة</p>" * 100_000 + "</body></html>",
                                   encoding="utf-8")
    attrs = " ".join(f'a{i}="v"' for i in range(50_000))
    (folder / "attrs.html").write_text(f"<html><body><div {attrs}>{ARABIC}</div></body></html>",
                                       encoding="utf-8")
    (folder / "five.txt").write_text((ARABIC + "\n") * (5_000_000 // len(ARABIC.encode())),
                                     encoding="utf-8")
    for f in sorted(folder.iterdir()):
        t0 = time.perf_counter()
        run(row, ["--db", str(tmp / f"b-{f.stem}.db"), "ingest", str(f), "--no-progress"],
            ok_codes=(0, 2))
        row.notes.append(f"{f.name} {time.perf_counter() - t0:.1f} s")
    import resource

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row.notes.append(f"largest process {peak:.0f} MB")
    row.crash += peak > 1500


@item("6", "a server sending 1 byte every 2 s: fetch --timeout 3")
def trickle(row: Row, tmp: Path) -> None:
    httpd = slow_server()
    try:
        t0 = time.perf_counter()
        run(row, ["--db", str(tmp / "t.db"), "ingest",
                  f"http://127.0.0.1:{httpd.server_address[1]}/trickle", "--timeout", "3",
                  "--allow-private", "--no-progress"], ok_codes=(0, 1, 2))
        took = time.perf_counter() - t0
        row.notes.append(f"ended after {took:.1f} s")
        row.hang += took > HANG_S
    finally:
        httpd.shutdown()


@item("7", "JSONL: 100k-deep nesting and a 4,400-digit integer between good lines")
def bad_lines(row: Row, tmp: Path) -> None:
    src = tmp / "j.jsonl"
    good = [json.dumps({"id": f"g{i}", "text": ARABIC}, ensure_ascii=False) for i in range(2)]
    src.write_text("\n".join([good[0], "[" * 100_000, '{"id":"n","text":"نص","n":'
                              + "9" * 4400 + "}", good[1]]) + "\n", encoding="utf-8")
    db = tmp / "j.db"
    done = run(row, ["--db", str(db), "ingest", str(src), "--no-progress"], ok_codes=(0, 2))
    stored = count(db) if db.exists() else 0
    failed = count(db, "SELECT count(*) FROM failures") if db.exists() else 0
    row.notes.append(f"stored {stored} of 2 good, {failed} failures recorded, "
                     f"exit {done.returncode if done else '-'}")
    row.crash += stored != 2 or failed != 2


@item("8", "45 slow writes (8 s each) while reading /api/stats")
def writes_and_reads(row: Row, tmp: Path) -> None:
    import httpx

    httpd = slow_server()
    server = Server(tmp / "wr.db", {"MARSAD_ALLOW_PRIVATE": "1"})
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/slow"

        def post() -> None:
            try:
                httpx.post(f"{server.base}/api/ingest/url?wait=false", json={"url": url},
                           headers={"Authorization": f"Bearer {TOKEN}"}, timeout=HANG_S)
            except httpx.HTTPError:
                pass

        threads = [threading.Thread(target=post) for _ in range(45)]
        for t in threads:
            t.start()
        time.sleep(1)
        worst = 0.0
        for _ in range(10):
            t0 = time.perf_counter()
            r = httpx.get(f"{server.base}/api/stats", timeout=HANG_S)
            worst = max(worst, time.perf_counter() - t0)
            row.crash += r.status_code >= 500
            time.sleep(0.2)
        for t in threads:
            t.join(HANG_S)
        row.notes.append(f"slowest /api/stats {worst * 1000:.0f} ms")
        row.hang += worst > 5
    finally:
        server.close()
        httpd.shutdown()


@item("9", "symlink loop, a file linked to /dev/zero, a FIFO in a folder")
def filesystem(row: Row, tmp: Path) -> None:
    loop = tmp / "loop"
    loop.mkdir()
    (loop / "good.txt").write_text(ARABIC, encoding="utf-8")
    os.symlink(loop, loop / "again")
    os.mkfifo(loop / "pipe.txt")
    zero = tmp / "zero.txt"
    os.symlink("/dev/zero", zero)
    db = tmp / "fs.db"
    run(row, ["--db", str(db), "ingest", str(loop)], ok_codes=(0, 2))
    run(row, ["--db", str(db), "ingest", str(zero)], ok_codes=(0, 1, 2))
    row.notes.append(f"{count(db) if db.exists() else 0} of 1 good file stored")
    row.crash += not db.exists() or count(db) != 1


@item("10", "two ingests into one database at once")
def two_ingests(row: Row, tmp: Path) -> None:
    src = jsonl(tmp / "two.jsonl", 3000)
    db = tmp / "two.db"
    first = subprocess.Popen([MARSAD, "--db", str(db), "ingest", str(src), "--no-progress"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    second = run(row, ["--db", str(db), "ingest", str(jsonl(tmp / "two-b.jsonl", 10, 9000)),
                       "--no-progress"], ok_codes=(0, 1, 3, 75))
    try:
        _, err = first.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        first.kill()
        row.hang += 1
        return
    row.crash += "Traceback" in err or first.returncode != 0
    status = count(db, "SELECT status FROM ingest_runs ORDER BY id LIMIT 1") if db.exists() else "-"
    msg = (second.stderr.strip().splitlines() or ["-"])[-1][:120] if second else "-"
    row.notes.append(f"second: {msg!r}; first run {status}, exit {first.returncode}")
    row.crash += status != "done"


@item("11", "kill -9 and resume: every mention links as in a clean run (ANT, 1,500)")
def resume_links(row: Row, tmp: Path) -> None:
    ant = SHARED / "data/news/ant_multisource/articles.jsonl.gz"
    if not ant.exists():
        row.skipped = f"{ant} not found"
        return
    import gzip

    src = tmp / "ant.jsonl"
    with gzip.open(ant, "rt", encoding="utf-8") as f, src.open("w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i >= 1500:
                break
            out.write(line)
    clean, cut = tmp / "clean.db", tmp / "cut.db"
    args = ["ingest", str(src), "--preset", "ant", "--no-progress"]
    run(row, ["--db", str(clean), *args], timeout=300)
    proc = subprocess.Popen([MARSAD, "--db", str(cut), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 120 and proc.poll() is None:
        time.sleep(0.2)
        if cut.exists() and count(cut) >= 600:
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    run(row, ["--db", str(cut), *args], timeout=300)
    sql = ("SELECT a.uid, m.seq, e.name FROM mentions m JOIN articles a ON a.id = m.article_id "
           "JOIN entities e ON e.id = m.entity_id")

    def links(db: Path) -> set:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return set(conn.execute(sql).fetchall())
        finally:
            conn.close()

    a, b = links(clean), links(cut)
    row.notes.append(f"{len(a ^ b)} of {len(a)} mention links differ; "
                     f"{count(cut)} / {count(clean)} articles")
    row.crash += bool(a ^ b) or count(cut) != count(clean)


@item("12", "huge ids, long upload names, odd charsets, corrupt files, open host")
def smaller(row: Row, tmp: Path) -> None:
    import httpx

    db = tmp / "small.db"
    run(row, ["--db", str(db), "ingest", str(jsonl(tmp / "small.jsonl", 5))])
    server = Server(db)
    try:
        big = "9223372036854775808"
        codes = [httpx.get(f"{server.base}{p}", timeout=HANG_S).status_code for p in (
            f"/api/entity?name={big}", f"/api/entities/{big}", f"/api/articles/{big}",
            f"/api/stories/{big}", f"/api/graph?entity={big}", f"/api/timeline?entity={big}",
            f"/api/search?q=x&entity={big}")]
        r = httpx.post(f"{server.base}/api/ingest/upload", timeout=HANG_S,
                       headers={"Authorization": f"Bearer {TOKEN}"},
                       files={"file": ("ب" * 200 + ".txt", ARABIC.encode())})
        codes.append(r.status_code)
        row.crash += sum(c >= 500 for c in codes)
        row.notes.append(f"huge ids and a 400-byte name: HTTP {sorted(set(codes))}")
    finally:
        server.close()
    odd = tmp / "rot.html"
    odd.write_text(f'<html><head><meta charset="rot13"></head><body><p>{ARABIC}</p></body>'
                   "</html>", encoding="utf-8")
    run(row, ["--db", str(tmp / "rot.db"), "ingest", str(odd), "--no-progress"])
    for name, data in (("garbage.db", os.urandom(8192)), ("text.db", b"not a database\n" * 99)):
        bad = tmp / name
        bad.write_bytes(data)
        done = run(row, ["--db", str(bad), "stats"], ok_codes=(1, 2, 3))
        if done is not None and len(done.stderr.strip().splitlines()) > 2:
            row.crash += 1
            row.notes.append(f"{name}: {len(done.stderr.splitlines())} lines of error")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
    proc = subprocess.Popen([MARSAD, "--db", str(db), "serve", "--host", "0.0.0.0", "--port",
                             str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=10)
    warned = "token" in out.lower() and ("warn" in out.lower() or "0.0.0.0" in out)
    row.notes.append("open host warned" if warned else "no warning for --host 0.0.0.0")
    row.crash += not warned


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, default=None, help="keep the work folder here")
    ap.add_argument("--only", default=None, help="comma list of item numbers")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="marsad-probe-"))
    work.mkdir(parents=True, exist_ok=True)
    items = [fn for fn in globals().values() if callable(fn) and hasattr(fn, "probe")]
    only = set(args.only.split(",")) if args.only else None
    try:
        for fn in items:
            num, what = fn.probe
            if only and num not in only:
                continue
            row = Row(num, what)
            sub = work / f"item{num}"
            sub.mkdir(exist_ok=True)
            t0 = time.perf_counter()
            try:
                fn(row, sub)
            except Exception as exc:  # noqa: BLE001 - a probe failure is a row, not a stop
                row.crash += 1
                row.notes.append(f"probe error: {type(exc).__name__}: {exc}"[:200])
            row.seconds = time.perf_counter() - t0
            ROWS.append(row)
            print(f"item {num}: {'skip' if row.skipped else 'ok' if row.ok else 'FAIL'} "
                  f"({row.seconds:.0f} s)", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    totals = {k: sum(getattr(r, k) for r in ROWS)
              for k in ("crash", "hang", "refused_hits", "unauth_bodies")}
    if args.json:
        print(json.dumps({"totals": totals, "items": [
            {"item": r.item, "what": r.what, "ok": r.ok, "skipped": r.skipped,
             "crash": r.crash, "hang": r.hang, "refused_connections": r.refused_hits,
             "bodies_without_token": r.unauth_bodies, "seconds": round(r.seconds, 1),
             "notes": r.notes} for r in ROWS]}, ensure_ascii=False, indent=1))
    else:
        print("| # | reproducer | crash | hang >30 s | refused conns | bodies w/o token | s | notes |")
        print("|---|---|---|---|---|---|---|---|")
        for r in ROWS:
            notes = r.skipped or "; ".join(r.notes)
            print(f"| {r.item} | {r.what} | {r.crash} | {r.hang} | {r.refused_hits} | "
                  f"{r.unauth_bodies} | {r.seconds:.0f} | {notes} |")
        print(f"\ntotals: {totals}")
    sys.exit(1 if any(totals.values()) else 0)


if __name__ == "__main__":
    main()
