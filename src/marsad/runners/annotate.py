"""Annotate articles already in the store: after an upgrade, or with a new model.

Articles carry the name of the NER model that annotated them (`annotated_with`).
`annotate` picks up those that have none: workers run the same annotation stages as
ingest (entities, dates, quotes, story vector), the single writer links and clusters.
With `rebuild`, entities, dates, quotes and stories are all forgotten first and every
article is annotated again in id order, so counts never mix two models and the stories
come out as a fresh ingest of the same articles would make them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marsad.pipeline import annotate_many
from marsad.records import Document, Failure
from marsad.runners.local import BATCH_SIZE, MIN_DOCS_FOR_POOL, fewer_collections
from marsad.runners.pool import ResilientPool
from marsad.stages import entities
from marsad.store.base import Store
from marsad.writer.run import WriterState, write_annotations


@dataclass(slots=True)
class AnnotateSummary:
    articles: int = 0
    mentions: int = 0
    skipped: int = 0  # not Arabic, or empty: nothing to tag
    failed: int = 0
    model: str = ""

    def as_dict(self) -> dict:
        return {"articles": self.articles, "mentions": self.mentions,
                "skipped": self.skipped, "failed": self.failed, "model": self.model}


def _as_document(row: dict) -> Document:
    return Document(origin=f"article:{row['id']}", title=row["title"], text=row["text"],
                    lang=row["lang"], published=row["published"])


def _annotate_docs(docs: list[Document]) -> list[Document]:
    return annotate_many(docs)


def annotate(store: Store, *, rebuild: bool = False, workers: int | None = None,
             on_progress: Callable[[int], None] | None = None) -> AnnotateSummary:
    """Annotate (and cluster) every article not yet annotated by the current model."""
    with store.writer_lock(), fewer_collections():
        return _annotate(store, rebuild, workers, on_progress)


def _annotate(store: Store, rebuild: bool, workers: int | None,
              on_progress: Callable[[int], None] | None) -> AnnotateSummary:
    entities.warm()
    model = entities.model_name()
    summary = AnnotateSummary(model=model)
    if rebuild:
        with store.transaction():
            store.reset_annotations()
    state = WriterState()  # after the reset: it must not remember dropped rows
    pool = None
    try:
        while True:
            rows = store.unannotated(BATCH_SIZE * 4)
            if not rows:
                break
            chunks = [rows[i:i + BATCH_SIZE] for i in range(0, len(rows), BATCH_SIZE)]
            # Documents, not rows, go to the pool: one that kills its worker twice comes
            # back as a Failure named by its origin (a row has none: annotate crashed)
            batches = [[_as_document(r) for r in c] for c in chunks]
            if pool is None and (workers or 2) > 1 and len(rows) >= MIN_DOCS_FOR_POOL:
                pool = ResilientPool(workers or 2, _annotate_docs)
            if pool is not None:
                jobs = [pool.submit(b) for b in batches]
                results = [job.get() for job in jobs]
            else:
                results = [_annotate_docs(b) for b in batches]
            with store.transaction():
                for chunk, docs in zip(chunks, results, strict=True):
                    for row, doc in zip(chunk, docs, strict=True):
                        if isinstance(doc, Failure):  # its worker died on it twice
                            summary.failed += 1
                            store.mark_annotated(row["id"], model)
                            continue
                        store.clear_article_annotations(row["id"])
                        write_annotations(store, doc, row["id"], row["duplicate_of"], model,
                                          state=state)
                        summary.articles += 1
                        summary.mentions += len(doc.mentions)
                        if not entities.was_annotated(doc):
                            if any(e.startswith(entities.FAILED) for e in doc.errors):
                                summary.failed += 1
                            else:
                                summary.skipped += 1
                            store.mark_annotated(row["id"], model)
                state.flush(store)
            if on_progress is not None:
                on_progress(len(rows))
    finally:
        if pool is not None:
            pool.close()
    return summary
