"""Search quality on a judged query set: our analysed index beside FTS5's `unicode61`.

The query file (eval/search/queries.jsonl) holds one JSON object per line: `qid`, the
`query` as a user types it, the written information `need`, and `judgments`, a map of
corpus record id (ANT `docno`) → grade 0 (not relevant) / 1 (partly) / 2 (highly).

Systems, run over the same stored articles in one process:
  ours       `marsad.query.parse` + the store's BM25 search over `articles_fts`
             (analysed terms), duplicates NOT collapsed, so both systems rank the same
             candidate set and only the text analysis differs.
  unicode61  a plain FTS5 table (tokenize='unicode61', SQLite's default) over the same
             stored title and text, same BM25 column weights; the query's words are each
             double-quoted ("quoted phrases" stay phrases), as benchmarks/bench_search.py
             does. This is what an SQLite user gets without Arabic analysis.

Metrics over the top 10 (k): nDCG@10 with gain 2^grade - 1 and the ideal ranking built
from every judged grade of the query; MRR (first result graded >= 1, over the top 10);
P@10 (grade >= 1); judged@10, the share of the top 10 that carries a judgment. A
retrieved article whose record is unjudged counts as not relevant: the judgments come
from pooling both systems' top 20, so at k=10 coverage should be full on the set as
built, and a falling judged@10 says the pool needs topping up.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.query import parse
from marsad.store import SQLiteStore

K = 10
# Pool depth used when the set was judged (see eval/search/README.md); `pool` reports it.
POOL_DEPTH = 20
SYSTEMS = ("ours", "unicode61")
# The peer index lives in its own temporary file: the user's database stays untouched.
# SQLite's default tokenizer; same (title, body) BM25 weights as marsad.store.sqlite.fts.
_PEER_TABLE = ("CREATE VIRTUAL TABLE peer_fts USING fts5(title, body, content='', "
               "tokenize='unicode61')")
_PEER_SEARCH = ("SELECT rowid FROM peer_fts WHERE peer_fts MATCH ? "
                "ORDER BY bm25(peer_fts, 4.0, 1.0), rowid LIMIT ?")
_LINE_RE = re.compile(r"#L(\d+)")
_PHRASE_RE = re.compile(r'"([^"]*)"?|(\S+)')


# ---------------------------------------------------------------- metrics


def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain with gain 2^g - 1 and log2(rank + 1) discount."""
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg(ranked: Sequence[int], judged: Iterable[int], k: int = K) -> float:
    """nDCG@k of the grades in ranked order against the ideal order of all judged grades."""
    ideal = dcg(sorted(judged, reverse=True)[:k])
    return dcg(list(ranked)[:k]) / ideal if ideal > 0 else 0.0


def reciprocal_rank(ranked: Sequence[int], k: int = K) -> float:
    """1 / rank of the first result graded >= 1 within the top k (0 when none)."""
    for i, g in enumerate(list(ranked)[:k]):
        if g >= 1:
            return 1.0 / (i + 1)
    return 0.0


def precision(ranked: Sequence[int], k: int = K) -> float:
    """Share of the top k graded >= 1 (a short list still divides by k)."""
    return sum(1 for g in list(ranked)[:k] if g >= 1) / k


def score_run(run: dict[str, list[str]], judgments: dict[str, dict[str, int]],
              k: int = K) -> dict[str, Any]:
    """Mean nDCG@k, MRR, P@k and judged@k of one system's ranked record ids per query.

    Unjudged records count as grade 0. Queries without any relevant judgment still count
    (nDCG 0), so a system cannot gain by a query nobody can answer.
    """
    per_query = {}
    for qid, ids in run.items():
        grades = judgments.get(qid, {})
        ranked = [grades.get(i, 0) for i in ids[:k]]
        top = ids[:k]
        per_query[qid] = {
            "ndcg": ndcg(ranked, grades.values(), k),
            "rr": reciprocal_rank(ranked, k),
            "p": precision(ranked, k),
            "judged": (sum(1 for i in top if i in grades) / len(top)) if top else 1.0,
            "hits": len(ids),
        }
    n = max(1, len(per_query))

    def mean(key: str) -> float:
        return sum(q[key] for q in per_query.values()) / n

    return {f"ndcg{k}": mean("ndcg"), "mrr": mean("rr"), f"p{k}": mean("p"),
            f"judged{k}": mean("judged"),
            "zero_hit_queries": sum(1 for q in per_query.values() if q["hits"] == 0),
            "per_query": per_query}


# ---------------------------------------------------------------- data


