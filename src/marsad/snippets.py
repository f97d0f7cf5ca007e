"""Highlighted snippets in the original display text, from analysed-term offsets.

The window is the run of SNIPPET_WORDS words holding the most distinct query terms
(then the most hits, then the earliest); hits are marked « [ » « ] » in plain text and
with <mark> in HTML (the text is escaped first). Offsets are into the article text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from marsad.arabic.stem import analyze_with_offsets

# About two lines of a result list; long enough to show a hit in its sentence.
SNIPPET_WORDS = 30
ELLIPSIS = "…"


def _best_window(hits: list[int], n_words: int, ids: list[str | None]) -> int:
    """Index of the first word of the best window (hits = word indices that match)."""
    if not hits:
        return 0
    best, best_score = 0, (-1, -1)
    for first in hits:  # a best window can always start at a hit
        start = max(0, min(first, n_words - SNIPPET_WORDS))
        inside = [ids[i] for i in range(start, min(n_words, start + SNIPPET_WORDS)) if ids[i]]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best, best_score = start, score
    return best


def snippet(text: str, terms: Iterable[str]) -> dict[str, Any]:
    """{snippet, snippet_html, spans}: the best window of `text` with query hits marked."""
    wanted = set(terms)
    words = analyze_with_offsets(text)
    if not words:
        return {"snippet": "", "snippet_html": "", "spans": []}
    ids = [t if t in wanted else None for t, _s, _e in words]
    hits = [i for i, t in enumerate(ids) if t]
    first = _best_window(hits, len(words), ids)
    last = min(len(words), first + SNIPPET_WORDS) - 1
    lo, hi = words[first][1], words[last][2]
    spans: list[tuple[int, int]] = []
    for i in range(first, last + 1):
        if ids[i]:
            s, e = words[i][1], words[i][2]
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
