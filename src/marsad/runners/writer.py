"""What the single writer does with a processed article's annotations.

Workers fill `Document.mentions/entities/dates/quotes/story`; the writer, which alone
sees the store, links entities across documents, stores time expressions and quotes
(speakers pointing at the linked entities), and puts the article into a story. Ingest
and `marsad annotate` both go through `write_annotations`, so they agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from marsad.records import Document
from marsad.stages import entities


class WriterState:
    """What one writer run keeps between articles: link decisions it may reuse, the
    story centroids it has decoded, and the story stream's IDF table. Made per run,
    after any reset of the tables."""

    def __init__(self) -> None:
        from marsad.stories.cluster import CentroidCache

        self.links = entities.LinkMemo()
        self.centroids = CentroidCache()
        self._stream: Any = None
        self._observed: list[np.ndarray] = []  # term ids counted since the last flush

    def stream(self, store: Any) -> Any:
        """The story stream's IDF (stories.stream.StreamIdf): the background pooled with
        every article clustered so far in this store (loaded once per run)."""
        if self._stream is None:
            from marsad.stories.idf import background
            from marsad.stories.stream import StreamIdf

            counts, docs = store.story_stream()
            self._stream = StreamIdf(background(), counts, docs)
        return self._stream

    def restream(self, store: Any, vec: Any) -> Any:
        """`vec` counted into the stream and re-weighted by its pooled IDF."""
        from marsad.stories.similarity import restream

        self._observed.append(vec.ids)
        return restream(vec, self.stream(store))

    def flush(self, store: Any) -> None:
        """Write the stream counts of this batch (in the batch's transaction, so a killed
        run never counts an article twice or loses one it stored)."""
        if not self._observed:
            return
        ids, counts = np.unique(np.concatenate(self._observed), return_counts=True)
        store.add_story_stream(list(zip(ids.tolist(), counts.tolist(), strict=True)),
                               len(self._observed))
        self._observed = []


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
            rows.append((q.start, q.end, q.kind, q.cue, q.speaker, eid, q.via, q.stance,
                         q.confidence))
        store.insert_quotes(article_id, rows)
    if doc.events and ids:
        def entity_of(mention: int) -> int:
            return ids[doc.mentions[mention].local]

        store.insert_events(article_id, [
            (ev.start, ev.end, ev.trigger, ev.cameo, ev.quad, ev.goldstein,
             entity_of(ev.source), entity_of(ev.target), int(ev.mutual))
            for ev in doc.events if entity_of(ev.source) != entity_of(ev.target)])
    vec = doc.story
    if store.story_of(article_id) is not None:
        return  # re-annotating: the article keeps its story
    if vec is not None and duplicate_of is None:
        # a copy is not counted again: a story reprinted by many outlets is not that common
        one_off = state is None
        state = state or WriterState()
        vec = state.restream(store, vec)
        if one_off:
            state.flush(store)
    if vec is not None or duplicate_of is not None:
        cluster.assign(store, article_id, vec, title=doc.title, published=doc.published,
                       glued=doc.appended_to is not None,
                       duplicate_of=duplicate_of, cache=state.centroids if state else None)
