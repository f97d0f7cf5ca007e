"""Search at scale: index build time and size, query latency p50/p95/p99 at 31.5k-1M articles.

    python benchmarks/bench_search_scale.py                    ANT only (31.5k), quick
    python benchmarks/bench_search_scale.py --sizes 100k,1m    `make bench-scale`
        [--base DB] [--workdir DIR] [--keep]
    python benchmarks/bench_search_scale.py --measure SCALE_DB PEER_DB   latency only

Corpus. ANT multisource alone for the default size. Larger sizes start from ANT +
ANT jawharafm + SaudiNewsNet (~72k real articles from 20 outlets) ingested through the
full pipeline (or a copy of `--base`, a database already holding them), then grow to N by
replicating rows at the store level with perturbations, so no two copies are identical:
the lead sentence is kept and the rest shuffled, one sentence dropped and one repeated,
two words of one sentence replaced by words from elsewhere in the same article, and the
date moved by up to a year. Copies are plain rows (no dedup signature): this measures
search, not dedup. The full pipeline would cost ~20 min of both cores per million.

Our index is then rebuilt from scratch over all N rows (`marsad.arabic.stem.analyze` in
one worker process per core, one writer inserting, as the ingest runner splits the work):
its wall time is the index build time. Above REANALYSE_MAX articles (the 1M run) that
costs an hour of a shared 2-core machine, so there the copies' index terms are assembled
from the base articles' analysed sentences instead (analysis is per token, so a reordered
text has the reordered terms; the sentence whose words were swapped is analysed afresh),
and only the base is analysed: the record then gives the analysis rate measured on the
base and the measured wall time of writing every copy's row and index entry, separately. The peer, FTS5 `unicode61` over the same raw title
and text (same BM25 weights), is built in its own file. Latency: every query of
eval/search/queries.jsonl, top 20; "cold" = the first run of each query on a fresh
connection (SQLite's page cache empty; the OS file cache is not dropped), "warm" = the
next WARM_RUNS runs. Ours is timed as service.search (with snippets, duplicates
collapsed: what `marsad search` and the API do) and as the store query alone; the peer
returns the top 20 and the total count, as ours does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import ROOT, SHARED, emit, need, peak_rss_mb

from marsad import service
from marsad.arabic.sentences import sentences
from marsad.arabic.stem import analyze, analyze_with_offsets
from marsad.ingest import ReadOptions
from marsad.query import parse
from marsad.store import SQLiteStore
from marsad.store.sqlite import fts

NEWS = SHARED / "data/news"
ANT = NEWS / "ant_multisource/articles.jsonl.gz"
BASE_CORPORA = [(ANT, "ant"), (NEWS / "ant_jawharafm/articles.jsonl.gz", "ant"),
                (NEWS / "saudinewsnet/articles.jsonl.gz", "saudinewsnet")]
QUERIES = [json.loads(line)["query"] for line in
           (ROOT / "eval/search/queries.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
SIZES = {"ant": 0, "100k": 100_000, "1m": 1_000_000}
REANALYSE_MAX = 200_000
WARM_RUNS = 3
TOP = 20
SLICE = 2_000
MAX_SHIFT_DAYS = 365
PEER_TABLE = ("CREATE VIRTUAL TABLE peer_fts USING fts5(title, body, content='', "
              "tokenize='unicode61')")
PEER_SQL = ("SELECT rowid, bm25(peer_fts, 4.0, 1.0) AS r, "
            "(SELECT count(*) FROM peer_fts WHERE peer_fts MATCH ?1) "
            "FROM peer_fts WHERE peer_fts MATCH ?1 ORDER BY r LIMIT 20")
# Benchmark-only SQL: bulk copies of stored rows (the store has no API for fake articles).
COPY_SQL = ("INSERT INTO articles (uid, origin, input_format, encoding, url, source_id, "
            "title, published, author, lang, text, key_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
BASE_SQL = ("SELECT id, origin, input_format, encoding, url, source_id, title, published, "
            "author, lang, text FROM articles ORDER BY id")


def perturb(row: tuple, copy: int, rng: random.Random) -> tuple:
    """One copy of a stored row: sentences reordered, dropped, repeated; words swapped."""
    (aid, origin, fmt, enc, url, source_id, title, published, author, lang, text) = row
    sents = [text[s:e] for s, e in sentences(text)] or [text]
    lead, rest = sents[0], sents[1:]
    rng.shuffle(rest)
    if len(rest) > 2:
        rest.pop(rng.randrange(len(rest)))
        rest.insert(rng.randrange(len(rest) + 1), rng.choice(rest))
    body = [lead, *rest]
    words = text.split()
    i = rng.randrange(len(body))
    sent = body[i].split()
    for _ in range(2):
        if sent and words:
            sent[rng.randrange(len(sent))] = rng.choice(words)
    body[i] = " ".join(sent)
    new_text = " ".join(body)
    if published:
        try:
            day = datetime.fromisoformat(published[:10])
            published = (day + timedelta(days=rng.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS))
                         ).date().isoformat()
        except ValueError:
            pass
    key_hash = hashlib.blake2b(new_text.encode(), digest_size=16).hexdigest()
    return (f"scale:{aid}:{copy}", f"{origin}#copy{copy}", fmt, enc, url, source_id, title,
            published, author, lang, new_text, key_hash,
            datetime.now(UTC).isoformat(timespec="seconds"))


def replicate(conn: sqlite3.Connection, n: int) -> float:
    """Grow the articles table to n rows with perturbed copies; seconds taken."""
    base = conn.execute(BASE_SQL).fetchall()
    have = len(base)
    t0 = time.perf_counter()
    rng = random.Random(31)
    copy = 0
    while have < n:
        copy += 1
        for start in range(0, len(base), SLICE):
            batch = [perturb(r, copy, rng) for r in base[start:start + SLICE]][:n - have]
            conn.execute("BEGIN")
            conn.executemany(COPY_SQL, batch)
            conn.execute("COMMIT")
            have += len(batch)
            if have >= n:
                break
    return time.perf_counter() - t0


def _analyse_sentences(rows: list[tuple]) -> list[tuple]:
    """(title terms, [(sentence, its terms)]) per stored row, terms joined by spaces."""
    out = []
    for row in rows:
        text = row[10]
        spans = sentences(text) or [(0, len(text))]
        per: list[list[str]] = [[] for _ in spans]
        i = 0
        for term, start, _end in analyze_with_offsets(text):
            while i + 1 < len(spans) and start >= spans[i + 1][0]:
                i += 1
            per[i].append(term)
        out.append((" ".join(analyze(row[6] or "")),
                    [(text[s:e], " ".join(t)) for (s, e), t in zip(spans, per, strict=True)]))
    return out


def perturb_terms(row: tuple, parts: list[tuple[str, str]], copy: int,
                  rng: random.Random) -> tuple[tuple, str]:
    """`perturb` on pre-analysed sentences: the copy's row and its body terms."""
    (aid, origin, fmt, enc, url, source_id, title, published, author, lang, text) = row
    lead, rest = parts[0], parts[1:]
    rng.shuffle(rest)
    if len(rest) > 2:
        rest.pop(rng.randrange(len(rest)))
        rest.insert(rng.randrange(len(rest) + 1), rng.choice(rest))
    body = [lead, *rest]
    words = text.split()
    i = rng.randrange(len(body))
    sent = body[i][0].split()
    for _ in range(2):
        if sent and words:
            sent[rng.randrange(len(sent))] = rng.choice(words)
    swapped = " ".join(sent)
    body[i] = (swapped, " ".join(analyze(swapped)))
    new_text = " ".join(b[0] for b in body)
    if published:
        try:
            day = datetime.fromisoformat(published[:10])
            published = (day + timedelta(days=rng.randint(-MAX_SHIFT_DAYS, MAX_SHIFT_DAYS))
                         ).date().isoformat()
        except ValueError:
            pass
    key_hash = hashlib.blake2b(new_text.encode(), digest_size=16).hexdigest()
    return ((f"scale:{aid}:{copy}", f"{origin}#copy{copy}", fmt, enc, url, source_id, title,
             published, author, lang, new_text, key_hash,
             datetime.now(UTC).isoformat(timespec="seconds")),
            " ".join(b[1] for b in body if b[1]))


