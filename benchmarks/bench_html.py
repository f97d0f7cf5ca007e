"""HTML → clean article text on 300 pages of trafilatura's evaluation set, one core:
our extract + clean beside plain trafilatura.extract (the peer the issue names).

Both take the page bytes; ours decodes them as trafilatura does (the "marsad" system of
marsad.evaluation.extract, so both extract from the same string). One untimed pass first
fills the one-time caches (lxml, dateparser's per-language tables), as in a long ingest;
the cold first-pass rates are in "extra".
"""

from __future__ import annotations

import time

from _common import SHARED, emit, need, peak_rss_mb

from marsad.evaluation.extract import (
    load_pages,
    run_marsad,
    run_marsad_ingest,
    run_trafilatura,
)

PAGES = 300
EVAL = need(SHARED / "data/html/trafilatura_eval", "html")

pages = [page for _, _, page in load_pages(EVAL, limit=PAGES)]
mb = sum(map(len, pages)) / 1e6


def rate(fn) -> float:
    """Pages per second of fn over all pages, one core."""
    t0 = time.perf_counter()
    for page in pages:
        fn(page)
    return len(pages) / (time.perf_counter() - t0)


ours_cold = rate(run_marsad)
ours = rate(run_marsad)
ingest = rate(run_marsad_ingest)
ours_rss = peak_rss_mb()
peer_cold = rate(run_trafilatura)
peer = rate(run_trafilatura)


def run_trafilatura_with_metadata(page: bytes):
    """Equal work: trafilatura also asked for title, author, date, site (as we are)."""
    import trafilatura

    return trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                       include_tables=True)


peer_meta = rate(run_trafilatura_with_metadata)

emit({
    "bench": "html",
    "what": f"{len(pages)} pages ({mb:.0f} MB) of trafilatura's eval set: HTML → article text, 1 core",
    "ours": {"name": "marsad extract + clean", "rate": ours, "unit": "pages/s",
             "peak_rss_mb": ours_rss},
    "peer": {"name": "trafilatura.extract (its eval options)", "rate": peer,
             "unit": "pages/s", "peak_rss_mb": peak_rss_mb()},
    "ratio": ours / peer,
    "extra": {"ours_cold_pages_per_s": round(ours_cold, 1),
              "peer_cold_pages_per_s": round(peer_cold, 1),
              "ours_with_our_reader_pages_per_s": round(ingest, 1),
              "trafilatura_with_metadata_pages_per_s": round(peer_meta, 1),
              "ratio_to_trafilatura_with_metadata": round(ours / peer_meta, 2),
              "ours_mb_per_s": round(ours * mb / len(pages), 2)},
})
