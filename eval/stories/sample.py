"""Draw the story-gold windows: whole days of news, seeded, capped per outlet and day.

A story gold needs every article of a window (a story is only whole when its reactions
and follow-ups are there), so each window keeps all outlets and draws at most CAP
articles per outlet and day. Dev and test are different windows (split by time):

  dev-a   ANT multisource 2018-03-12..14 (five outlets)
  dev-b   ANT multisource 2018-04-09..11 (five outlets)
  dev-c   SaudiNewsNet crawled 2015-07-25 (aawsat, alwatan, okaz, alweeam)
  test-a  ANT multisource 2018-06-04..06 (five outlets)
  test-b  ANT multisource 2018-08-09..11 (BBC, CNN, France24, Sky News Arabia)
  test-c  SaudiNewsNet crawled 2015-08-10 (aawsat, alwatan, okaz, alweeam)

ANT May 2018 is reserved for independent measurement and never drawn.

Writes <out>/<window>.jsonl (third-party text: keep OUT of the repo) in Marsad's own
field names, plus <out>/<window>.view.txt, the numbered listing labellers read.

    python eval/stories/sample.py --out /work/storygold
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import json
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / ".." / "shared" / "data" / "news"
SEED = 20261206
CAP = 25  # articles per outlet and day
SNN_CAP = 70  # articles per paper in the one SaudiNewsNet day
SNN_PAPERS = ("aawsat", "alwatan", "okaz", "alweeam")
WINDOWS = {
    "dev-a": ("ant", ("2018-03-12", "2018-03-13", "2018-03-14")),
    "dev-b": ("ant", ("2018-04-09", "2018-04-10", "2018-04-11")),
    "dev-c": ("snn", ("2015-07-25",)),
    "test-a": ("ant", ("2018-06-04", "2018-06-05", "2018-06-06")),
    "test-b": ("ant", ("2018-08-09", "2018-08-10", "2018-08-11")),
    "test-c": ("snn", ("2015-08-10",)),
}
RESERVED = "2018-05"


def sha16(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def ant_records(days: set[str]) -> list[dict]:
    out, seen = [], set()
    with gzip.open(DATA / "ant_multisource" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            r = json.loads(line)
            try:
                when = email.utils.parsedate_to_datetime(r.get("time") or "")
            except (TypeError, ValueError):
                continue
            day = when.date().isoformat()
            if day.startswith(RESERVED) or day not in days or not (r.get("text") or "").strip():
                continue
            if r["url"] in seen:
                continue
            seen.add(r["url"])
            out.append({"dataset": "ant_multisource", "line": line_no, "id": r["docno"],
                        "url": r["url"], "title": r.get("title"), "text": r["text"],
                        "source": r["src"], "cat": r.get("cat"), "published": when.isoformat(),
                        "day": day})
    return out


def snn_records(days: set[str]) -> list[dict]:
    out, seen = [], set()
    with gzip.open(DATA / "saudinewsnet" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            r = json.loads(line)
            d = r.get("date_extracted") or ""
            if d[:10] not in days or r["source"] not in SNN_PAPERS:
                continue
            if not (r.get("content") or "").strip() or r["url"] in seen:
                continue
            seen.add(r["url"])
            out.append({"dataset": "saudinewsnet", "line": line_no, "id": r["url"], "url": r["url"],
                        "title": r.get("title"), "text": r["content"], "source": r["source"],
                        "cat": None, "published": d.replace(" ", "T"), "day": d[:10]})
    return out


def draw(window: str) -> list[dict]:
    kind, days = WINDOWS[window]
    rng = random.Random(f"{SEED}:{window}")
    pool = ant_records(set(days)) if kind == "ant" else snn_records(set(days))
    cells: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in pool:
        cells[(r["source"], r["day"])].append(r)
    cap = CAP if kind == "ant" else SNN_CAP
    picked = []
    for key in sorted(cells):
        rows = cells[key]
        picked += rows if len(rows) <= cap else rng.sample(rows, cap)
    return sorted(picked, key=lambda r: (r["published"][:19], r["id"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder outside the repo")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for window in WINDOWS:
        rows = draw(window)
        with open(out / f"{window}.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        with open(out / f"{window}.view.txt", "w", encoding="utf-8") as f:
            for n, r in enumerate(rows, 1):
                lead = " ".join((r["text"] or "").split())[:400]
                f.write(f"[{n}] {r['id']} | {r['source']}/{r['cat']} | {r['published'][:16]}\n"
                        f"    T: {r['title']}\n    L: {lead}\n")
        counts: dict[str, int] = defaultdict(int)
        for r in rows:
            counts[r["source"]] += 1
        print(window, len(rows), dict(counts))


if __name__ == "__main__":
    main()
