"""Build the judging pool for eval/search/queries.jsonl and merge grades back into it.

    python eval/search/pool.py sheet --db ANT.db --corpus ANT.jsonl.gz > sheet.txt
    python eval/search/pool.py merge grades.txt        ("q01 2210..." lines)

`sheet` prints, per query, the union of both systems' top POOL_DEPTH plus a few random
hits of a looser query (any of the words), each with its title and lead, for a person
to grade, numbered; records whose text is identical are shown once (they get the same
grade). A grades file line is the qid, then one digit (0/1/2) per numbered record in
sheet order; spaces are ignored.
The sheet holds third-party text: it goes to a scratch file, never into the repository.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from marsad.evaluation import search as ev
from marsad.store import SQLiteStore

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.jsonl"
LOOSE_SAMPLE = 3
LEAD_CHARS = 60
DUPS = Path("/tmp/marsad-pool-dups.json")
ORDER = Path("/tmp/marsad-pool-order.json")


def sheet(db: str, corpus: str) -> None:
    qs = ev.load_queries(QUERIES)
    store = SQLiteStore(db)
    records = ev.article_records(store, ev.record_ids(corpus))
    peer, _ = ev.build_peer(store, "/tmp/marsad-pool-peer.db")
    texts = {a["id"]: a for a in store.iter_export()}
    rng = random.Random(5)
    dups: dict[str, dict[str, str]] = {}
    order: dict[str, list[str]] = {}
    for q in qs:
        ours = ev.run_ours(store, q["query"], ev.POOL_DEPTH)
        theirs = ev.run_peer(peer, q["query"], ev.POOL_DEPTH)
        pooled = list(dict.fromkeys(ours + theirs))
        loose = ev.run_ours(store, " OR ".join(q["query"].replace('"', "").split()), 300)
        extra = [i for i in loose if i not in pooled]
        pooled += rng.sample(extra, min(LOOSE_SAMPLE, len(extra)))
        print(f"\n=== {q['qid']} | {q['query']} | {q['need']}")
        seen: dict[str, str] = {}
        for i in pooled:
            art = texts[i]
            key = art["text"][:400]
            tag = ("O" if i in ours else "-") + ("U" if i in theirs else "-")
            if key in seen:
                dups.setdefault(q["qid"], {})[records.get(i, f"#{i}")] = seen[key]
                continue
            seen[key] = records.get(i, f"#{i}")
            order.setdefault(q["qid"], []).append(seen[key])
            lead = " ".join(art["text"][:LEAD_CHARS].split())
            print(f"{len(order[q['qid']])} [{tag}] {art['title']} || {lead}")
    store.close()
    DUPS.write_text(json.dumps(dups), encoding="utf-8")
    ORDER.write_text(json.dumps(order), encoding="utf-8")


def merge(grades_path: str) -> None:
    grades: dict[str, dict[str, int]] = {}
    order = json.loads(ORDER.read_text(encoding="utf-8"))
    for line in Path(grades_path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            qid, digits = line.split(None, 1)
            digits = digits.replace(" ", "")
            if len(digits) != len(order[qid]):
                raise SystemExit(f"{qid}: {len(digits)} grades for {len(order[qid])} records")
            grades[qid] = {d: int(g) for d, g in zip(order[qid], digits, strict=True)}
    if DUPS.exists():  # identical texts shown once on the sheet get their twin's grade
        for qid, twins in json.loads(DUPS.read_text(encoding="utf-8")).items():
            for docno, rep in twins.items():
                if rep in grades.get(qid, {}):
                    grades[qid].setdefault(docno, grades[qid][rep])
    lines = []
    for q in ev.load_queries(QUERIES):
        q["judgments"] = dict(sorted({**q["judgments"], **grades.get(q["qid"], {})}.items()))
        lines.append(json.dumps(q, ensure_ascii=False))
    QUERIES.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1] == "sheet":
        sheet(sys.argv[sys.argv.index("--db") + 1], sys.argv[sys.argv.index("--corpus") + 1])
    else:
        merge(sys.argv[2])
