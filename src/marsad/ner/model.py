"""The tagger's forward pass in numpy: embeddings → BiLSTM → tag scores → CRF Viterbi.

Weights come from one `.npz` written by scripts/train_ner.py (torch is needed only to
train). Sentences are batched: the input projection of every token is one matrix
product, and the recurrence runs once per time step over all sentences of the batch.
"""

from __future__ import annotations

import numpy as np

from marsad.ner.features import N_DENSE, TAGS, Featurizer

# Sentences longer than this are cut into windows for the recurrence: bounds the
# padded batch (memory and time) when a "sentence" is a whole unpunctuated page.
MAX_STEPS = 200
_NEG = np.float32(-1e4)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def allowed_transitions() -> np.ndarray:
    """(from, to) mask of BIO-valid moves: I-X only after B-X or I-X."""
    ok = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            for i, f in enumerate(TAGS):
                ok[i, j] = f[2:] == t[2:]
    return ok


class NerModel:
    """Numpy weights of the BiLSTM-CRF and the batched forward pass."""

    def __init__(self, z: dict[str, np.ndarray]):
        self.emb = z["emb_q"].astype(np.float32) * z["emb_scale"][:, None]
        self.affix = z["affix"].astype(np.float32)
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
            self.w_hh = [z["w_hh_f"].astype(np.float32), z["w_hh_b"].astype(np.float32)]
            self.hidden = self.w_hh[0].shape[0]
            self.d_in = self.w_ih.shape[0]
        self.out_w = z["out_w"].astype(np.float32)
        self.out_b = z["out_b"].astype(np.float32)
        ok = allowed_transitions()
        self.trans = np.where(ok, z["trans"], _NEG).astype(np.float32)
        self.start = np.where([not t.startswith("I-") for t in TAGS], z["start"], _NEG)
        self.end = z["end"].astype(np.float32)

    def inputs(self, feats: Featurizer, sents: list[list[str]]) -> np.ndarray:
        """(tokens, D_in) input rows of all sentences, concatenated."""
        ids: list[tuple[int, ...]] = []
        rows: list[int] = []
        cols: list[int] = []
        for s in sents:
            sid, flags = feats.sentence(s)
            base = len(ids)
            ids.extend(sid)
            for k, fl in enumerate(flags):
                rows.extend([base + k] * len(fl))
                cols.extend(fl)
        if not ids:
            return np.zeros((0, self.d_in), np.float32)
        a = np.asarray(ids, dtype=np.int64)
        dense = np.zeros((len(ids), N_DENSE), np.float32)
        dense[rows, cols] = 1.0
        n = len(ids)
        return np.concatenate([self.emb[a[:, 0]], self.emb[a[:, 1]],
                               self.affix[a[:, 2:]].reshape(n, -1),
                               dense], axis=1)

    def _lstm(self, xp: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
        """One direction over a padded (B, L, 4H) projected batch."""
        b, steps, _ = xp.shape
        h_dim = self.hidden
        h = np.zeros((b, h_dim), np.float32)
        c = np.zeros((b, h_dim), np.float32)
        out = np.empty((b, steps, h_dim), np.float32)
        for t in range(steps):
            g = xp[:, t] + h @ w_hh
            i = _sigmoid(g[:, :h_dim])
            f = _sigmoid(g[:, h_dim:2 * h_dim])
            u = np.tanh(g[:, 2 * h_dim:3 * h_dim])
            o = _sigmoid(g[:, 3 * h_dim:])
            c = f * c + i * u
            h = o * np.tanh(c)
            out[:, t] = h
        return out

    def _cnn_scores(self, x: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
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
        h[rows] = np.maximum(x @ self.proj_w + self.proj_b, 0.0)
        for d, (w, b) in zip(self.dilations, self.convs, strict=True):
            c = h @ w[1] + b
            c[d:] += h[:-d] @ w[0]
            c[:-d] += h[d:] @ w[2]
            h = (h + np.maximum(c, 0.0)) * mask
        em = h[rows] @ self.out_w + self.out_b
        return np.split(em, np.cumsum(lengths)[:-1])

    def scores(self, x: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
        """Per-sentence (len, n_tags) emission scores for inputs x of the given lengths."""
        if self.cnn:
            return self._cnn_scores(x, lengths)
        h4 = 4 * self.hidden
        proj = x @ self.w_ih + self.b
        bsz, steps = len(lengths), max(lengths)
        fwd = np.zeros((bsz, steps, h4), np.float32)
        bwd = np.zeros((bsz, steps, h4), np.float32)
        off = 0
        for k, n in enumerate(lengths):
            fwd[k, :n] = proj[off:off + n, :h4]
            bwd[k, :n] = proj[off:off + n, h4:][::-1]
            off += n
        hf = self._lstm(fwd, self.w_hh[0])
        hb = self._lstm(bwd, self.w_hh[1])
        out = []
        for k, n in enumerate(lengths):
            h = np.concatenate([hf[k, :n], hb[k, :n][::-1]], axis=1)
            out.append(h @ self.out_w + self.out_b)
        return out

    def viterbi(self, em: list[np.ndarray]) -> list[list[int]]:
        """Best BIO-valid tag path of each sentence, batched over sentences."""
        if not em:
            return []
        lengths = [len(e) for e in em]
        bsz, steps, nt = len(em), max(lengths), len(TAGS)
        e = np.zeros((bsz, steps, nt), np.float32)
        for k, s in enumerate(em):
            e[k, :len(s)] = s
        lens = np.asarray(lengths)
        score = self.start + e[:, 0]
        back = np.zeros((bsz, steps, nt), np.int16)
        for t in range(1, steps):
            cand = score[:, :, None] + self.trans[None]
            best = cand.argmax(1)
            new = np.take_along_axis(cand, best[:, None, :], 1)[:, 0] + e[:, t]
            live = (t < lens)[:, None]
            score = np.where(live, new, score)
            back[:, t] = best
        score = score + self.end
        paths = []
        last = score.argmax(1)
        for k, n in enumerate(lengths):
            tag = int(last[k])
            path = [tag]
            for t in range(n - 1, 0, -1):
                tag = int(back[k, t, tag])
                path.append(tag)
            paths.append(path[::-1])
        return paths

    def predict(self, feats: Featurizer, sents: list[list[str]]) -> list[list[int]]:
        """Tag ids of each (non-empty) sentence."""
        pieces: list[list[str]] = []
        owner: list[int] = []
        for k, s in enumerate(sents):
            for a in range(0, len(s), MAX_STEPS):
                pieces.append(s[a:a + MAX_STEPS])
                owner.append(k)
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
        result: list[list[int]] = [[] for _ in pieces]
        # Length-sorted batches waste little padding in the recurrence.
        batch = 256
        for a in range(0, len(order), batch):
            idx = order[a:a + batch]
            group = [pieces[i] for i in idx]
            x = self.inputs(feats, group)
            em = self.scores(x, [len(g) for g in group])
            for i, path in zip(idx, self.viterbi(em), strict=True):
                result[i] = path
        out: list[list[int]] = [[] for _ in sents]
        for i, k in enumerate(owner):
            out[k].extend(result[i])
        return out
