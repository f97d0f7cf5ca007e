"""Draw the entity-resolution gold corpora: seeded, stratified by outlet, split by time.

DEV  = ANT multisource Feb-Apr 2018 (~700) + SaudiNewsNet July 2015 (~150)
TEST = ANT multisource Jun-Aug 2018 (~700) + SaudiNewsNet August 2015 (~150)
ANT May 2018 is reserved for independent measurement and is never read past its date.

Writes <out>/dev.jsonl and <out>/test.jsonl (third-party text: keep them OUT of the repo)
in Marsad's own field names, in publication order, and eval/resolution/manifest-{dev,test}.json
(seed, counts, record ids only).

    python eval/resolution/sample.py --out /tmp/resgold
    python eval/resolution/sample.py --out /tmp/resgold --round 2   # dev2 (see README)

Round 2 (`dev2`) draws 2,000 more ANT Feb-Apr 2018 articles and 300 more SaudiNewsNet July
2015 ones, none of them in DEV: a larger corpus (namesakes meet more often as a corpus
grows), with candidates drawn from the code of its day, so the gold holds that code's own
mistakes rather than those of the code the first round was drawn from.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import json
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / ".." / "shared" / "data" / "news"
ANT = DATA / "ant_multisource" / "articles.jsonl.gz"
SNN = DATA / "saudinewsnet" / "articles.jsonl.gz"
SEED = 20260611
ANT_PER_SPLIT, SNN_PER_SPLIT = 700, 150
SPLITS = {
    "dev": {"ant_months": {(2018, 2), (2018, 3), (2018, 4)}, "snn_month": "2015-07"},
    "test": {"ant_months": {(2018, 6), (2018, 7), (2018, 8)}, "snn_month": "2015-08"},
}
RESERVED = (2018, 5)
ROUND2 = {"split": "dev2", "like": "dev", "ant": 2000, "snn": 300}


def _stratified(pool: dict[str, list[dict]], total: int, rng: random.Random) -> list[dict]:
    """Equal share per outlet (capped by what an outlet has), the remainder spread over the rest."""
    outlets = sorted(pool)
    for name in outlets:
        rng.shuffle(pool[name])
    take = dict.fromkeys(outlets, 0)
    left = total
    while left > 0:
        open_ = [o for o in outlets if take[o] < len(pool[o])]
        if not open_:
            break
        share = max(1, left // len(open_))
        for o in open_:
            add = min(share, len(pool[o]) - take[o], left)
            take[o] += add
            left -= add
            if left == 0:
                break
    return [r for o in outlets for r in pool[o][: take[o]]]


def _ant(months: set[tuple[int, int]]) -> dict[str, list[dict]]:
    pool: dict[str, list[dict]] = defaultdict(list)
    seen_urls: set[str] = set()
    with gzip.open(ANT, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            try:
                when = email.utils.parsedate_to_datetime(r.get("time") or "")
            except (TypeError, ValueError):
                continue
            ym = (when.year, when.month)
            if ym == RESERVED or ym not in months or not (r.get("text") or "").strip():
                continue
            if r["url"] in seen_urls:  # the gold finds an article by its url: keep it unique
                continue
            seen_urls.add(r["url"])
            pool[r["src"]].append({
                "id": r["docno"], "url": r["url"], "title": r.get("title"),
                "text": r["text"], "source": r["src"], "published": when.isoformat(),
            })
    return pool


def _snn(month: str) -> dict[str, list[dict]]:
    pool: dict[str, list[dict]] = defaultdict(list)
    seen_urls: set[str] = set()
    with gzip.open(SNN, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            d = r.get("date_extracted") or ""
            if not d.startswith(month) or not (r.get("content") or "").strip():
                continue
            if r["url"] in seen_urls:
                continue
            seen_urls.add(r["url"])
            pool[r["source"]].append({
                "id": r["url"], "url": r["url"], "title": r.get("title"),
                "text": r["content"], "source": r["source"], "published": d.replace(" ", "T"),
            })
    return pool


def _without(pool: dict[str, list[dict]], ids: set[str]) -> dict[str, list[dict]]:
    return {o: [r for r in rs if r["id"] not in ids] for o, rs in pool.items()} if ids else pool


def draw(split: str) -> list[dict]:
    """The records of one corpus (dev, test or dev2), in publication order: the same
    records on every machine (seeded)."""
    if split == ROUND2["split"]:
        spec, n_ant, n_snn = SPLITS[ROUND2["like"]], ROUND2["ant"], ROUND2["snn"]
        skip = set(json.loads((HERE / "manifest-dev.json").read_text(encoding="utf-8"))["ids"])
    else:
        spec, n_ant, n_snn, skip = SPLITS[split], ANT_PER_SPLIT, SNN_PER_SPLIT, set()
    rng = random.Random(f"{SEED}:{split}")
    ant = _stratified(_without(_ant(spec["ant_months"]), skip), n_ant, rng)
    snn = _stratified(_without(_snn(spec["snn_month"]), skip), n_snn, rng)
    return sorted(ant + snn, key=lambda r: (r["published"][:19], r["id"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder outside the repo for the JSONL corpora")
    ap.add_argument("--round", type=int, choices=(1, 2), default=1)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    splits = list(SPLITS) if args.round == 1 else [ROUND2["split"]]
    for split in splits:
        spec = SPLITS[ROUND2["like"]] if split == ROUND2["split"] else SPLITS[split]
        records = draw(split)
        with open(out / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        counts: dict[str, int] = defaultdict(int)
        for r in records:
            counts[r["source"]] += 1
        manifest = {
            "seed": SEED, "split": split, "script": "eval/resolution/sample.py",
            "ant_months": sorted(f"{y}-{m:02d}" for y, m in spec["ant_months"]),
            "saudinewsnet_month": spec["snn_month"], "counts": dict(sorted(counts.items())),
            "ids": [r["id"] for r in records],
        }
        (HERE / f"manifest-{split}.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(split, len(records), dict(counts))


if __name__ == "__main__":
    main()
