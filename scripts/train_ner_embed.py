#!/usr/bin/env python3
"""Word vectors for the NER tagger from the unlabelled news in ../shared (`make train-ner`).

Tokenises every article of the three news sets (plus the ANERcorp train tokens outside
the dev tail; ANT articles of May 2018, reserved for independent measurement, are left out) with
marsad.arabic.tokenize, normalises with marsad.ner.features.norm and trains skip-gram
word2vec (gensim, fixed seed, one worker so the vectors are reproducible).
Output: build/ner/w2v.kv (gensim KeyedVectors).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.arabic.tokenize import tokenize  # noqa: E402
from marsad.evaluation.ner import dev_carve  # noqa: E402
from marsad.ner.features import norm  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
NEWS = ("ant_multisource", "ant_jawharafm", "saudinewsnet")
RESERVED_DOCNO = re.compile(r"-201805\d\d$")  # ANT May 2018: never trained on
OUT = ROOT / "build" / "ner"


def news_sentences():
    for name in NEWS:
        with gzip.open(SHARED / "news" / name / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if name == "ant_multisource" and RESERVED_DOCNO.search(rec.get("docno") or ""):
                    continue
                for field in ("title", "text"):
                    for para in (rec.get(field) or "").split("\n"):
                        toks = [norm(t.text) for t in tokenize(para)]
                        if len(toks) > 2:
                            yield toks


def anercorp_sentences(path: Path):
    from marsad.evaluation.ner import read_conll

    train, _dev = dev_carve(read_conll(path))
    for toks, _tags in train:
        yield [norm(t) for t in toks]


def main() -> None:
    from gensim.models import Word2Vec

    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    corpus = list(news_sentences())
    corpus += list(anercorp_sentences(SHARED / "ner" / "anercorp" / "train.txt"))
    ntok = sum(map(len, corpus))
    print(f"{len(corpus)} sentences, {ntok} tokens, {time.time() - t0:.0f}s", flush=True)
    model = Word2Vec(corpus, vector_size=100, window=5, min_count=3, sg=1, negative=5,
                     epochs=5, workers=int(sys.argv[1]) if len(sys.argv) > 1 else 1, seed=13,
                     max_final_vocab=120_000)
    model.wv.save(str(OUT / "w2v.kv"))
    print(f"vocab {len(model.wv)}, {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
