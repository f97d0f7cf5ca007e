"""Merge label files with the candidates into the committed gold (ids, offsets, labels only).

    python eval/resolution/build_gold.py --split dev \
        --candidates /tmp/resgold/cand-dev.jsonl --labels '/tmp/resgold/labels-*.jsonl'

Label lines: {"cid", "label", "latin", "name_start", "name_end" | "name", "who"} (GUIDELINE.md §2);
"name" (the clean name's text inside a junk span) is turned into offsets here.
A cid labelled twice keeps the first file's label (files sorted by name) and the disagreement
is counted, so spot-checks give the agreement. Writes eval/resolution/gold-<split>.jsonl.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
from marsad.evaluation.resolution import surface_hash  # noqa: E402

LABELS = {"in_entity": {"same", "different", "unsure"}, "across": {"same", "different", "unsure"},
          "junk": {"ok", "junk", "unsure"}}


def _ref(m: dict) -> dict:
    """A mention as the gold keeps it: no text, only where it is and a hash of its surface."""
    return {"rec": m["rec"], "url": m["url"], "start": m["start"], "end": m["end"],
            "sha1": surface_hash(m["surface"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", required=True, choices=("dev", "test", "dev2"))
    ap.add_argument("--candidates", required=True)
    ap.add_argument("--labels", required=True, help="glob of label files")
    args = ap.parse_args()
    cands = {}
    with open(args.candidates, encoding="utf-8") as f:
        for line in f:
            it = json.loads(line)
            cands[it["cid"]] = it
    labels: dict[str, dict] = {}
    agree = Counter()
    for path in sorted(glob.glob(args.labels)):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                lab = json.loads(line)
                cid = lab.get("cid")
                if cid not in cands:
                    continue  # another split's item
                kind = cands[cid]["kind"]
                if kind != "latin" and lab.get("label") not in LABELS[kind]:
                    sys.exit(f"{path}:{n}: label {lab.get('label')!r} not allowed for {kind}")
                if cid in labels:
                    key = "latin" if kind == "latin" else "label"
                    agree["agree" if labels[cid].get(key) == lab.get(key) else "disagree"] += 1
                    continue
                labels[cid] = lab
    out = []
    for cid, it in cands.items():
        lab = labels.get(cid)
        if lab is None:
            continue
        g = {"cid": cid, "kind": it["kind"], "type": it["type"], "a": _ref(it["a"])}
        if "b" in it:
            g["b"] = _ref(it["b"])
        if it["kind"] == "latin":
            g["latin"] = (lab.get("latin") or "unsure").strip()
        else:
            g["label"] = lab["label"]
        if it["kind"] == "junk" and lab.get("name") and lab.get("name_start") is None:
            # The labeller may give the name inside the span as text; the gold keeps offsets.
            at = it["a"]["surface"].find(lab["name"])
            if at < 0:
                sys.exit(f"{cid}: name {lab['name']!r} is not inside the span")
            lab["name_start"] = it["a"]["start"] + at
            lab["name_end"] = lab["name_start"] + len(lab["name"])
        if it["kind"] == "junk" and lab.get("name_start") is not None:
            g["name_start"], g["name_end"] = int(lab["name_start"]), int(lab["name_end"])
        out.append(g)
    dest = HERE / f"gold-{args.split}.jsonl"
    with open(dest, "w", encoding="utf-8") as f:
        for g in out:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    kinds = Counter((g["kind"], g.get("label") or ("unsure" if g.get("latin") == "unsure" else "latin"))
                    for g in out)
    print(dest, len(out), "items;", dict(sorted(kinds.items())), "double-labelled:", dict(agree))


if __name__ == "__main__":
    main()
