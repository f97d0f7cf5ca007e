"""Print the candidate sentences the gold's test split was drawn from (text read from
../shared at run time; nothing is stored): ANT articles shuffled with a fixed seed, the
first 3,000, sentences under 400 characters naming at least two different actors of the
actor list (eval/events/actors.tsv + CLDR country names), shuffled again, the first 50.

    .venv/bin/python eval/events/sample.py > /tmp/ant_candidates.txt
"""

from __future__ import annotations

import gzip
import json
import random

from score import SHARED, gazetteer_spans

from marsad.arabic.normalize import key
from marsad.arabic.sentences import sentences

SEED = 20261124
ARTICLES = 3_000
SENTENCES = 50
MAX_CHARS = 400


def main() -> None:
    rng = random.Random(SEED)
    recs = []
    with gzip.open(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "rt",
                   encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            recs.append((str(r["docno"]), r.get("text") or ""))
    rng.shuffle(recs)
    out = []
    for docno, text in recs[:ARTICLES]:
        spans = gazetteer_spans(text)
        for s, e in sentences(text):
            names = {key(text[a:b]) for a, b, _ in spans if a >= s and b <= e}
            if len(names) >= 2 and e - s < MAX_CHARS:
                out.append((docno, s, e, text[s:e]))
    rng.shuffle(out)
    for i, (d, s, e, t) in enumerate(out[:SENTENCES], 1):
        print(f"{i}: {d} {s} {e} | {t}")


if __name__ == "__main__":
    main()
