"""The fast paths of the tagger give what the plain definitions give: tokens, the packed
batched recurrence and decoder, entity spans."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.arabic.tokenize import token_offsets, tokenize
from marsad.ner import batch
from marsad.ner.features import TAGS
from marsad.ner.model import _gate_layout, allowed_transitions
from marsad.ner.tagger import _span_bounds

# Our own text, with every token kind and invisible characters between tokens.
TEXTS = [
    "",
    "   ",
    "قال وزير الخارجية، في بيان يوم 12.5.2023: «لن نقبل»... وأضاف\u200f أن Al-Qaeda's "
    "لم تُعلن ١٬٠٠٠ شيء 🙂 %50",
    "Hello, world! don't stop ... 3,5 ٣٫٥\u200b\ufeffend",
]


@pytest.mark.parametrize("text", TEXTS)
def test_token_offsets_are_tokenize_without_objects(text):
    toks = tokenize(text)
    assert token_offsets(text) == ([t.text for t in toks], [t.start for t in toks],
                                   [t.end for t in toks])


def _spans_reference(seq: list[str]) -> list[tuple[int, int, str]]:
    out, start, label = [], -1, ""
    for i, tag in enumerate([*seq, "O"]):
        bio, _, lab = tag.partition("-")
        if start >= 0 and (bio != "I" or lab != label):
            out.append((start, i - 1, label))
            start = -1
        if bio == "B" or (bio == "I" and start < 0):
            start, label = i, lab
    return out


def test_span_bounds_match_bio_decoding_per_sentence():
    rng = np.random.default_rng(3)
    for _ in range(200):
        lengths = rng.integers(1, 8, rng.integers(1, 6)).tolist()
        tags = rng.integers(0, len(TAGS), sum(lengths)).astype(np.int8)
        want, base = [], 0
        for n in lengths:
            seq = [TAGS[t] for t in tags[base:base + n]]
            want += [(base + a, base + b, lab) for a, b, lab in _spans_reference(seq)]
            base += n
        first, last = _span_bounds(tags, lengths)
        got = [(a, b, TAGS[tags[a]][2:]) for a, b in zip(first, last, strict=True)]
        assert got == want


def _lstm_reference(x, w_ih, b, w_hh, hd):
    """One direction of the trained LSTM (gates i, f, g, o), one sentence at a time."""
    sig = lambda v: 0.5 * (np.tanh(0.5 * v) + 1.0)  # noqa: E731
    h = np.zeros(hd, np.float32)
    c = np.zeros(hd, np.float32)
    out = []
    for row in x @ w_ih + b:
        g = row + h @ w_hh
        c = sig(g[hd:2 * hd]) * c + sig(g[:hd]) * np.tanh(g[2 * hd:3 * hd])
        h = sig(g[3 * hd:]) * np.tanh(c)
        out.append(h)
    return np.array(out)


def _viterbi_reference(e, trans, start, end):
    score = start + e[0]
    back = []
    for t in range(1, len(e)):
        cand = score[:, None] + trans
        back.append(cand.argmax(0))
        score = cand.max(0) + e[t]
    tag = int((score + end).argmax())
    path = [tag]
    for bp in reversed(back):
        tag = int(bp[tag])
        path.append(tag)
    return path[::-1]


def test_packed_recurrence_and_viterbi_match_per_sentence_reference():
    rng = np.random.default_rng(7)
    hd, d, nt = 4, 5, len(TAGS)
    w_ih = rng.normal(size=(d, 8 * hd)).astype(np.float32)
    b = rng.normal(size=8 * hd).astype(np.float32)
    w_hh = rng.normal(size=(2, hd, 4 * hd)).astype(np.float32)
    cols, scale = _gate_layout(hd)
    lengths = np.array([1, 2, 2, 5, 7])
    xs = [rng.normal(size=(n, d)).astype(np.float32) for n in lengths]
    lay = batch._Layout(lengths)
    proj = (np.concatenate(xs) @ w_ih[:, cols] * scale + b[cols] * scale).astype(np.float32)
    gather = np.empty(2 * lay.n, np.int64)
    gather[lay.fwd] = 2 * np.arange(lay.n)
    gather[lay.bwd] = 2 * np.arange(lay.n) + 1
    out = batch._recur(proj.reshape(-1, 4 * hd), gather, lay,
                       w_hh[:, :, cols[:4 * hd]] * scale[:4 * hd], hd)
    got = np.concatenate([out[lay.fwd], out[lay.bwd]], axis=1)
    want = np.concatenate([np.concatenate([
        _lstm_reference(x, w_ih[:, :4 * hd], b[:4 * hd], w_hh[0], hd),
        _lstm_reference(x[::-1], w_ih[:, 4 * hd:], b[4 * hd:], w_hh[1], hd)[::-1]], axis=1)
        for x in xs])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)

    trans = np.where(allowed_transitions(), rng.normal(size=(nt, nt)), -1e4).astype(np.float32)
    start = np.where([not t.startswith("I-") for t in TAGS], rng.normal(size=nt), -1e4)
    start = start.astype(np.float32)
    end = rng.normal(size=nt).astype(np.float32)
    em = rng.normal(size=(lay.n, nt)).astype(np.float32)
    packed = np.empty_like(em)
    packed[lay.pos] = em
    tags = batch._viterbi(packed, lay, trans, start, end)[lay.pos].tolist()
    offsets = np.cumsum(lengths) - lengths
    assert tags == [t for a, n in zip(offsets, lengths, strict=True)
                    for t in _viterbi_reference(em[a:a + n], trans, start, end)]


def test_word_features_give_per_sentence_features():
    from marsad.ner import load_tagger
    from marsad.ner.model import features

    feats = load_tagger(members=1).features
    text = ("عقد مجلس الأمن الدولي جلسة في مقر الأمم المتحدة بنيويورك، وقال الأمين العام "
            "لجامعة الدول العربية أحمد أبو الغيط إن الولايات المتحدة الأمريكية والمملكة "
            "العربية السعودية ستشاركان. الأمم المتحدة الأمم المتحدة")
    words = token_offsets(text)[0]
    pieces = [words[:9], words[9:10], words[10:31], words[31:]]
    (ids, dense, grams, gstarts), tw, span_tok, span_col = batch.word_features(feats, pieces)
    want_ids, want_dense, want_grams, want_starts = features(feats, pieces)
    assert len(span_tok) >= 6  # several multi-token names matched
    np.testing.assert_array_equal(ids[tw], want_ids)
    got_dense = dense[tw]
    got_dense[span_tok, span_col] = 1.0
    np.testing.assert_array_equal(got_dense, want_dense)
    bounds = np.append(gstarts, len(grams))
    per_tok = [grams[bounds[w]:bounds[w + 1]].tolist() for w in tw]
    want_bounds = np.append(want_starts, len(want_grams))
    assert per_tok == [want_grams[a:b].tolist() for a, b in
                       zip(want_bounds[:-1], want_bounds[1:], strict=True)]


def test_gram_ids_keep_the_set_order_training_saw():
    from marsad.ner import features as F

    def reference(w):
        out = set()
        for k in (2, 3, 4):
            for a in range(max(len(w) - k + 1, 1)):
                out.add(F._bucket(w[a:a + k]) % F.NGRAM_BUCKETS)
        return tuple(out)

    for w in token_offsets(TEXTS[2] + " " + TEXTS[3])[0] + ["x", "", "ababab", "المتحدةالمتحدة"]:
        assert F._gram_ids("<" + w + ">") == reference("<" + w + ">")
        assert F._gram_ids(w) == reference(w)


def test_segment_sums_are_reduceat_bit_for_bit():
    from marsad.ner.model import _segment_sums

    rng = np.random.default_rng(11)
    table = rng.normal(size=(50, 6)).astype(np.float32)
    table[3] = -0.0
    counts = np.array([1, 2, 7, 8, 9, 15, 16, 17, 64, 127, 128, 129, 130, 300, 1, 3, 9])
    ids = rng.integers(0, 50, counts.sum())
    ids[:5] = 3
    starts = np.cumsum(counts) - counts
    got = _segment_sums(table, ids, starts)
    want = np.add.reduceat(table[ids], starts, axis=0)
    assert np.array_equal(got.view(np.int32), want.view(np.int32))
