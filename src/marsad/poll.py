"""Feeds on a schedule: `marsad sources add URL --every 15m`, then `marsad poll`.

Each due feed is fetched with a conditional GET (If-None-Match / If-Modified-Since from
the last 200), bounded in time and size by the fetch policy (which also refuses private
addresses); a changed feed runs the whole pipeline as one ingest, whose end runs the
watches, so an alert follows within one polling interval. Feeds of one host are fetched
at least HOST_DELAY_S apart, and a failing feed backs off (its interval doubled per
consecutive error, up to MAX_BACKOFF_S). Health is kept per feed for `sources list`.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from marsad.errors import InputError, MarsadError
from marsad.urls import host_of

if TYPE_CHECKING:
    from marsad.store.base import Store

DEFAULT_EVERY = "15m"
# Below this a schedule is a hammering: even a breaking-news desk polls a feed per minute.
MIN_EVERY_S = 10
# Seconds between two requests to the same host in one round (a crawler's politeness).
HOST_DELAY_S = 2.0
# A failing feed waits its interval times 2^errors, at most this long.
MAX_BACKOFF_S = 6 * 3600
FEED_TIMEOUT_S = 20.0
_EVERY_RE = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> int:
    """'15m' → 900 seconds ('90s', '2h', '1d'; a bare number is seconds)."""
    m = _EVERY_RE.match(text or "")
    if not m:
        raise InputError(f"bad interval {text!r}: use a number with s, m, h or d (15m, 1h)")
    seconds = int(m.group(1)) * _UNITS[m.group(2)]
    if seconds < MIN_EVERY_S:
        raise InputError(f"interval {text!r} is under {MIN_EVERY_S}s: too often for a feed")
    return seconds


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def now_utc() -> datetime:
    return datetime.now(UTC)


def add(store: Store, url: str, every: str = DEFAULT_EVERY, follow_links: bool = False) -> dict:
    from marsad.ingest.fetch import check_url

    check_url(url)  # refuse a private address now, not at every poll
    with store.transaction():
        fid = store.add_feed(url, parse_every(every), follow_links, _iso(now_utc()))
    return next(f for f in store.feeds() if f["id"] == fid)


def remove(store: Store, ref: str) -> None:
    with store.transaction():
        if not store.remove_feed(int(ref) if ref.isdecimal() else ref):
            raise InputError(f"no feed {ref!r} (see marsad sources list)")


def poll_once(store: Store, now: datetime | None = None,
              ingest: Callable[..., Any] | None = None,
              sleep: Callable[[float], None] = time.sleep,
              lock: Any = None) -> list[dict[str, Any]]:
    """Fetch every due feed once; ingest those that changed. One result per feed.

    `lock` (the server's write lock) is held only while a feed's articles and its health
    are written, never during a fetch: a slow feed (up to FEED_TIMEOUT_S) once held
    every API write behind it."""
    from marsad import service
    from marsad.ingest import MAX_FEED_BYTES, ReadOptions, prefetched
    from marsad.ingest.fetch import fetch

    ingest = ingest or service.ingest
    now = now or now_utc()
    last_hit: dict[str | None, float] = {}
    results = []
    for feed in store.due_feeds(_iso(now)):
        host = host_of(feed["url"])
        wait = last_hit.get(host, -1e9) + HOST_DELAY_S - time.monotonic()
        if wait > 0:
            sleep(wait)
        last_hit[host] = time.monotonic()
        headers = {}
        if feed["etag"]:
            headers["If-None-Match"] = feed["etag"]
        if feed["last_modified"]:
            headers["If-Modified-Since"] = feed["last_modified"]
        result: dict[str, Any] = {"feed": feed["id"], "url": feed["url"], "new": 0,
                                  "alerts": 0, "error": None}
        etag = modified = None
        try:
            got = fetch(feed["url"], timeout=FEED_TIMEOUT_S, max_bytes=MAX_FEED_BYTES,
                        headers=headers)
            etag, modified = got.etag, got.last_modified
            if got.status == 304:
                result["status"] = "not_modified"
            else:
                opts = ReadOptions(format="rss", follow_links=feed["follow_links"],
                                   timeout=FEED_TIMEOUT_S)
                with prefetched(feed["url"], got), lock or contextlib.nullcontext():
                    summary = ingest(store, [feed["url"]], opts)
                result.update(status="ok", new=summary.new, alerts=summary.alerts,
                              failed=summary.failed)
        except MarsadError as exc:
            result.update(status="error", error=str(exc).splitlines()[0][:300])
        errors = feed["errors"] + 1 if result["status"] == "error" else 0
        delay = min(feed["every_s"] * 2 ** errors, max(MAX_BACKOFF_S, feed["every_s"]))
        done = now_utc()
        with lock or contextlib.nullcontext(), store.transaction():
            store.record_fetch(feed["id"], status=result["status"], error=result["error"],
                               etag=etag, last_modified=modified, new=result["new"],
                               now=_iso(done), next_fetch=_iso(done + timedelta(seconds=delay)))
        results.append(result)
    return results


def seconds_to_next(store: Store, now: datetime | None = None) -> float | None:
    """Seconds until the next feed is due (0 when one is), None when there are no feeds."""
    nxt = store.next_feed_time()
    if nxt is None:
        return None
    return max(0.0, (datetime.fromisoformat(nxt) - (now or now_utc())).total_seconds())


# The background poller of `marsad serve --poll` wakes at least this often (seconds).
SERVE_TICK_S = 5.0


def start_background(db_path: str, lock: Any, stop: Any,
                     log: Callable[[str], None] = print) -> Any:
    """A daemon thread polling the feeds of `db_path` until `stop` (a threading.Event) is
    set; it writes under `lock` (the server's write lock: one writer at a time) and
    fetches without it."""
    import threading

    from marsad import service
    from marsad.store import open_store

    def one_core(store: Store, targets: list[str], opts: Any) -> Any:
        # no process pool inside a threaded server (forking there is unsafe)
        return service.ingest(store, targets, opts, workers=1)

    def loop() -> None:
        while not stop.is_set():
            wait = SERVE_TICK_S
            try:
                with lock:  # opening may migrate the file: a write
                    store = open_store(db_path)
                try:
                    for r in poll_once(store, ingest=one_core, lock=lock):
                        log(f"poll {r['url']}: {r['status']}, {r['new']} new, "
                            f"{r['alerts']} alert(s)" + (f" ({r['error']})" if r["error"] else ""))
                    nxt = seconds_to_next(store)
                finally:
                    store.close()
                wait = min(SERVE_TICK_S, nxt) if nxt is not None else SERVE_TICK_S
            except Exception as exc:  # noqa: BLE001  # the poller must outlive any one round
                log(f"poll round failed: {type(exc).__name__}: {exc}")
            stop.wait(max(wait, 0.5))

    thread = threading.Thread(target=loop, name="marsad-poll", daemon=True)
    thread.start()
    return thread
