#!/usr/bin/env python3
"""Silver NER data for self-training: tag news sentences with a trained model (step 3).

Takes every k-th article of the news sets in ../shared, splits sentences and tokens with
marsad.arabic, tags them, and keeps sentences of 8-60 tokens with at least one entity.
Writes CoNLL (`token TAG`) to OUT (default build/ner/silver.txt).

    python scripts/train_ner_silver.py MODEL.npz [N_SENTENCES] [OUT]

Known places the teacher left untagged are tagged LOC in the silver (`place_fix`): a
teacher's miss, learned back from its own silver, grows with each round of
self-training (a first round left «الغوطة» O in 84 of 115 news sentences, and the
student found Eastern Ghouta 20 times on the resolution DEV corpus where the previous
model found it 103 times). The places are the curated lists (ANERgazet, CLDR, pycountry,
GeoNames) and WikiFANE Gold's hand-labelled places, less the most frequent news words.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.arabic.sentences import sentences  # noqa: E402
from marsad.arabic.tokenize import tokenize  # noqa: E402
from marsad.ner.features import norm  # noqa: E402
from marsad.ner.tagger import NerTagger  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "news"
SETS = {"ant_multisource": "text", "saudinewsnet": "content", "ant_jawharafm": "text"}
EVERY = 3
RESERVED_DOCNO = re.compile(r"-201805\d\d$")  # ANT May 2018: never trained on


def main(model: str, limit: int, out: Path) -> None:
    sents: list[list[str]] = []
    per_set = limit // len(SETS) + 1
    for name, field in SETS.items():
        got = 0
        with gzip.open(SHARED / name / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % EVERY or got >= per_set:
                    continue
                rec = json.loads(line)
                if RESERVED_DOCNO.search(rec.get("docno") or ""):
                    continue
                text = rec.get(field) or ""
                for a, b in sentences(text):
                    toks = [t.text for t in tokenize(text[a:b])]
                    if 8 <= len(toks) <= 60:
                        sents.append(toks)
                        got += 1
    tags = NerTagger(model).tag_tokens(sents)
    places = _places()
    fixed = place_fix_all(sents, tags, places)
    print(f"places tagged where the teacher left O: {fixed}")
    kept = 0
    with open(out, "w", encoding="utf-8") as f:
        for toks, seq in zip(sents, tags, strict=True):
            if any(t != "O" for t in seq):
                f.write("".join(f"{w} {t}\n" for w, t in zip(toks, seq, strict=True)) + "\n")
                kept += 1
    print(f"{out}: {kept} of {len(sents)} sentences")


def _places() -> set[str]:
    import train_ner_data as data

    _, full = data.name_lists()
    return full["LOC"]


# A known place the teacher tags LOC at least this share of the times it sees it (and
# MIN_TAGGED times) is tagged where it left it O: the list alone holds common words
# («المدينة», «الشرقية») the teacher rightly leaves O nearly always.
MIN_SHARE, MIN_TAGGED, MAX_PLACE_TOKENS = 0.2, 3, 3


def place_fix_all(sents: list[list[str]], tags: list[list[str]], places: set[str]) -> int:
    """Tag a place where the teacher left it O, when the teacher tags the same words a
    place often enough elsewhere and a place list knows their first word; returns how many
    spans were tagged."""
    from collections import Counter

    keys = [[norm(t) for t in toks] for toks in sents]
    as_loc: Counter = Counter()
    for ks, seq in zip(keys, tags, strict=True):
        i = 0
        while i < len(seq):
            if seq[i] == "B-LOC":
                j = i + 1
                while j < len(seq) and seq[j] == "I-LOC":
                    j += 1
                if j - i <= MAX_PLACE_TOKENS and ks[i] in places:
                    as_loc[" ".join(ks[i:j])] += 1
                i = j
            else:
                i += 1
    as_o: Counter = Counter()
    for ks, seq in zip(keys, tags, strict=True):
        for i in range(len(ks)):
            for w in range(1, MAX_PLACE_TOKENS + 1):
                k = " ".join(ks[i:i + w])
                if i + w <= len(ks) and k in as_loc and all(t == "O" for t in seq[i:i + w]):
                    as_o[k] += 1
    good = {k for k, n in as_loc.items()
            if n >= MIN_TAGGED and n / (n + as_o[k]) >= MIN_SHARE}
    fixed = 0
    for ks, seq in zip(keys, tags, strict=True):
        i = 0
        while i < len(ks):
            for w in range(min(MAX_PLACE_TOKENS, len(ks) - i), 0, -1):
                if " ".join(ks[i:i + w]) in good and all(t == "O" for t in seq[i:i + w]):
                    seq[i:i + w] = ["B-LOC"] + ["I-LOC"] * (w - 1)
                    fixed += 1
                    i += w
                    break
            else:
                i += 1
    return fixed


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30000,
         Path(sys.argv[3]) if len(sys.argv) > 3 else ROOT / "build" / "ner" / "silver.txt")
