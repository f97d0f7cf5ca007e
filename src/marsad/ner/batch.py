"""Batched inference: a group of sentences → word features → emissions → Viterbi tag ids.

The recurrence and the decoder run on a packed, time-major layout: a batch's sentences
are sorted by length, so the sentences still running at step t are a suffix of the
batch, and step t's rows are just those (forward rows, then backward rows). Nothing is
padded: no memory or arithmetic goes to positions past a sentence's end, and each
token's input row is gathered straight into its place, once.
"""

from __future__ import annotations

from itertools import chain, count
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

from marsad.ner.features import MAX_NAME_TOKENS, N_DENSE, Featurizer

if TYPE_CHECKING:  # the model calls this module: a type only, no import at run time
    from marsad.ner.model import NerModel

# Sentences longer than this are cut into windows for the recurrence: bounds a batch
# (memory and time) when a "sentence" is a whole unpunctuated page.
MAX_STEPS = 200
# Tokens tagged per group: bounds the distinct-word table (distinct words x 512 floats
# per member) whatever one batch holds, e.g. a whole book in one file. 256 ANT articles
# are ~100k tokens, ~20k distinct words: 40 MB.
GROUP_TOKENS = 120_000
# Sentences per recurrence batch (length-sorted, so neighbours have similar lengths).
BATCH_SENTENCES = 256


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
    toks = list(chain.from_iterable(pieces))
    index = dict(zip(dict.fromkeys(toks), count()))
    tok_word = list(map(index.__getitem__, toks))
    if not toks:
        fe = (np.zeros((0, 6), np.int64), np.zeros((0, N_DENSE), np.float32),
              np.zeros(0, np.int64), np.zeros(0, np.int64))
        return fe, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    rows = list(map(feats.word, index))
    ids, dense, forms, may_start, grams = (list(map(itemgetter(f), rows)) for f in range(5))
    n = len(ids)
    tw = np.array(tok_word, np.int64)
    # the list-flag matcher visits only tokens whose word may start a name
    cands = np.nonzero(np.array(may_start)[tw])[0]
    ends = np.cumsum([len(p) for p in pieces])
    stops = np.minimum(ends[np.searchsorted(ends, cands, side="right")],
                       cands + MAX_NAME_TOKENS)
    spans = feats.span_flags_at(toks, list(map(forms.__getitem__, tok_word)),
                                cands.tolist(), stops.tolist())
    span_tok, span_col = (np.array(x, np.int64) for x in zip(*spans, strict=True)) \
        if spans else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    counts = np.fromiter(map(len, grams), np.int64, n) // 8
    fe = (np.frombuffer(b"".join(ids), np.int64).reshape(n, -1),
          np.frombuffer(b"".join(dense), np.uint8).reshape(n, N_DENSE).astype(np.float32),
          np.frombuffer(b"".join(grams), np.int64), np.cumsum(counts) - counts)
    return fe, tw, span_tok, span_col


class _Layout:
    """Where each token of a batch (sentences of ascending `lengths`, laid end to end)
    sits in the packed layout: `pos` in the one-direction layout (the decoder's), `fwd`
    and `bwd` in the two-direction one (step t: its forward rows, then its backward
    rows; the backward direction reads each sentence reversed)."""

    def __init__(self, lengths: np.ndarray):
        b = len(lengths)
        m = b - np.searchsorted(lengths, np.arange(lengths[-1]), side="right")
        off = np.zeros(len(m) + 1, np.int64)
        np.cumsum(m, out=off[1:])
        n = int(off[-1])
        bi = np.repeat(np.arange(b), lengths)
        ti = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        tr = lengths[bi] - 1 - ti
        lo = b - m
        self.pos = off[ti] + bi - lo[ti]
        self.fwd = self.pos + off[ti]
        self.bwd = 2 * off[tr] + m[tr] + bi - lo[tr]
        self.b, self.n = b, n
        self.m, self.off = m.tolist(), off.tolist()


def _recur(rows: np.ndarray, gather: np.ndarray, lay: _Layout, w_hh: np.ndarray,
           hd: int) -> np.ndarray:
    """Both directions of the LSTM over the packed batch whose input row k is
    rows[gather[k]] (4H wide, gates in the order and scale of NerModel.w_hh_gates);
    returns the hidden states in the same layout. Each step gathers its own input
    rows: a small buffer still in cache when added, not the whole batch's inputs."""
    out = np.empty((2 * lay.n, hd), np.float32)
    buf = np.empty((2 * lay.b, 4 * hd), np.float32)
    h = np.zeros((2, lay.b, hd), np.float32)
    c = h
    a = 0
    h3 = 3 * hd
    for mt in lay.m:
        if mt < h.shape[1]:  # the shortest sentences ended: they are the batch's head
            h, c = h[:, -mt:], c[:, -mt:]
        x = np.take(rows, gather[a:a + 2 * mt], axis=0, out=buf[:2 * mt])
        g = np.matmul(h, w_hh)
        g += x.reshape(2, mt, 4 * hd)
        np.tanh(g, out=g)
        s = g[..., :h3]
        s += 1.0
        s *= 0.5  # sigmoid of i, f, o (their columns were halved)
        c = s[..., hd:2 * hd] * c
        c += s[..., :hd] * g[..., h3:]
        h = out[a:a + 2 * mt].reshape(2, mt, hd)
        np.multiply(s[..., 2 * hd:h3], np.tanh(c), out=h)
        a += 2 * mt
    return out


