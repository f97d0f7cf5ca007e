"""NER on the ANERcorp dev carve: our numpy BiLSTM-CRF beside a blank spaCy `ar` NER
pipeline trained on the same train split (the peer), one core each, same tokens.

Ours runs twice: the whole shipped ensemble and its first tagger alone (`members=1`,
the pipeline's setting). The spaCy peer is trained on first use into
build/ner/spacy_peer (gitignored; needs the `train` extra) and reused afterwards. Each
system runs in its own child process, so each peak RSS is its own. Also times raw-text
tagging (sentences + tokenizer + tagger) on ANT news articles, the pipeline's real path.
Rates are per CPU-second of the one thread (time.process_time), so other jobs on a
shared machine do not distort them.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: the pipeline forks one worker per core

from _common import ROOT, SHARED, emit, need, peak_rss_mb  # noqa: E402

ANER = SHARED / "data/ner/anercorp/train.txt"
ANT = SHARED / "data/news/ant_multisource/articles.jsonl.gz"
PEER_DIR = ROOT / "build" / "ner" / "spacy_peer"
PEER_EPOCHS = 20
ARTICLES = 500


def _split():
    from marsad.evaluation.ner import dev_carve, read_conll

    return dev_carve(read_conll(ANER))


def _doc(nlp, toks, tags=None):
    from spacy.tokens import Doc

    if tags is not None:  # spaCy rejects an I- that opens an entity; seqeval reads it as B-
        tags = [f"B-{t[2:]}" if t[0] == "I" and (i == 0 or tags[i - 1][2:] != t[2:]) else t
                for i, t in enumerate(tags)]
    return Doc(nlp.vocab, words=toks, ents=tags)  # IOB tags: B-PER, I-LOC, O


def train_peer() -> None:
    import random

    import spacy
    from spacy.training import Example

    train, _ = _split()
    nlp = spacy.blank("ar")
    nlp.add_pipe("ner")
    examples = [Example(_doc(nlp, t), _doc(nlp, t, g)) for t, g in train]
    rng = random.Random(13)
    spacy.util.fix_random_seed(13)
    opt = nlp.initialize(lambda: examples)
    for _ in range(PEER_EPOCHS):
        rng.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=16):
            nlp.update(batch, sgd=opt, drop=0.2)
    PEER_DIR.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(PEER_DIR)


def run_peer() -> dict:
    import spacy
    from spacy.tokens import Doc

    from marsad.evaluation.ner import score

    _, dev = _split()
    nlp = spacy.load(PEER_DIR)
    docs = [Doc(nlp.vocab, words=t) for t, _ in dev]
    t0 = time.process_time()
    out = list(nlp.pipe(docs, batch_size=256))
    secs = time.process_time() - t0
    pred = []
    for d in out:
        tags = []
        for tok in d:
            tags.append("O" if tok.ent_iob_ == "O" else f"{tok.ent_iob_}-{tok.ent_type_}")
        pred.append(tags)
    r = score([g for _, g in dev], pred)
    n = sum(len(t) for t, _ in dev)
    return {"f1": r["f1"], "tokens_per_s": n / secs, "peak_rss_mb": peak_rss_mb()}


def run_ours(members: int | None) -> dict:
    from marsad.evaluation.ner import score
    from marsad.ner import load_tagger

    _, dev = _split()
    tagger = load_tagger(members=members)
    tagger.tag_tokens([dev[0][0]])  # load and warm nothing else: caches start cold
    t0 = time.process_time()
    pred = tagger.tag_tokens([t for t, _ in dev])
    secs = time.process_time() - t0
    r = score([g for _, g in dev], pred)
    n = sum(len(t) for t, _ in dev)
    texts = []
    with gzip.open(ANT, "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"] or "")
            if len(texts) >= ARTICLES:
                break
    t0 = time.process_time()
    n_spans = sum(len(tagger.tag(t)) for t in texts)
    art_s = time.process_time() - t0
    # second pass: the per-word feature cache is warm, as over a long corpus run
    t0 = time.process_time()
    tagger.tag_tokens([t for t, _ in dev])
    warm = time.process_time() - t0
    t0 = time.process_time()
    for t in texts:
        tagger.tag(t)
    art_warm = time.process_time() - t0
    return {"f1": r["f1"], "tokens_per_s": n / secs, "warm_tokens_per_s": n / warm,
            "peak_rss_mb": peak_rss_mb(), "articles_per_s": len(texts) / art_s,
            "warm_articles_per_s": len(texts) / art_warm, "spans": n_spans}


def _child(mode: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, mode], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    need(ANER, "ner")
    need(ANT, "ner")
    ours = _child("--ours")
    fast = _child("--ours-fast")
    peer = None
    try:
        import spacy  # noqa: F401

        if not (PEER_DIR / "meta.json").exists():
            t0 = time.perf_counter()
            _child("--train-peer")
            print(f"spaCy peer trained in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
        peer = _child("--peer")
    except ImportError:
        pass
    rec: dict[str, Any] = {
        "bench": "ner",
        "what": "ANERcorp dev carve (373 sentences, 11,226 tokens), pre-tokenised, 1 thread",
        "ours": {"name": "marsad 2x BiLSTM-CRF ensemble (numpy), cold caches",
                 "rate": ours["tokens_per_s"], "unit": "tokens/s",
                 "peak_rss_mb": ours["peak_rss_mb"]},
        "extra": {"ours_dev_f1": ours["f1"],
                  "ours_warm_tokens_per_s": round(ours["warm_tokens_per_s"]),
                  "ours_raw_text_articles_per_s_cold_warm": (
                      round(ours["articles_per_s"], 1), round(ours["warm_articles_per_s"], 1)),
                  "fast_members1_dev_f1": fast["f1"],
                  "fast_members1_tokens_per_s_cold_warm": (
                      round(fast["tokens_per_s"]), round(fast["warm_tokens_per_s"])),
                  "fast_members1_raw_text_articles_per_s_cold_warm": (
                      round(fast["articles_per_s"], 1), round(fast["warm_articles_per_s"], 1)),
                  "fast_members1_peak_rss_mb": fast["peak_rss_mb"]},
    }
    if peer:
        rec["peer"] = {"name": "spaCy blank ar NER, same train split", "rate": peer["tokens_per_s"],
                       "unit": "tokens/s", "peak_rss_mb": peer["peak_rss_mb"]}
        rec["ratio"] = ours["tokens_per_s"] / peer["tokens_per_s"]
        rec["extra"].update(peer_dev_f1=peer["f1"],
                            f1_ratio_ours_over_peer=round(ours["f1"] / max(peer["f1"], 1e-9), 3))
    else:
        rec["extra"]["peer"] = "spaCy not installed (pip install -e '.[train]')"
    emit(rec)


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "--ours":
        print(json.dumps(run_ours(None)))
    elif mode == "--ours-fast":
        print(json.dumps(run_ours(1)))
    elif mode == "--peer":
        print(json.dumps(run_peer()))
    elif mode == "--train-peer":
        train_peer()
        print(json.dumps({"trained": str(PEER_DIR)}))
    else:
        main()
