"""Score a database's entities against the entity-resolution gold (eval/resolution/).

The gold names mentions by article url and character offsets into the stored text, with a
short sha1 of the surface so a mention is found again if the stored text shifted. Nothing is
ingested here: the database is whatever `marsad ingest` made of the gold's corpus.

A gold mention the database no longer tags counts as "apart" / "not merged" / "wrong Latin";
`coverage` says how many gold mentions were found tagged at all.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.errors import InputError
from marsad.store.sqlite import resolution as q

if TYPE_CHECKING:
    from marsad.store.sqlite import SQLiteStore

TOP_N = 150
PAIR_KINDS = ("in_entity", "across")
SURFACE_HASH_CHARS = 12  # hex digits of sha1(surface) kept in the gold


def surface_hash(surface: str) -> str:
    return hashlib.sha1(surface.encode("utf-8")).hexdigest()[:SURFACE_HASH_CHARS]


_PARTICLE = re.compile(r"(?:(?<=^)|(?<=[\s\-]))(?:al|el|the)(?:[\s\-]+|$)")
_DROP = re.compile(r"[\s\-'’‘ʿʾ`.]+")


def fold_latin(name: str | None) -> str:
    """Latin spelling folded for comparison: case, diacritics, apostrophes, hyphens,
    spaces and the al-/el-/the particles do not count (GUIDELINE.md §3)."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name.strip().lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _PARTICLE.sub("", s)
    return _DROP.sub("", s)


def wilson(k: int, n: int, z: float = 1.96) -> list[float] | None:
    """95% Wilson score interval of k successes in n (None when n = 0)."""
    if n == 0:
        return None
    p = k / n
    d = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return [round(max(0.0, mid - half), 4), round(min(1.0, mid + half), 4)]


def _share(k: int, n: int) -> dict[str, Any]:
    return {"value": round(k / n, 4) if n else None, "k": k, "n": n, "ci95": wilson(k, n)}


def load_gold(path: str | Path) -> list[dict]:
    items = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold {path}: {exc.strerror}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            item["kind"], item["a"]["url"]  # noqa: B018 -- shape check
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a resolution gold item ({exc})") from exc
        items.append(item)
    return items


class _Locator:
    """Gold mention → (article id, start, end) in this database, then → entity id."""

    def __init__(self, store: SQLiteStore, gold: list[dict]) -> None:
        refs = [it[k] for it in gold for k in ("a", "b") if k in it]
        self.articles = q.articles_by_url(store, (r["url"] for r in refs))
        aids = [aid for arts in self.articles.values() for aid, _ in arts]
        self.mentions = q.mentions_in(store, aids)
        self.removed = q.removed_text(store, aids)

    def in_residue(self, ref: dict) -> bool:
        """The gold mention is not in the stored text but in a line the cleaner took out
        (a byline, another story's teaser): residue, not a resolution error."""
        if self.place(ref) is not None:
            return False
        width = ref["end"] - ref["start"]
        for aid, _ in self.articles.get(ref["url"], []):
            gone = self.removed.get(aid, "")
            if any(surface_hash(gone[i:i + width]) == ref["sha1"]
                   for i in range(len(gone) - width + 1)):
                return True
        return False

    def place(self, ref: dict) -> tuple[int, int, int] | None:
        s, e, h = ref["start"], ref["end"], ref["sha1"]
        arts = self.articles.get(ref["url"], [])
        for aid, text in arts:
            if surface_hash(text[s:e]) == h:
                return aid, s, e
        # The stored text moved (cleaning changed): the nearest span with the same surface.
        best = None
        for aid, text in arts:
            width = e - s
            for i in range(len(text) - width + 1):
                if surface_hash(text[i:i + width]) == h:
                    if best is None or abs(i - s) < best[0]:
                        best = (abs(i - s), aid, i, i + width)
        return best[1:] if best else None

    def entity(self, place: tuple[int, int, int] | None) -> int | None:
        """The entity of the stored mention overlapping the span most (None: untagged)."""
        if place is None:
            return None
        aid, s, e = place
        best, best_overlap = None, 0
        for ms, me, eid in self.mentions.get(aid, ()):
            overlap = min(e, me) - max(s, ms)
            if overlap > best_overlap:
                best, best_overlap = eid, overlap
        return best

    def spans(self, place: tuple[int, int, int]) -> list[tuple[int, int]]:
        aid, s, e = place
        return [(ms, me) for ms, me, _ in self.mentions.get(aid, ()) if ms < e and me > s]


def _junk_tagged(loc: _Locator, item: dict, text_of: dict[int, str]) -> bool | None:
    place = loc.place(item["a"])
    if place is None:
        return None
    aid, s, e = place
    shift = s - item["a"]["start"]
    ns, ne = item.get("name_start"), item.get("name_end")
    inside = set(range(ns + shift, ne + shift)) if ns is not None and ne is not None else set()
    text = text_of[aid]
    for ms, me in loc.spans(place):
        covered = range(max(s, ms), min(e, me))
        if any(i not in inside and not text[i].isspace() for i in covered):
            return True
    return False


