"""Same-story similarity scored against human judgements (SemEval-2022 Task 8 format).

Input: JSONL, one pair per line with `text1`, `text2` and `Overall` (1 = same story ...
4 = unrelated; a number or a numeric string). Our score is `stories.similarity`; the
peers beside it are plain TF-IDF cosine (scikit-learn TfidfVectorizer's defaults: word
tokens, raw counts, smoothed IDF from the file's own texts) and MinHash Jaccard of
word 5-gram shingles (our near-duplicate signal).

Correlations are sign-corrected (a higher similarity should mean a lower Overall). The
same-story decision is scored on the clear pairs only: Overall <= SAME_MAX are the same
story, >= DIFFERENT_MIN are different, the middle is left out.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from marsad.arabic.normalize import key
from marsad.errors import InputError
from marsad.stages import dedup
from marsad.stories import similarity as sim
from marsad.stories.idf import background

SAME_MAX = 1.5
DIFFERENT_MIN = 3.5
_WORD = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token pattern


def read_pairs(path: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Valid pairs, and one line of text per malformed line (which is skipped)."""
    pairs: list[dict[str, Any]] = []
    errors: list[str] = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                why = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                errors.append(f"line {n}: not JSON ({why})")
                continue
            problem = _check(rec)
            if problem:
                errors.append(f"line {n}: {problem}")
                continue
            pairs.append({"text1": rec["text1"], "text2": rec["text2"],
                          "overall": float(rec["Overall"]), "pair_id": rec.get("pair_id")})
    return pairs, errors


def _check(rec: Any) -> str | None:
    if not isinstance(rec, dict):
        return "not a JSON object"
    for field in ("text1", "text2"):
        if not isinstance(rec.get(field), str):
            return f"{field} missing or not a string"
    value = rec.get("Overall")
    try:
        overall = float(value) if isinstance(value, (int, float, str)) else float("nan")
    except ValueError:
        overall = float("nan")
    if overall != overall:  # NaN: absent, null, or not a number
        return "Overall missing or not a number"
    if not 1.0 <= overall <= 4.0:
        return f"Overall {overall} outside 1..4"
    return None


def score_pairs(pairs: list[dict[str, Any]], *, with_embeddings: bool = False,
                threshold: float = sim.SAME_STORY_THRESHOLD,
                with_entities: bool = True) -> dict[str, Any]:
    """Pearson, Spearman and the same-story decision for ours, beside the two peers."""
    if with_embeddings:
        sim._encoder()  # fail early, with the pip command, before any work
    overall = np.array([p["overall"] for p in pairs], dtype=float)
    texts = [p[k] for p in pairs for k in ("text1", "text2")]
    started = time.perf_counter()
    ents = entity_profiles(texts) if with_entities else None
    ner_s = time.perf_counter() - started
    ours = ours_scores(texts, embed=with_embeddings, entities=ents)
    ours_s = time.perf_counter() - started - ner_s
    report: dict[str, Any] = {"pairs": len(pairs), "threshold": threshold,
                              "entities": ents is not None}
    report.update(_correlations(ours, overall))
    report.update(decision(ours, overall, threshold))
    report["peers"] = {
        "tfidf_cosine": _correlations(plain_tfidf_scores(texts), overall),
        "minhash_jaccard": _correlations(minhash_scores(texts), overall),
    }
    report["embeddings"] = with_embeddings
    report["ms_per_article"] = round(1000 * ours_s / max(len(texts), 1), 2)
    report["ner_ms_per_article"] = round(1000 * ner_s / max(len(texts), 1), 2)
    report["scores"] = [round(float(s), 4) for s in ours]
    return report


def ours_scores(texts: list[str], *, embed: bool = False,
                entities: list[dict[tuple[str, str], float]] | None = None) -> np.ndarray:
    """similarity() of texts[0] with texts[1], [2] with [3], ...

    The production path: represent() with the background IDF (as a worker does), then the
    IdfTable's stream counts the file's own texts, as the clusterer's counts the recent
    articles (unlabelled, so no leak), and restream() re-weights every vector by it; the
    entity profiles (`entity_profiles`) are put on the vectors, as the writer does.
    """
    vecs = [sim.represent(None, t, embed=embed) for t in texts]
    table = background().copy()
    for v in vecs:
        table.observe_ids(v.ids.tolist())
    vecs = [sim.restream(v, table, observe=False) for v in vecs]
    if entities is not None:
        for v, ents in zip(vecs, entities, strict=True):
            v.entities = ents
    return np.array([sim.similarity(vecs[i], vecs[i + 1]) for i in range(0, len(vecs), 2)])


