"""Latin → Arabic lookup on the ANETAC transliteration test split (3,013 names the model
never saw), one core: the share of English test names whose Arabic form the lookup finds
(hits@1, hits@5), and how fast names are transliterated.

Ours: each Arabic test form indexed under the latin_keys of its 3 best model spellings.
Peer: the same index and keys over a fixed letter-by-letter romanisation (DIN/Buckwalter
-like, marsad.translit.model.RULE_MAP), the rule a user would write without a model.
The ratio is hits@1 ours / peer; both run in this one process, so the peak RSS printed
beside the peer includes ours. names/s: to_latin on the test names with cold caches
(model loaded, no name seen before), then the same names again (warm: the lru cache).
"""

from __future__ import annotations

import time

from _common import SHARED, emit, need, peak_rss_mb

from marsad.evaluation.merge import ANETAC_TEST, evaluate_lookup
from marsad.translit import model, to_latin
from marsad.translit.model import rule_romanize

AR = need(SHARED / ANETAC_TEST[0], "translit")
names = AR.read_text(encoding="utf-8").splitlines()

t0 = time.perf_counter()
model()
load_s = time.perf_counter() - t0
t0 = time.perf_counter()
for n in names:
    to_latin(n)
cold = len(names) / (time.perf_counter() - t0)
t0 = time.perf_counter()
for n in names:
    to_latin(n)
warm = len(names) / (time.perf_counter() - t0)
t0 = time.perf_counter()
for n in names:
    rule_romanize(n)
rules_rate = len(names) / (time.perf_counter() - t0)

lookup = evaluate_lookup(SHARED)
emit({
    "bench": "translit",
    "what": f"ANETAC translit test ({lookup['names']:,} names): Latin lookup hits@1, 1 core",
    "ours": {"name": "to_latin (char-context model, 3-best) + latin_keys",
             "rate": lookup["model_hits1"] * 100, "unit": "% hits@1",
             "peak_rss_mb": peak_rss_mb()},
    "peer": {"name": "fixed romanisation + latin_keys", "rate": lookup["rules_hits1"] * 100,
             "unit": "% hits@1", "peak_rss_mb": peak_rss_mb()},
    "ratio": lookup["model_hits1"] / lookup["rules_hits1"],
    "extra": {
        "hits5_ours": lookup["model_hits5"],
        "hits5_rules": lookup["rules_hits5"],
        "to_latin_names_per_s_cold": round(cold),
        "to_latin_names_per_s_warm": round(warm),
        "rules_names_per_s": round(rules_rate),
        "model_load_s": round(load_s, 2),
        "queries_per_s": lookup["model_queries_per_s"],
    },
})