def _emissions(m: NerModel, table: np.ndarray, lay: _Layout, rows: np.ndarray,
               lengths: np.ndarray) -> np.ndarray:
    """(n, tags) emission scores of a batch's tokens (batch order); token k's
    input-layer output is table[rows[k]]."""
    if m.cnn:
        return np.concatenate(m._cnn_scores(table[rows], lengths.tolist()))
    hd = m.hidden
    gather = np.empty(2 * lay.n, np.int64)  # forward half of table row r is row 2r, backward 2r+1
    gather[lay.fwd] = 2 * rows
    gather[lay.bwd] = 2 * rows + 1
    out = _recur(table.reshape(-1, 4 * hd), gather, lay, m.w_hh_gates, hd)
    h = out.take(np.stack([lay.fwd, lay.bwd], axis=1), axis=0).reshape(lay.n, 2 * hd)
    return h @ m.out_w + m.out_b


def _viterbi(e: np.ndarray, lay: _Layout, trans: np.ndarray, start: np.ndarray,
             end: np.ndarray) -> np.ndarray:
    """Best BIO-valid tag of each token, emissions `e` and result in packed order."""
    m, off, b = lay.m, lay.off, lay.b
    back = np.empty(e.shape, np.int8)
    score = start + e[:b]
    final = np.empty((b, e.shape[1]), score.dtype)
    done = 0
    for t in range(1, len(m)):
        mt = m[t]
        if b - mt > done:  # sentences that ended keep their last score
            final[done:b - mt] = score[:b - mt - done]
            score = score[b - mt - done:]
            done = b - mt
        cand = score[:, :, None] + trans[None]
        back[off[t]:off[t] + mt] = cand.argmax(1)
        score = cand.max(1) + e[off[t]:off[t] + mt]
    final[done:] = score
    cur = (final + end).argmax(1)
    tags = np.empty(lay.n, np.int8)
    for t in range(len(m) - 1, -1, -1):
        mt, r = m[t], off[t]
        tail = cur[b - mt:]
        tags[r:r + mt] = tail
        if t:
            cur[b - mt:] = back[r + np.arange(mt), tail]
    return tags


def _predict_group(members: list[NerModel], feats: Featurizer,
                   pieces: list[list[str]]) -> np.ndarray:
    """Tag ids of the tokens of `pieces`, laid end to end."""
    fe, tok_word, span_tok, span_col = word_features(feats, pieces)
    # A token's input-layer output is its word's row plus, for the few tokens in a
    # multi-token list match, that flag's row: those tokens get rows of their own.
    nw, nf = len(fe[0]), len(span_tok)
    tok_row = tok_word.copy()
    tok_row[span_tok] = nw + np.arange(nf)
    tables = []
    for m in members:
        w, b = (m.proj_w, m.proj_b) if m.cnn else (m.w_in_gates, m.b_gates)
        table = np.empty((nw + nf, w.shape[1]), np.float32)
        np.matmul(m.embed(fe), w, out=table[:nw])
        table[:nw] += b
        np.add(table[tok_word[span_tok]], w[_dense_offset(m) + span_col], out=table[nw:])
        tables.append(table)
    head = members[0]
    trans, start, end = head.trans, head.start, head.end
    for m in members[1:]:  # a product of experts: scores add up
        trans, start, end = trans + m.trans, start + m.start, end + m.end
    lengths_all = np.array([len(p) for p in pieces])
    offsets = np.cumsum(lengths_all) - lengths_all
    result = np.empty(len(tok_word), np.int8)
    order = np.argsort(lengths_all, kind="stable")
    for a in range(0, len(order), BATCH_SENTENCES):
        idx = order[a:a + BATCH_SENTENCES]
        lengths = lengths_all[idx]
        toks = np.arange(lengths.sum()) + np.repeat(
            offsets[idx] - (np.cumsum(lengths) - lengths), lengths)
        lay = _Layout(lengths)
        em = None
        for m, table in zip(members, tables, strict=True):
            e = _emissions(m, table, lay, tok_row[toks], lengths)
            em = e if em is None else em + e
        packed = np.empty_like(em)
        packed[lay.pos] = em
        result[toks] = _viterbi(packed, lay, trans, start, end)[lay.pos]
    return result


def predict_flat(members: list[NerModel], feats: Featurizer,
                 sents: list[list[str]]) -> np.ndarray:
    """Tag ids of all tokens of `sents`, laid end to end, summed over members."""
    pieces = [s[a:a + MAX_STEPS] for s in sents for a in range(0, len(s), MAX_STEPS)]
    out = np.empty(sum(map(len, pieces)), np.int8)
    group: list[list[str]] = []
    done = size = 0
    for p in [*pieces, None]:
        if group and (p is None or size + len(p) > GROUP_TOKENS):
            out[done:done + size] = _predict_group(members, feats, group)
            done += size
            group, size = [], 0
        if p is not None:
            group.append(p)
            size += len(p)
    return out


def predict(members: list[NerModel], feats: Featurizer, sents: list[list[str]]) -> list[list[int]]:
    """Tag ids of each sentence, batched by length, summed over members."""
    flat = predict_flat(members, feats, sents).tolist()
    out, a = [], 0
    for s in sents:
        out.append(flat[a:a + len(s)])
        a += len(s)
    return out