def replicate_with_terms(conn: sqlite3.Connection, n: int) -> dict:
    """Grow to n rows, writing each copy's index entry from the base's analysed sentences."""
    base = conn.execute(BASE_SQL).fetchall()
    t0 = time.perf_counter()
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        analysed = [a for chunk in pool.imap(
            _analyse_sentences, (base[i:i + SLICE] for i in range(0, len(base), SLICE)))
            for a in chunk]
    analysis_s = time.perf_counter() - t0
    have, copy = len(base), 0
    rng = random.Random(31)
    t0 = time.perf_counter()
    while have < n:
        copy += 1
        for start in range(0, len(base), SLICE):
            conn.execute("BEGIN")
            fts_rows = []
            for row, (title_terms, parts) in zip(base[start:start + SLICE],
                                                 analysed[start:start + SLICE], strict=True):
                if have >= n:
                    break
                art, body_terms = perturb_terms(row, parts, copy, rng)
                cur = conn.execute(COPY_SQL, art)
                fts_rows.append((cur.lastrowid, title_terms, body_terms))
                have += 1
            conn.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                             fts_rows)
            conn.execute("COMMIT")
            if have >= n:
                break
    return {"base_analysis_s": round(analysis_s, 1),
            "base_analysis_articles_per_s": round(len(base) / analysis_s),
            "copies_written_s": round(time.perf_counter() - t0, 1),
            "copies_written_per_s": round((n - len(base)) / (time.perf_counter() - t0))}


