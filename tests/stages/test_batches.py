"""The speed-ups of the whole pipeline must not change what it finds.

Workers tag a whole batch at once (`pipeline.process_many`), and the single writer keeps
link decisions and decoded story centroids between articles (`WriterState`). On the demo
corpus (our own text) both give exactly what the plain, one-at-a-time path gives.
"""

from __future__ import annotations

import json
import pickle

import pytest

from marsad import pipeline, service
from marsad.ingest import ReadOptions, iter_inputs
from marsad.records import Document
from marsad.runners.base import IngestSummary
from marsad.runners.local import LocalRunner
from marsad.store import SQLiteStore


def _demo_docs() -> list[Document]:
    root = service.demo_corpus_path()
    files = json.loads((root / "MANIFEST.json").read_text("utf-8"))["files"]
    docs = [d for d in iter_inputs([str(root / f) for f in files], ReadOptions())
            if isinstance(d, Document)]
    for d in docs:
        d.uid = pipeline.input_uid(d)
    assert len(docs) >= 30
    return docs


def _processed(docs: list[Document], batched: bool) -> list[Document]:
    fresh = pickle.loads(pickle.dumps(docs))
    results = (pipeline.process_many(fresh) if batched
               else [pipeline.process(d) for d in fresh])
    return [d for r in results if isinstance(r, list) for d in r]


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return _demo_docs()


def _entities(d: Document) -> list[tuple]:
    return [(m.start, m.end, m.type, d.entities[m.local][0].name) for m in d.mentions]


def test_batched_tagging_finds_what_one_article_at_a_time_finds(docs):
    one = _processed(docs, batched=False)
    many = _processed(docs, batched=True)
    assert [d.uid for d in one] == [d.uid for d in many]
    assert sum(len(d.mentions) for d in many) > 100
    for a, b in zip(one, many, strict=True):
        assert _entities(a) == _entities(b), a.origin
        assert [(q.start, q.end, q.speaker) for q in a.quotes] == \
            [(q.start, q.end, q.speaker) for q in b.quotes]


def test_processed_documents_survive_the_trip_to_the_writer(docs):
    """Workers send documents back pickled (records.compact_pickle)."""
    import numpy as np

    for d in _processed(docs[:5], batched=True):
        back = pickle.loads(pickle.dumps(d))
        for name in ("uid", "title", "text", "index_terms", "signature", "mentions",
                     "entities", "dates", "quotes", "events", "removed", "errors"):
            assert getattr(back, name) == getattr(d, name), name
        assert d.mentions and d.entities
        assert np.array_equal(back.story.ids, d.story.ids)
        assert np.array_equal(back.story.weights, d.story.weights)


def _store_all(path, docs: list[Document], keep_state: bool) -> SQLiteStore:
    store = SQLiteStore(path)
    runner = LocalRunner(store)
    if not keep_state:
        runner.writer.state = None  # every link and story decision read from the store
    summary = IngestSummary(run_id=store.begin_run(["test"]))
    with store.transaction():
        ids: dict[str, int] = {}
        for d in docs:
            ids[d.uid] = runner.writer.store_one(d, ids, summary)
    return store


def _outcome(store: SQLiteStore) -> tuple:
    c = store.conn
    mentions = c.execute(
        "SELECT a.uid, m.start, m.end, e.name FROM mentions m JOIN articles a "
        "ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id "
        "ORDER BY a.uid, m.start").fetchall()
    stories: dict[int, list[str]] = {}
    for uid, story in c.execute("SELECT a.uid, s.story_id FROM story_members s "
                                "JOIN articles a ON a.id = s.article_id"):
        stories.setdefault(story, []).append(uid)
    return [tuple(r) for r in mentions], sorted(sorted(g) for g in stories.values())


def test_writer_caches_change_no_decision(docs, tmp_path):
    processed = _processed(docs, batched=True)
    cached = _outcome(_store_all(tmp_path / "a.db", processed, keep_state=True))
    plain = _outcome(_store_all(tmp_path / "b.db", pickle.loads(pickle.dumps(processed)),
                                keep_state=False))
    assert len(cached[0]) > 100 and any(len(g) > 1 for g in cached[1])
    assert cached == plain


def test_service_ingest_runs_the_runner_it_is_given(tmp_path):
    from marsad import service

    store = SQLiteStore(tmp_path / "r.db")
    text = tmp_path / "a.txt"
    text.write_text("قمة في عمان\nاجتمع الرئيس الأمريكي دونالد ترامب بالعاهل الأردني في عمان "
                    "اليوم لبحث العلاقات الثنائية والأوضاع في المنطقة.\n", encoding="utf-8")
    core_only = LocalRunner(store, workers=1, annotations=False)
    summary = service.ingest(store, [str(text)], runner=core_only)
    assert summary.new == 1
    assert store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0
