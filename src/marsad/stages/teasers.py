"""Teasers: the leads of an outlet's other stories printed under an article.

CNN Arabic closes a quarter of its ANT articles with the opening paragraphs of five other
stories of the moment, with no marker line: 3,780 paragraphs in 915 of 3,507 articles
equal another CNN article's first paragraph. They read as the article's own text, so
entities, quotes and stories took them in. No lexicon can know them and each recurs in
about five articles only, under the count a template line needs (stages/template.py);
what gives them away is the corpus: a paragraph that *opens another article of the same
outlet* is that article's teaser.

So the writer keeps every stored article's lead key per source (`lead_key`), and a batch
is sent the newest LEAD_MEMORY leads of its sources that it may see (the same horizon as
template lines, so a resumed run strips what a clean one did), with the leads of the
batches still on the workers as read (`raw_leads`: by input position, so the same after a
resume); the leads of the batch's own articles are added in the worker. `strip` cuts the tail from the first paragraph
that is another article's lead, when the tail is teasers: at least TEASER_MIN_HITS of
its paragraphs are leads, and they are half of it or more. An update that repeats an
earlier article's lead and goes on with that article's own paragraphs keeps them all.
Pure functions: the store and the runner hold the leads.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from marsad.records import Document, RemovedLine
from marsad.stages.segments import segment_key, source_of

REASON = "teaser"
# A teaser is a news lead: 23-49 words on ANT CNN. Under 8 words a paragraph may be a
# sub-heading or a refrain that opens other articles as well.
TEASER_MIN_WORDS = 8
TEASER_MIN_HITS = 2
# Leads of a source shipped with a batch: teasers name the stories of the moment, stored
# just before (ANT CNN: 14-30 articles earlier). Bounds the message whatever the store.
LEAD_MEMORY = 2000
# Lines of a document as read looked at for its lead (a title, a byline may come first).
RAW_LEAD_LINES = 3
# «دبي، الإمارات العربية المتحدة (CNN)— قال …»: the dateline differs between a lead and
# its teaser, the sentence does not.
_DATELINE = re.compile(r"^[^()\n]{0,80}\([^()\n]{1,20}\)\s*[-–—]+\s*")


def _dateline(paragraph: str) -> str | None:
    """«دبي، الإمارات العربية المتحدة (CNN)» of a paragraph that opens with it, spaces
    and dashes evened out."""
    m = _DATELINE.match(paragraph.strip())
    return " ".join(m.group(0).strip(" -–—").split()) if m else None


def lead_key(paragraph: str) -> int | None:
    """The identity of a paragraph as a possible lead (dateline cut), None when short."""
    body = _DATELINE.sub("", paragraph.strip())
    if len(body.split()) < TEASER_MIN_WORDS:
        return None
    return segment_key(body)


def lead_of(text: str) -> int | None:
    """The lead key of an article: its first paragraph."""
    first = text.split("\n", 1)[0]
    return lead_key(first) if first else None


def raw_leads(docs: Iterable[Document]) -> dict[str, set[int]]:
    """source -> lead keys of documents as read, before any stage: their first line long
    enough to be a lead (a short title or byline may come first; never a later paragraph,
    which a re-filed version shares with its article). What the writer knows of the
    batches still on the workers (none for HTML: its text comes later)."""
    out: dict[str, set[int]] = {}
    for d in docs:
        src = source_of(d)
        if src is None or not d.raw:
            continue
        lines = [x for x in d.raw.split("\n", 20)[:20] if x.strip()][:RAW_LEAD_LINES]
        k = next((k for k in map(lead_key, lines) if k is not None), None)
        if k is not None:
            out.setdefault(src, set()).add(k)
    return out


def batch_leads(docs: Iterable[Document]) -> dict[str, set[int]]:
    """source -> lead keys of the articles of one batch."""
    out: dict[str, set[int]] = {}
    for d in docs:
        src, k = source_of(d), lead_of(d.text)
        if src is not None and k is not None:
            out.setdefault(src, set()).add(k)
    return out


def strip(doc: Document, leads: Collection[int] | None) -> Document:
    """Cut a tail of teasers (noted in `removed`, reason `teaser`).

    A paragraph is a teaser when it is another stored article's lead, or when it opens
    with the article's own dateline («دبي، الإمارات العربية المتحدة (CNN)—»): an article
    has one dateline, so a second is another story's lead, stored or not (the residue DEV
    gold's CNN teasers were leads of articles outside the corpus)."""
    if not doc.text:
        return doc
    lines = doc.text.split("\n")
    own = lead_of(doc.text)
    mine = _dateline(lines[0])
    hits = []
    for i in range(1, len(lines)):
        k = lead_key(lines[i])
        if k is None or k == own:
            continue
        if (leads and k in leads) or (mine is not None and _dateline(lines[i]) == mine):
            hits.append(i)
    if not hits:
        return doc
    start, tail = hits[0], len(lines) - hits[0]
    # One hit is not enough: an update's closing background paragraph may be the lead of
    # the outlet's article of the day before (Sky News Arabia, ANT: 1 in 13,708).
    if len(hits) < TEASER_MIN_HITS or 2 * len(hits) < tail:
        return doc
    doc.removed.extend(RemovedLine(line.strip(), REASON) for line in lines[start:] if line.strip())
    doc.text = "\n".join(lines[:start])
    return doc


def strip_batch(docs: list[Document], shipped: Mapping[str, Collection[int]] | None) -> None:
    """`strip` every document of a batch against the leads the writer sent and those of
    the batch itself."""
    known = batch_leads(docs)
    for src, keys in (shipped or {}).items():
        known.setdefault(src, set()).update(keys)
    for d in docs:
        own = source_of(d)
        strip(d, known.get(own) if own is not None else None)
