"""Names to label for the news-name table (src/marsad/translit/model/news_names.tsv).

    python scripts/news_names_candidates.py --db ant.db --out /tmp/latin [--per 450 ...]

`ant.db`: a store holding all of ANT multisource (`marsad ingest … --preset ant`). The most
mentioned entities of each type are counted over canonical articles published outside
May-August 2018: May is reserved for independent measurement and June-August are the
resolution gold's TEST months, so the table is chosen without them. Each candidate is
written with its top aliases, the system's current Latin and one context, in batches of
240 for the labellers (outside the repository: the contexts are third-party text). The
labelled spellings, never the contexts, go into news_names.tsv (MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

EXCLUDED = ("2018-05", "2018-09")  # [from, to): reserved month + resolution TEST months
MIN_MENTIONS = 8


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", required=True)
    for t, n in (("per", 450), ("org", 250), ("loc", 200), ("misc", 60)):
        ap.add_argument(f"--{t}", type=int, default=n, help=f"{t.upper()} names (default {n})")
    args = ap.parse_args()
    quota = {"PER": args.per, "ORG": args.org, "LOC": args.loc, "MISC": args.misc}
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    outside = "(a.published < ? OR a.published >= ?)"
    rows = conn.execute(
        "SELECT e.id, e.type, e.name, e.latin, count(*) n FROM mentions m "
        "JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id "
        f"WHERE a.duplicate_of IS NULL AND {outside} GROUP BY e.id ORDER BY n DESC",
        EXCLUDED).fetchall()
    got = dict.fromkeys(quota, 0)
    out = []
    for eid, etype, name, latin, n in rows:
        if n < MIN_MENTIONS or got.get(etype, 0) >= quota.get(etype, 0):
            continue
        aliases = [a for (a,) in conn.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id=? ORDER BY count DESC LIMIT 4",
            (eid,))]
        hit = conn.execute(
            "SELECT a.text, m.start, m.end FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.entity_id = ? AND {outside} LIMIT 1", (eid, *EXCLUDED)).fetchone()
        context = hit[0][max(0, hit[1] - 80):hit[2] + 60].replace("\n", " ") if hit else ""
        got[etype] += 1
        out.append({"id": len(out) + 1, "type": etype, "name": name, "aliases": aliases,
                    "mentions": n, "current_latin": latin, "context": context})
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(out), 240):
        with open(folder / f"batch{i // 240 + 1}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in out[i:i + 240])
    print(f"{len(out)} candidates {got} -> {folder}")


if __name__ == "__main__":
    main()
