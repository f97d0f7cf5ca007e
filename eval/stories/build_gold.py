"""Turn the labellers' files into the committed story gold (ids and keys, no text).

Reads <work>/<window>.jsonl (sample.py's draw) and <work>/labels/<window>.tsv
(`number<TAB>id<TAB>story key`), checks every article is labelled once and in order,
and writes eval/stories/gold-dev.jsonl and gold-test.jsonl:

  {"dataset": "ant_multisource", "line": 8123, "url": "...", "sha1": "…16 hex…",
   "published": "2018-03-12T00:05:00+04:00", "window": "dev-a", "split": "dev",
   "story": "dev-a-017"}

    python eval/stories/build_gold.py --work /work/storygold
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(work: Path, window: str) -> list[dict]:
    draw = [json.loads(line) for line in open(work / f"{window}.jsonl", encoding="utf-8")]
    labels = [line.rstrip("\n").split("\t") for line in
              open(work / "labels" / f"{window}.tsv", encoding="utf-8") if line.strip()]
    if len(labels) != len(draw):
        raise SystemExit(f"{window}: {len(labels)} labels for {len(draw)} articles")
    out = []
    for n, (rec, lab) in enumerate(zip(draw, labels, strict=True), 1):
        num, rid, key = lab[0].strip(), lab[1].strip(), lab[2].strip()
        if int(num) != n or rid != rec["id"]:
            raise SystemExit(f"{window}: label line {n} is {num} {rid}, expected {rec['id']}")
        if not key.startswith(window + "-"):
            raise SystemExit(f"{window}: key {key!r} on line {n} is not {window}-NNN")
        out.append({"dataset": rec["dataset"], "line": rec["line"], "url": rec["url"],
                    "sha1": hashlib.sha1(rec["text"].encode("utf-8")).hexdigest()[:16],
                    "published": rec["published"], "window": window,
                    "split": window.split("-")[0], "story": key})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--windows", nargs="*", default=None)
    args = ap.parse_args()
    windows = args.windows or sorted(p.name[:-4] for p in (args.work / "labels").glob("*.tsv")
                                     if not p.name.endswith(".stories.tsv"))
    by_split: dict[str, list[dict]] = {}
    for w in windows:
        rows = build(args.work, w)
        by_split.setdefault(w.split("-")[0], []).extend(rows)
        sizes = Counter(r["story"] for r in rows)
        print(f"{w}: {len(rows)} articles, {len(sizes)} stories, "
              f"{sum(1 for s in sizes.values() if s > 1)} with 2+, largest {max(sizes.values())}")
    for split, rows in by_split.items():
        with open(HERE / f"gold-{split}.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"gold-{split}.jsonl: {len(rows)} articles")


if __name__ == "__main__":
    main()