def _junk_left(loc: _Locator, item: dict, text_of: dict[int, str]) -> bool | None:
    """Whether the junk of a labelled span still sits in a stored alias (`junk_left`).

    `junk_still_tagged` counts any stored mention with a character outside the labelled
    name, so a span of two names run together («وأقال ترامب كومي», name «كومي») stays
    "junk" when both are now tagged apart, and a fragment («أون») when it is now inside the
    full name («كيم جونغ-أون»). Here: with a name, a mention that holds the name *and* other
    words of the span; without one, a mention lying inside the span. A mention of other
    words only, beside the name, is not judged (on the DEV gold all 8 such were other
    names or organisations: «ترامب», «الوفاق», «جدة»)."""
    place = loc.place(item["a"])
    if place is None:
        return None
    aid, s, e = place
    text = text_of[aid]
    ns, ne = item.get("name_start"), item.get("name_end")
    if ns is None or ne is None:
        return any(ms >= s and me <= e for ms, me in loc.spans(place))
    shift = s - item["a"]["start"]
    ns, ne = ns + shift, ne + shift
    for ms, me in loc.spans(place):
        if ms < ne and me > ns and any(
                not text[i].isspace() for i in range(max(s, ms), min(e, me)) if not ns <= i < ne):
            return True
    return False


def evaluate_resolution(store: SQLiteStore, gold_path: str | Path, top_n: int = TOP_N) -> dict[str, Any]:
    gold = load_gold(gold_path)
    loc = _Locator(store, gold)
    text_of = {aid: t for arts in loc.articles.values() for aid, t in arts}
    found = total = 0
    pairs: dict[str, dict[str, list[int]]] = {k: {"same": [0, 0], "different": [0, 0]}
                                              for k in PAIR_KINDS}
    different_in: dict[int, int] = defaultdict(int)  # entity → gold different pairs inside
    latin_items: list[tuple[str, int | None, str]] = []
    junk = [0, 0]
    left = [0, 0]
    in_residue = 0
    for it in gold:
        kind, label = it["kind"], it.get("label")
        if kind != "junk" and any(loc.in_residue(it[k]) for k in ("a", "b") if k in it):
            in_residue += 1  # scored neither way: the user no longer sees that mention
            continue
        if kind in PAIR_KINDS and label in ("same", "different"):
            ea, eb = (loc.entity(loc.place(it[k])) for k in ("a", "b"))
            total += 2
            found += (ea is not None) + (eb is not None)
            merged = ea is not None and ea == eb
            cell = pairs[kind][label]
            cell[0] += merged if label == "same" else not merged
            cell[1] += 1
            if label == "different" and merged and ea is not None:
                different_in[ea] += 1
        elif kind == "latin" and it.get("latin") and it["latin"] != "unsure":
            eid = loc.entity(loc.place(it["a"]))
            total += 1
            found += eid is not None
            latin_items.append((it.get("type", "?"), eid, it["latin"]))
        elif kind == "junk" and label == "junk":
            tagged = _junk_tagged(loc, it, text_of)
            total += 1
            found += tagged is not None
            junk[0] += bool(tagged)
            junk[1] += 1
            left[0] += bool(_junk_left(loc, it, text_of))
            left[1] += 1
    if total and not found:
        raise LookupError("no gold mention found in this database: was it ingested from the gold's corpus?")
    latin_of = q.entity_latin(store, [e for _, e, _ in latin_items if e is not None])
    lat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for etype, eid, gold_latin in latin_items:
        ok = eid is not None and fold_latin(latin_of.get(eid, ("", None))[1]) in {
            fold_latin(x) for x in gold_latin.split("|")}
        for key in ("all", etype):
            lat[key][0] += ok
            lat[key][1] += 1
    tp = sum(pairs[k]["same"][0] for k in PAIR_KINDS)
    same_n = sum(pairs[k]["same"][1] for k in PAIR_KINDS)
    fp = sum(pairs[k]["different"][1] - pairs[k]["different"][0] for k in PAIR_KINDS)
    top = q.top_entity_ids(store, "PER", top_n)
    return {
        "gold": str(gold_path), "items": len(gold), "coverage": _share(found, total),
        "in_residue": in_residue,
        "different_kept_apart": {k: _share(*pairs[k]["different"]) for k in PAIR_KINDS},
        "same_merged": {k: _share(*pairs[k]["same"]) for k in PAIR_KINDS},
        "pair_precision": _share(tp, tp + fp), "pair_recall": _share(tp, same_n),
        "top_wrong_merge_share": {**_share(sum(1 for e in top if different_in.get(e)), len(top)),
                                  "top_n": top_n},
        "latin_accuracy": {k: _share(*v) for k, v in sorted(lat.items())},
        "junk_still_tagged": _share(*junk),
        "junk_left": _share(*left),
    }


def format_report(r: dict[str, Any]) -> str:
    def line(name: str, s: dict) -> str:
        if not s["n"]:
            return f"  {name:<38} n=0"
        lo, hi = s["ci95"]
        return f"  {name:<38}{s['value']:>7.3f}  [{lo:.3f}, {hi:.3f}]  n={s['n']}"
    out = [f"{r['gold']}: {r['items']} items ({r['in_residue']} in lines the cleaner removed, "
           "not scored)", line("coverage (gold mentions tagged)", r["coverage"])]
    for k in PAIR_KINDS:
        out.append(line(f"different_kept_apart ({k})", r["different_kept_apart"][k]))
        out.append(line(f"same_merged ({k})", r["same_merged"][k]))
    out += [line("pair_precision", r["pair_precision"]), line("pair_recall", r["pair_recall"]),
            line(f"top_wrong_merge_share (top {r['top_wrong_merge_share']['top_n']} PER)",
                 r["top_wrong_merge_share"])]
    out += [line(f"latin_accuracy ({k})", s) for k, s in r["latin_accuracy"].items()]
    out.append(line("junk_still_tagged", r["junk_still_tagged"]))
    out.append(line("junk_left (junk still in an alias)", r["junk_left"]))
    return "\n".join(out)