def _analyse(rows: list[tuple]) -> list[tuple]:
    return [(aid, " ".join(analyze(title or "")), " ".join(analyze(text)))
            for aid, title, text in rows]


def _slices(path: str):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    last = 0
    while True:
        rows = conn.execute("SELECT id, title, text FROM articles WHERE id > ? ORDER BY id "
                            "LIMIT ?", (last, SLICE)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def rebuild_ours(conn: sqlite3.Connection, path: str) -> tuple[int, float]:
    """Drop and rebuild articles_fts over every row: (articles, wall seconds)."""
    conn.execute("DROP TABLE IF EXISTS articles_fts")
    conn.execute(fts.FTS_TABLE_SQL)
    t0 = time.perf_counter()
    n = 0
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        for terms in pool.imap(_analyse, _slices(path)):
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                             terms)
            conn.execute("COMMIT")
            n += len(terms)
    return n, time.perf_counter() - t0


def build_peer(path: str, peer_path: str) -> float:
    Path(peer_path).unlink(missing_ok=True)
    peer = sqlite3.connect(peer_path, isolation_level=None)
    peer.execute("PRAGMA journal_mode = OFF")
    t0 = time.perf_counter()
    peer.execute(PEER_TABLE)
    peer.execute("BEGIN")
    for rows in _slices(path):
        peer.executemany("INSERT INTO peer_fts (rowid, title, body) VALUES (?, ?, ?)",
                         ((i, t or "", x) for i, t, x in rows))
    peer.execute("COMMIT")
    peer.close()
    return time.perf_counter() - t0


def peer_match(q: str) -> str:
    from marsad.evaluation.search import peer_match as match
    return match(q)


def latency(fn) -> dict[str, list[float]]:
    """ms per query: cold (first run) and warm (the next WARM_RUNS runs)."""
    cold: list[float] = []
    warm: list[float] = []
    for q in QUERIES:
        for run in range(WARM_RUNS + 1):
            t0 = time.perf_counter()
            fn(q)
            (cold if run == 0 else warm).append((time.perf_counter() - t0) * 1000)
    return {"cold": cold, "warm": warm}


def pct(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": round(statistics.median(ms), 1), "p95": round(q[94], 1),
            "p99": round(q[98], 1)}


def measure(path: str, peer_path: str) -> dict:
    """Latency of ours (service, store-only) and of the peer, cold then warm."""
    store = SQLiteStore(path, readonly=True)
    service_ms = latency(lambda q: service.search(store, q, limit=TOP))
    store.close()
    store = SQLiteStore(path, readonly=True)
    store_ms = latency(lambda q: store.search(parse(q), TOP))
    store.close()
    peer = sqlite3.connect(f"file:{peer_path}?mode=ro", uri=True)
    peer_ms = latency(lambda q: peer.execute(PEER_SQL, (peer_match(q),)).fetchall())
    peer.close()
    return {name: {k: pct(v) for k, v in ms.items()}
            for name, ms in (("ours_service", service_ms), ("ours_store", store_ms),
                             ("peer", peer_ms))}


def index_mb(conn: sqlite3.Connection, like: str) -> float:
    size = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", (like,)).fetchone()
    return round((size[0] or 0) / 1e6, 1)


def base_db(workdir: str, corpora: list, base: str | None) -> str:
    path = os.path.join(workdir, f"base-{len(corpora)}.db")
    if base:
        with sqlite3.connect(base) as conn:  # a copy of the main file must hold every page
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(base, path)
        return path
    if not os.path.exists(path):
        store = SQLiteStore(path)
        for corpus, preset in corpora:
            service.ingest(store, [str(need(corpus, "search_scale"))], ReadOptions(preset=preset),
                           annotations=False)
        store.close()
    return path


