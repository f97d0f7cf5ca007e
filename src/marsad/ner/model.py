"""The tagger's weights in numpy: embeddings → input layer → BiLSTM (or CNN) → tag scores.

Weights come from one `.npz` written by scripts/train_ner.py (torch is needed only to
train). The batched forward pass and Viterbi decoding are in batch.py.
"""

from __future__ import annotations

import numpy as np

from marsad.ner.batch import predict
from marsad.ner.features import N_DENSE, TAGS, Featurizer

_NEG = np.float32(-1e4)


def _gate_layout(hd: int) -> tuple[np.ndarray, np.ndarray]:
    """Column order (i, f, o, g per direction) and scale (1/2 on sigmoid gates) of the
    8H input-layer columns, whose trained order is i, f, g, o per direction."""
    one = np.r_[0:2 * hd, 3 * hd:4 * hd, 2 * hd:3 * hd]
    cols = np.concatenate([one, one + 4 * hd])
    scale = np.tile(np.r_[np.full(3 * hd, 0.5), np.ones(hd)], 2).astype(np.float32)
    return cols, scale


def _segment_sums(table: np.ndarray, ids: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """np.add.reduceat(table[ids], starts, axis=0), bit for bit, ~3x faster: reduceat
    walks ~15k short segments one at a time; here all segments of one length are summed
    together, in reduceat's order (the first row, plus numpy's pairwise sum of the rest)."""
    counts = np.diff(np.append(starts, len(ids)))
    out = np.empty((len(starts), table.shape[1]), table.dtype)
    order = np.argsort(counts, kind="stable")
    for sel in np.split(order, np.flatnonzero(np.diff(counts[order])) + 1):
        if len(sel):
            c = int(counts[sel[0]])
            rows = table[ids[starts[sel][:, None] + np.arange(c)]]
            out[sel] = rows[:, 0] if c == 1 else rows[:, 0] + _pairwise(rows, 1, c - 1)
    return out


# numpy's pairwise summation (npy_pairwise_sum): below this many terms, one sum in order
# from -0.0; up to _PW_BLOCK, eight running sums combined as a tree; above, halves.
_PW_UNROLL = 8
_PW_BLOCK = 128


def _pairwise(rows: np.ndarray, lo: int, n: int) -> np.ndarray:
    """Sum of rows[:, lo:lo + n] along axis 1, in the order numpy's reductions add."""
    if n < _PW_UNROLL:
        res = np.full((rows.shape[0], rows.shape[2]), -0.0, rows.dtype)
        for i in range(lo, lo + n):
            res += rows[:, i]
        return res
    if n <= _PW_BLOCK:
        r = rows[:, lo:lo + 8].copy()
        whole = n - n % 8
        for i in range(8, whole, 8):
            r += rows[:, lo + i:lo + i + 8]
        res = ((r[:, 0] + r[:, 1]) + (r[:, 2] + r[:, 3])) + ((r[:, 4] + r[:, 5]) + (r[:, 6] + r[:, 7]))
        for i in range(whole, n):
            res += rows[:, lo + i]
        return res
    half = n // 2
    half -= half % 8
    return _pairwise(rows, lo, half) + _pairwise(rows, lo + half, n - half)


def allowed_transitions() -> np.ndarray:
    """(from, to) mask of BIO-valid moves: I-X only after B-X or I-X."""
    ok = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            for i, f in enumerate(TAGS):
                ok[i, j] = f[2:] == t[2:]
    return ok


def features(feats: Featurizer, sents: list[list[str]]) -> tuple:
    """Token ids, dense flags and character n-gram ids of all sentences, concatenated."""
    ids: list[tuple[int, ...]] = []
    rows: list[int] = []
    cols: list[int] = []
    grams: list[int] = []
    starts: list[int] = []
    for s in sents:
        sid, flags, sgrams = feats.sentence(s)
        base = len(ids)
        ids.extend(sid)
        for k, fl in enumerate(flags):
            rows.extend([base + k] * len(fl))
            cols.extend(fl)
        for g in sgrams:
            starts.append(len(grams))
            grams.extend(g)
    a = np.asarray(ids, dtype=np.int64).reshape(len(ids), -1)
    dense = np.zeros((len(ids), N_DENSE), np.float32)
    dense[rows, cols] = 1.0
    return a, dense, np.asarray(grams, dtype=np.int64), np.asarray(starts, dtype=np.int64)


class NerModel:
    """Numpy weights of the BiLSTM-CRF and the batched forward pass."""

    def __init__(self, z: dict[str, np.ndarray], emb: np.ndarray | None = None):
        # members of an ensemble share one dequantised word-vector table (24 MB)
        if emb is None:
            emb = z["emb_q"].astype(np.float32) * z["emb_scale"][:, None]
        self.emb = emb
        self.affix = z["affix"].astype(np.float32)
        self.ngram = z["ngram"].astype(np.float32) if "ngram" in z else None
        self.cnn = "proj_w" in z
        if self.cnn:
            self.proj_w = z["proj_w"].astype(np.float32)
            self.proj_b = z["proj_b"].astype(np.float32)
            self.dilations = [int(d) for d in z["dilations"]]
            self.convs = [(z[f"conv{i}_w"].astype(np.float32), z[f"conv{i}_b"].astype(np.float32))
                          for i in range(len(self.dilations))]
            self.d_in = self.proj_w.shape[0]
        else:
            self.w_ih = z["w_ih"].astype(np.float32)  # (D_in, 8H): forward then backward gates
            self.b = z["b"].astype(np.float32)
            self.w_hh2 = np.stack([z["w_hh_f"], z["w_hh_b"]]).astype(np.float32)  # (2, H, 4H)
            self.hidden = self.w_hh2.shape[1]
            self.d_in = self.w_ih.shape[0]
            # The recurrence's copy of the gate weights (batch.py): each direction's gates
            # reordered i, f, o, g and the three sigmoid gates' columns halved, so one tanh
            # over all four gates gives the sigmoids as (tanh(x/2) + 1) / 2. Halving a
            # float is exact, so the scores are bit for bit those of the plain weights.
            cols, scale = _gate_layout(self.hidden)
            self.w_in_gates = self.w_ih[:, cols] * scale
            self.b_gates = self.b[cols] * scale
            self.w_hh_gates = self.w_hh2[:, :, cols[:4 * self.hidden]] * scale[:4 * self.hidden]
        self.out_w = z["out_w"].astype(np.float32)
        self.out_b = z["out_b"].astype(np.float32)
        ok = allowed_transitions()
        self.trans = np.where(ok, z["trans"], _NEG).astype(np.float32)
        self.start = np.where([not t.startswith("I-") for t in TAGS], z["start"], _NEG)
        self.end = z["end"].astype(np.float32)

    def embed(self, fe: tuple) -> np.ndarray:
        """(tokens, D_in) input rows from `features()` output."""
        a, dense, grams, starts = fe
        n = len(a)
        if n == 0:
            return np.zeros((0, self.d_in), np.float32)
        parts = [self.emb[a[:, 0]], self.emb[a[:, 1]], self.affix[a[:, 2:]].reshape(n, -1),
                 dense]
        if self.ngram is not None:
            sums = _segment_sums(self.ngram, grams, starts)
            counts = np.diff(np.append(starts, len(grams)))[:, None].astype(np.float32)
            parts.append(sums / counts)  # float32 throughout: a float64 part doubles matmul time
        return np.concatenate(parts, axis=1)

    def _cnn_scores(self, proj: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
        """Dilated residual convolutions over all sentences laid end to end, with zero
        gaps between them as wide as the largest dilation, so no sentence sees another."""
        gap = max(self.dilations)
        total = sum(lengths) + gap * (len(lengths) + 1)
        rows = np.empty(sum(lengths), np.int64)
        off, pos = 0, gap
        for n in lengths:
            rows[off:off + n] = np.arange(pos, pos + n)
            off += n
            pos += n + gap
        mask = np.zeros((total, 1), np.float32)
        mask[rows] = 1.0
        h = np.zeros((total, self.proj_w.shape[1]), np.float32)
        h[rows] = np.maximum(proj, 0.0)
        for d, (w, b) in zip(self.dilations, self.convs, strict=True):
            c = h @ w[1] + b
            c[d:] += h[:-d] @ w[0]
            c[:-d] += h[d:] @ w[2]
            h = (h + np.maximum(c, 0.0)) * mask
        em = h[rows] @ self.out_w + self.out_b
        return np.split(em, np.cumsum(lengths)[:-1])

    @property
    def w_in(self) -> np.ndarray:
        """The input layer's weights: the one linear map applied to every input row."""
        return self.proj_w if self.cnn else self.w_ih

    def project(self, x: np.ndarray) -> np.ndarray:
        """Input rows through the input layer (before any nonlinearity)."""
        return x @ self.w_in + (self.proj_b if self.cnn else self.b)

    def predict(self, feats: Featurizer, sents: list[list[str]]) -> list[list[int]]:
        """Tag ids of each (non-empty) sentence."""
        return predict([self], feats, sents)


class Ensemble:
    """Several taggers over the same features: emissions and transition scores add up
    (a product of experts), decoded once."""

    def __init__(self, z: dict[str, np.ndarray], members: int | None = None):
        shared = {k: v for k, v in z.items() if not k.startswith("m") or "_" not in k[:3]}
        n = int(z["members"])
        n = min(n, members) if members else n
        self.members: list[NerModel] = []
        for i in range(n):
            pre = f"m{i}_"
            sub = {**shared, **{k[len(pre):]: v for k, v in z.items() if k.startswith(pre)}}
            self.members.append(NerModel(sub, self.members[0].emb if self.members else None))

    def predict(self, feats: Featurizer, sents: list[list[str]]) -> list[list[int]]:
        return predict(self.members, feats, sents)


def load_model(z: dict[str, np.ndarray], members: int | None = None) -> NerModel | Ensemble:
    """The model in an npz: one tagger, or the first `members` of an ensemble (all if None)."""
    return Ensemble(z, members) if "members" in z else NerModel(z)
