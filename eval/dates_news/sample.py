"""Draw the news time-expression gold (issue 13): 64 articles from four regions' outlets.

  Maghreb  ANT jawharafm (Tunisia; جانفي، فيفري ...)        16
  Gulf     SaudiNewsNet (14 Saudi papers, July-Aug 2015)    16
  pan-Arab ANT multisource Sky News Arabia / Al Arabiya      16
  intl     ANT multisource BBC / CNN / France24 Arabic       16

An article is eligible when its body has 80-400 words and at least three date-like
words by a generic pattern (month names of every calendar in use, weekdays, a four-digit
year, أمس/غدا/اليوم) - not Marsad's tagger, so the draw does not favour what it knows.
ANT May 2018 is never drawn. Dev/test alternate in draw order (split by document).
Writes <out>/sample.jsonl: dataset, line, id, dct (the publication date the values are
resolved against), split, and the body to read (keep it OUT of the repo).

    python eval/dates_news/sample.py --out /work/dategold
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEWS = HERE.parents[1] / ".." / "shared" / "data" / "news"
SEED = 20261206
PER_GROUP = 16
MONTHS = ("يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|"
          "نوفمبر|ديسمبر|جانفي|فيفري|أفريل|افريل|ماي|جوان|جويلية|أوت|كانون|شباط|آذار|نيسان|أيار|"
          "حزيران|تموز|آب|أيلول|تشرين|محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|القعدة|الحجة")
DATEY = re.compile(rf"(?<![\w])(?:{MONTHS}|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|"
                   r"الجمعة|السبت|أمس|غدا|اليوم|[12][0-9]{3})(?![\w])")


def _eligible(body: str) -> bool:
    n = len(body.split())
    return 80 <= n <= 400 and len(DATEY.findall(body)) >= 3


def _ant(path: Path, outlets: set[str] | None) -> list[dict]:
    out, seen = [], set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            r = json.loads(line)
            body, docno = r.get("text") or "", r.get("docno") or ""
            if outlets is not None and r.get("src") not in outlets:
                continue
            if re.search(r"-201805\d\d$", docno) or not _eligible(body) or body[:200] in seen:
                continue
            t = r.get("time") or ""
            try:
                dct = email.utils.parsedate_to_datetime(t).date().isoformat()
            except (TypeError, ValueError):
                dct = t[:10] if re.match(r"\d{4}-\d\d-\d\d", t) else None
            if not dct:
                continue
            seen.add(body[:200])
            out.append({"line": line_no, "id": docno, "dct": dct, "source": r.get("src"),
                        "body": body})
    return out


def _snn(path: Path) -> list[dict]:
    out, seen = [], set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            r = json.loads(line)
            body = r.get("content") or ""
            if not _eligible(body) or body[:200] in seen:
                continue
            seen.add(body[:200])
            out.append({"line": line_no, "id": r["url"], "dct": (r.get("date_extracted") or "")[:10],
                        "source": r["source"], "body": body})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args()
    rng = random.Random(SEED)
    groups = [
        ("ant_jawharafm", "maghreb", _ant(NEWS / "ant_jawharafm" / "articles.jsonl.gz", None)),
        ("saudinewsnet", "gulf", _snn(NEWS / "saudinewsnet" / "articles.jsonl.gz")),
        ("ant_multisource", "pan-arab", _ant(NEWS / "ant_multisource" / "articles.jsonl.gz",
                                              {"skynews", "alarabia"})),
        ("ant_multisource", "intl", _ant(NEWS / "ant_multisource" / "articles.jsonl.gz",
                                          {"BBC", "CNN", "france24"})),
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    picks = []
    for dataset, region, pool in groups:
        for r in rng.sample(pool, PER_GROUP):
            picks.append({"dataset": dataset, "region": region, **r})
    with open(args.out / "sample.jsonl", "w", encoding="utf-8") as f:
        for i, p in enumerate(picks):
            p["split"] = "dev" if i % 2 == 0 else "test"
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(len(picks), "articles ->", args.out / "sample.jsonl")


if __name__ == "__main__":
    main()