def load_queries(path: str | Path) -> list[dict[str, Any]]:
    """The judged queries; InputError on a line that is not a query object."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                q = json.loads(line)
                q["qid"], q["query"] = str(q["qid"]), str(q["query"])
                q["judgments"] = {str(d): int(g) for d, g in q.get("judgments", {}).items()}
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"{path}:{n}: not a judged query ({exc})") from exc
            out.append(q)
    return out


def record_ids(corpus: str | Path, id_fields: Sequence[str] = ("docno", "id")) -> dict[int, str]:
    """Line number → the record's id (first of `id_fields` present) in a JSONL(.gz) corpus.

    Our stored origins end in #L<n>, the line the article came from.
    """
    import gzip

    opener = gzip.open if str(corpus).endswith(".gz") else open
    out = {}
    with opener(corpus, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            rid = next((rec[f] for f in id_fields if rec.get(f)), None)
            if rid:
                out[n] = str(rid)
    return out


def article_records(store: SQLiteStore, line_ids: dict[int, str]) -> dict[int, str]:
    """Stored article id → corpus record id, through the `#L<n>` of its origin."""
    out = {}
    for art in store.list_articles(limit=1 << 40):
        m = _LINE_RE.search(art["origin"] or "")
        if m and int(m.group(1)) in line_ids:
            out[art["id"]] = line_ids[int(m.group(1))]
    return out


# ---------------------------------------------------------------- systems


def peer_match(query: str) -> str:
    """The unicode61 MATCH for a user query: each word quoted, quoted phrases kept."""
    parts = []
    for m in _PHRASE_RE.finditer(query):
        text = (m.group(1) if m.group(1) is not None else m.group(2)).replace('"', "")
        if text.strip() and text not in ("OR", "AND", "NOT"):
            parts.append('"' + text.strip() + '"')
    return " ".join(parts) or '""'


def build_peer(store: SQLiteStore, path: str) -> tuple[sqlite3.Connection, float]:
    """The unicode61 index over the store's titles and texts; (connection, build seconds).

    `path` is a new file (its old content, if any, is replaced).
    """
    Path(path).unlink(missing_ok=True)
    peer = sqlite3.connect(path, isolation_level=None)
    peer.execute("PRAGMA journal_mode = OFF")
    t0 = time.perf_counter()
    peer.execute(_PEER_TABLE)
    peer.execute("BEGIN")
    peer.executemany("INSERT INTO peer_fts (rowid, title, body) VALUES (?, ?, ?)",
                     ((a["id"], a["title"] or "", a["text"]) for a in store.iter_export()))
    peer.execute("COMMIT")
    return peer, time.perf_counter() - t0


def run_ours(store: SQLiteStore, query: str, depth: int) -> list[int]:
    """Article ids our search ranks first for `query` (duplicates kept)."""
    parsed = parse(query)
    if parsed.empty:
        return []
    return [r["id"] for r in store.search(parsed, depth, collapse_duplicates=False)[2]]


def run_peer(peer: sqlite3.Connection, query: str, depth: int) -> list[int]:
    """Article ids the unicode61 index ranks first for `query`."""
    try:
        return [r[0] for r in peer.execute(_PEER_SEARCH, (peer_match(query), depth))]
    except sqlite3.OperationalError:
        return []


# ---------------------------------------------------------------- the evaluation


def open_store(corpus: str | Path, db: str, preset: str | None = None) -> SQLiteStore:
    """A store holding `corpus`: `db` reused when it has articles, else ingested into it.

    No preset by default: the JSONL reader's aliases already map ANT's docno/src/time.
    Core pipeline only (annotations=False): search needs the clean text and its terms,
    not entities or stories, which would triple the ingest time.
    """
    from marsad import service
    from marsad.ingest import ReadOptions

    store = SQLiteStore(db)
    if store.count_articles() == 0:
        service.ingest(store, [str(corpus)], ReadOptions(preset=preset), annotations=False)
    return store


def evaluate_search(queries: str | Path, corpus: str | Path, db: str | None = None,
                    k: int = K, depth: int = POOL_DEPTH,
                    qids: Sequence[str] | None = None) -> dict[str, Any]:
    """Score both systems on the judged queries; `runs` keeps each ranked record list."""
    qs = load_queries(queries)
    if qids:
        qs = [q for q in qs if q["qid"] in set(qids)]
    judgments = {q["qid"]: q["judgments"] for q in qs}
    with tempfile.TemporaryDirectory(prefix="marsad-eval-search-") as tmp:
        t0 = time.perf_counter()
        store = open_store(corpus, db or os.path.join(tmp, "eval.db"))
        ingest_s = time.perf_counter() - t0
        try:
            records = article_records(store, record_ids(corpus))
            peer, peer_s = build_peer(store, os.path.join(tmp, "peer.db"))
            runs: dict[str, dict[str, list[str]]] = {s: {} for s in SYSTEMS}
            for q in qs:
                ours = run_ours(store, q["query"], depth)
                theirs = run_peer(peer, q["query"], depth)
                runs["ours"][q["qid"]] = [records.get(i, f"#{i}") for i in ours]
                runs["unicode61"][q["qid"]] = [records.get(i, f"#{i}") for i in theirs]
            peer.close()
            articles = store.count_articles()
        finally:
            store.close()
    systems = {s: score_run(runs[s], judgments, k) for s in SYSTEMS}
    by_tag: dict[str, dict[str, float]] = {}
    for tag in sorted({t for q in qs for t in q.get("tags", [])}):
        tagged = [q["qid"] for q in qs if tag in q.get("tags", [])]
        by_tag[tag] = {"queries": len(tagged), **{
            s: sum(systems[s]["per_query"][qid]["ndcg"] for qid in tagged) / len(tagged)
            for s in SYSTEMS}}
    return {
        "queries": len(qs), "articles": articles, "k": k, "depth": depth,
        "judgments": sum(len(j) for j in judgments.values()),
        "relevant": sum(1 for j in judgments.values() for g in j.values() if g >= 1),
        "ingest_s": round(ingest_s, 1), "peer_build_s": round(peer_s, 1),
        **systems, "ndcg10_by_tag": by_tag, "runs": runs,
    }
