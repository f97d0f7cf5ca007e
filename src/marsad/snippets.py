"""Highlighted snippets in the original display text, from analysed-term offsets.

The window is the run of SNIPPET_WORDS tokens holding the most distinct query terms
(then the most hits, then the earliest); hits are marked « [ » « ] » in plain text and
with <mark> in HTML (the text is escaped first). Offsets are into the article text.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Iterable
from itertools import compress
from operator import not_
from typing import Any

from marsad.arabic.stem import part_spans, token_spans, token_terms

# About two lines of a result list; long enough to show a hit in its sentence.
SNIPPET_WORDS = 30
ELLIPSIS = "…"


def _best_window(hits: list[int], n_words: int, ids: dict[int, frozenset[str]]) -> int:
    """Index of the first token of the best window (hits = token indices that match, in
    order; ids = the query terms of each)."""
    best, best_score = 0, (-1, -1)
    for k, first in enumerate(hits):  # a best window can always start at a hit
        start = max(0, min(first, n_words - SNIPPET_WORDS))
        end = start + SNIPPET_WORDS
        inside = [ids[i] for i in hits[bisect_left(hits, start, hi=k + 1):bisect_left(hits, end)]]
        score = (len(frozenset().union(*inside)), sum(len(t) for t in inside))
        if score > best_score:
            best, best_score = start, score
    return best


def snippet(text: str, terms: Iterable[str]) -> dict[str, Any]:
    """{snippet, snippet_html, spans}: the best window of `text` with query hits marked."""
    wanted = frozenset(terms)
    tokens = token_terms(text)
    if not tokens:
        return {"snippet": "", "snippet_html": "", "spans": []}
    # one C-level pass: most tokens match nothing and need no Python step
    hits = list(compress(range(len(tokens)), map(not_, map(wanted.isdisjoint, tokens))))
    ids = {i: wanted.intersection(tokens[i]) for i in hits}
    first = _best_window(hits, len(tokens), ids)
    last = min(len(tokens), first + SNIPPET_WORDS) - 1
    where = token_spans(text, first, last)
    lo, hi = where[0][0], where[-1][1]
    spans: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(where, first):
        if i not in ids:
            continue
        parts = [(start, end)] if len(tokens[i]) == 1 else [
            (start + s, start + e) for term, s, e in part_spans(text[start:end])
            if term in wanted]
        for s, e in parts:
            if spans and spans[-1][1] >= s:  # a number split into parts: one span
                spans[-1] = (spans[-1][0], max(e, spans[-1][1]))
            else:
                spans.append((s, e))
    plain, marked, pos = [], [], lo
    for s, e in spans:
        plain += [text[pos:s], "[", text[s:e], "]"]
        marked += [html.escape(text[pos:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        pos = e
    plain.append(text[pos:hi])
    marked.append(html.escape(text[pos:hi]))
    pre = ELLIPSIS if lo > 0 else ""
    post = ELLIPSIS if hi < len(text.rstrip()) else ""
    return {
        "snippet": pre + " ".join("".join(plain).split()) + post,
        "snippet_html": pre + " ".join("".join(marked).split()) + post,
        "spans": [[s, e] for s, e in spans],
    }
