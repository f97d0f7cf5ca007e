"""Build src/marsad/arabic/data/span_nonname.txt: words that are almost never part of a name.

A word goes in when BOTH corpora agree it sits outside names:
  - ANERcorp train (../shared/data/ner/anercorp/train.txt, gold labels): seen at least
    MIN_GOLD times, inside an entity at most MAX_GOLD_INSIDE of them;
  - unlabelled dev news (ANT multisource, Feb-Apr 2018 only, never May; MARSAD's own
    tagger, one member): seen at least MIN_NEWS times, inside a tagged span at most
    MAX_NEWS_INSIDE of them.
ANERcorp alone lists heads its annotators left out of names but our news names keep
(«الحزب», «الشركة», «قمة»); the tagger alone would learn its own mistakes. The product
holds function words, verbs and common nouns (على، فإن، قال، جدول...). Words spelled like
a first name are kept out: ANERgazet's person tokens and `_PROTECT`.

    PYTHONPATH=src python scripts/build_span_words.py [--news N]

Output: one word per line (diacritics and tatweel removed, hamza and ى kept), with the
thresholds and counts in a header. Counts only: no corpus text is copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import Counter
from email.utils import parsedate_to_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "marsad" / "arabic" / "data" / "span_nonname.txt"

# Calibrated on dev news (ANT Feb-Apr 2018, the 3,000 articles counted here): with
# 20 ANERcorp occurrences the list missed nouns that open junk person spans («جدول»: 6
# in ANERcorp, 30 in the news, never inside a name); 3 catches them, and with at most
# 2% inside on both sides (0 for any word ANERcorp has fewer than 50 times) the only
# first names left were ones ANERgazet lists, which are excluded (`_gazetteer`): of the
# words opening a multi-word person span in those articles, none was then a real name.
MIN_GOLD = 3
MAX_GOLD_INSIDE = 0.02
MIN_NEWS = 30
MAX_NEWS_INSIDE = 0.02
SEED = 7
_DIAC = re.compile("[\u064b-\u0652\u0640\u0670]")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
# First names that are also common words (باسم "in the name of", أمل "hope"): never listed.
_PROTECT = frozenset("باسم أمل وليد عادل كريم سعيد جميل نبيل منير سمير رشيد حسن ".split())


def light(w: str) -> str:
    return _DIAC.sub("", w)


def _gazetteer() -> set[str]:
    """ANERgazet's person-name tokens: a word it lists as a name is never a non-name."""
    path = SHARED / "gazetteers" / "anergazet" / "AlignedPersGazetteer.txt"
    with path.open(encoding="utf-8", errors="ignore") as f:
        return {light(w) for ln in f for w in ln.split()}


def gold_counts() -> tuple[Counter, Counter]:
    tot: Counter = Counter()
    ins: Counter = Counter()
    for ln in (SHARED / "ner" / "anercorp" / "train.txt").open(encoding="utf-8"):
        parts = ln.split()
        if len(parts) != 2:
            continue
        w = light(parts[0])
        tot[w] += 1
        ins[w] += parts[1] != "O"
    return tot, ins


def news_texts(n: int) -> list[str]:
    docs = []
    path = SHARED / "news" / "ant_multisource" / "articles.jsonl.gz"
    for ln in gzip.open(path, "rt", encoding="utf-8"):
        d = json.loads(ln)
        try:
            t = parsedate_to_datetime(d.get("time") or "")
        except (TypeError, ValueError):
            continue
        if t.year == 2018 and t.month in (2, 3, 4) and d.get("text"):  # never May 2018
            docs.append((d["docno"], d["text"]))
    docs.sort()
    return [t for _, t in random.Random(SEED).sample(docs, min(n, len(docs)))]


def news_counts(texts: list[str]) -> tuple[Counter, Counter]:
    from marsad.arabic.tokenize import token_offsets
    from marsad.ner import load_tagger

    tagger = load_tagger(members=1)
    tot: Counter = Counter()
    ins: Counter = Counter()
    for text, spans in zip(texts, tagger.tag_many(texts), strict=True):
        inside = [(s.start, s.end) for s in spans]
        words, starts, _ = token_offsets(text)
        k = 0
        for w, s in zip(words, starts, strict=True):
            while k < len(inside) and inside[k][1] <= s:
                k += 1
            w = light(w)
            tot[w] += 1
            ins[w] += k < len(inside) and inside[k][0] <= s
    return tot, ins


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=int, default=3000, help="dev news articles to count")
    args = ap.parse_args()
    gtot, gins = gold_counts()
    ntot, nins = news_counts(news_texts(args.news))
    names = _gazetteer() | _PROTECT
    words = sorted(w for w in gtot
                   if _ARABIC_WORD.match(w) and w not in names
                   and gtot[w] >= MIN_GOLD and gins[w] / gtot[w] <= MAX_GOLD_INSIDE
                   and ntot[w] >= MIN_NEWS and nins[w] / ntot[w] <= MAX_NEWS_INSIDE)
    head = [
        "# Words almost never inside a name; built by scripts/build_span_words.py, do not edit.",
        f"# ANERcorp train: count >= {MIN_GOLD}, inside an entity <= {MAX_GOLD_INSIDE};",
        f"# dev news (ANT Feb-Apr 2018, {args.news} articles, seed {SEED}): count >= "
        f"{MIN_NEWS}, inside a tagged span <= {MAX_NEWS_INSIDE}. {len(words)} words.",
    ]
    OUT.write_text("\n".join(head + words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
