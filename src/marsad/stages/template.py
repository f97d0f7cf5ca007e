"""Template lines learned from the corpus: what one outlet prints at the top or the foot of
every article (a disclaimer, a credit, an app notice) and no lexicon listed.

The residue lexicon (arabic/residue.py) knows the kinds written down for it. Real sites
bring others: on ANT multisource Al Arabiya closes 448 opinion pieces with «جميع المقالات
المنشورة تمثل رأي كتابها فقط», France 24 signs 53 articles «فرانس24/ أ ف ب», CNN repeats
two verification disclaimers. boilerpipe, jusText and trafilatura's deduplicator all lean
on the same fact: boilerplate recurs across one site's pages, content does not.

So the writer (which alone sees the corpus) counts, per source, the short lines at the
head and the foot of every canonical article (`candidates`); a line seen in
TEMPLATE_MIN_ARTICLES articles of a source is template from then on, and the clean step
of later articles takes it out (`strip`, reason `template`). Content is protected by the
shape of the rule, not a list:

- per source and position: an agency lead reprinted by five outlets is a duplicate, not
  template; a line only counts at the first HEAD_LINES or last TAIL_LINES lines;
- only canonical articles count: re-filed copies of one story (CNN files some ten times)
  would otherwise make its paragraphs template;
- short lines only (TEMPLATE_MAX_WORDS): a paragraph is never learned.

Articles stored before a line was learned keep it until a re-ingest; `marsad clean
--recheck` lists them. Pure functions: the store and the runner hold the counts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from marsad.records import Document, RemovedLine
from marsad.stages.segments import segment_key, source_of
from marsad.stages.teasers import LEAD_MEMORY, lead_of

if TYPE_CHECKING:
    from marsad.store.base import IngestWriter

# Calibrated on ANT multisource (Feb-Apr 2018 articles read, May never): at 10 the learned
# lines of its five outlets were 39, all of them disclaimers, credits, app notices,
# separators and «نقلاً عن ...» reprint notes; at 5, recurring section sign-offs of one
# columnist appeared. A prior on how often boilerplate must recur to be told from chance.
TEMPLATE_MIN_ARTICLES = 10
HEAD_LINES = 2
TAIL_LINES = 3
# The longest template line on ANT has 21 words (CNN's verification disclaimer); a news
# paragraph runs 30-80.
TEMPLATE_MAX_WORDS = 30
REASON = "template"


@dataclass(slots=True)
class BatchMemory:
    """What the writer sends with a batch: each source's learned template lines, and the
    leads of its stored articles (stages/teasers.py)."""

    lines: Mapping[str, Collection[int]] = field(default_factory=dict)
    leads: Mapping[str, Collection[int]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.lines) or bool(self.leads)


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


def _positions(n: int) -> list[int]:
    """Indices of the head and foot lines of a text of n lines (each once)."""
    return sorted(set(range(min(HEAD_LINES, n))) | set(range(max(0, n - TAIL_LINES), n)))


def candidates(text: str) -> list[tuple[int, str]]:
    """(segment key, line) of the lines of `text` that may be template: head and foot,
    short, with a letter in them."""
    lines = text.split("\n")
    out: dict[int, str] = {}
    for i in _positions(len(lines)):
        line = lines[i].strip()
        if not line or len(line.split()) > TEMPLATE_MAX_WORDS or not any(c.isalpha() for c in line):
            continue
        out.setdefault(segment_key(line), line)
    return list(out.items())


def strip(doc: Document, learned: Collection[int] | None) -> Document:
    """Take the learned template lines of the document's source out of its head and foot
    (noted in `removed`, reason `template`). Repeats until no end line is template, so a
    credit above a disclaimer both go."""
    if not learned or not doc.text:
        return doc
    lines = doc.text.split("\n")
    while lines:
        drop = [i for i in _positions(len(lines))
                if len(lines[i].split()) <= TEMPLATE_MAX_WORDS
                and segment_key(lines[i].strip()) in learned]
        if not drop:
            break
        doc.removed.extend(RemovedLine(lines[i].strip(), REASON) for i in drop)
        for i in reversed(drop):
            del lines[i]
    doc.text = "\n".join(lines)
    return doc


def still_holds(text: str, learned: Collection[int]) -> list[str]:
    """The learned template lines a stored text still has at its head or foot."""
    return [line for k, line in candidates(text) if k in learned]
