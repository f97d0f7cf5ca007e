"""Score event extraction on the labelled sentences of `gold.jsonl` (see eval/README.md).

    .venv/bin/python eval/events/score.py [--spans gazetteer|ner] [--split dev|test|all]
                                          [--show-errors]

Mentions come from our actor list (`--spans gazetteer`, the default: event extraction is
measured on its own, with the right actors marked) or from the NER model (`--spans ner`:
the whole chain). Each document is read whole (offsets in the gold are into the file
decoded as UTF-8, or Windows-1256 when that fails) and its events inside each labelled
sentence are compared with the labels:

* edge: (source, target, quad class); a mutual event matches a label in either order;
* quad accuracy: of the labelled events whose actor pair was found, the share given the
  right quad class.

The peer (`naive_edges`) is the usual baseline: every pair of actors in a sentence that
holds any trigger, with the quad class of the sentence's first trigger.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from marsad.arabic.events import match_triggers  # noqa: E402
from marsad.arabic.normalize import key  # noqa: E402
from marsad.arabic.sentences import sentences  # noqa: E402
from marsad.stages.events import ACTOR_TYPES, WORD_RE, extract_events  # noqa: E402
from marsad.stages.resolve import resolve_document  # noqa: E402

DOC_ROOTS = {"seeds/": SHARED / "seeds", "demo/": ROOT / "src/marsad/demo_corpus",
             "ant/": SHARED / "data/news/ant_multisource"}


def read_doc(doc: str) -> str:
    """Text of a gold document id (seeds/…, demo/…, ant/<docno>)."""
    if doc.startswith("ant/"):
        return _ant()[doc[4:]]
    for prefix, root in DOC_ROOTS.items():
        if doc.startswith(prefix):
            data = (root / doc[len(prefix):]).read_bytes()
            try:
                return data.decode("utf-8-sig")
            except UnicodeDecodeError:
                return data.decode("cp1256")
    raise ValueError(f"unknown document id {doc!r}")


@cache
def _ant() -> dict[str, str]:
    import gzip

    out: dict[str, str] = {}
    with gzip.open(DOC_ROOTS["ant/"] / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out[str(rec.get("docno"))] = rec.get("text") or ""
    return out


@cache
def _actor_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for line in (HERE / "actors.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, type_ = line.split("\t")
            names[name] = type_.strip()
    cldr = SHARED / "data/gazetteers/from_pypi/cldr_ar_territories.tsv"
    if cldr.exists():  # country names (CLDR via babel), for the ANT sentences
        for line in cldr.read_text(encoding="utf-8").splitlines()[1:]:
            code, name = line.split("\t")[:2]
            if code.isalpha() and len(name) > 2:
                names.setdefault(name, "LOC")
    # «للولايات المتحدة»: ل and the article's alef dropped; the span keeps the clitic and
    # the resolver takes it off
    for name in list(names):
        if name.startswith("ال"):
            names["لل" + name[2:]] = names[name]
    alts = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:[وبلف]|لل)?(" + alts + r")(?!\w)"), names


def gazetteer_spans(text: str) -> list[tuple[int, int, str]]:
    pat, names = _actor_pattern()
    return [(m.start(1), m.end(1), names[m.group(1)]) for m in pat.finditer(text)]


def ner_spans(text: str) -> list[tuple[int, int, str]]:
    from marsad.ner import load_tagger

    return [(s.start, s.end, s.label) for s in load_tagger().tag(text)]


def _names(mention, entity) -> frozenset[str]:
    return frozenset(key(n) for n in (mention.name, entity.name, *entity.aliases))


def our_edges(text: str, mentions, entities) -> list[tuple[int, int, frozenset, frozenset, int, bool]]:
    """(start, end, source names, target names, quad, mutual) per event."""
    out = []
    for ev in extract_events(text, mentions, entities):
        ms, mt = mentions[ev.source], mentions[ev.target]
        out.append((ev.start, ev.end, _names(ms, entities[ms.local]),
                    _names(mt, entities[mt.local]), ev.quad, ev.mutual))
    return out


def naive_edges(text: str, mentions, entities) -> list[tuple[int, int, frozenset, frozenset, int, bool]]:
    """Peer: every actor pair of a sentence with any trigger, quad of its first trigger."""
    out = []
    actors = [m for m in mentions if m.type in ACTOR_TYPES]
    for s, e in sentences(text):
        words = [key(w.group()) for w in WORD_RE.finditer(text, s, e)]
        found = match_triggers(words)
        if not found:
            continue
        inside = [m for m in actors if s <= m.start and m.end <= e]
        for i, a in enumerate(inside):
            for b in inside[i + 1:]:
                if a.local != b.local:
                    out.append((s, e, _names(a, entities[a.local]), _names(b, entities[b.local]),
                                found[0].trigger.quad, True))
    return out


def _is(name: str, names: frozenset[str]) -> bool:
    """The gold actor is one of the predicted actor's names, or a part of a person's
    full name (الطراونة in عماد الدين الطراونة)."""
    k = key(name)
    return k in names or any(n.endswith(" " + k) or n.startswith(k + " ") for n in names)


def _match(pred, gold) -> bool:
    src, tgt, quad, mutual = pred
    if quad != gold["quad"]:
        return False
    if _is(gold["source"], src) and _is(gold["target"], tgt):
        return True
    return (mutual or gold["mutual"]) and _is(gold["source"], tgt) and _is(gold["target"], src)


def _pair(pred, gold) -> bool:
    src, tgt, _, _ = pred
    return ((_is(gold["source"], src) and _is(gold["target"], tgt))
            or (_is(gold["source"], tgt) and _is(gold["target"], src)))


def evaluate(gold_path: Path = HERE / "gold.jsonl", split: str = "all", spans: str = "gazetteer",
             show_errors: bool = False) -> dict:
    """Edge precision/recall/F1 and quad accuracy, ours and the naive peer."""
    rows = [json.loads(ln) for ln in gold_path.read_text(encoding="utf-8").splitlines() if ln]
    rows = [r for r in rows if split == "all" or r["split"] == split]
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    marker = ner_spans if spans == "ner" else gazetteer_spans
    systems = {"marsad": our_edges, "naive": naive_edges}
    stats = {name: {"tp": 0, "pred": 0, "gold": 0, "pair_found": 0, "quad_right": 0}
             for name in systems}
    marked = 0  # labelled events whose two actors the span marker found at all
    for doc, labelled in by_doc.items():
        text = read_doc(doc)
        mentions, entities = resolve_document(text, marker(text))
        for r in labelled:
            here = [_names(m, entities[m.local]) for m in mentions
                    if r["start"] <= m.start and m.end <= r["end"]]
            marked += sum(any(_is(g["source"], n) for n in here)
                          and any(_is(g["target"], n) for n in here) for g in r["events"])
        for name, fn in systems.items():
            edges = fn(text, mentions, entities)
            st = stats[name]
            for r in labelled:
                preds = [p[2:] for p in edges if p[0] >= r["start"] and p[1] <= r["end"]]
                st["pred"] += len(preds)
                st["gold"] += len(r["events"])
                matched: set[int] = set()
                for g in r["events"]:
                    hit = next((i for i, p in enumerate(preds)
                                if i not in matched and _match(p, g)), None)
                    if hit is not None:
                        matched.add(hit)
                        st["tp"] += 1
                    pair = [p for p in preds if _pair(p, g)]
                    if pair:
                        st["pair_found"] += 1
                        st["quad_right"] += any(p[2] == g["quad"] for p in pair)
                    elif show_errors and name == "marsad":
                        print(f"MISS {doc} {r['start']}-{r['end']} {g}")
                if show_errors and name == "marsad":
                    for i, p in enumerate(preds):
                        if i not in matched:
                            print(f"EXTRA {doc} {r['start']}-{r['end']} quad {p[2]} "
                                  f"{sorted(p[0])[:1]} -> {sorted(p[1])[:1]}")
    out = {"split": split, "spans": spans, "sentences": len(rows),
           "labelled_events": sum(len(r["events"]) for r in rows),
           "events_with_both_actors_marked": marked, "systems": {}}
    for name, st in stats.items():
        p = st["tp"] / st["pred"] if st["pred"] else 0.0
        r = st["tp"] / st["gold"] if st["gold"] else 0.0
        out["systems"][name] = {
            "edge_precision": round(p, 4), "edge_recall": round(r, 4),
            "edge_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "quad_accuracy": round(st["quad_right"] / st["pair_found"], 4)
            if st["pair_found"] else 0.0,
            "pairs_found": st["pair_found"], "predicted": st["pred"], "correct": st["tp"]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--spans", default="gazetteer", choices=["gazetteer", "ner"])
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    print(json.dumps(evaluate(split=args.split, spans=args.spans, show_errors=args.show_errors),
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
