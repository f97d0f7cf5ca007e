"""`marsad eval residue` on the news residue gold (eval/residue/gold.jsonl, issue 13).

The gold names articles of ../shared/data/news by dataset and line (with the SHA-1 of the
body it was labelled on) and labels their lines by index into `body.split("\\n")`:
`content`, `residue` (with a kind), or `title`/`unsure` (not scored). Line decisions are
measured on corpus output, the way a user's knowledge base grows: for every outlet of the
chosen articles, `context` of its other articles (those just before its labelled ones in
the file, never ANT May 2018) are ingested into a fresh store, then the labelled articles
in a second run, so what the cleaner learned across an outlet's pages counts. A labelled line is kept when its words are in the
stored title or text of its article (or of an article split off it).

A content line may carry residue glued to it (`inline`: [{kind, start, end}], character
offsets into the line); those words are scored apart, as `inline_residue_left`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.evaluation.dates import NEWS_BODIES
from marsad.evaluation.residue import line_key

SCORED = ("content", "residue")
CONTEXT_PER_OUTLET = 300
_FIELDS = {"ant_multisource": {"id": "docno", "source": "src", "published": "time", "url": "url"},
           "ant_jawharafm": {"id": "docno", "source": "src", "published": "time", "url": "url"},
           "saudinewsnet": {"source": "source", "published": "date_extracted", "url": "url"}}
_RESERVED = re.compile(r"-201805\d\d$")


def is_news_gold(path: str | Path) -> bool:
    return str(path).endswith(".jsonl")


def read_gold(path: str | Path, split: str | None) -> list[dict[str, Any]]:
    p = Path(path)
    try:
        rows = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read residue gold {p}: {exc}") from None
    for r in rows:
        if r.get("dataset") not in NEWS_BODIES or "line" not in r or "lines" not in r:
            raise InputError(f"{p}: each line needs dataset ({', '.join(NEWS_BODIES)}), line, lines")
    return [r for r in rows if split in (None, "all", r.get("split"))]


def _record(dataset: str, rec: dict[str, Any]) -> dict[str, Any]:
    field = NEWS_BODIES[dataset][1]
    out = {ours: rec.get(theirs) for ours, theirs in _FIELDS[dataset].items()}
    out.update(title=rec.get("title") or "", text=rec.get(field) or "")
    return out


def _corpus(gold: list[dict[str, Any]], news: Path, context: int) -> tuple[list[dict], dict[int, dict]]:
    """Records to ingest, context first, and gold row by the index of its record. The
    context of an outlet is the articles just before its labelled ones in the file
    (context // labelled of them each): what was published around them."""
    from collections import deque

    records: list[dict] = []
    tail: list[tuple[dict, dict]] = []
    for dataset in sorted({r["dataset"] for r in gold}):
        rel, field = NEWS_BODIES[dataset]
        if not (news / rel).exists():
            raise InputError(f"{news / rel} is missing (the gold's articles are read from it)")
        rows = {int(r["line"]): r for r in gold if r["dataset"] == dataset}
        per = Counter(str(r.get("source")) for r in rows.values())
        window = {src: max(1, context // k) if context else 0 for src, k in per.items()}
        recent: dict[str, deque] = {src: deque(maxlen=w or 1) for src, w in window.items()}
        taken: set[int] = set()
        with gzip.open(news / rel, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f):
                rec = json.loads(line)
                src = str(rec.get("src") if dataset != "saudinewsnet" else rec.get("source"))
                g = rows.get(n)
                if g is not None:
                    body = rec.get(field) or ""
                    if hashlib.sha1(body.encode("utf-8")).hexdigest()[:16] != g["sha1"]:
                        raise InputError(f"{dataset} line {n}: body changed since the gold was made")
                    tail.append((_record(dataset, rec), g))
                    if window.get(src):
                        for m, before in recent[src]:
                            if m not in taken:
                                taken.add(m)
                                records.append(before)
                    continue
                if src in recent and not _RESERVED.search(rec.get("docno") or ""):
                    recent[src].append((n, _record(dataset, rec)))
    missing = len(gold) - len(tail)
    if missing:
        raise InputError(f"{missing} gold articles not found under {news}")
    by_index = {}
    for rec, g in tail:
        by_index[len(records)] = g
        records.append(rec)
    return records, by_index


def score(gold_rows: list[dict[str, Any]], stored: dict[int, str], by_index: dict[int, dict],
          body_of: dict[int, str]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    outlets: dict[str, Counter[str]] = defaultdict(Counter)
    inline: Counter[str] = Counter()
    removed = removed_ok = 0
    errors: list[dict[str, Any]] = []
    for idx, g in by_index.items():
        kept_text = line_key(stored.get(idx, ""))
        lines = body_of[idx].split("\n")
        for item in g["lines"]:
            label = item.get("label")
            text = lines[int(item["n"])] if int(item["n"]) < len(lines) else ""
            if label not in SCORED or not line_key(text):
                continue
            kept = line_key(text) in kept_text
            ok = kept == (label == "content")
            total[label] += 1
            right[label] += ok
            outlets[str(g.get("source"))]["right"] += ok
            outlets[str(g.get("source"))]["n"] += 1
            if label == "residue":
                kinds[item.get("kind") or "other"]["n"] += 1
                kinds[item.get("kind") or "other"]["removed"] += not kept
            removed += not kept
            removed_ok += (not kept) and label == "residue"
            for span in item.get("inline") or () if label == "content" else ():
                inline["n"] += 1
                inline["left"] += line_key(text[span["start"]:span["end"]]) in kept_text
            if not ok:
                errors.append({"dataset": g["dataset"], "line": g["line"], "n": item["n"],
                               "source": g.get("source"), "label": label,
                               "kind": item.get("kind"), "decision": "kept" if kept else "removed",
                               "text": text.strip()[:120]})
    n = sum(total.values())
    residue = total["residue"]
    return {
        "articles": len(by_index), "lines": n,
        "accuracy": round(sum(right.values()) / n, 4) if n else 0.0,
        "residue_precision": round(removed_ok / removed, 4) if removed else 1.0,
        "residue_recall": round(removed_ok / residue, 4) if residue else 1.0,
        "content_kept": round(right["content"] / total["content"], 4) if total["content"] else 1.0,
        "by_label": {k: {"right": right[k], "n": total[k]} for k in SCORED},
        "by_kind": {k: dict(v) for k, v in sorted(kinds.items())},
        "by_outlet": {k: {"accuracy": round(v["right"] / v["n"], 4), "n": v["n"]}
                      for k, v in sorted(outlets.items())},
        "inline_residue_left": dict(inline),
        "errors": errors,
    }


def evaluate_news_residue(gold_path: str | Path, data: str | Path | None = None,
                          split: str | None = None, context: int = CONTEXT_PER_OUTLET) -> dict[str, Any]:
    from marsad import service
    from marsad.ingest import ReadOptions
    from marsad.store import SQLiteStore

    gold = read_gold(gold_path, split)
    if not gold:
        raise InputError(f"{gold_path}: no articles in split {split!r}")
    news = Path(data or Path(__file__).resolve().parents[3].parent / "shared" / "data") / "news"
    records, by_index = _corpus(gold, news, context)
    body_of = {i: records[i]["text"] for i in by_index}
    first = min(by_index)
    with tempfile.TemporaryDirectory(prefix="marsad-residue-") as tmp:
        context_file, labelled_file = Path(tmp) / "context.jsonl", Path(tmp) / "labelled.jsonl"
        for path, part in ((context_file, records[:first]), (labelled_file, records[first:])):
            with open(path, "w", encoding="utf-8") as f:
                for rec in part:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        store = SQLiteStore(str(Path(tmp) / "r.db"))
        try:
            if first:
                service.ingest(store, [str(context_file)], ReadOptions(), annotations=False)
            service.ingest(store, [str(labelled_file)], ReadOptions(), annotations=False)
            stored: dict[int, str] = {}
            for row in store.iter_export():
                origin = str(row.get("origin") or "")
                m = re.search(r"labelled\.jsonl#L(\d+)", origin)
                if m is None:
                    continue
                idx = first + int(m.group(1)) - 1
                if idx in by_index:
                    stored[idx] = (stored.get(idx, "") + "\n" + (row.get("title") or "")
                                   + "\n" + (row.get("text") or ""))
        finally:
            store.close()
    report = score(gold, stored, by_index, body_of)
    report.update(split=split or "all", context_per_outlet=context,
                  ingested=len(records), not_stored=len(set(by_index) - set(stored)))
    return report
