#!/usr/bin/env python3
"""Silver NER data for self-training: tag news sentences with a trained model (step 3).

Takes every k-th article of the news sets in ../shared, splits sentences and tokens with
marsad.arabic, tags them, and keeps sentences of 8-60 tokens with at least one entity.
Writes CoNLL (`token TAG`) to OUT (default build/ner/silver.txt).

    python scripts/train_ner_silver.py MODEL.npz [N_SENTENCES] [OUT]
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.arabic.sentences import sentences  # noqa: E402
from marsad.arabic.tokenize import tokenize  # noqa: E402
from marsad.ner.tagger import NerTagger  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "news"
SETS = {"ant_multisource": "text", "saudinewsnet": "content", "ant_jawharafm": "text"}
EVERY = 3


def main(model: str, limit: int, out: Path) -> None:
    sents: list[list[str]] = []
    per_set = limit // len(SETS) + 1
    for name, field in SETS.items():
        got = 0
        with gzip.open(SHARED / name / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % EVERY or got >= per_set:
                    continue
                text = json.loads(line).get(field) or ""
                for a, b in sentences(text):
                    toks = [t.text for t in tokenize(text[a:b])]
                    if 8 <= len(toks) <= 60:
                        sents.append(toks)
                        got += 1
    tags = NerTagger(model).tag_tokens(sents)
    kept = 0
    with open(out, "w", encoding="utf-8") as f:
        for toks, seq in zip(sents, tags, strict=True):
            if any(t != "O" for t in seq):
                f.write("".join(f"{w} {t}\n" for w, t in zip(toks, seq, strict=True)) + "\n")
                kept += 1
    print(f"{out}: {kept} of {len(sents)} sentences")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30000,
         Path(sys.argv[3]) if len(sys.argv) > 3 else ROOT / "build" / "ner" / "silver.txt")
