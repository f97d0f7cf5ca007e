"""Event extraction (the actor graph's input): articles/s and events/s over 2,000 ANT
articles, one core, and the quality beside the naive peer on our labelled sentences.

Mentions come from the NER model + resolver when the model loads (else from the eval's
actor list: `eval/events/score.py --spans gazetteer`); they are computed first and not
timed, so the rate is the events stage alone.
Peer: every actor pair of a sentence holding any trigger, with the quad class of the
sentence's first trigger (`eval/events/score.py: naive_edges`); the ratio is edge F1.
"""

from __future__ import annotations

import sys
import time

from _common import ROOT, SHARED, ant_texts, emit, need, peak_rss_mb

sys.path.insert(0, str(ROOT / "eval" / "events"))

from score import evaluate, gazetteer_spans, naive_edges  # noqa: E402

from marsad.stages.events import extract_events  # noqa: E402
from marsad.stages.resolve import resolve_document  # noqa: E402

ARTICLES = 2_000
# Each pass takes about a second; the best of three keeps a busy machine's noise out.
REPEATS = 3
ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "events")

texts = ant_texts(ANT, ARTICLES)
words = sum(len(t.split()) for t in texts)

try:
    from marsad.ner import load_tagger

    tagged = load_tagger().tag_many(texts)
    spans_of = [[(s.start, s.end, s.label) for s in spans] for spans in tagged]
    marker = "NER model + resolver"
except Exception:  # noqa: BLE001 -- no model: the eval's actor list
    spans_of = [gazetteer_spans(t) for t in texts]
    marker = "actor list (no NER model)"
docs = [(t, *resolve_document(t, sp)) for t, sp in zip(texts, spans_of, strict=True)]
mentions_n = sum(len(m) for _, m, _ in docs)


def timed(fn) -> tuple[float, int]:
    """Best CPU seconds of this process over REPEATS passes (the machine is shared: wall
    time measures the neighbours), and what the last pass found."""
    best, found = float("inf"), 0
    for _ in range(REPEATS):
        t0 = time.process_time()
        found = sum(len(fn(t, m, e)) for t, m, e in docs)
        best = min(best, time.process_time() - t0)
    return best, found


ours_s, ours_n = timed(extract_events)
ours_rss = peak_rss_mb()
peer_s, peer_n = timed(naive_edges)
q_all = evaluate(split="all")["systems"]
q_test = evaluate(split="test")["systems"]


def _f1_ratio(q: dict) -> float | None:
    return round(q["marsad"]["edge_f1"] / q["naive"]["edge_f1"], 2) if q["naive"]["edge_f1"] else None


emit({
    "bench": "events",
    "what": f"{len(texts)} ANT articles ({words:,} words, {mentions_n:,} mentions from "
            f"{marker}), extract_events per article, 1 core, CPU time, best of {REPEATS}; quality on "
            "eval/events/gold.jsonl (actor-list spans)",
    "ours": {"name": "marsad.stages.events", "rate": len(texts) / ours_s,
             "unit": "articles/s", "peak_rss_mb": ours_rss},
    "peer": {"name": "naive pair + any trigger", "rate": len(texts) / peer_s,
             "unit": "articles/s", "peak_rss_mb": peak_rss_mb()},
    "ratio": peer_s / ours_s,
    "extra": {
        "ours_events_per_s": round(ours_n / ours_s),
        "ours_events": ours_n,
        "peer_edges": peer_n,
        "ours_ms_per_250_words": round(ours_s / words * 250 * 1000, 3),
        "edge_f1_all_ours": q_all["marsad"]["edge_f1"],
        "edge_f1_all_peer": q_all["naive"]["edge_f1"],
        "f1_ratio_all_ours_over_peer": _f1_ratio(q_all),
        "edge_f1_test_ours": q_test["marsad"]["edge_f1"],
        "edge_f1_test_peer": q_test["naive"]["edge_f1"],
        "f1_ratio_test_ours_over_peer": _f1_ratio(q_test),
        "quad_accuracy_all_ours": q_all["marsad"]["quad_accuracy"],
    },
})
