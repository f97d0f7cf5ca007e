"""The terms a story is compared by: an article's title and text, analysed, inline bylines
out. Shared by the similarity features and the IDF and LSA tables trained on the same
terms (stories/idf.py, stories/lsa.py)."""

from __future__ import annotations

import re

from marsad.arabic.stem import analyze

# Longest text analysed per article: a story is told in its first paragraphs, and the
# cap keeps represent() bounded on 50-page documents. ~20k characters is ~3.5k words;
# the longest dev text is 1k characters, so this never cut a measured text.
MAX_CHARS = 20_000
# An inline byline ("كتب: باسل الحلواني", "كتبت ـ رقية عبد") names the reporter, not the
# story: two stories by one reporter shared it as their rarest terms. The marker needs a
# colon or dash after it, so the verb (كتب الرئيس رسالة) stays. Dev: 12 of 220 texts,
# Pearson 0.589 -> 0.592 (small, but the rule is right on its face).
BYLINE = re.compile(r"كتبت?\s*[-:ـ–]+\s*(?:\S+\s+)?\S+")


def story_terms(title: str | None, text: str) -> list[str]:
    """Analysed terms of title + text, inline bylines out (what the IDF stream counts)."""
    return analyze(BYLINE.sub(" ", f"{title}\n{text}" if title else text))


def terms_from_index(title: str | None, text: str,
                     index_terms: tuple[str, str] | None) -> list[str] | None:
    """`story_terms(title, text)` read off the search terms the index stage already made,
    when they are the same terms (no byline to drop, nothing cut); else None. Saves the
    pipeline a second analysis of every article (~0.5 ms of ~10)."""
    if index_terms is None or len(text) > MAX_CHARS:
        return None
    if BYLINE.search(f"{title}\n{text}" if title else text):
        return None
    return index_terms[0].split() + index_terms[1].split()
