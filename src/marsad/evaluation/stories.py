"""`marsad eval stories`: B-cubed precision/recall/F1 of story clustering against a gold.

The gold (eval/stories/gold-*.jsonl) names articles of ../shared/data/news by dataset and
line, with a SHA-1 of the body and a story key; no text. The scorer rebuilds the corpus
from the shared data, ingests it into a fresh store in publication order (the online
clusterer sees the stream as a user's ingest would) and reads each article's story back.
`--db` scores an existing store instead (one ingested from the same articles).

B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009) averages, over gold articles, the
share of an article's system story that is in its gold story (precision) and of its gold
story that is in its system story (recall). Articles in no story count as singletons.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.errors import InputError

if TYPE_CHECKING:
    from marsad.store.sqlite import SQLiteStore

# dataset → (file under data/news, body field)
DATASETS = {
    "ant_multisource": ("ant_multisource/articles.jsonl.gz", "text"),
    "saudinewsnet": ("saudinewsnet/articles.jsonl.gz", "content"),
}
SIZE_BINS = ((1, 1), (2, 4), (5, 9), (10, 19), (20, 49), (50, 10**9))


def sha16(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    try:
        rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read story gold {p}: {exc}") from exc
    for r in rows:
        if not {"dataset", "line", "url", "story"} <= r.keys():
            raise InputError(f"{p}: a gold line needs dataset, line, url and story: {r}")
    return rows


def corpus(rows: list[dict[str, Any]], data: str | Path) -> list[dict[str, Any]]:
    """The gold's articles as Marsad JSONL records, in publication order. Raises
    InputError when an article is missing or its body changed (sha1)."""
    news = Path(data) / "news"
    wanted: dict[str, dict[int, dict]] = defaultdict(dict)
    for r in rows:
        wanted[r["dataset"]][int(r["line"])] = r
    out = []
    for dataset, lines in wanted.items():
        if dataset not in DATASETS:
            raise InputError(f"unknown dataset {dataset!r} in the story gold")
        rel, field = DATASETS[dataset]
        path = news / rel
        if not path.exists():
            raise InputError(f"{path} is missing (the gold's articles are read from it)")
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f):
                g = lines.get(n)
                if g is None:
                    continue
                rec = json.loads(line)
                body = rec.get(field) or ""
                if g.get("sha1") and sha16(body) != g["sha1"]:
                    raise InputError(f"{dataset} line {n}: body changed since the gold was made")
                out.append({"url": rec["url"], "title": rec.get("title"), "text": body,
                            "source": rec.get("src") or rec.get("source"),
                            "published": g.get("published") or _published(rec)})
        found = {r["url"] for r in out}
        lost = [g["url"] for g in lines.values() if g["url"] not in found]
        if lost:
            raise InputError(f"{len(lost)} gold articles not found in {path}, e.g. {lost[0]}")
    return sorted(out, key=lambda r: (r["published"] or "", r["url"]))


def _published(rec: dict[str, Any]) -> str | None:
    import email.utils

    if rec.get("date_extracted"):
        return rec["date_extracted"].replace(" ", "T")
    try:
        return email.utils.parsedate_to_datetime(rec.get("time") or "").isoformat()
    except (TypeError, ValueError):
        return None


def bcubed(gold: dict[str, str], system: dict[str, Any]) -> dict[str, float]:
    """B-cubed P/R/F1 over the gold's items; an item without a system cluster (None or
    absent) is a singleton."""
    sys_of = {k: (("none", k) if system.get(k) is None else ("s", system[k])) for k in gold}
    g_members: dict[str, set] = defaultdict(set)
    s_members: dict[Any, set] = defaultdict(set)
    for k, g in gold.items():
        g_members[g].add(k)
        s_members[sys_of[k]].add(k)
    p = r = 0.0
    for k, g in gold.items():
        same = len(g_members[g] & s_members[sys_of[k]])
        p += same / len(s_members[sys_of[k]])
        r += same / len(g_members[g])
    n = len(gold) or 1
    p, r = p / n, r / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def size_distribution(clusters: dict[str, Any]) -> dict[str, Any]:
    sizes: Counter[Any] = Counter()
    for k, c in clusters.items():
        sizes[("none", k) if c is None else c] += 1
    bins = {f"{lo}" if lo == hi else (f"{lo}+" if hi > 10**8 else f"{lo}-{hi}"):
            sum(1 for s in sizes.values() if lo <= s <= hi) for lo, hi in SIZE_BINS}
    return {"stories": len(sizes), "largest": sorted(sizes.values(), reverse=True)[:5],
            "bins": bins}


def score_store(store: SQLiteStore, rows: list[dict[str, Any]]) -> dict[str, Any]:
    from marsad.store.sqlite.resolution import stories_by_url

    gold = {r["url"]: r["story"] for r in rows}
    found = stories_by_url(store, gold)
    if not found:
        raise LookupError("no gold article is in this database")
    system = {u: found.get(u) for u in gold}
    report: dict[str, Any] = {"articles": len(gold), "missing": sum(u not in found for u in gold)}
    report.update(bcubed(gold, system))
    report["by_window"] = {}
    windows = sorted({r.get("window") or "all" for r in rows})
    for w in windows:
        keys = {r["url"] for r in rows if (r.get("window") or "all") == w}
        report["by_window"][w] = bcubed({u: gold[u] for u in keys}, system)
        report["by_window"][w]["articles"] = len(keys)
    report["system_sizes"] = size_distribution(system)
    report["gold_sizes"] = size_distribution(gold)
    return report


def evaluate_stories(gold_path: str | Path, data: str | Path, db: str | None = None,
                     on_progress: Any = None) -> dict[str, Any]:
    """Ingest the gold's articles into a fresh store (or read `db`) and score its stories."""
    import tempfile

    from marsad import service
    from marsad.ingest import ReadOptions
    from marsad.store import SQLiteStore

    rows = load_gold(gold_path)
    if db is not None:
        store = SQLiteStore(db, readonly=True)
        try:
            return score_store(store, rows)
        finally:
            store.close()
    records = corpus(rows, data)
    with tempfile.TemporaryDirectory(prefix="marsad-stories-") as tmp:
        path = Path(tmp) / "gold.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        store = SQLiteStore(str(Path(tmp) / "gold.db"))
        try:
            service.ingest(store, [str(path)], ReadOptions(), on_progress=on_progress)
            return score_store(store, rows)
        finally:
            store.close()


def format_report(r: dict[str, Any]) -> str:
    lines = [f"{r['articles']} gold articles ({r['missing']} not in the store)",
             f"B-cubed precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
             f"F1 {r['f1']:.3f}", ""]
    for w, m in r["by_window"].items():
        lines.append(f"  {w:8} n={m['articles']:4}  P {m['precision']:.3f}  R {m['recall']:.3f}"
                     f"  F1 {m['f1']:.3f}")
    for name in ("system_sizes", "gold_sizes"):
        s = r[name]
        lines.append(f"\n{name.replace('_', ' ')}: {s['stories']} stories, largest "
                     f"{s['largest']}, by size {s['bins']}")
    return "\n".join(lines)
