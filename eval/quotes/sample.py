"""Pick the articles of the quotation gold set (a documented, repeatable draw).

    python eval/quotes/sample.py [--shared ../shared] > /tmp/quotes_sample.jsonl

Procedure (README.md explains why): stream ANT multisource (`text`) and SaudiNewsNet
(`content`) in file order; keep an article when its body has 80-450 whitespace words
and contains a quotation sign or a form of قال (both cheap, generic signs that it quotes
someone; our cue lexicon is NOT used, so the draw does not favour what our extractor
knows); drop repeated bodies (first 300 characters); draw SAMPLE_PER_SET articles from
each eligible list with random.Random(SEED); alternate dev/test in draw order.
Prints one JSON line per pick: dataset, docno or line, split, and the body for reading.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

SEED = 20261124
SAMPLE_PER_SET = 30
MIN_WORDS, MAX_WORDS = 80, 450
SETS = {
    "ant_multisource": ("data/news/ant_multisource/articles.jsonl.gz", "text"),
    "saudinewsnet": ("data/news/saudinewsnet/articles.jsonl.gz", "content"),
}
_SIGN_RE = re.compile('[«»“”"]|\\bقال|\\bوقال')


def eligible(shared: Path, name: str) -> list[tuple[int, dict]]:
    rel, field = SETS[name]
    seen: set[str] = set()
    out = []
    with gzip.open(shared / rel, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            rec = json.loads(line)
            body = rec.get(field) or ""
            n = len(body.split())
            if not (MIN_WORDS <= n <= MAX_WORDS) or not _SIGN_RE.search(body):
                continue
            head = body[:300]
            if head in seen:
                continue
            seen.add(head)
            out.append((line_no, rec))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared")
    args = ap.parse_args()
    rng = random.Random(SEED)
    picks = []
    for name in SETS:
        pool = eligible(args.shared, name)
        for line_no, rec in rng.sample(pool, SAMPLE_PER_SET):
            picks.append({"dataset": name, "line": line_no, "docno": rec.get("docno"),
                          "body": rec[SETS[name][1]]})
    for i, p in enumerate(picks):
        p["split"] = "dev" if i % 2 == 0 else "test"
        print(json.dumps(p, ensure_ascii=False))


if __name__ == "__main__":
    main()
