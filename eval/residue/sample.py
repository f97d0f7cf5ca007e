"""Draw the residue line gold (issue 13): articles of every outlet in ../shared/data/news.

  SaudiNewsNet   14 papers x 6 articles
  ANT multisource 5 outlets x 8 articles (May 2018 never drawn: reserved)
  ANT JawharaFM   10 articles

An article is eligible when it has 3-40 non-blank lines (JawharaFM: 2-40; its bodies are
one or two paragraphs) and at most 6,000 characters; nothing else about its lines is looked
at, so the draw does not favour residue the cleaner knows. Dev/test is split by outlet (the
held-out measurement brings outlets, and so residue kinds, the rules never saw): the test
outlets are drawn once with the seed, below. Writes <out>/sample.jsonl with the lines to
label (keep it OUT of the repo) and prints the split.

    python eval/residue/sample.py --out /tmp/residue_work
    python eval/residue/sample.py --out /tmp/residue_work --merge /tmp/residue_work/labels_*.jsonl

--merge writes eval/residue/gold.jsonl from the annotators' files: ids, line indexes and
labels only. A note «inline <kind>: <words>» becomes character offsets of those words in
the line; other notes are dropped (they may quote the article).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEWS = HERE.parents[1] / ".." / "shared" / "data" / "news"
SEED = 20261207
PER = {"saudinewsnet": 6, "ant_multisource": 8, "ant_jawharafm": 10}
MAX_CHARS = 6000
# Drawn with random.Random(SEED).sample over the sorted outlet names, 5 of 14 and 2 of 5.
TEST_SHARE = {"saudinewsnet": 5, "ant_multisource": 2, "ant_jawharafm": 1}


def body_of(dataset: str, rec: dict) -> str:
    return (rec.get("content") if dataset == "saudinewsnet" else rec.get("text")) or ""


def outlet_of(dataset: str, rec: dict) -> str:
    return str(rec.get("source") if dataset == "saudinewsnet" else rec.get("src"))


def sha(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]


def _eligible(dataset: str, rec: dict, body: str) -> bool:
    lines = [x for x in body.split("\n") if x.strip()]
    low = 2 if dataset == "ant_jawharafm" else 3
    if dataset != "saudinewsnet" and re.search(r"-201805\d\d$", rec.get("docno") or ""):
        return False
    return low <= len(lines) <= 40 and len(body) <= MAX_CHARS


def draw(dataset: str, rng: random.Random) -> tuple[list[dict], set[str]]:
    by_outlet: dict[str, list[tuple[int, dict]]] = {}
    with gzip.open(NEWS / dataset / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            rec = json.loads(line)
            body = body_of(dataset, rec)
            if _eligible(dataset, rec, body):
                by_outlet.setdefault(outlet_of(dataset, rec), []).append((line_no, rec))
    outlets = sorted(by_outlet)
    test = set(rng.sample(outlets, TEST_SHARE[dataset]))
    out = []
    for outlet in outlets:
        seen: set[str] = set()
        pool = by_outlet[outlet][:]
        rng.shuffle(pool)
        for line_no, rec in pool:
            body = body_of(dataset, rec)
            if body[:200] in seen:
                continue
            seen.add(body[:200])
            lines = body.split("\n")
            out.append({"dataset": dataset, "line": line_no, "id": rec.get("docno") or rec.get("url"),
                        "source": outlet, "split": "test" if outlet in test else "dev",
                        "sha1": sha(body), "title": rec.get("title") or "",
                        "lines": [[i, x] for i, x in enumerate(lines) if x.strip()]})
            if len(seen) >= PER[dataset]:
                break
    return out, test


def merge(sample: Path, label_files: list[str]) -> list[dict]:
    rows = {r["key"]: r for r in map(json.loads, sample.read_text(encoding="utf-8").splitlines())}
    labels: dict[int, list[dict]] = {}
    for name in label_files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                got = json.loads(line)
                labels[int(got["key"])] = got["labels"]
    out = []
    for key, r in sorted(rows.items()):
        text = dict((n, x) for n, x in r["lines"])
        items = []
        for it in labels[key]:
            item = {"n": int(it["n"]), "label": it["label"], "kind": it.get("kind")}
            m = re.match(r"^inline\s+(\w+)\s*:\s*(.+)$", it.get("note") or "", re.S)
            if m:
                # annotators sometimes add a remark in brackets after the words
                words = re.sub(r"\s*\([^()]*\)\s*$", "", m.group(2)).strip().strip("«»\"")
                start = text[item["n"]].find(words)
                if start < 0:
                    raise SystemExit(f"article {key} line {item['n']}: inline words not in the line")
                item["inline"] = [{"kind": m.group(1), "start": start, "end": start + len(words)}]
            items.append(item)
        if {i["n"] for i in items} != set(text):
            raise SystemExit(f"article {key}: labelled lines differ from the shown lines")
        out.append({k: r[k] for k in ("dataset", "line", "id", "source", "split", "sha1")}
                   | {"lines": items})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--merge", nargs="+", help="annotators' label files -> gold.jsonl")
    args = ap.parse_args()
    if args.merge:
        gold = merge(Path(args.out) / "sample.jsonl", args.merge)
        with open(HERE / "gold.jsonl", "w", encoding="utf-8") as f:
            for g in gold:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
        print(len(gold), "articles ->", HERE / "gold.jsonl")
        return
    rng = random.Random(SEED)
    rows: list[dict] = []
    for dataset in PER:
        got, test = draw(dataset, rng)
        print(dataset, "test outlets:", ", ".join(sorted(test)), "articles:", len(got))
        rows += got
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "sample.jsonl", "w", encoding="utf-8") as f:
        for k, r in enumerate(rows):
            f.write(json.dumps({"key": k, **r}, ensure_ascii=False) + "\n")
    print(len(rows), "articles,", sum(len(r["lines"]) for r in rows), "lines ->", out / "sample.jsonl")


if __name__ == "__main__":
    main()