def entity_profiles(texts: list[str]) -> list[dict[tuple[str, str], float]] | None:
    """Each text's entities as the pipeline and writer give them to story similarity.

    The pipeline's NER (`stages.entities`: its tagger members, titles, settled types,
    resolution), then the writer's weights (IDF of the name's rarest term). The writer
    keys an entity by its linked store id; within one file of pairs the resolver's name
    key stands in for it (linking merges a little more: aliases, spelling variants).
    None when the model cannot load: the scores are then those of text alone.
    """
    from marsad.arabic.stem import analyze
    from marsad.records import Document
    from marsad.stages import entities as ner

    docs = [Document(origin=f"pair-text-{i}", text=t, lang="ar") for i, t in enumerate(texts)]
    try:
        tagged = ner.tag_many(docs)
    except Exception:  # noqa: BLE001 - no model: score without entities, as the pipeline would
        return None
    if any(isinstance(t, Exception) for t in tagged):
        return None
    table = background()
    out = []
    for doc, spans in zip(docs, tagged, strict=True):
        ner.annotate(doc, spans)
        out.append({(local.key, local.type): max((table.idf(t) for t in analyze(local.name)),
                                                 default=1.0)
                    for local, _ in doc.entities})
    return out


def plain_tfidf_scores(texts: list[str]) -> np.ndarray:
    """Peer: TfidfVectorizer defaults (lowercase words, raw tf, smooth IDF over texts)."""
    docs = [Counter(_WORD.findall(t.lower())) for t in texts]
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    vecs = []
    for d in docs:
        v = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return np.array([sum(x * vecs[i + 1].get(w, 0.0) for w, x in vecs[i].items())
                     for i in range(0, n, 2)])


def minhash_scores(texts: list[str]) -> np.ndarray:
    """Peer: estimated Jaccard of word 5-gram shingles (0 when a text is too short)."""
    sigs = [dedup.signature(key(t)) for t in texts]
    return np.array([dedup.similarity(a, b) if a and b else 0.0
                     for a, b in zip(sigs[::2], sigs[1::2], strict=True)])


def _correlations(scores: np.ndarray, overall: np.ndarray) -> dict[str, float]:
    return {"pearson": _pearson(scores, overall),
            "spearman": _pearson(_ranks(scores), _ranks(overall))}


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    # sign-corrected: Overall falls as similarity rises
    if len(x) < 2 or np.std(x) == 0 or np.std(y) == 0:
        return 0.0
    return float(-np.corrcoef(x, y)[0, 1])


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank), as Spearman needs."""
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    sx = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sx[j + 1] == sx[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2
        i = j + 1
    return ranks


def decision(scores: np.ndarray, overall: np.ndarray, threshold: float) -> dict[str, Any]:
    """Precision/recall/F1 of `score >= threshold` as "same story" on the clear pairs."""
    same = overall <= SAME_MAX
    clear = same | (overall >= DIFFERENT_MIN)
    said = scores >= threshold
    tp = int(np.sum(said & same & clear))
    fp = int(np.sum(said & ~same & clear))
    fn = int(np.sum(~said & same & clear))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"same_story_precision": p, "same_story_recall": r,
            "same_story_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "clear_pairs": int(clear.sum()), "same_pairs": int(same.sum())}


def best_threshold(scores: np.ndarray, overall: np.ndarray,
                   grid: np.ndarray | None = None) -> float:
    """The lowest threshold with the best same-story F1 (how SAME_STORY_THRESHOLD was set)."""
    grid = np.round(np.arange(0.05, 0.605, 0.01), 2) if grid is None else grid
    f1s = [decision(scores, overall, t)["same_story_f1"] for t in grid]
    return float(grid[int(np.argmax(f1s))])


def threshold_cv(scores: np.ndarray, overall: np.ndarray, folds: int = 5,
                 repeats: int = 20, seed: int = 0) -> dict[str, float]:
    """Honest same-story F1: the threshold is picked on 4/5 and scored on the other 1/5.

    The similarity itself has no fitted weights, so its Pearson needs no cross-validation;
    the threshold is the one number fitted to the dev pairs.
    """
    rng = np.random.default_rng(seed)
    f1s, thresholds = [], []
    n = len(scores)
    for _ in range(repeats):
        idx = rng.permutation(n)
        said = np.zeros(n, dtype=bool)
        for f in range(folds):
            test = idx[f::folds]
            train = np.setdiff1d(idx, test)
            t = best_threshold(scores[train], overall[train])
            thresholds.append(t)
            said[test] = scores[test] >= t
        f1s.append(decision(said.astype(float), overall, 0.5)["same_story_f1"])
    return {"same_story_f1_cv": float(np.mean(f1s)), "same_story_f1_cv_std": float(np.std(f1s)),
            "threshold_cv_mean": float(np.mean(thresholds))}
