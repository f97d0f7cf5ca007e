"""Pick the articles of the quotation gold set (a documented, repeatable draw).

    python eval/quotes/sample.py [--shared ../shared] > /tmp/quotes_sample.jsonl

Procedure (README.md explains why): stream ANT multisource (`text`) and SaudiNewsNet
(`content`) in file order; keep an article when its body has 80-450 whitespace words
and contains a quotation sign or a form of قال (both cheap, generic signs that it quotes
someone; our cue lexicon is NOT used, so the draw does not favour what our extractor
knows); drop repeated bodies (first 300 characters); draw SAMPLE_PER_SET articles from
each eligible list with random.Random(SEED); alternate dev/test in draw order.
Prints one JSON line per pick: dataset, docno or line, split, and the body for reading.

Round 2 (`--round 2`, issue 12: >= 400 quotations) draws ROUND2_PER_SET more articles per
set with its own seed, from the same eligible lists minus the round-1 picks and minus ANT
articles dated May 2018 (reserved for independent measurement; round 1 drew five of them,
which were dropped from gold.jsonl).

Round 3 (`--round 3`, issue 12: the speaker rules had 48 dev articles to learn from and
fell from 0.80 on dev to 0.68 on test) draws ROUND3_PER_SET more per set, all **dev**:
the test split stays the one scored once, and the rules get more unseen-before examples.

Round 4 (`--round 4`, 2026-12-07) draws ROUND4_PER_SET more per set, all **dev**, the
same way: a fresh check of the speaker rules on articles none of them was written from
(scored before any rule reads them), then more examples to learn from. Round 5
(`--round 5`) the same again, with its own seed; round 6 (`--round 6`, 2026-12-07) too.
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
ROUND2_SEED = 20261206
ROUND2_PER_SET = 22
ROUND3_SEED = 20261207
ROUND3_PER_SET = 20
ROUND4_SEED = 20261208
ROUND4_PER_SET = 20
ROUND5_SEED = 20261209
ROUND5_PER_SET = 20
ROUND6_SEED = 20261210
ROUND6_PER_SET = 20
RESERVED_ANT = re.compile(r"-201805\d\d$")
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
    ap.add_argument("--round", type=int, default=1, choices=(1, 2, 3, 4, 5, 6))
    args = ap.parse_args()
    rng = random.Random(SEED)
    rng2 = random.Random(ROUND2_SEED)
    rng3 = random.Random(ROUND3_SEED)
    rng4 = random.Random(ROUND4_SEED)
    rng5 = random.Random(ROUND5_SEED)
    rng6 = random.Random(ROUND6_SEED)
    picks = []
    for name in SETS:
        pool = eligible(args.shared, name)
        first = rng.sample(pool, SAMPLE_PER_SET)
        if args.round >= 2:
            taken = {line_no for line_no, _ in first}
            pool = [(n, r) for n, r in pool if n not in taken
                    and not RESERVED_ANT.search(r.get("docno") or "")]
            second = rng2.sample(pool, ROUND2_PER_SET)
            first = second
            previous = second
            for rnd, (rng_n, per_set) in enumerate(
                    ((rng3, ROUND3_PER_SET), (rng4, ROUND4_PER_SET), (rng5, ROUND5_PER_SET),
                     (rng6, ROUND6_PER_SET)), 3):
                if args.round < rnd:
                    break
                taken = {line_no for line_no, _ in previous}
                pool = [(n, r) for n, r in pool if n not in taken]
                first = previous = rng_n.sample(pool, per_set)
        for line_no, rec in first:
            picks.append({"dataset": name, "line": line_no, "docno": rec.get("docno"),
                          "source": rec.get("src") or rec.get("source"),
                          "body": rec[SETS[name][1]]})
    for i, p in enumerate(picks):
        p["split"] = "dev" if args.round >= 3 or i % 2 == 0 else "test"
        print(json.dumps(p, ensure_ascii=False))


if __name__ == "__main__":
    main()
