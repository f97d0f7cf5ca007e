"""Quotation extraction: articles/s and quotes/s over 5,000 ANT articles, one core, and
the quality beside the naive peer on the gold test split.

Peer: text inside «» or "" with the nearest preceding قال-family verb
(`marsad.evaluation.quotes.naive_quotes`). It finds no indirect speech at all, so the F1
ratio is large; the speed ratio shows what our clause reading costs.
"""

from __future__ import annotations

import time

from _common import ROOT, SHARED, ant_texts, emit, need, peak_rss_mb

from marsad.evaluation.quotes import evaluate_quotes, naive_quotes
from marsad.stages.quotes import extract_quotes

ARTICLES = 5_000
# Each pass takes a few seconds; the best of two keeps a busy machine's noise out.
REPEATS = 2
ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "quotes")
GOLD = ROOT / "eval" / "quotes" / "gold.jsonl"

texts = ant_texts(ANT, ARTICLES)
words = sum(len(t.split()) for t in texts)


def timed(fn) -> tuple[float, int]:
    """Best seconds over REPEATS passes of fn over every article, and the quotes found."""
    best, found = float("inf"), 0
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        found = sum(len(fn(t)) for t in texts)
        best = min(best, time.perf_counter() - t0)
    return best, found


ours_s, ours_n = timed(extract_quotes)
ours_rss = peak_rss_mb()
peer_s, peer_n = timed(naive_quotes)
test = evaluate_quotes(GOLD, SHARED / "data", "test")["systems"]
ours_q, peer_q = test["marsad"], test["naive"]

emit({
    "bench": "quotes",
    "what": f"{len(texts)} ANT articles ({words:,} words), extract_quotes per article, "
            f"1 core, best of {REPEATS}; quality on the gold test split "
            f"({ours_q['gold_quotes']} quotes)",
    "ours": {"name": "marsad.stages.quotes", "rate": len(texts) / ours_s,
             "unit": "articles/s", "peak_rss_mb": ours_rss},
    "peer": {"name": "naive «»/\"\" + قال", "rate": len(texts) / peer_s, "unit": "articles/s",
             "peak_rss_mb": peak_rss_mb()},
    "ratio": peer_s / ours_s,
    "extra": {
        "ours_quotes_per_s": round(ours_n / ours_s),
        "peer_quotes_per_s": round(peer_n / peer_s),
        "ours_ms_per_250_words": round(ours_s / words * 250 * 1000, 3),
        "test_span_f1_ours": round(ours_q["span_f1"], 4),
        "test_span_f1_peer": round(peer_q["span_f1"], 4),
        "f1_ratio_ours_over_peer": round(ours_q["span_f1"] / peer_q["span_f1"], 2)
        if peer_q["span_f1"] else None,
        "test_speaker_accuracy_ours": round(ours_q["speaker_accuracy"], 4),
        "test_via_accuracy_ours": round(ours_q["via_accuracy"], 4),
    },
})
