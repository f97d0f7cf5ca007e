"""Merge quality (same/different entity decisions) and Latin → Arabic lookup scores.

Merge: the labelled set in eval/merge/ (see eval/README.md, "merge"). Every decision is
`same_entity(a, b, type)` against the label; precision and recall are of "same":
precision = of the pairs we merge, the share that are one entity; recall = of the pairs
that are one entity, the share we merge. Subsets:
  own      our own text: demo-corpus names and hand-made hard cases (own.tsv)
  seeds    mentions in ../shared/seeds located by offsets (seeds.tsv); pairs of distinct
           surfaces of one type
  translit Arabic spellings from the translit sources, by line number (translit_pairs.tsv),
           in two halves: translit_dev (errors looked at while writing the keys) and
           translit_test (never looked at; the gated number)

Lookup: the ANETAC transliteration **test** split (the model never saw these names). Every
Arabic test form is indexed under the Latin keys of its model transliterations; each
English test name is a query; hits@k = share of queries whose own Arabic form is among
the first k results. The baseline indexes a fixed letter-by-letter romanisation instead.
"""

from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path

from ..arabic.names import name_key
from ..stages.resolve import same_entity

ANETAC_TEST = ("data/translit/anetac/translit_test.ar", "data/translit/anetac/translit_test.en")
TRANSLIT_SOURCES = {
    "anetac_ne": "data/translit/anetac/EN-AR Named-entities.txt",
    "wikidata": "data/translit/wikidata_coling2018/wd_arabic.normalized.aligned.tokens",
    "google": "data/translit/google_ar2en/ar2en.txt",
}
SEEDS = "seeds"


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.split("\t") for ln in lines if ln.strip() and not ln.startswith("#")]


def _cluster_pairs(items: list[tuple[str, str, str]]) -> list[tuple[str, str, str, bool]]:
    """(a, b, type, same) for every pair of distinct surfaces of one type."""
    by_surface: dict[tuple[str, str], str] = {}
    for surface, type_, cluster in items:
        by_surface.setdefault((surface, type_), cluster)
    out = []
    for (a, ta), (b, tb) in combinations(sorted(by_surface), 2):
        if ta == tb and name_key(a) != name_key(b):
            out.append((a, b, ta, by_surface[(a, ta)] == by_surface[(b, tb)]))
    return out


def _arabic_of(source: str, line: str) -> str:
    if source == "anetac_ne":
        return line.split(" ")[2]
    if source == "wikidata":
        return line.split("\t")[1].replace(" ", "")
    return line.split("\t")[0]


def load_pairs(merge_dir: Path, shared: Path | None) -> dict[str, list[tuple[str, str, str, bool]]]:
    """The labelled decisions per subset; third-party subsets only when ../shared exists."""
    subsets = {"own": _cluster_pairs([(r[0], r[1], r[2]) for r in _rows(merge_dir / "own.tsv")])}
    if shared is None or not shared.is_dir():
        return subsets
    texts: dict[str, str] = {}
    items = []
    for name, start, end, type_, cluster in _rows(merge_dir / "seeds.tsv"):
        if name not in texts:
            texts[name] = (shared / SEEDS / name).read_text(encoding="utf-8")
        items.append((texts[name][int(start):int(end)], type_, cluster))
    subsets["seeds"] = _cluster_pairs(items)
    lines = {src: (shared / rel).read_text(encoding="utf-8").splitlines()
             for src, rel in TRANSLIT_SOURCES.items()}
    for split in ("dev", "test"):
        subsets[f"translit_{split}"] = []
    for src_a, line_a, src_b, line_b, label, split in _rows(merge_dir / "translit_pairs.tsv"):
        a = _arabic_of(src_a, lines[src_a][int(line_a) - 1])
        b = _arabic_of(src_b, lines[src_b][int(line_b) - 1])
        subsets[f"translit_{split}"].append((a, b, "PER", label == "same"))
    return subsets


def score_pairs(pairs: list[tuple[str, str, str, bool]]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for a, b, type_, gold in pairs:
        pred = same_entity(a, b, type_)
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
        tn += not pred and not gold
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs": len(pairs), "same": tp + fn, "precision": round(precision, 4),
            "recall": round(recall, 4), "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def evaluate_merge(merge_dir: Path, shared: Path | None) -> dict[str, dict[str, float]]:
    """Precision and recall of same-entity decisions per subset and over all of them."""
    subsets = load_pairs(merge_dir, shared)
    report = {name: score_pairs(pairs) for name, pairs in subsets.items()}
    report["all"] = score_pairs([p for name, pairs in subsets.items() if name != "translit_dev"
                                 for p in pairs])
    return report


def evaluate_lookup(shared: Path, limit: int | None = None) -> dict[str, float]:
    """Latin → Arabic lookup on the ANETAC test split, model vs fixed romanisation."""
    from ..translit import model, to_latin_nbest
    from ..translit.lookup import LatinIndex
    from ..translit.model import rule_romanize

    ar = (shared / ANETAC_TEST[0]).read_text(encoding="utf-8").splitlines()[:limit]
    en = (shared / ANETAC_TEST[1]).read_text(encoding="utf-8").splitlines()[:limit]
    model()  # load outside the timing
    out: dict[str, float] = {"names": len(ar)}
    for system in ("model", "rules"):
        index = LatinIndex()
        t0 = time.perf_counter()
        for i, name in enumerate(ar):
            spellings = to_latin_nbest(name, 3) if system == "model" else [rule_romanize(name)]
            for s in spellings:
                index.add(i, s)
        t1 = time.perf_counter()
        h1 = h5 = 0
        for i, query in enumerate(en):
            found = [ar[j] for j in index.search(query, 5)]
            h1 += bool(found) and found[0] == ar[i]
            h5 += ar[i] in found
        t2 = time.perf_counter()
        out[f"{system}_hits1"] = round(h1 / len(en), 4)
        out[f"{system}_hits5"] = round(h5 / len(en), 4)
        out[f"{system}_index_names_per_s"] = round(len(ar) / (t1 - t0), 1)
        out[f"{system}_queries_per_s"] = round(len(en) / (t2 - t1), 1)
    return out