def progress(label: str, **done) -> None:
    """A phase's numbers on stderr as soon as they are known (a 1M run takes a while)."""
    print(json.dumps({"size": label, **done}), file=sys.stderr, flush=True)


def run_size(label: str, workdir: str, base: str | None) -> dict:
    n = SIZES[label] if label in SIZES else int(label)
    corpora = BASE_CORPORA[:1] if n == 0 else BASE_CORPORA
    src = base_db(workdir, corpora, base if n else None)
    path = os.path.join(workdir, f"scale-{label}.db")
    shutil.copy(src, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    real = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assembled = None
    if n > REANALYSE_MAX:
        assembled = replicate_with_terms(conn, n)
        copy_s = assembled["copies_written_s"]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        build_s = assembled["base_analysis_s"] + copy_s
    else:
        copy_s = replicate(conn, n) if n > real else 0.0
        articles, build_s = rebuild_ours(conn, path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ours_mb = index_mb(conn, "articles_fts%")
    conn.close()
    progress(label, articles=articles, replicated_s=round(copy_s, 1),
             ours_build_s=round(build_s, 1), ours_index_mb=ours_mb, **(assembled or {}))
    peer_path = os.path.join(workdir, f"peer-{label}.db")
    peer_s = build_peer(path, peer_path)
    progress(label, peer_build_s=round(peer_s, 1))
    return {
        "bench": "search_scale", "size": label, "articles": articles,
        "real_articles": real, "replicated_s": round(copy_s, 1),
        "ours_build_s": round(build_s, 1), "ours_build_articles_per_s": round(articles / build_s),
        "ours_build_mode": "terms assembled from the analysed base" if assembled
        else "every article analysed", **(assembled or {}),
        "peer_build_s": round(peer_s, 1), "peer_build_articles_per_s": round(articles / peer_s),
        "db_mb": round(os.path.getsize(path) / 1e6, 1), "ours_index_mb": ours_mb,
        "peer_index_mb": round(os.path.getsize(peer_path) / 1e6, 1),
        "queries": len(QUERIES), "latency_ms": measure(path, peer_path),
        "db": path, "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("MARSAD_SCALE_SIZES", "ant"),
                        help="comma list of: " + ", ".join(SIZES))
    parser.add_argument("--workdir", default=None, help="where the databases go")
    parser.add_argument("--base", default=None,
                        help="a database already holding ANT + jawharafm + SaudiNewsNet")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--measure", nargs=2, metavar=("DB", "PEER_DB"), default=None,
                        help="only time the queries on databases a --keep run left")
    args = parser.parse_args()
    if args.measure:  # the same latency as a full run, on the code as it is now
        ours_db, peer_db = args.measure
        with sqlite3.connect(f"file:{ours_db}?mode=ro", uri=True) as conn:
            n = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
        lat = measure(ours_db, peer_db)
        ours, peer = lat["ours_service"]["warm"], lat["peer"]["warm"]
        emit({"bench": "search_scale", "what": f"{n:,} articles (--measure), top {TOP}",
              "extra": {"latency_ms": lat, "db": ours_db, "peak_rss_mb": peak_rss_mb()},
              "ours": {"name": "marsad search (service, warm)", "rate": 1000 / ours["p50"],
                       "unit": "queries/s at p50", "peak_rss_mb": peak_rss_mb()},
              "peer": {"name": "FTS5 unicode61 (warm)", "rate": 1000 / peer["p50"],
                       "unit": "queries/s at p50"},
              "ratio": peer["p50"] / ours["p50"]})
        return
    need(ANT, "search_scale")
    workdir = args.workdir or tempfile.mkdtemp(prefix="marsad-scale-")
    os.makedirs(workdir, exist_ok=True)
    try:
        for label in args.sizes.split(","):
            rec = run_size(label.strip(), workdir, args.base)
            lat = rec["latency_ms"]
            ours, peer = lat["ours_service"]["warm"], lat["peer"]["warm"]
            rec = {"bench": "search_scale",
                   "what": f"{rec['articles']:,} articles, {rec['queries']} queries, top {TOP}",
                   "extra": rec}
            rec.update(ours={"name": "marsad search (service, warm)", "rate": 1000 / ours["p50"],
                             "unit": "queries/s at p50", "peak_rss_mb": rec["extra"]["peak_rss_mb"]},
                       peer={"name": "FTS5 unicode61 (warm)", "rate": 1000 / peer["p50"],
                             "unit": "queries/s at p50"},
                       ratio=peer["p50"] / ours["p50"])
            emit(rec)
            if not args.keep:
                for f in Path(workdir).glob(f"*-{label}.db*"):
                    f.unlink()
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
