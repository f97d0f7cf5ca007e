"""The single writer: the only code of an ingest that reads or writes the corpus.

Workers fill `Document.mentions/entities/dates/quotes/story`; `Writer` admits inputs,
records failures, decides duplicates, stores articles and, through `write_annotations`,
links entities across documents, stores time expressions and quotes (speakers pointing at
the linked entities), and puts the article into a story. Ingest and `marsad annotate`
both go through `write_annotations`, so they agree.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from marsad.pipeline import input_uid
from marsad.records import Document, Failure
from marsad.runners.base import MAX_LISTED_FAILURES, IngestSummary, reason_class
from marsad.stages import dedup, entities
from marsad.stages.teasers import raw_leads
from marsad.stages.template import BatchMemory
from marsad.writer import duplicates, linking
from marsad.writer import stories as cluster
from marsad.writer.stories import CentroidCache
from marsad.writer.templates import TemplateMemory

if TYPE_CHECKING:
    from marsad.store.base import Store


class WriterState:
    """What one writer run keeps between articles: link decisions it may reuse, the
    story centroids it has decoded, and the story stream's IDF table. Made per run,
    after any reset of the tables."""

    def __init__(self) -> None:
        self.links = linking.LinkMemo()
        self.centroids = CentroidCache()
        self._stream: Any = None
        self._observed: list[np.ndarray] = []  # term ids counted since the last flush

    def stream(self, store: Store) -> Any:
        """The story stream's IDF (stories.stream.StreamIdf): the background pooled with
        every article clustered so far in this store (loaded once per run)."""
        if self._stream is None:
            from marsad.stories.idf import background
            from marsad.stories.stream import StreamIdf

            counts, docs = store.story_stream()
            self._stream = StreamIdf(background(), counts, docs)
        return self._stream

    def restream(self, store: Store, vec: Any) -> Any:
        """`vec` counted into the stream and re-weighted by its pooled IDF."""
        from marsad.stories.similarity import restream

        self._observed.append(vec.ids)
        return restream(vec, self.stream(store))

    def flush(self, store: Store) -> None:
        """Write the stream counts of this batch (in the batch's transaction, so a killed
        run never counts an article twice or loses one it stored)."""
        if not self._observed:
            return
        ids, counts = np.unique(np.concatenate(self._observed), return_counts=True)
        store.add_story_stream(list(zip(ids.tolist(), counts.tolist(), strict=True)),
                               len(self._observed))
        self._observed = []


def write_annotations(store: Store, doc: Document, article_id: int,
                      duplicate_of: int | None, model: str | None = None,
                      state: WriterState | None = None) -> None:
    """Link entities, store dates and quotes, assign a story (in the caller's transaction).

    `state`: the run's `WriterState`; without one every decision is made from the store."""
    ids: list[int] = []
    if entities.was_annotated(doc):
        ids = linking.link_entities(doc, article_id, store, counted=duplicate_of is None,
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


class Writer:
    """The one writer of an ingest: every step that reads or writes the corpus — admitting
    inputs (what is stored is skipped), recording failures, deciding duplicates, storing
    articles, linking entities, assigning stories, counting template lines. A runner (the
    local process pool; Ray, issue 14) only moves documents from the readers through the
    per-document stages to it, in input order.

    `lag`: how many batches a runner may have sent before the writer stores the oldest;
    a batch strips the template lines learned up to the batch `lag` before it, so what it
    strips does not depend on timing, or on a kill and resume.
    """

    def __init__(self, store: Store, annotations: bool = True, lag: int = 1) -> None:
        self.store = store
        self.annotations = annotations
        self.lag = lag
        # None: every link and story decision is read from the store (tests compare)
        self.state: WriterState | None = WriterState()
        self.templates: TemplateMemory | None = None
        # uids admitted but not yet written: the same input named twice in one run
        # (or arriving while its first copy is still on the pool) must be skipped too
        self._pending: set[str] = set()
        self._last_ids: list[int] = []  # per batch of this input: see _visible_upto
        self._base_id: int | None = None
        self._recent_leads: deque = deque(maxlen=max(1, lag))  # stages/teasers.raw_leads

    def begin(self) -> None:
        """Start a run: the learned template lines as stored, no batch seen yet."""
        self.templates = TemplateMemory(self.store)
        self._last_ids = []
        self._base_id = None
        self._recent_leads.clear()

    def templates_for(self, batch: list[Document | Failure], docs: list[Document]
                      ) -> BatchMemory:
        """The template lines and teaser leads the workers cut from `docs`, the admitted
        part of `batch` (call once per batch, in input order)."""
        upto = self._visible_upto(batch, docs)
        if self.templates is None:
            return BatchMemory()
        admitted = {d.uid for d in docs}
        read = [d for d in batch if isinstance(d, Document)]
        stored = [d.uid for d in read if d.uid not in admitted]
        leads = self.templates.leads_for(self.store, docs, stored, upto, self._recent_leads)
        self._recent_leads.append(raw_leads(read))
        return BatchMemory(lines=self.templates.for_batch(docs, upto), leads=leads)

    def _visible_upto(self, batch: list[Document | Failure], docs: list[Document]) -> int:
        """The article id up to which learned template lines apply to this batch (see
        TemplateMemory.for_batch): the last id of the batch `lag` before it, or,
        for the first ones, the last id stored before this input's first article."""
        j = len(self._last_ids)
        all_uids = [d.uid for d in batch if isinstance(d, Document)]
        if self._base_id is None:
            first = self.store.first_article_id(all_uids) if len(docs) < len(all_uids) else None
            self._base_id = first - 1 if first is not None else self.store.last_article_id()
        # the last id of what this batch holds: of its documents stored before now (a
        # resumed run), raised in write() by what it writes (never the store's last id: a
        # resumed run redoes a batch after later ones were stored)
        admitted = {d.uid for d in docs}
        stored = [u for u in all_uids if u not in admitted]
        self._last_ids.append(self.store.last_article_id(stored) if stored else 0)
        k = j - self.lag
        return self._cumulative(k) if k >= 0 else self._base_id

    def _cumulative(self, k: int) -> int:
        """The highest article id stored by this input's batches up to `k`."""
        best = self._base_id or 0
        for v in self._last_ids[:k + 1]:
            if v is not None:
                best = max(best, v)
        return best

    def admit(self, batch: list[Document | Failure], summary: IngestSummary) -> list[Document]:
        """Count what was read, record read failures, drop inputs the store already has."""
        docs = [d for d in batch if isinstance(d, Document)]
        summary.read += len(docs)
        failures = [f for f in batch if isinstance(f, Failure)]
        if failures:
            with self.store.transaction():
                for f in failures:
                    self._fail(f, summary)
        for d in docs:
            d.uid = input_uid(d)
        known = self.store.known_uids([d.uid for d in docs]) | self._pending
        admitted = []
        for d in docs:
            if d.uid in known:
                summary.skipped += 1
            else:
                known.add(d.uid)
                self._pending.add(d.uid)
                admitted.append(d)
        return admitted

    def _fail(self, failure: Failure, summary: IngestSummary) -> None:
        summary.failed += 1
        summary.failure_reasons[reason_class(failure.reason)] += 1
        if len(summary.failures) < MAX_LISTED_FAILURES:
            summary.failures.append((failure.origin, failure.reason))
        self.store.record_failure(summary.run_id, failure)

    def write(self, results: list, uids: list[str], ordinal: int, n_read: int,
              summary: IngestSummary, on_progress: Callable[[int], None] | None) -> None:
        """Store one processed batch in one transaction: failures, articles with their
        duplicate decisions, annotations, stream and template counts."""
        if self.state is not None:
            self.state.links.new_batch()
        with self.store.transaction():
            for res in results:
                if isinstance(res, Failure):
                    self._fail(res, summary)
                else:
                    ids: dict[str, int] = {}
                    for doc in res:
                        ids[doc.uid] = self.store_one(doc, ids, summary)
                if on_progress is not None:
                    on_progress(1)  # per document, not per batch of 256 (issue 16)
            if self.state is not None:
                self.state.flush(self.store)
            if self.templates is not None:
                self.templates.flush(self.store)
            if uids:
                self._last_ids[ordinal] = max(self._last_ids[ordinal] or 0,
                                              self.store.last_article_id(uids))
        self._pending.difference_update(uids)
        if on_progress is not None and n_read > len(results):
            on_progress(n_read - len(results))  # read but skipped (stored before) or failed

    def store_one(self, doc: Document, ids: dict[str, int], summary: IngestSummary) -> int:
        decision = duplicates.resolve(doc, self.store)
        appended_to = ids.get(doc.appended_to) if doc.appended_to else None
        article_id = self.store.insert_article(
            doc,
            summary.run_id,
            duplicate_of=decision.duplicate_of,
            dup_kind=decision.kind,
            dup_similarity=decision.similarity,
            appended_to=appended_to,
        )
        summary.new += 1
        if appended_to is not None:
            summary.appended += 1
        if decision.kind == "exact":
            summary.exact_duplicates += 1
        elif decision.kind == "near":
            summary.near_duplicates += 1
        if decision.kind != "exact":
            self.store.add_buckets(article_id, dedup.band_keys(doc.signature))
        if self.templates is not None:
            self.templates.observe_lead(doc, article_id)
            if decision.kind is None:
                self.templates.observe(doc)
        if self.annotations:
            write_annotations(self.store, doc, article_id, decision.duplicate_of,
                              state=self.state)
        return article_id
