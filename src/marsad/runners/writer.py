"""What the single writer does with a processed article's annotations.

Workers fill `Document.mentions/entities/dates/quotes/story`; the writer, which alone
sees the store, links entities across documents, stores time expressions and quotes
(speakers pointing at the linked entities), and puts the article into a story. Ingest
and `marsad annotate` both go through `write_annotations`, so they agree.
"""

from __future__ import annotations

from typing import Any

from marsad.records import Document
from marsad.stages import entities


def _entity_profile(doc: Document, ids: list[int]) -> dict[tuple[str, str], float]:
    """The article's entities for story similarity, weighted by how rare their names are."""
    from marsad.arabic.stem import analyze
    from marsad.stories.similarity import _background

    table = _background()
    out: dict[tuple[str, str], float] = {}
    for (local, _), eid in zip(doc.entities, ids, strict=True):
        terms = analyze(local.name)
        out[(f"e{eid}", local.type)] = max((table.idf(t) for t in terms), default=1.0)
    return out


class WriterState:
    """What one writer run keeps between articles: link decisions it may reuse and the
    story centroids it has decoded. Made per run, after any reset of the tables."""

    def __init__(self) -> None:
        from marsad.stories.cluster import CentroidCache

        self.links = entities.LinkMemo()
        self.centroids = CentroidCache()


def write_annotations(store: Any, doc: Document, article_id: int,
                      duplicate_of: int | None, model: str | None = None,
                      state: WriterState | None = None) -> None:
    """Link entities, store dates and quotes, assign a story (in the caller's transaction).

    `state`: the run's `WriterState`; without one every decision is made from the store."""
    from marsad.stories import cluster

    ids: list[int] = []
    if entities.was_annotated(doc):
        ids = entities.link_entities(doc, article_id, store, counted=duplicate_of is None,
                                     model=model, memo=state.links if state else None)
    if doc.dates:
        store.insert_timexes(article_id, [(t.start, t.end, t.type, t.value, t.granularity)
                                          for t in doc.dates])
    if doc.quotes:
        rows = []
        for q in doc.quotes:
            eid = None
            m = q.speaker_mention
            if m is not None and 0 <= m < len(doc.mentions) and ids:
                eid = ids[doc.mentions[m].local]
            rows.append((q.start, q.end, q.kind, q.cue, q.speaker, eid, q.via))
        store.insert_quotes(article_id, rows)
    if doc.events and ids:
        def entity_of(mention: int) -> int:
            return ids[doc.mentions[mention].local]

        store.insert_events(article_id, [
            (ev.start, ev.end, ev.trigger, ev.cameo, ev.quad, ev.goldstein,
             entity_of(ev.source), entity_of(ev.target), int(ev.mutual))
            for ev in doc.events if entity_of(ev.source) != entity_of(ev.target)])
    vec = doc.story
    if vec is not None and ids:
        vec.entities = _entity_profile(doc, ids)
    if store.story_of(article_id) is not None:
        return  # re-annotating: the article keeps its story
    if vec is not None or duplicate_of is not None:
        cluster.assign(store, article_id, vec, title=doc.title, published=doc.published,
                       duplicate_of=duplicate_of, cache=state.centroids if state else None)
