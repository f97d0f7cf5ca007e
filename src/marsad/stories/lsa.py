"""Topic vectors for story similarity: LSA term vectors learned from unlabelled news.

Two reports of one story often share few words: MT-like rewrites and synonyms
(النيابة / الادعاء, هزة / زلزال) leave the TF-IDF cosine low. A term's LSA vector is its
row of the truncated SVD of the news TF-IDF matrix, so words used in the same stories
get close vectors; an article's topic vector is the TF-IDF-weighted sum of its terms'
vectors. The model ships as `model/lsa.npz` (`make train-idf`): the TERMS most
frequent terms, DIMS dimensions, int8 with one scale per term (~2 MB).
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import repeat
from pathlib import Path

import numpy as np

from marsad.stories.idf import IdfTable, _articles, background
from marsad.stories.terms import MAX_CHARS, story_terms

MODEL_PATH = Path(__file__).with_name("model") / "lsa.npz"
# 20k terms cover 96% of term occurrences in SaudiNewsNet (measured on every 10th of 20k
# articles; the rest are rare names, which the TF-IDF cosine matches exactly). 100
# dimensions scored as well as 200 on the dev pairs (Pearson 0.718 vs 0.717 blended at
# 0.3 on the 101 article pairs, SVD of a 40% sample) at half the size.
TERMS = 20_000
DIMS = 100


class TopicModel:
    """Term -> row of an int8 matrix, with a float scale per row."""

    __slots__ = ("index", "vectors", "scales")

    def __init__(self, terms: Iterable[str], vectors: np.ndarray, scales: np.ndarray) -> None:
        self.index = {t: i for i, t in enumerate(terms)}
        self.vectors = vectors
        self.scales = scales

    def project(self, weights: dict[str, float]) -> np.ndarray | None:
        """Unit topic vector of an article's term weights (None when no term is known)."""
        return self.project_terms(list(weights), np.fromiter(weights.values(), np.float64,
                                                             len(weights)))

    def project_terms(self, terms: list[str], weights: np.ndarray) -> np.ndarray | None:
        """project() of distinct `terms` with float64 `weights`, looked up in one pass (a
        Python loop per term was a sixth of represent(); the float32 products are the
        ones that loop computed: a Python float times a float32 scale is float32)."""
        rows = np.fromiter(map(self.index.get, terms, repeat(-1)), np.intp, len(terms))
        known = rows >= 0
        if not known.any():
            return None
        rows = rows[known]
        w = weights[known].astype(np.float32) * self.scales[rows]
        vec = w @ self.vectors[rows].astype(np.float32)
        norm = float(np.linalg.norm(vec))
        return (vec / norm).astype(np.float32) if norm else None


@cache
def load(path: str | None = None) -> TopicModel | None:
    """The shipped (or given) model; None when absent (topic signal off)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    with np.load(p) as z:
        return TopicModel(str(z["terms"]).split("\n"), z["vectors"], z["scales"])


def train(paths: Iterable[Path], out: Path, table: IdfTable | None = None,
          terms: int = TERMS, dims: int = DIMS) -> tuple[int, int]:
    """SVD of the TF-IDF matrix of the articles (re-filed copies once); (articles, terms)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds


    table = table or background()
    vocab_list = [t for t, _ in Counter(table.background).most_common(terms)]
    vocab = {t: i for i, t in enumerate(vocab_list)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    seen: set[int] = set()
    n = 0
    for path in paths:
        for article in _articles(Path(path)):
            h = hash(article[:2000])
            if h in seen:
                continue
            seen.add(h)
            counts = Counter(t for t in story_terms(None, article[:MAX_CHARS]) if t in vocab)
            w = {vocab[t]: (1.0 + math.log(c)) * table.idf(t) for t, c in counts.items()}
            norm = math.sqrt(sum(x * x for x in w.values()))
            if not norm:
                continue
            for j, x in w.items():
                rows.append(n)
                cols.append(j)
                vals.append(x / norm)
            n += 1
    matrix = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float32)
    # a fixed start vector: the same data gives the same model
    v0 = np.ones(min(matrix.shape), dtype=np.float32)
    _u, s, vt = svds(matrix, k=dims, v0=v0)
    vt = vt[np.argsort(-s)].T  # terms x dims, strongest dimension first
    scales = np.abs(vt).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    vectors = np.round(vt / scales[:, None]).astype(np.int8)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, terms=np.array("\n".join(vocab_list)), vectors=vectors,
                        scales=scales.astype(np.float32))
    return n, len(vocab_list)


def main(argv: list[str]) -> int:
    """`python -m marsad.stories.lsa OUT.npz INPUT...` (run by `make train-idf`, after idf)."""
    if len(argv) < 2:
        sys.stderr.write("usage: python -m marsad.stories.lsa OUT.npz INPUT.jsonl.gz...\n")
        return 2
    out, inputs = Path(argv[0]), [Path(p) for p in argv[1:]]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        sys.stderr.write(f"input not found: {', '.join(missing)}\n")
        return 1
    docs, terms = train(inputs, out)
    sys.stdout.write(f"{out}: {terms} terms x {DIMS} from {docs} articles "
                     f"({out.stat().st_size} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
