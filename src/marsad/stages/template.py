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

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from marsad.records import Document, RemovedLine
from marsad.stages.segments import segment_key

if TYPE_CHECKING:
    pass

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
