"""The writer's side of template learning and teaser leads: counts the head and foot lines
of canonical articles per source, knows the learned ones, and picks what each batch's
workers strip (stages/template.py, stages/teasers.py do the stripping)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from marsad.records import Document
from marsad.stages.segments import segment_key, source_of
from marsad.stages.teasers import LEAD_MEMORY, lead_of
from marsad.stages.template import REASON, TEMPLATE_MIN_ARTICLES, candidates

if TYPE_CHECKING:
    from marsad.store.base import IngestWriter


class TemplateMemory:
    """The writer's side: counts lines of canonical articles, knows the learned ones."""

    def __init__(self, store: IngestWriter) -> None:
        # source -> {line key: id of the article the line was learned at}
        self.learned: dict[str, dict[int, int]] = store.template_keys(TEMPLATE_MIN_ARTICLES)
        self._rows: list[tuple[str, int, str]] = []
        self._leads: list[tuple[str, int, int]] = []

    def for_batch(self, docs: list[Document], upto: int | None = None
                  ) -> dict[str, frozenset[int]]:
        """The learned lines of the sources in `docs` (what the workers strip); with
        `upto`, only those learned at an article id up to it. The runner passes the last
        article of the batch stored MAX_IN_FLIGHT batches before, so what a batch strips
        is the same in a run that was killed and resumed as in one that was not."""
        out: dict[str, frozenset[int]] = {}
        for d in docs:
            src = source_of(d)
            if src is not None and src not in out and src in self.learned:
                out[src] = frozenset(k for k, at in self.learned[src].items()
                                     if upto is None or at <= upto)
        return out

    def leads_for(self, store: IngestWriter, docs: list[Document], stored_uids: list[str],
                  upto: int | None, recent: Iterable[Mapping[str, set[int]]] = ()
                  ) -> dict[str, frozenset[int]]:
        """The leads a batch's teasers are read against (stages/teasers.py): the newest
        LEAD_MEMORY of each of its sources up to `upto`, those of its own articles stored
        before (a resumed run), and `recent` (the batches before it, as read)."""
        limit = upto if upto is not None else store.last_article_id()
        out: dict[str, set[int]] = {}
        for src in {s for s in map(source_of, docs) if s is not None}:
            out[src] = set(store.recent_leads(src, limit, LEAD_MEMORY))
            for seen in recent:
                out[src] |= seen.get(src, set())
        if stored_uids:
            for src, k in store.leads_of_uids(stored_uids):
                if src in out:
                    out[src].add(k)
        return {s: frozenset(v) for s, v in out.items() if v}

    def observe_lead(self, doc: Document, article_id: int) -> None:
        """Remember a stored article's lead (every article: copies open the same way)."""
        src, k = source_of(doc), lead_of(doc.text)
        if src is not None and k is not None:
            self._leads.append((src, article_id, k))

    def observe(self, doc: Document) -> None:
        """Count a canonical article's head and foot lines (duplicates never count), and
        the template lines its worker took out, so a learned line's count goes on telling
        how many articles carried it."""
        src = source_of(doc)
        if src is not None:
            self._rows.extend((src, k, line) for k, line in candidates(doc.text))
            self._rows.extend((src, segment_key(r.text), r.text) for r in doc.removed
                              if r.reason == REASON)

    def flush(self, store: IngestWriter) -> None:
        """Write the batch's counts (in its transaction) and learn what crossed the bar."""
        if self._leads:
            store.add_leads(self._leads)
            self._leads = []
        if not self._rows:
            return
        store.add_template_counts(self._rows)
        store.mark_learned(TEMPLATE_MIN_ARTICLES)
        self._rows = []
        self.learned = store.template_keys(TEMPLATE_MIN_ARTICLES)
