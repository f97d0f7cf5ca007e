"""The dates stage on the first 5,000 ANT multisource articles, one core: articles/s and
time expressions/s of `extract_dates`, beside dateparser's `search_dates` (languages=['ar']).

dateparser is ~100x slower, so it runs on the first PEER_ARTICLES of the same articles and
ours is timed again on exactly those for the ratio. Each article is resolved against a
fixed reference date (ANT's `time` field is not a parseable date for every source).
Peak RSS: ours is measured before dateparser is imported; the peer's figure is the
process peak after it ran (so it includes ours).
"""

from __future__ import annotations

import time
from datetime import date, datetime

from _common import SHARED, ant_texts, emit, need, peak_rss_mb

from marsad.stages.dates import extract_dates

ARTICLES = 5_000
PEER_ARTICLES = 300
# Best of a few passes keeps other jobs' noise out (single passes moved by 40% while the
# machine was shared); dateparser runs once, which flatters ours less than it might.
REPEATS = 3
REFERENCE = date(2018, 6, 1)  # inside ANT's collection period
ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "dates")

texts = ant_texts(ANT, ARTICLES)
words = sum(len(t.split()) for t in texts)


def run_ours(batch: list[str]) -> tuple[float, int]:
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        found = sum(len(extract_dates(t, REFERENCE)) for t in batch)
        best = min(best, time.perf_counter() - t0)
    return best, found


extract_dates(texts[0], REFERENCE)  # tables and patterns load once, outside the timing
ours_s, ours_found = run_ours(texts)
ours_rss = peak_rss_mb()

from dateparser.search import search_dates  # noqa: E402  (after ours: RSS above is ours)

peer_batch = texts[:PEER_ARTICLES]
settings = {"RELATIVE_BASE": datetime(REFERENCE.year, REFERENCE.month, REFERENCE.day)}
search_dates(peer_batch[0][:200], languages=["ar"], settings=settings)
t0 = time.perf_counter()
peer_found = sum(len(search_dates(t, languages=["ar"], settings=settings) or [])
                 for t in peer_batch)
peer_s = time.perf_counter() - t0
ours_same_s, ours_same_found = run_ours(peer_batch)

emit({
    "bench": "dates",
    "what": f"{len(texts)} ANT articles ({words:,} words): extract_dates per article, 1 core, "
            f"best of {REPEATS}; peer once on the first {PEER_ARTICLES}",
    "ours": {"name": "marsad.stages.dates.extract_dates", "rate": len(texts) / ours_s,
             "unit": "articles/s", "peak_rss_mb": ours_rss},
    "peer": {"name": "dateparser.search.search_dates(languages=['ar'])",
             "rate": PEER_ARTICLES / peer_s, "unit": "articles/s", "peak_rss_mb": peak_rss_mb()},
    "ratio": (PEER_ARTICLES / ours_same_s) / (PEER_ARTICLES / peer_s),
    "extra": {
        "ours_expressions_per_s": round(ours_found / ours_s),
        "ours_ms_per_250_words": round(ours_s / words * 250 * 1e3, 3),
        "ours_expressions_per_article": round(ours_found / len(texts), 2),
        "peer_expressions_per_s": round(peer_found / peer_s),
        "peer_expressions_per_article": round(peer_found / PEER_ARTICLES, 2),
        "ours_expressions_per_article_on_peer_batch": round(ours_same_found / PEER_ARTICLES, 2),
    },
})
