"""Watches and alerts (Europe Media Monitor's alerts): a saved search or entity, checked
against every article stored since it last looked.

Each new canonical article that matches becomes an alert (flagged when it opened a new
story). Alerts are read as an Atom feed per watch (any feed reader), through the API and
the CLI, and, when the watch has a webhook, POSTed as JSON signed with HMAC-SHA256; a
failed delivery is retried with exponential backoff on later runs and listed as failed
after MAX_ATTEMPTS. Watches run after every ingest (`service.ingest`) and on demand.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from marsad import query as query_syntax
from marsad.errors import InputError, NotFound

if TYPE_CHECKING:
    from marsad.store.base import Store

# Webhook attempts before a delivery is listed as failed, and the wait before the first
# retry (doubling each time: 30 s, 1 min, 2 min, 4 min): a receiver down for minutes
# still gets the alert; one down for good stops costing a request per run.
MAX_ATTEMPTS = 5
BACKOFF_S = 30
WEBHOOK_TIMEOUT_S = 10.0
SIGNATURE_HEADER = "X-Marsad-Signature"
# Entries in a watch's Atom feed: a reader polls often; older alerts stay in the API.
FEED_ENTRIES = 50
MAX_NAME = 200


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def add(store: Store, query: str | None = None, entity: str | int | None = None,
        name: str | None = None, webhook: str | None = None, secret: str | None = None,
        backfill: bool = False, find_entity: Any = None, **filters: Any) -> dict[str, Any]:
    """Save a watch on a search `query` or an `entity` (id or any spelling). It alerts
    on articles stored from now on (`backfill`: on every stored article, at its first run).
    A webhook without a `secret` gets a generated one, returned here once."""
    from marsad.ingest.fetch import check_url

    query = (query or "").strip() or None
    if (query is None) == (entity is None or entity == ""):
        raise InputError("a watch needs a search query or an entity (one of the two)")
    entity_id = None
    if query is not None:
        parsed = query_syntax.parse(query)
        if parsed.empty:
            raise InputError(f"nothing to watch in {query!r}: {parsed.note}")
    else:
        ids = find_entity(store, str(entity)) if find_entity else []
        if str(entity).isdecimal() and store.get_entity(int(str(entity))) is not None:
            ids = [int(str(entity))]
        if not ids:
            raise NotFound(f"no entity matches {entity!r}")
        entity_id = ids[0]
    if webhook:
        try:  # the fetch policy: no loopback or private address unless allowed
            check_url(webhook)
        except InputError as exc:
            raise InputError(f"webhook refused: {exc}".replace(
                "pass --allow-private", "set MARSAD_ALLOW_PRIVATE=1")) from None
        secret = secret or secrets.token_hex(16)
    filters = {k: v for k, v in filters.items() if v}
    label = (name or query or str(entity))[:MAX_NAME]
    with store.transaction():
        wid = store.add_watch(label, query, entity_id, filters, webhook or None,
                              secret if webhook else None, now_utc(),
                              0 if backfill else store.max_article_id())
    out = get(store, wid)
    if webhook:
        out["secret"] = secret  # shown once: the receiver needs it to check signatures
    return out


def get(store: Store, watch_id: int) -> dict[str, Any]:
    w = store.get_watch(watch_id)
    if w is None:
        raise NotFound(f"no watch {watch_id}")
    return w


def remove(store: Store, watch_id: int) -> None:
    with store.transaction():
        if not store.remove_watch(watch_id):
            raise NotFound(f"no watch {watch_id}")


def alerts(store: Store, watch_id: int, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    w = get(store, watch_id)
    return {"watch": w, "items": store.alerts(watch_id, limit, offset),
            "total": store.count_alerts(watch_id), "limit": limit, "offset": offset,
            "deliveries": store.deliveries(watch_id) if w["webhook"] else []}


def run(store: Store, now: str | None = None, post: Any = None) -> dict[str, Any]:
    """Check every watch against the articles stored since its last run, store the
    alerts, then send the webhook deliveries that are due. Returns what happened."""
    now = now or now_utc()
    found = []
    with store.transaction():
        upto = store.max_article_id()
        for w in store.watches():
            if w["seen_article"] >= upto:
                continue
            match = None
            if w["query"] is not None:
                match = query_syntax.parse(w["query"])
                if match.empty:
                    continue
            rows = store.watch_matches(w["seen_article"], upto, query=match,
                                       entity_id=w["entity_id"], **w["filters"])
            ids = store.add_alerts(w["id"], rows, now) if rows else []
            store.set_watch_seen(w["id"], upto)
            if ids and w["webhook"]:
                store.add_delivery(w["id"], min(ids), max(ids), now)
            found.append({"watch": w["id"], "name": w["name"], "new": len(ids)})
    sent = deliver(store, now, post)
    return {"checked_upto": upto, "watches": found,
            "new_alerts": sum(f["new"] for f in found), "deliveries": sent}


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: what a receiver recomputes with its secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(store: Store, now: str, post: Any = None) -> dict[str, int]:
    """POST each due delivery (outside any transaction: a slow receiver must not hold
    the write lock), then record the outcome."""
    from marsad.ingest.fetch import check_url

    post = post or _post
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for d in store.due_deliveries(now):
        w = store.get_watch(d["watch_id"])
        if w is None or not w["webhook"]:
            continue
        items = store.alerts(w["id"], limit=10_000, ids=(d["first_alert"], d["last_alert"]))
        body = json.dumps({"watch": _public(w), "alerts": list(reversed(items)),
                           "delivery": d["id"], "sent": now}, ensure_ascii=False).encode()
        attempts = d["attempts"] + 1
        try:
            check_url(w["webhook"])
            status = post(w["webhook"], body, {
                "Content-Type": "application/json",
                SIGNATURE_HEADER: sign(store.watch_secret(w["id"]) or "", body),
                "X-Marsad-Delivery": str(d["id"])})
            error = None if 200 <= status < 300 else f"http {status}"
        except (InputError, OSError) as exc:
            error = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        except Exception as exc:  # noqa: BLE001  # any transport error is a failed attempt
            error = f"{type(exc).__name__}: {exc}"[:300]
        if error is None:
            state, next_try = "sent", None
        elif attempts >= MAX_ATTEMPTS:
            state, next_try = "failed", None
        else:
            state = "pending"
            wait = timedelta(seconds=BACKOFF_S * 2 ** (attempts - 1))
            next_try = (datetime.fromisoformat(now) + wait).isoformat(timespec="seconds")
        counts["sent" if state == "sent" else "failed" if state == "failed" else "retry"] += 1
        with store.transaction():
            store.update_delivery(d["id"], state, attempts, next_try, error, now)
    return counts


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    import httpx

    with httpx.Client(timeout=WEBHOOK_TIMEOUT_S, follow_redirects=False) as client:
        return client.post(url, content=body, headers=headers).status_code


def _public(w: dict[str, Any]) -> dict[str, Any]:
    return {k: w.get(k) for k in ("id", "name", "kind", "query", "entity_id", "entity_name",
                                  "filters")}


def atom(store: Store, watch_id: int, base_url: str) -> str:
    """The watch's alerts as an Atom 1.0 feed (RFC 4287), newest first."""
    w = get(store, watch_id)
    items = store.alerts(watch_id, FEED_ENTRIES)
    base = base_url.rstrip("/")
    updated = _rfc3339(items[0]["created"] if items else w["created"])
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">',
           f"<id>{escape(base)}/feeds/watch/{w['id']}.atom</id>",
           f"<title>{escape('مرصد: ' + w['name'])}</title>",
           f"<updated>{updated}</updated>",
           f'<link rel="self" href="{escape(base)}/feeds/watch/{w["id"]}.atom"/>',
           "<author><name>Marsad</name></author>"]
    for a in items:
        link = f"{base}/article/{a['article_id']}"
        title = a["title"] or (a["lead"] or "")[:80] or f"article {a['article_id']}"
        summary = " · ".join(x for x in (a["source"], (a["published"] or "")[:10],
                                         "قصة جديدة" if a["new_story"] else "") if x)
        out += ["<entry>",
                f"<id>{escape(base)}/alerts/{w['id']}/{a['id']}</id>",
                f"<title>{escape(_xml_text(title))}</title>",
                f'<link rel="alternate" href="{escape(link)}"/>',
                f"<updated>{_rfc3339(a['created'])}</updated>",
                *([f"<published>{_rfc3339(a['published'])}</published>"]
                  if a["published"] and len(a["published"]) >= 10 else []),
                f"<summary>{escape(_xml_text(summary + ' — ' + (a['lead'] or '')[:200]))}</summary>",
                "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _rfc3339(stamp: str) -> str:
    """A stored date or time as an RFC 3339 date-time (a bare date as midnight UTC)."""
    s = (stamp or "1970-01-01").strip()
    if len(s) == 10:
        return s + "T00:00:00Z"
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return s[:10] + "T00:00:00Z"
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.isoformat(timespec="seconds")


def _xml_text(s: str) -> str:
    """Characters XML 1.0 cannot carry (controls, lone surrogates) dropped."""
    return "".join(c for c in s if c in "\t\n\r" or ("\x20" <= c <= "\ud7ff")
                   or ("\ue000" <= c <= "\ufffd") or c >= "\U00010000")
