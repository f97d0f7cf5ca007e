"""Timelines: dated events, merged across outlets, each traceable to its sentences.

An event is a sentence holding a time expression resolved to a calendar day or month.
Sentences from different articles with the same date that say nearly the same thing
(word overlap on the matching key) are one event reported by several outlets; the
number of distinct outlets is its corroboration count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from marsad.arabic.normalize import key
from marsad.arabic.sentences import sentences

# Two sentences with the same date are one event when this share of the smaller one's
# content words appear in the other (0.5: a rewrite keeps half its words; two different
# events on one day share far fewer, measured on the demo corpus timelines).
SAME_EVENT_OVERLAP = 0.5
# Words of this length or shorter are function words for the overlap test.
MIN_WORD = 2
# Calendar values an event can be placed by: a day or a month (years are too coarse).
_DATED = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
# A sentence longer than this is cut around the time expression for display.
MAX_SENTENCE = 400


@dataclass(slots=True)
class Source:
    article_id: int
    source: str | None
    title: str | None
    published: str | None
    start: int  # sentence offsets in the article's clean text
    end: int


@dataclass(slots=True)
class Event:
    date: str
    text: str  # the first-reported sentence
    sources: list[Source] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    @property
    def corroboration(self) -> int:
        return len({s.source or f"#{s.article_id}" for s in self.sources})

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date, "text": self.text, "corroboration": self.corroboration,
                "sources": [{"article_id": s.article_id, "source": s.source, "title": s.title,
                             "published": s.published, "start": s.start, "end": s.end}
                            for s in self.sources]}


def _words(text: str) -> set[str]:
    return {w for w in key(text).split() if len(w) > MIN_WORD}


def _sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    for a, b in spans:
        if a <= pos < b:
            return a, b
    return None


def build(articles: list[dict[str, Any]], timexes: list[dict[str, Any]],
          must_mention: dict[int, list[tuple[int, int]]] | None = None) -> list[Event]:
    """Events from `articles` (id, text, source, title, published) and their timexes.

    With `must_mention` (article id -> mention spans), only sentences containing one of
    those spans count: the timeline of an entity.
    """
    by_article = {a["id"]: a for a in articles}
    events: dict[str, list[Event]] = {}
    seen: set[tuple[int, int]] = set()
    split_cache: dict[int, list[tuple[int, int]]] = {}
    for t in timexes:
        art = by_article.get(t["article_id"])
        if art is None or not t["value"] or not _DATED.match(t["value"]):
            continue
        text = art["text"] or ""
        spans = split_cache.setdefault(art["id"], sentences(text))
        sent = _sentence_at(spans, t["start"])
        if sent is None or (art["id"], sent[0]) in seen:
            continue
        if must_mention is not None and not any(
                sent[0] <= s < sent[1] for s, _ in must_mention.get(art["id"], [])):
            continue
        seen.add((art["id"], sent[0]))
        sentence = text[sent[0]:sent[1]].strip()
        if len(sentence) > MAX_SENTENCE:
            mid = t["start"] - sent[0]
            lo = max(0, mid - MAX_SENTENCE // 2)
            sentence = "…" + sentence[lo:lo + MAX_SENTENCE].strip() + "…"
        src = Source(art["id"], art.get("source"), art.get("title"), art.get("published"),
                     sent[0], sent[1])
        words = _words(sentence)
        for ev in events.setdefault(t["value"], []):
            smaller = min(len(words), len(ev.words)) or 1
            if len(words & ev.words) / smaller >= SAME_EVENT_OVERLAP:
                ev.sources.append(src)
                break
        else:
            events[t["value"]].append(Event(t["value"], sentence, [src], words))
    out = [ev for evs in events.values() for ev in evs]
    out.sort(key=lambda e: (e.date, -e.corroboration, e.sources[0].article_id))
    return out
