"""The Arabic toolkit on ~5 MB of ANT multisource article text, one core: chars/s of key,
display, tokenize and sentences, each called once per article.

Peer for key(): the normaliser a user typically writes, one re.sub per folding rule
(alef forms, yaa, taa marbuta, hamza carriers, harakat, tatweel, invisible characters,
Arabic-Indic digits, whitespace) plus lower(). It folds less than key() does (no
compatibility forms, no marks outside the Arabic block, no punctuation folding), so the
ratio flatters the peer, if anything.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from typing import Any

from _common import SHARED, emit, need, peak_rss_mb

from marsad.arabic import display, key, sentences, tokenize

TARGET_BYTES = 5_000_000  # UTF-8 bytes of article text to process
# Each pass takes well under a second; the best of a few keeps a busy machine's noise out
# (single runs of key() moved by 25% while other jobs ran).
REPEATS = 5
ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "arabic")

texts: list[str] = []
size = 0
with gzip.open(ANT, "rt", encoding="utf-8") as f:
    for line in f:
        text = json.loads(line).get("text") or ""
        if text.strip():
            texts.append(text)
            size += len(text.encode("utf-8"))
            if size >= TARGET_BYTES:
                break
chars = sum(map(len, texts))

_DIGITS = {ord(d): str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")}
NAIVE_RULES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile("[إأآٱ]"), "ا"),
    (re.compile("ى"), "ي"),
    (re.compile("ة"), "ه"),
    (re.compile("ؤ"), "و"),
    (re.compile("ئ"), "ي"),
    (re.compile("[\u064b-\u0652\u0670]"), ""),  # harakat, shadda, sukun, dagger alef
    (re.compile("\u0640"), ""),  # tatweel
    (re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"), ""),  # invisible
    (re.compile("[٠-٩]"), lambda m: m.group(0).translate(_DIGITS)),
    (re.compile(r"\s+"), " "),
]


def naive_key(text: str) -> str:
    """The regex-chain normaliser: one pass of re.sub per rule."""
    for pattern, repl in NAIVE_RULES:
        text = pattern.sub(repl, text)
    return text.lower().strip()


def chars_per_s(fn) -> float:
    """Characters per second of fn applied to every article, best of REPEATS passes."""
    best = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t0)
    return chars / best


rates = {name: chars_per_s(fn) for name, fn in
         (("key", key), ("display", display), ("tokenize", tokenize), ("sentences", sentences))}
ours_rss = peak_rss_mb()
peer = chars_per_s(naive_key)

emit({
    "bench": "arabic",
    "what": f"{len(texts)} ANT articles, {size / 1e6:.1f} MB ({chars:,} chars): key() per article, 1 core, best of {REPEATS}",
    "ours": {"name": "marsad.arabic.key", "rate": rates["key"], "unit": "chars/s",
             "peak_rss_mb": ours_rss},
    "peer": {"name": f"regex chain ({len(NAIVE_RULES)} re.sub + lower)", "rate": peer,
             "unit": "chars/s", "peak_rss_mb": peak_rss_mb()},
    "ratio": rates["key"] / peer,
    "extra": {f"{name}_mchars_per_s": round(r / 1e6, 2) for name, r in rates.items()},
})
