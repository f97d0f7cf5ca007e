"""The writer's dense stream IDF gives IdfTable's numbers to the last bit."""

from __future__ import annotations

import numpy as np

from marsad.stories import idf as idf_mod
from marsad.stories.stream import StreamIdf


def test_stream_idf_matches_idf_table_bit_for_bit():
    rng = np.random.default_rng(7)
    background = idf_mod.background()
    known = np.array(sorted(background.background_ids), np.uint32)
    stored = {int(t): int(c) for t, c in zip(known[:50], range(1, 51), strict=True)}
    table = background.copy()
    table.stream.update(stored)
    table.stream_docs = 40
    dense = StreamIdf(background, dict(stored), 40)
    dense_start = idf_mod.STREAM_FULL_WEIGHT_DOCS  # cross the full-weight point too
    for i in range(dense_start + 60):
        # a mix of background terms, stored stream terms and terms never seen
        ids = np.concatenate([rng.choice(known[:400], 30), rng.integers(0, 2**32, 20)])
        ids = np.unique(ids.astype(np.uint32))
        table.observe_ids(ids)
        want = table.idf_ids(ids)
        got = dense.observe_idf(ids)
        assert got.dtype == want.dtype and np.array_equal(got, want), i
        assert dense.stream_docs == table.stream_docs
    probe = np.unique(rng.choice(known[:400], 100).astype(np.uint32))
    assert np.array_equal(dense.idf_ids(probe), table.idf_ids(probe))


def test_stream_idf_counts_a_repeated_id_once_and_grows():
    background = idf_mod.background()
    table = background.copy()
    dense = StreamIdf(background, {}, 0)
    ids = np.array([5, 3, 5, 9], np.uint32)  # unsorted, repeated
    table.observe_ids(ids)
    assert np.array_equal(dense.observe_idf(ids), table.idf_ids(ids))
    many = np.arange(10, 10 + 3 * (1 << 16), dtype=np.uint32)  # past the first allocation
    table.observe_ids(many)
    assert np.array_equal(dense.observe_idf(many), table.idf_ids(many))
    assert np.array_equal(dense.idf_ids(ids), table.idf_ids(ids))
