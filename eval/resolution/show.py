"""Print a slice of a candidate file for a labeller: one block per item, mentions in ⟦ ⟧.

    python eval/resolution/show.py /tmp/resgold/cand-dev.jsonl --from 1 --to 200
"""

from __future__ import annotations

import argparse
import json

SIDE = 90  # characters of context each side shown


def _ctx(m: dict) -> str:
    c = m["context"]
    k = c.index("⟦")
    return c[max(0, k - SIDE):k + len(m["surface"]) + 2 + SIDE]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("candidates")
    ap.add_argument("--from", dest="first", type=int, default=1, help="first line (1-based)")
    ap.add_argument("--to", dest="last", type=int, default=10**9, help="last line (inclusive)")
    args = ap.parse_args()
    with open(args.candidates, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not args.first <= n <= args.last:
                continue
            it = json.loads(line)
            head = it.get("entity") or f"{it.get('entity_a')} | {it.get('entity_b')}"
            extra = f" marsad_latin={it['marsad_latin']}" if it["kind"] == "latin" else ""
            print(f"## {n} {it['cid']} {it['kind']} {it['type']} entity={head}{extra}")
            print("  A:", _ctx(it["a"]))
            if "b" in it:
                print("  B:", _ctx(it["b"]))


if __name__ == "__main__":
    main()
