"""Dedup on SaudiNewsNet (31k articles): our store-backed MinHash LSH beside an in-memory
datasketch MinHashLSH over the same signatures input (the peer a user would reach for)."""

from __future__ import annotations

import os
import tempfile
import time

from _common import SHARED, emit, need, peak_rss_mb

from marsad.arabic.normalize import key
from marsad.ingest import ReadOptions, iter_inputs
from marsad.records import Document
from marsad.stages import dedup
from marsad.stages.clean import clean
from marsad.stages.fingerprint import fingerprint
from marsad.store import SQLiteStore
from marsad.writer import duplicates

SNN = need(SHARED / "data/news/saudinewsnet/articles.jsonl.gz", "dedup")
docs: list = []
for d in iter_inputs([str(SNN)], ReadOptions(preset="saudinewsnet")):
    if isinstance(d, Document):
        d.uid = d.origin
        docs.extend(x for x in clean(d) if x.text)

# ours: signature + resolve against the SQLite store + insert buckets
with tempfile.TemporaryDirectory() as tmp:
    store = SQLiteStore(os.path.join(tmp, "d.db"))
    run = store.begin_run(["bench"])
    t0 = time.perf_counter()
    groups = near = exact = 0
    with store.transaction():
        for d in docs:
            fingerprint(d)
            dec = duplicates.resolve(d, store)
            aid = store.insert_article(d, run, dec.duplicate_of, dec.kind, dec.similarity)
            if dec.kind != "exact":
                store.add_buckets(aid, dedup.band_keys(d.signature))
            exact += dec.kind == "exact"
            near += dec.kind == "near"
    ours_s = time.perf_counter() - t0
    groups = store.stats()["duplicate_groups"]
    store.close()
ours_rss = peak_rss_mb()

# peer: datasketch MinHash (default sha1 hashing) + in-memory MinHashLSH, same shingles
from datasketch import MinHash, MinHashLSH  # noqa: E402

t0 = time.perf_counter()
lsh = MinHashLSH(threshold=dedup.NEAR_DUP_THRESHOLD, num_perm=dedup.NUM_PERM)
peer_dups = 0
for i, d in enumerate(docs):
    grams = dedup.shingles(key(d.text))
    m = MinHash(num_perm=dedup.NUM_PERM)
    m.update_batch([g.encode() for g in grams])
    if lsh.query(m):
        peer_dups += 1
    lsh.insert(str(i), m)
peer_s = time.perf_counter() - t0

n = len(docs)
emit({
    "bench": "dedup",
    "what": f"SaudiNewsNet {n} articles: fingerprint + duplicate decision",
    "ours": {"name": "marsad (SQLite LSH, crc32 shingles)", "rate": n / ours_s,
             "unit": "articles/s", "peak_rss_mb": ours_rss},
    "peer": {"name": "datasketch MinHashLSH in memory", "rate": n / peer_s,
             "unit": "articles/s", "peak_rss_mb": peak_rss_mb()},
    "ratio": (n / ours_s) / (n / peer_s),
    "extra": {"groups": groups, "exact_duplicates": exact, "near_duplicates": near,
              "peer_flagged": peer_dups},
})
