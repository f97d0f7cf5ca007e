"""Candidate items for the entity-resolution gold, drawn from a Marsad database.

Reads a store made by ingesting a corpus from `sample.py` and writes, OUTSIDE the repo (the
items carry article text as context), one JSON object per line with a stable `cid`:

  in_entity  an alias of a top entity beside its most common alias, a mention of each
  across     two entities of one type whose names look alike (candidate missed merge)
  latin      a top entity's name, a mention, the Latin name Marsad gave
  junk       an alias of a top entity (or a currency/hashtag-like alias anywhere), in context

    python eval/resolution/candidates.py --db /tmp/resgold/dev-before.db \
        --corpus /tmp/resgold/dev.jsonl --split dev --out /tmp/resgold/cand-dev.jsonl

Mentions are referred to by the corpus record id (JSONL `id`) and the article url, with
offsets into articles.text, never by database row id. See GUIDELINE.md for the labels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from marsad.arabic.names import alias_canonical, name_key, name_tokens  # noqa: E402

TOP = {"PER": 150, "ORG": 50, "LOC": 50}
ALIASES_PER_ENTITY = 12  # suspicious aliases (no token shared with the anchor) first
ACROSS_MAX = 150
ACROSS_POOL_PER_TYPE = 600  # entities per type considered for missed merges
LATIN_TOP = 200
CONTEXT = 110  # characters each side of a mention
SEED = 20260611
# Homographs and namesakes an independent measurement found merged wrongly: entities carrying
# one of these aliases get extra pairs even outside the top lists, so the gold covers them.
WATCH = frozenset("عمان الحريري دونالد كيم سيرغي آبي أبي كوبر صلاح صالح أبل أوبل الصين ألمانيا "
                  "نيويورك الغوطة السيسي".split())
WATCH_PAIRS = 3
JUNK_WORDS = re.compile(r"دولار|جنيه|ريال|يورو|درهم|دينار|ليرة|روبل|ين ياباني|#|_")


def _cid(split: str, kind: str, *parts: object) -> str:
    h = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:10]
    return f"{split}-{kind}-{h}"


class Store:
    def __init__(self, db: str, corpus: str) -> None:
        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.alias_limit = ALIASES_PER_ENTITY
        self.rec_by_url = {}
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                self.rec_by_url[r["url"]] = r["id"]
        self.articles = {aid: (url, text) for aid, url, text in
                         self.conn.execute("SELECT id, url, text FROM articles")}
        self.entities = {r[0]: {"id": r[0], "type": r[1], "name": r[2], "latin": r[3],
                                "mentions": r[4]}
                         for r in self.conn.execute(
                             "SELECT id, type, name, latin, mentions FROM entities")}
        self.aliases: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for eid, alias, n in self.conn.execute(
                "SELECT entity_id, alias, count FROM entity_aliases ORDER BY count DESC, alias"):
            self.aliases[eid].append((alias, n))
        self.mentions: dict[int, dict[str, list[tuple[int, int, int]]]] = defaultdict(
            lambda: defaultdict(list))
        for aid, eid, s, e in self.conn.execute(
                "SELECT article_id, entity_id, start, end FROM mentions ORDER BY article_id, start"):
            surface = self.articles[aid][1][s:e]
            self.mentions[eid][surface].append((aid, s, e))
        self.latin_keys: dict[str, set[int]] = defaultdict(set)
        for key, eid in self.conn.execute("SELECT key, entity_id FROM entity_latin_keys"):
            self.latin_keys[key].add(eid)

    def top(self, etype: str | None, n: int) -> list[dict]:
        ents = [e for e in self.entities.values() if etype is None or e["type"] == etype]
        return sorted(ents, key=lambda e: (-e["mentions"], e["id"]))[:n]

    def ref(self, aid: int, s: int, e: int) -> dict:
        url, text = self.articles[aid]
        ctx = text[max(0, s - CONTEXT):s] + "⟦" + text[s:e] + "⟧" + text[e:e + CONTEXT]
        return {"rec": self.rec_by_url.get(url), "url": url, "start": s, "end": e,
                "surface": text[s:e], "context": ctx.replace("\n", " ")}

    def pick(self, eid: int, surface: str, rng: random.Random, avoid: int | None = None):
        ms = self.mentions[eid].get(surface) or []
        if not ms:
            return None
        other = [m for m in ms if m[0] != avoid]
        return rng.choice(other or ms)


def _aliases_for(store: Store, eid: int) -> tuple[str | None, list[str]]:
    """The anchor (most common alias that has a mention) and the aliases to pair with it."""
    present = [(a, n) for a, n in store.aliases[eid] if store.mentions[eid].get(a)]
    if not present:
        return None, []
    anchor = present[0][0]
    anchor_toks = set(name_tokens(anchor))
    rest = [a for a, _ in present[1:]]
    suspicious = [a for a in rest if not anchor_toks & set(name_tokens(a))]
    ordinary = [a for a in rest if a not in suspicious]
    return anchor, (suspicious + ordinary)[:store.alias_limit]


def in_entity(store: Store, split: str, rng: random.Random) -> list[dict]:
    out = []
    for etype, n in TOP.items():
        for ent in store.top(etype, n):
            anchor, aliases = _aliases_for(store, ent["id"])
            if anchor is None:
                continue
            # Lone anchors (ترامب, عمان) can hide homographs: pair two of their own mentions too.
            pairs = aliases + ([anchor] if len(name_tokens(anchor)) == 1 else [])
            for alias in pairs:
                a = store.pick(ent["id"], alias, rng)
                b = store.pick(ent["id"], anchor, rng, avoid=a[0])
                if a is None or b is None or a == b:
                    continue
                ra, rb = store.ref(*a), store.ref(*b)
                out.append({"cid": _cid(split, "in", ra["rec"], ra["start"], rb["rec"], rb["start"]),
                            "kind": "in_entity", "type": etype, "entity": ent["name"],
                            "entity_mentions": ent["mentions"], "a": ra, "b": rb})
    for eid, aliases in sorted(store.aliases.items()):
        ent = store.entities[eid]
        hits = [a for a, _ in aliases if a in WATCH or set(name_tokens(a)) & WATCH]
        if not hits or ent["mentions"] < 2:
            continue
        anchor, _ = _aliases_for(store, eid)
        for alias in ([anchor] + hits)[:WATCH_PAIRS]:
            a = store.pick(eid, alias, rng)
            b = store.pick(eid, anchor, rng, avoid=a[0] if a else None)
            if a is None or b is None or a == b:
                continue
            ra, rb = store.ref(*a), store.ref(*b)
            out.append({"cid": _cid(split, "in", ra["rec"], ra["start"], rb["rec"], rb["start"]),
                        "kind": "in_entity", "type": ent["type"], "entity": ent["name"],
                        "entity_mentions": ent["mentions"], "a": ra, "b": rb, "watch": True})
    return out


def _across_rules(x: dict, y: dict) -> list[str]:
    nx, ny = x["name"], y["name"]
    tx, ty = name_tokens(nx), name_tokens(ny)
    why = []
    if name_key(nx) == name_key(ny):
        why.append("same_key")
    if x["type"] == "PER" and len(tx) > 1 and len(ty) > 1 and tx[-1] == ty[-1]:
        why.append("same_last_token")
    if tx and ty and tx != ty and (set(tx) <= set(ty) or set(ty) <= set(tx)):
        why.append("contained")
    cx, cy = alias_canonical(nx), alias_canonical(ny)
    if (cx or cy) and (cx or nx) == (cy or ny):
        why.append("alias_table")
    return why


def across(store: Store, split: str, rng: random.Random) -> list[dict]:
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    for etype in ("PER", "ORG", "LOC", "MISC"):
        pool = [e for e in store.top(etype, ACROSS_POOL_PER_TYPE) if e["mentions"] >= 2]
        by_token: dict[str, list[dict]] = defaultdict(list)
        for e in pool:
            for t in set(name_tokens(e["name"])) | {name_key(e["name"])}:
                by_token[t].append(e)
            canon = alias_canonical(e["name"])
            if canon:
                by_token["=" + canon].append(e)
            else:
                by_token["=" + e["name"]].append(e)
        for group in by_token.values():
            if len(group) > 40:  # a common token (عبد, الله) pairs everything: no signal
                continue
            for i, x in enumerate(group):
                for y in group[i + 1:]:
                    why = _across_rules(x, y)
                    if why:
                        found[tuple(sorted((x["id"], y["id"])))].update(why)
        ids = {e["id"] for e in pool}
        for key, eids in store.latin_keys.items():
            near = sorted(eids & ids)
            if 1 < len(near) <= 4 and len(key) >= 5:
                for i, a in enumerate(near):
                    for b in near[i + 1:]:
                        found[(a, b)].add("latin_key")
    ranked = sorted(found.items(), key=lambda kv: (
        -min(store.entities[kv[0][0]]["mentions"], store.entities[kv[0][1]]["mentions"]), kv[0]))
    # Round-robin over the rule that fired first so no one rule fills the quota.
    queues: dict[str, list] = defaultdict(list)
    for pair, why in ranked:
        queues[sorted(why)[0]].append((pair, why))
    chosen = []
    while len(chosen) < ACROSS_MAX and any(queues.values()):
        for q in sorted(queues):
            if queues[q] and len(chosen) < ACROSS_MAX:
                chosen.append(queues[q].pop(0))
    out = []
    for (ia, ib), why in chosen:
        ea, eb = store.entities[ia], store.entities[ib]
        anc_a, _ = _aliases_for(store, ia)
        anc_b, _ = _aliases_for(store, ib)
        if anc_a is None or anc_b is None:
            continue
        a, b = store.pick(ia, anc_a, rng), store.pick(ib, anc_b, rng)
        ra, rb = store.ref(*a), store.ref(*b)
        out.append({"cid": _cid(split, "across", ra["rec"], ra["start"], rb["rec"], rb["start"]),
                    "kind": "across", "type": ea["type"], "why": sorted(why),
                    "entity_a": ea["name"], "entity_b": eb["name"],
                    "mentions_a": ea["mentions"], "mentions_b": eb["mentions"], "a": ra, "b": rb})
    return out


def latin(store: Store, split: str, rng: random.Random) -> list[dict]:
    out = []
    for ent in store.top(None, LATIN_TOP):
        anchor, _ = _aliases_for(store, ent["id"])
        if anchor is None:
            continue
        r = store.ref(*store.pick(ent["id"], anchor, rng))
        out.append({"cid": _cid(split, "latin", r["rec"], r["start"]), "kind": "latin",
                    "type": ent["type"], "entity": ent["name"], "marsad_latin": ent["latin"],
                    "a": r})
    return out


def junk(store: Store, split: str, rng: random.Random) -> list[dict]:
    wanted: dict[tuple[int, str], None] = {}
    for etype, n in TOP.items():
        for ent in store.top(etype, n):
            anchor, aliases = _aliases_for(store, ent["id"])
            for alias in ([anchor] if anchor else []) + aliases:
                wanted[(ent["id"], alias)] = None
    for eid, aliases in store.aliases.items():
        if store.entities[eid]["type"] in ("PER", "ORG", "MISC"):
            for alias, _ in aliases:
                if JUNK_WORDS.search(alias):
                    wanted[(eid, alias)] = None
    out = []
    for eid, alias in wanted:
        m = store.pick(eid, alias, rng)
        if m is None:
            continue
        r = store.ref(*m)
        out.append({"cid": _cid(split, "junk", r["rec"], r["start"], r["end"]), "kind": "junk",
                    "type": store.entities[eid]["type"], "entity": store.entities[eid]["name"],
                    "a": r})
    return out


def _mentions_of(item: dict) -> tuple:
    """An item's kind and mentions, whichever order its two sides were drawn in."""
    refs = sorted((m["url"], m["start"]) for m in (item["a"], item.get("b")) if m)
    return (item["kind"], *refs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--corpus", required=True, help="the JSONL the db was ingested from")
    ap.add_argument("--split", required=True, choices=("dev", "test", "dev2"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--kinds", default="in_entity,across,latin,junk",
                    help="which item kinds to draw (comma-separated)")
    ap.add_argument("--aliases", type=int, default=ALIASES_PER_ENTITY,
                    help="aliases paired with each top entity's anchor (suspicious ones first)")
    ap.add_argument("--exclude", action="append", default=[],
                    help="a gold file whose items are not drawn again (same mentions)")
    args = ap.parse_args()
    done = set()
    for path in args.exclude:
        with open(path, encoding="utf-8") as f:
            for line in f:
                g = json.loads(line)
                done.add(_mentions_of(g))
    store = Store(args.db, args.corpus)
    store.alias_limit = args.aliases
    items = []
    kinds = args.kinds.split(",")
    for make in (in_entity, across, latin, junk):
        if make.__name__ in kinds:
            items += make(store, args.split, random.Random(f"{SEED}:{args.split}:{make.__name__}"))
    seen, unique = set(), []
    for it in items:
        if it["cid"] not in seen and _mentions_of(it) not in done:
            seen.add(it["cid"])
            unique.append(it)
    with open(args.out, "w", encoding="utf-8") as f:
        for it in unique:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(args.out, dict(Counter(it["kind"] for it in unique)))


if __name__ == "__main__":
    main()
