"""Fuzzing the readers (issue 15): mutated inputs for each format, run through the real
reader and the per-document pipeline, watched for crashes, hangs and memory.

Used by the bounded property tests in `make test` (test_fuzz_readers.py) and by the long
run, `make fuzz` (`python -m tests.reliability.fuzzing --n 10000`). An input that crashes,
hangs past HANG_S or grows the process past MEMORY_MB is saved to REGRESSIONS, which the
test suite replays on every run.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import random
import resource
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HANG_S = 5.0
MEMORY_MB = 500
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"

ARTICLE = ("أعلنت وزارة الصحة اليوم الأحد 12 مارس 2018 عن افتتاح مستشفى جديد في عمّان، "
           "وقال الوزير محمود الشياب إن «المستشفى سيخدم 200 ألف مواطن». "
           "اقرأ أيضا: أخبار ذات صلة\nشارك على فيسبوك")


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    html = f"<html><head><title>خبر</title></head><body><p>{ARTICLE}</p></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                               protocol="HTTP/1.1")
    # a fixed date and id: the seed must be the same bytes on every call (hypothesis
    # replays a draw against it)
    writer.write_record(writer.create_warc_record(
        "https://news.example/a", "response", payload=io.BytesIO(html.encode()),
        http_headers=headers, warc_headers_dict={
            "WARC-Date": "2018-03-12T10:00:00Z",
            "WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-000000000001>"}))
    return out.getvalue()


SEEDS: dict[str, Callable[[], bytes]] = {
    "text": lambda: f"عنوان الخبر\n\n{ARTICLE}\n".encode(),
    "html": lambda: (f'<!doctype html><html lang="ar"><head><meta charset="utf-8">'
                     f'<title>خبر</title><meta property="article:published_time" '
                     f'content="2018-03-12T10:00:00Z"></head><body><article><h1>خبر</h1>'
                     f"<p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>").encode(),
    "rss": lambda: (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>موقع</title><link>https://news.example/</link><item><title>خبر"
                    f"</title><link>https://news.example/a</link><pubDate>Mon, 12 Mar 2018 "
                    f"10:00:00 GMT</pubDate><description>{ARTICLE}</description></item>"
                    f"</channel></rss>").encode(),
    "jsonl": lambda: "".join(json.dumps({"id": str(i), "title": "خبر", "text": ARTICLE,
                                         "published": "2018-03-12", "source": "موقع"},
                                        ensure_ascii=False) + "\n" for i in range(3)).encode(),
    "warc": _warc,
}
SUFFIX = {"text": ".txt", "html": ".html", "rss": ".xml", "jsonl": ".jsonl", "warc": ".warc"}

# Pieces that broke readers somewhere (encodings, markup, numbers, nesting, controls).
NASTY = [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\\ud800", b"\x1f\x8b",
         b"<![CDATA[", b"]]>", b"<!DOCTYPE x [<!ENTITY a '&#38;#60;'>]>", b"&a;", b"&#0;",
         b'<meta charset="rot13">', b"<script>", b"</p>" * 50, b"<p " + b"a=1 " * 200 + b">",
         b"[" * 2000, b"{" * 2000, b"9" * 5000, b'"\\u0000"', b"\r\n", "\u202e".encode(), "\u064e\u0651".encode() * 500, b"WARC/1.0\r\n",
         b"Content-Length: 99999999\r\n", b"\n" * 100, b'{"text": 1}', b"null\n", b"%s%n"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One input: the seed with 1-4 random edits (flip, cut, splice, repeat, nasty)."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip bytes
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(buf))
                buf[i] = rng.randrange(256)
        elif op == 1:  # cut
            buf = buf[:pos] + buf[pos + rng.randint(1, 64):] if rng.random() < 0.7 else buf[:pos]
        elif op == 2:  # insert a nasty piece
            buf[pos:pos] = rng.choice(NASTY)
        elif op == 3 and buf:  # repeat a slice
            a = rng.randrange(len(buf))
            piece = buf[a:a + rng.randint(1, 200)]
            buf[pos:pos] = piece * rng.randint(2, 50)
        elif op == 4:  # random bytes
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        else:  # gzip it (readers sniff compression)
            if rng.random() < 0.2:
                buf = bytearray(gzip.compress(bytes(buf)))
    return bytes(buf)


class Hang(BaseException):
    """A BaseException, as KeyboardInterrupt is: the readers' own catch-all (which turns
    any error into a per-input Failure) must not swallow the harness's verdict."""


