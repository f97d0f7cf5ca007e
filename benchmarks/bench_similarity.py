"""Story similarity on 5k ANT articles: represent() and pairwise similarity() throughput,
beside plain TF-IDF (scikit-learn's TfidfVectorizer when installed, else the same
vectoriser in plain Python as `marsad eval similarity` uses for its peer)."""

from __future__ import annotations

import gzip
import json
import random
import time

from _common import SHARED, emit, need, peak_rss_mb

from marsad.evaluation.similarity import plain_tfidf_scores
from marsad.stories import similarity as sim
from marsad.stories.idf import background

ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "similarity")
N_ARTICLES = 5000
N_PAIRS = 100_000

articles = []
with gzip.open(ANT, "rt", encoding="utf-8") as f:
    for line in f:
        rec = json.loads(line)
        if len(rec.get("text") or "") >= 50:
            articles.append((rec.get("title"), rec["text"], (rec.get("time") or "")[:10] or None))
        if len(articles) == N_ARTICLES:
            break
n = len(articles)
rng = random.Random(0)
pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(N_PAIRS)]

# ours, the production path: represent() with the background IDF (a worker's part), then
# restream(): count the article into the stream and re-weight it (the clusterer's part)
table = background().copy()
t0 = time.perf_counter()
vecs = []
for title, text, published in articles:
    vecs.append(sim.restream(sim.represent(title, text, published), table))
ours_repr_s = time.perf_counter() - t0
t0 = time.perf_counter()
for i, j in pairs:
    sim.similarity(vecs[i], vecs[j])
ours_pair_s = time.perf_counter() - t0
ours_rss = peak_rss_mb()
terms = sum(len(v) for v in vecs) / n

# peer: plain TF-IDF vectors, cosine of the same pairs
texts = [f"{t}\n{x}" if t else x for t, x, _ in articles]
peer_pair_s: float | None
try:
    from sklearn.feature_extraction.text import TfidfVectorizer

    peer_name = "scikit-learn TfidfVectorizer"
    t0 = time.perf_counter()
    m = TfidfVectorizer().fit_transform(texts)
    peer_repr_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i, j in pairs:
        m[i].multiply(m[j]).sum()
    peer_pair_s = time.perf_counter() - t0
except ImportError:
    peer_name = "plain TF-IDF (Python dicts; scikit-learn not installed)"
    t0 = time.perf_counter()
    plain_tfidf_scores(texts)  # vectorises every text, scores n/2 neighbouring pairs
    peer_repr_s = time.perf_counter() - t0
    peer_pair_s = None

emit({
    "bench": "similarity",
    "what": f"ANT {n} articles: represent() + restream(), then {N_PAIRS:,} random pairs",
    "ours": {"name": "marsad represent() + restream()", "rate": n / ours_repr_s, "unit": "articles/s",
             "peak_rss_mb": ours_rss},
    "peer": {"name": peer_name, "rate": n / peer_repr_s, "unit": "articles/s",
             "peak_rss_mb": peak_rss_mb()},
    "ratio": (n / ours_repr_s) / (n / peer_repr_s),
    "extra": {
        "ours_pairs_per_s": round(N_PAIRS / ours_pair_s),
        "peer_pairs_per_s": round(N_PAIRS / peer_pair_s) if peer_pair_s else None,
        "terms_per_article": round(terms, 1),
        "bytes_per_vector": round(sum(v.ids.nbytes + v.weights.nbytes + v.tf.nbytes  # type: ignore[union-attr,misc]
                                      + (v.topic.nbytes if v.topic is not None else 0)
                                      for v in vecs) / n),
    },
})
