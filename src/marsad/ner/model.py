"""The tagger's forward pass in numpy: embeddings → BiLSTM (or CNN) → tag scores → Viterbi.

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
# Tokens tagged per group: bounds the distinct-word table (distinct words x 512 floats
# per member) whatever one batch holds, e.g. a whole book in one file. 256 ANT articles
# are ~100k tokens, ~20k distinct words: 40 MB.
GROUP_TOKENS = 120_000
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
            sums = np.add.reduceat(self.ngram[grams], starts, axis=0)
            counts = np.diff(np.append(starts, len(grams)))[:, None].astype(np.float32)
            parts.append(sums / counts)  # float32 throughout: a float64 part doubles matmul time
        return np.concatenate(parts, axis=1)

    def _bilstm(self, xp: np.ndarray) -> np.ndarray:
        """Both directions at once over a (2, B, L, 4H) projected batch (the backward half
        already reversed in time): one batched product per step instead of two."""
        _, b, steps, _ = xp.shape
        hd = self.hidden
        w_hh = self.w_hh2
        h = np.zeros((2, b, hd), np.float32)
        c = np.zeros((2, b, hd), np.float32)
        out = np.empty((2, b, steps, hd), np.float32)
        for t in range(steps):
            g = xp[:, :, t] + np.matmul(h, w_hh)
            s = _sigmoid(g)  # gate order i, f, g, o; the g slice is replaced by its tanh
            c = s[..., hd:2 * hd] * c + s[..., :hd] * np.tanh(g[..., 2 * hd:3 * hd])
            h = s[..., 3 * hd:] * np.tanh(c)
            out[:, :, t] = h
        return out

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

    def scores(self, x: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
        """Per-sentence (len, n_tags) emission scores for inputs x of the given lengths."""
        return self.scores_projected(self.project(x), lengths)

    def scores_projected(self, proj: np.ndarray, lengths: list[int]) -> list[np.ndarray]:
        """Emission scores from input rows already through `project`."""
        if self.cnn:
            return self._cnn_scores(proj, lengths)
        h4 = 4 * self.hidden
        bsz, steps = len(lengths), max(lengths)
        lens = np.asarray(lengths)
        bi = np.repeat(np.arange(bsz), lens)
        ti = np.arange(len(bi)) - np.repeat(np.cumsum(lens) - lens, lens)
        tr = np.repeat(lens, lens) - 1 - ti  # the backward direction reads each sentence reversed
        xp = np.zeros((2, bsz, steps, h4), np.float32)
        xp[0, bi, ti] = proj[:, :h4]
        xp[1, bi, tr] = proj[:, h4:]
        hs = self._bilstm(xp)
        h = np.concatenate([hs[0, bi, ti], hs[1, bi, tr]], axis=1)
        em = h @ self.out_w + self.out_b
        return np.split(em, np.cumsum(lens)[:-1])

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
            new = cand.max(1) + e[:, t]
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
        return predict([self], feats, sents)


class Ensemble:
    """Several taggers over the same features: emissions and transition scores add up
    (a product of experts), decoded once."""

    def __init__(self, z: dict[str, np.ndarray], members: int | None = None):
        shared = {k: v for k, v in z.items() if not k.startswith("m") or "_" not in k[:3]}
        n = int(z["members"])
        n = min(n, members) if members else n
        self.members = []
        for i in range(n):
            pre = f"m{i}_"
            sub = {**shared, **{k[len(pre):]: v for k, v in z.items() if k.startswith(pre)}}
            self.members.append(NerModel(sub, self.members[0].emb if self.members else None))

    def predict(self, feats: Featurizer, sents: list[list[str]]) -> list[list[int]]:
        return predict(self.members, feats, sents)


def load_model(z: dict[str, np.ndarray], members: int | None = None) -> NerModel | Ensemble:
    """The model in an npz: one tagger, or the first `members` of an ensemble (all if None)."""
    return Ensemble(z, members) if "members" in z else NerModel(z)


# Dense columns start after the two word vectors and the four affix vectors.
def _dense_offset(m: NerModel) -> int:
    return 2 * m.emb.shape[1] + 4 * m.affix.shape[1]


def word_features(feats: Featurizer, pieces: list[list[str]]) -> tuple:
    """Features of the distinct words of `pieces`, and where each token points.

    Everything but the multi-token list flags is a function of the word alone, and the
    input layer is linear: each distinct word goes through it once per batch, and a
    token's input is its word's row plus the rows of its list flags. On 256 news
    articles that is ~10x fewer rows through the widest product of the tagger.
    Returns (word features as `features()` gives them, token -> word index,
    list-flag token positions, list-flag dense columns).
    """
    index: dict[str, int] = {}
    tok_word: list[int] = []
    span_tok: list[int] = []
    span_col: list[int] = []
    rows: list[tuple] = []
    word = feats.word
    for s in pieces:
        base = len(tok_word)
        srows = []
        for t in s:
            i = index.get(t)
            if i is None:
                i = index[t] = len(index)
                rows.append(word(t))
            tok_word.append(i)
            srows.append(rows[i])
        for k, col in feats.span_flags(srows):
            span_tok.append(base + k)
            span_col.append(col)
    ids = np.asarray([r[0] for r in rows], dtype=np.int64).reshape(len(rows), -1)
    dense = np.zeros((len(rows), N_DENSE), np.float32)
    r_idx = [i for i, r in enumerate(rows) for _ in r[1]]
    dense[r_idx, [c for r in rows for c in r[1]]] = 1.0
    grams: list[int] = []
    starts: list[int] = []
    for r in rows:
        starts.append(len(grams))
        grams.extend(r[4])
    fe = (ids, dense, np.asarray(grams, dtype=np.int64), np.asarray(starts, dtype=np.int64))
    return (fe, np.asarray(tok_word, dtype=np.int64), np.asarray(span_tok, dtype=np.int64),
            np.asarray(span_col, dtype=np.int64))


def predict(members: list[NerModel], feats: Featurizer, sents: list[list[str]]) -> list[list[int]]:
    """Tag ids of each (non-empty) sentence, batched by length, summed over members."""
    pieces: list[list[str]] = []
    owner: list[int] = []
    for k, s in enumerate(sents):
        for a in range(0, len(s), MAX_STEPS):
            pieces.append(s[a:a + MAX_STEPS])
            owner.append(k)
    result: list[list[int]] = []
    group: list[list[str]] = []
    size = 0
    for p in pieces:
        if group and size + len(p) > GROUP_TOKENS:
            result.extend(_predict_group(members, feats, group))
            group, size = [], 0
        group.append(p)
        size += len(p)
    if group:
        result.extend(_predict_group(members, feats, group))
    out: list[list[int]] = [[] for _ in sents]
    for i, k in enumerate(owner):
        out[k].extend(result[i])
    return out


def _predict_group(members: list[NerModel], feats: Featurizer,
                   pieces: list[list[str]]) -> list[list[int]]:
    result: list[list[int]] = [[] for _ in pieces]
    if pieces:
        fe, tok_word, span_tok, span_col = word_features(feats, pieces)
        # (token -> input-layer output) is word row + list-flag rows, per member
        word_proj = [m.project(m.embed(fe)) for m in members]
        flag_rows = [m.w_in[_dense_offset(m) + span_col] for m in members]
        offsets = np.cumsum([0] + [len(p) for p in pieces])
        head = members[0]
        if len(members) > 1:
            head = _Decoder(sum(m.trans for m in members), sum(m.start for m in members),
                            sum(m.end for m in members))
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
        # Length-sorted batches waste little padding in the recurrence.
        batch = 256
        for a in range(0, len(order), batch):
            idx = order[a:a + batch]
            toks = np.concatenate([np.arange(offsets[i], offsets[i + 1]) for i in idx])
            lengths = [len(pieces[i]) for i in idx]
            # span_tok is sorted: the flags of this batch's tokens, by binary search
            pos = np.searchsorted(span_tok, toks)
            hit = (pos < len(span_tok)) & (span_tok[np.minimum(pos, max(len(span_tok) - 1, 0))]
                                           == toks) if len(span_tok) else np.zeros(0, bool)
            rows, flags = np.nonzero(hit)[0], pos[hit] if len(span_tok) else None
            em = None
            for m, wp, fr in zip(members, word_proj, flag_rows, strict=True):
                proj = wp[tok_word[toks]]
                if len(rows):
                    proj[rows] += fr[flags]  # at most one list flag per token
                e = m.scores_projected(proj, lengths)
                em = e if em is None else [x + y for x, y in zip(em, e, strict=True)]
            for i, path in zip(idx, head.viterbi(em), strict=True):
                result[i] = path
    return result


class _Decoder:
    """Viterbi with given (summed) transition scores."""

    def __init__(self, trans: np.ndarray, start: np.ndarray, end: np.ndarray):
        self.trans, self.start, self.end = trans, start, end

    viterbi = NerModel.viterbi