def _alarm(signum, frame):
    raise Hang


def run_one(fmt: str, data: bytes, workdir: Path) -> str | None:
    """Read `data` as `fmt` and process what it yields; None when all went well, else
    what went wrong ("crash: …", "hang", "memory").

    The harness's timer covers the reading; each document's processing runs under the
    pipeline's own budget timer (set just past HANG_S here), and the wall time of the
    whole input is checked against HANG_S either way."""
    import os

    from marsad.ingest import ReadOptions, iter_inputs
    from marsad.pipeline import BUDGET_ENV, process
    from marsad.records import Document

    path = workdir / f"input{SUFFIX[fmt]}"
    path.write_bytes(data)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    deadline = time.monotonic() + HANG_S
    old_budget = os.environ.get(BUDGET_ENV)
    os.environ[BUDGET_ENV] = str(HANG_S + 1)
    old = signal.signal(signal.SIGALRM, _alarm)

    def arm() -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Hang
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, left)

    try:
        arm()
        for item in iter_inputs([str(path)], ReadOptions(format=fmt)):
            signal.setitimer(signal.ITIMER_REAL, 0)
            if isinstance(item, Document):
                process(item, annotations=False)
            arm()
        signal.setitimer(signal.ITIMER_REAL, 0)
        if time.monotonic() > deadline:
            return "hang"
    except Hang:
        return "hang"
    except Exception as exc:  # noqa: BLE001 - the readers must turn every error into a Failure
        return f"crash: {type(exc).__name__}: {str(exc)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if old_budget is None:
            os.environ.pop(BUDGET_ENV, None)
        else:
            os.environ[BUDGET_ENV] = old_budget
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return "memory" if grown > MEMORY_MB else None


def save(fmt: str, data: bytes) -> Path:
    folder = REGRESSIONS / fmt
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(data).hexdigest()[:16] + ".bin")
    path.write_bytes(data)
    return path


def campaign(fmt: str, n: int, seed: int = 0) -> dict:
    """n mutated inputs of one format; failures saved for the regression corpus."""
    rng = random.Random(f"{fmt}-{seed}")
    base = SEEDS[fmt]()
    problems: dict[str, int] = {}
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(n):
            data = mutate(base, rng)
            t = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()):  # warcio's per-record warnings
                what = run_one(fmt, data, Path(tmp))
            slowest = max(slowest, time.perf_counter() - t)
            if what is not None:
                kind = what.split(":", 1)[0]
                problems[kind] = problems.get(kind, 0) + 1
                save(fmt, data)
                sys.stderr.write(f"{fmt}: {what}\n")
    return {"reader": fmt, "inputs": n, "crashes": problems.get("crash", 0),
            "hangs": problems.get("hang", 0), "memory": problems.get("memory", 0),
            "slowest_s": round(slowest, 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description="Fuzz every reader (issue 15, make fuzz).")
    ap.add_argument("--n", type=int, default=10_000, help="inputs per reader")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--readers", default=",".join(SEEDS))
    args = ap.parse_args()
    bad = 0
    for fmt in args.readers.split(","):
        started = time.perf_counter()
        res = campaign(fmt, args.n, args.seed)
        res["seconds"] = round(time.perf_counter() - started, 1)
        res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        sys.stdout.write(json.dumps(res) + "\n")
        sys.stdout.flush()
        bad += res["crashes"] + res["hangs"] + res["memory"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
