"""CI eval gate: fail when a stage's score drops below its floor in eval/baseline.json.

Run from anywhere: `python eval/gate.py` (or `make eval`). Each task in TASKS scores one
stage on third-party data in ../shared and returns named metrics. baseline.json holds a
floor per metric and the SHA-256 of every data file the task reads, so a changed gold set
trips the gate instead of silently moving the score.

    python eval/gate.py                               check every task
    python eval/gate.py --task extract                one task
    python eval/gate.py --update                      re-measure: re-pin the data, raise floors
    python eval/gate.py --update --allow-regression   also lower floors (say why when committing)

A metric passes when value >= floor - EPSILON and value >= its hard minimum (Task.required:
set by an issue, never moved by --update). Exit 0 when every task passes, or when ../shared
is absent (skipped, with the reason printed); exit 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = Path(__file__).with_name("baseline.json")
sys.path.insert(0, str(ROOT / "src"))  # the gate runs from a checkout, installed or not

# Scores below the floor by less than this are noise, not a regression. The tasks so far
# are deterministic; the margin absorbs the 4-digit rounding of stored floors and about
# two snippets of trafilatura's set (one of its ~5,900 snippets moves F1 by ~0.0002).
EPSILON = 0.0005
FLOOR_DIGITS = 4
HASH_CHUNK = 1 << 20


@dataclass
class TaskResult:
    """What a task measured: the gated metrics, and context printed beside them."""

    metrics: dict[str, float]
    info: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """One gated measurement: the data it reads (pinned) and how to run it."""

    data: tuple[str, ...]  # files under ../shared, pinned by SHA-256
    run: Callable[[Path, int | None], TaskResult]  # (shared dir, page limit) -> result
    required: dict[str, float] = field(default_factory=dict)  # hard minimums from issues


# ---------------------------------------------------------------- tasks

TRAFILATURA_EVAL = "data/html/trafilatura_eval"
EXTRACT_SYSTEMS = ("marsad", "marsad-ingest", "trafilatura")


def run_extract(shared: Path, limit: int | None = None) -> TaskResult:
    """HTML extraction on trafilatura's evaluation set, beside plain trafilatura."""
    from marsad.evaluation.extract import evaluate_extraction

    report = evaluate_extraction(shared / TRAFILATURA_EVAL, limit=limit, systems=EXTRACT_SYSTEMS)
    s = report["systems"]
    return TaskResult(
        metrics={
            "marsad_f1": s["marsad"]["f1"],
            "marsad_minus_trafilatura_f1": s["marsad"]["f1"] - s["trafilatura"]["f1"],
            "marsad_ingest_f1": s["marsad-ingest"]["f1"],
        },
        info={
            "pages": report["pages"],
            "trafilatura_version": report["versions"]["trafilatura"],
            "trafilatura_f1": round(s["trafilatura"]["f1"], FLOOR_DIGITS),
            **{f"{name}_pages_per_s": round(s[name]["pages_per_s"], 1) for name in s},
        },
    )


SIMILARITY_PAIRS = "data/similarity/semeval2022_task8_ar/pairs.jsonl"


def run_similarity(shared: Path, limit: int | None = None) -> TaskResult:
    """Same-story similarity on the 110 SemEval-2022 Task 8 Arabic dev pairs."""
    import numpy as np

    from marsad.evaluation.similarity import read_pairs, score_pairs, threshold_cv

    pairs, _errors = read_pairs(shared / SIMILARITY_PAIRS)
    pairs = pairs[:limit] if limit else pairs
    report = score_pairs(pairs)
    peers = report["peers"]
    # no fitted weights, so the Pearson is already out-of-sample; the threshold is the one
    # number set on these pairs, so its F1 is also reported cross-validated
    cv = threshold_cv(np.array(report["scores"]), np.array([p["overall"] for p in pairs]))
    return TaskResult(
        metrics={
            "pearson": report["pearson"],
            "pearson_minus_tfidf": report["pearson"] - peers["tfidf_cosine"]["pearson"],
            "same_story_f1": report["same_story_f1"],
        },
        info={
            "pairs": report["pairs"],
            "spearman": round(report["spearman"], FLOOR_DIGITS),
            "same_story_precision": round(report["same_story_precision"], FLOOR_DIGITS),
            "same_story_recall": round(report["same_story_recall"], FLOOR_DIGITS),
            "same_story_f1_cv5x20": round(cv["same_story_f1_cv"], FLOOR_DIGITS),
            "tfidf_pearson": round(peers["tfidf_cosine"]["pearson"], FLOOR_DIGITS),
            "minhash_pearson": round(peers["minhash_jaccard"]["pearson"], FLOOR_DIGITS),
        },
    )


ARABIC_TIMEML = "data/dates/arabic_timeml"
# The corpus has no creation dates; its gold values imply this one (اليوم = 2015-12-24).
ARABIC_TIMEML_REFERENCE = "2015-12-24"
ARABIC_TIMEML_DOCS = ("doc1", "doc3", "doc7", "doc11", "doc14", "doc16", "doc19", "doc20",
                      "doc23", "doc25", "doc28", "doc32", "doc34", "doc37", "doc39", "doc41",
                      "doc43", "doc46", "doc48", "doc50")


def run_dates(shared: Path, limit: int | None = None) -> TaskResult:
    """Arabic TIMEX3 spans and values on the local 20 Arabic TimeML documents."""
    import importlib.util
    from datetime import date

    from marsad.evaluation.dates import evaluate_dates

    gold, ref = shared / ARABIC_TIMEML, date.fromisoformat(ARABIC_TIMEML_REFERENCE)
    # the peer is in the "bench" extra: without it the gate still checks our own scores
    peer_installed = importlib.util.find_spec("dateparser") is not None
    systems = ("marsad", "dateparser") if peer_installed else ("marsad",)
    both = evaluate_dates(gold, reference=ref, systems=systems)["systems"]
    test = evaluate_dates(gold, reference=ref, split="test")["systems"]["marsad"]
    ours = both["marsad"]
    metrics = {"f1": ours["f1"], "test_split_f1": test["f1"],
               "value_accuracy": ours["value_accuracy"]}
    info = {"documents": 20, "precision": round(ours["precision"], FLOOR_DIGITS),
            "recall": round(ours["recall"], FLOOR_DIGITS),
            "exact_f1": round(ours["exact_f1"], FLOOR_DIGITS)}
    if peer_installed:
        metrics["marsad_minus_dateparser_f1"] = ours["f1"] - both["dateparser"]["f1"]
        info["dateparser_f1"] = round(both["dateparser"]["f1"], FLOOR_DIGITS)
    # issue 13: the news date gold (64 articles, four regions), DEV split only
    news = evaluate_dates(ROOT / "eval" / "dates_news" / "gold.jsonl", split="dev",
                          data=shared / "data")["systems"]["marsad"]
    metrics["news_dev_f1"] = news["f1"]
    metrics["news_dev_value_accuracy"] = news["value_accuracy"]
    return TaskResult(metrics=metrics, info=info)


ANT_MULTISOURCE = "data/news/ant_multisource/articles.jsonl.gz"


def run_summaries(shared: Path, limit: int | None = None) -> TaskResult:
    """Single-document summaries: ROUGE F1 against ANT's BBC/CNN abstracts, test split.

    The whole test split (dev, 1 in 5 by docno hash, was tuned on), ours and Lead-3 only:
    sumy's LexRank is slower and an optional extra, so `marsad eval summaries` and the
    benchmark measure it, the gate does not.
    """
    from marsad.evaluation.summaries import evaluate_summaries

    report = evaluate_summaries(shared / ANT_MULTISOURCE, limit=limit, split="test",
                                names=("marsad", "lead"))
    ours, lead = report["systems"]["marsad"], report["systems"]["lead"]
    return TaskResult(
        metrics={
            **{f"marsad_{m}": ours[m]["f"] for m in ("rouge1", "rouge2", "rougeL")},
            "marsad_minus_lead3_rouge1": ours["rouge1"]["f"] - lead["rouge1"]["f"],
        },
        info={
            "articles": report["articles"],
            **{f"lead3_{m}": lead[m]["f"] for m in ("rouge1", "rouge2", "rougeL")},
            "marsad_articles_per_cpu_s": ours["articles_per_s"],
        },
    )


MERGE_DIR = ROOT / "eval" / "merge"
MERGE_DATA = (
    "data/translit/anetac/EN-AR Named-entities.txt",
    "data/translit/wikidata_coling2018/wd_arabic.normalized.aligned.tokens",
    "data/translit/google_ar2en/ar2en.txt",
    "data/translit/anetac/translit_test.ar",
    "data/translit/anetac/translit_test.en",
    *(f"seeds/{name}" for name in ("000_bff8fe44e2466017.txt", "001_59b9f31f310c45ac.txt",
                                   "002_b9188ee177e8f9b8.txt", "003_47dd4b46934315c1.txt",
                                   "004_f3e03c6bfe47ebb1.txt")),
)


def run_merge(shared: Path, limit: int | None = None) -> TaskResult:
    """Same-entity decisions (eval/merge) and Latin → Arabic lookup on ANETAC test."""
    from marsad.evaluation.merge import evaluate_lookup, evaluate_merge

    merge = evaluate_merge(MERGE_DIR, shared)
    lookup = evaluate_lookup(shared, limit=limit)
    return TaskResult(
        metrics={
            # translit_test: the half of the translit pairs nobody looked at
            **{f"{sub}_{m}": merge[sub][m] for sub in ("translit_test", "seeds", "own")
               for m in ("precision", "recall")},
            "lookup_hits1": lookup["model_hits1"],
            "lookup_hits5": lookup["model_hits5"],
            "lookup_hits1_minus_rules": lookup["model_hits1"] - lookup["rules_hits1"],
        },
        info={
            **{f"{sub}_pairs": merge[sub]["pairs"] for sub in merge},
            "lookup_names": lookup["names"],
            "rules_hits1": lookup["rules_hits1"],
            "rules_hits5": lookup["rules_hits5"],
        },
    )


RESOLUTION_DIR = ROOT / "eval" / "resolution"


def run_resolution(shared: Path, limit: int | None = None) -> TaskResult:
    """Entities as a user reads them (issue 11): each DEV corpus of eval/resolution
    ingested whole into a fresh store, its entities scored against its hand-labelled gold:
    DEV (850 articles, ANT Feb-Apr 2018 + SaudiNewsNet July 2015; pairs drawn from the
    code of 7ada877) and DEV round 2 (2,300 more of the same months; pairs drawn from the
    code of 9dc41cb). The TEST gold is not gated: it is scored once per decision, by hand
    (`marsad eval resolution`)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("marsad_resolution_sample",
                                                  RESOLUTION_DIR / "sample.py")
    sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample)
    r = _score_resolution(sample.draw("dev"), "gold-dev.jsonl")
    r2 = _score_resolution(sample.draw("dev2"), "gold-dev2.jsonl")
    return TaskResult(
        metrics={
            "dev_different_kept_apart": _pooled(r["different_kept_apart"]),
            "dev_same_merged": r["pair_recall"]["value"],
            "dev_latin_accuracy": r["latin_accuracy"]["all"]["value"],
            "dev_junk_kept_out": round(1 - r["junk_still_tagged"]["value"], 4),
            "dev2_different_kept_apart": _pooled(r2["different_kept_apart"]),
            "dev2_same_merged": r2["pair_recall"]["value"],
            "dev2_junk_kept_out": round(1 - r2["junk_still_tagged"]["value"], 4),
        },
        info={"articles": r["articles"], "dev2_articles": r2["articles"],
              "dev_top_wrong_merge_share": r["top_wrong_merge_share"]["value"],
              "dev_pair_precision": r["pair_precision"]["value"],
              "dev_junk_left": r["junk_left"]["value"], "dev_in_residue": r["in_residue"],
              "dev2_top_wrong_merge_share": r2["top_wrong_merge_share"]["value"],
              "dev2_pair_precision": r2["pair_precision"]["value"]},
    )


def _score_resolution(records: list[dict], gold: str) -> dict:
    import tempfile

    from marsad import service
    from marsad.evaluation.resolution import evaluate_resolution
    from marsad.ingest import ReadOptions
    from marsad.store import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                          encoding="utf-8")
        store = SQLiteStore(str(Path(tmp) / "kb.db"))
        service.ingest(store, [str(corpus)], ReadOptions())
        r = evaluate_resolution(store, RESOLUTION_DIR / gold)
        store.close()
    return {**r, "articles": len(records)}


STORIES_DIR = ROOT / "eval" / "stories"


def run_stories(shared: Path, limit: int | None = None) -> TaskResult:
    """Stories as a user reads them (issue 12): the three DEV windows of the story gold
    (954 articles: ANT 12-14 March and 9-11 April 2018, SaudiNewsNet 25 July 2015)
    ingested into a fresh store, B-cubed against the hand labels. TEST is not gated."""
    from marsad.evaluation.stories import evaluate_stories

    r = evaluate_stories(STORIES_DIR / "gold-dev.jsonl", shared / "data")
    metrics = {"dev_f1": r["f1"], "dev_precision": r["precision"], "dev_recall": r["recall"]}
    return TaskResult(metrics=metrics,
                      info={"articles": r["articles"],
                            "largest": r["system_sizes"]["largest"],
                            **{f"{w}_f1": m["f1"] for w, m in r["by_window"].items()}})


def _pooled(cells: dict) -> float:
    """One share over the kinds of pairs (in one entity, across entities)."""
    k = sum(c["k"] for c in cells.values())
    n = sum(c["n"] for c in cells.values())
    return round(k / n, 4) if n else 1.0


NER_DEV = "data/ner/anercorp/train.txt"
NER_AQMAR = "data/ner/aqmar"
AQMAR_FILES = ("Atom", "Damascus", "Imam_Hussein_Shrine", "Linux", "Nuclear_Power",
               "Raul_Gonzales", "Real_Madrid", "Solaris")


def run_ner(shared: Path, limit: int | None = None) -> TaskResult:
    """The shipped NER model on data it never trained on: AQMAR (out of domain) and the
    ANERcorp dev carve, the contiguous tail of its train file (the model's meta says it
    left that carve out)."""
    from marsad.evaluation.ner import DEV_CARVE, dev_carve, evaluate_ner, read_conll, score
    from marsad.ner import load_tagger

    tagger = load_tagger()
    if not tagger.meta.get("dev_excluded", False) or tagger.meta.get("dev_carve") != DEV_CARVE:
        raise RuntimeError(f"the shipped NER model did not leave out the dev carve "
                           f"({DEV_CARVE}); it cannot be gated on it")
    aqmar = evaluate_ner(shared / NER_AQMAR, tagger=tagger)
    _, dev = dev_carve(read_conll(shared / NER_DEV))
    d = score([g for _, g in dev], tagger.tag_tokens([t for t, _ in dev]))
    return TaskResult(
        metrics={"dev_f1": d["f1"], "aqmar_f1": aqmar["f1"], "aqmar_plo_f1": aqmar["plo"]["f1"]},
        # per-type F1 is context only: 95-350 entities per type move too much between retrains
        info={"dev_sentences": len(dev), "aqmar_tokens": aqmar["tokens"],
              **{f"dev_{k.lower()}_f1": v["f1"] for k, v in d["per_type"].items()}},
    )


QUOTES_GOLD = Path(__file__).with_name("quotes") / "gold.jsonl"
SAUDINEWSNET = "data/news/saudinewsnet/articles.jsonl.gz"


def run_quotes(shared: Path, limit: int | None = None) -> TaskResult:
    """Quotations (issue 4): span F1, speaker and via accuracy on our gold set, both splits."""
    import hashlib

    from marsad.evaluation import quotes as ev

    rows = ev.load_gold(QUOTES_GOLD)
    bodies = ev.load_bodies(rows, shared / "data")  # one pass over the news files

    def split(name: str, system) -> dict:
        part = [(r, b) for r, b in zip(rows, bodies, strict=True) if r["split"] == name]
        return ev.score([r for r, _ in part], [b for _, b in part], system)

    ours = split("test", ev.marsad_system())
    naive = split("test", ev.naive_quotes)
    dev = split("dev", ev.marsad_system())
    return TaskResult(
        metrics={"span_f1": ours["span_f1"], "speaker_accuracy": ours["speaker_accuracy"],
                 "via_accuracy": ours["via_accuracy"], "exact_f1": ours["exact_f1"],
                 "dev_span_f1": dev["span_f1"], "dev_speaker_accuracy": dev["speaker_accuracy"],
                 "span_f1_minus_naive": ours["span_f1"] - naive["span_f1"]},
        info={"test_gold_quotes": ours["gold_quotes"], "dev_gold_quotes": dev["gold_quotes"],
              "naive_span_f1": round(naive["span_f1"], FLOOR_DIGITS),
              # the gold file lives in this repository, not ../shared: its hash is shown
              "gold_sha1": hashlib.sha1(QUOTES_GOLD.read_bytes()).hexdigest()[:16]},
    )


EVENTS_SCORER = Path(__file__).with_name("events") / "score.py"
SEEDS = tuple(f"seeds/{name}" for name in (
    "000_bff8fe44e2466017.txt", "001_59b9f31f310c45ac.txt", "002_b9188ee177e8f9b8.txt",
    "003_47dd4b46934315c1.txt", "004_f3e03c6bfe47ebb1.txt"))


def run_events(shared: Path, limit: int | None = None) -> TaskResult:
    """Actor-graph events (issue 4): edge F1 on our labelled sentences (eval/events), with
    the actors marked by our NER (the whole chain) and by the actor list (the extractor
    alone), beside the naive every-pair peer."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("marsad_events_score", EVENTS_SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    ner = scorer.evaluate(split="test", spans="ner")["systems"]
    listed = scorer.evaluate(split="test", spans="gazetteer")["systems"]
    dev = scorer.evaluate(split="dev", spans="gazetteer")["systems"]
    return TaskResult(
        metrics={"test_ner_edge_f1": ner["marsad"]["edge_f1"],
                 "test_edge_f1": listed["marsad"]["edge_f1"],
                 "dev_edge_f1": dev["marsad"]["edge_f1"],
                 "test_ner_edge_f1_minus_naive":
                     ner["marsad"]["edge_f1"] - ner["naive"]["edge_f1"]},
        info={"test_ner_quad_accuracy": ner["marsad"]["quad_accuracy"],
              "naive_test_ner_edge_f1": ner["naive"]["edge_f1"],
              "gold_sha1": hashlib.sha1(
                  EVENTS_SCORER.with_name("gold.jsonl").read_bytes()).hexdigest()[:16]},
    )


SEARCH_QUERIES = ROOT / "eval/search/queries.jsonl"


def run_search(shared: Path, limit: int | None = None) -> TaskResult:
    """Search on our judged ANT queries (eval/search), beside a plain FTS5 unicode61 index."""
    from marsad.evaluation.search import evaluate_search

    report = evaluate_search(SEARCH_QUERIES, shared / ANT_MULTISOURCE)
    ours, peer = report["ours"], report["unicode61"]
    return TaskResult(
        metrics={
            "ndcg10": ours["ndcg10"],
            "mrr": ours["mrr"],
            "ndcg10_minus_unicode61": ours["ndcg10"] - peer["ndcg10"],
        },
        info={
            "queries": report["queries"], "judgments": report["judgments"],
            "queries_sha256": sha256(SEARCH_QUERIES)[:16],
            "unicode61_ndcg10": round(peer["ndcg10"], FLOOR_DIGITS),
            "unicode61_mrr": round(peer["mrr"], FLOOR_DIGITS),
            "judged10": round(ours["judged10"], 3), "ingest_s": report["ingest_s"],
        },
    )


def run_residue(shared: Path, limit: int | None = None) -> TaskResult:
    """Line decisions of the cleaner on the hand-labelled news residue gold, DEV outlets,
    each outlet's other articles ingested first (issue 13)."""
    from marsad.evaluation.residue_news import evaluate_news_residue

    r = evaluate_news_residue(ROOT / "eval" / "residue" / "gold.jsonl", data=shared / "data",
                              split="dev")
    return TaskResult(
        metrics={"dev_accuracy": r["accuracy"], "dev_residue_recall": r["residue_recall"],
                 "dev_residue_precision": r["residue_precision"],
                 "dev_content_kept": r["content_kept"]},
        info={"articles": r["articles"], "lines": r["lines"],
              "residue_lines": r["by_label"]["residue"]["n"],
              "context_per_outlet": r["context_per_outlet"]},
    )


TASKS: dict[str, Task] = {
    "extract": Task(
        data=(
            f"{TRAFILATURA_EVAL}/evaldata.json",
            f"{TRAFILATURA_EVAL}/trafilatura_tests_eval_html.tar.gz",
        ),
        run=run_extract,
        # the extraction issue: ours must not lose to plain trafilatura on its own set
        required={"marsad_minus_trafilatura_f1": 0.0},
    ),
    # NER (issue 3): the bar (F1 >= 75) is on the held-out ANERcorp test split,
    # which is not in ../shared, so only floors are gated here.
    "ner": Task(
        data=(NER_DEV, *(f"{NER_AQMAR}/{name}.txt" for name in AQMAR_FILES)),
        run=run_ner,
    ),
    "similarity": Task(
        data=(SIMILARITY_PAIRS,),
        run=run_similarity,
        # the stories issue: same-story similarity must beat plain TF-IDF cosine
        required={"pearson_minus_tfidf": 0.0},
    ),
    "dates": Task(
        data=(*(f"{ARABIC_TIMEML}/{name}.tml" for name in ARABIC_TIMEML_DOCS), ANT_MULTISOURCE,
              SAUDINEWSNET, "data/news/ant_jawharafm/articles.jsonl.gz"),
        run=run_dates,
        # issue 4: span F1 >= 0.85 (on the held-out 30; our 8-document local test split
        # measured 0.94, the dev part 0.92, so the bar holds here too)
        required={"f1": 0.85, "test_split_f1": 0.85},
    ),
    # issue 13: cleaning as a user's store holds it, on the hand-labelled DEV outlets
    "residue": Task(
        data=(ANT_MULTISOURCE, SAUDINEWSNET, "data/news/ant_jawharafm/articles.jsonl.gz"),
        run=run_residue,
    ),
    "summaries": Task(
        data=(ANT_MULTISOURCE,),
        run=run_summaries,
    ),
    "merge": Task(
        data=MERGE_DATA,
        run=run_merge,
        # the entities issue: the model must beat a fixed romanisation at Latin lookup
        required={"lookup_hits1_minus_rules": 0.0},
    ),
    # issue 11: entities as a user reads them, on the hand-labelled DEV gold
    "resolution": Task(
        data=(ANT_MULTISOURCE, SAUDINEWSNET),
        run=run_resolution,
    ),
    # issue 12: stories as a user reads them, on the hand-labelled DEV windows
    "stories": Task(
        data=(ANT_MULTISOURCE, SAUDINEWSNET),
        run=run_stories,
    ),
    "quotes": Task(
        data=(ANT_MULTISOURCE, SAUDINEWSNET),
        run=run_quotes,
        # ours must beat the naive «» + قال peer on the held-out test split
        required={"span_f1_minus_naive": 0.0},
    ),
    # the stories issue's actor graph: ours must beat the every-pair peer on held-out ANT
    "events": Task(
        data=(ANT_MULTISOURCE, *SEEDS),
        run=run_events,
        required={"test_ner_edge_f1_minus_naive": 0.0},
    ),
    # the search issue: our analyser must beat FTS5's default tokenizer on the judged set
    "search": Task(
        data=(ANT_MULTISOURCE,),
        run=run_search,
        required={"ndcg10_minus_unicode61": 0.0},
    ),
}


# ---------------------------------------------------------------- the gate


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_baseline(path: Path | None = None) -> dict[str, Any]:
    """The stored floors and pins ({"tasks": {}} before the first --update)."""
    path = path or BASELINE
    if not path.exists():
        return {"tasks": {}}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_baseline(data: dict[str, Any], path: Path | None = None) -> None:
    """Write atomically: a temporary file beside the target, then a rename."""
    path = path or BASELINE
    fd, tmp = tempfile.mkstemp(prefix=".baseline-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Row:
    """One printed line: a metric's value against its floor and minimum."""

    task: str
    metric: str
    value: float | None
    floor: float | None
    minimum: float | None
    status: str


def check_task(name: str, task: Task, shared: Path, baseline: dict[str, Any], update: bool,
               allow_regression: bool) -> tuple[list[Row], list[str], bool]:
    """Run one task against its stored entry; (rows, notes, ok). Updates `baseline` when asked."""
    stored = baseline["tasks"].get(name)
    missing = [rel for rel in task.data if not (shared / rel).is_file()]
    if missing:
        return [Row(name, "-", None, None, None, "FAIL")], [f"{name}: data missing: {missing}"], False
    pins = {rel: sha256(shared / rel) for rel in task.data}
    if not update:
        if stored is None:
            return [Row(name, "-", None, None, None, "FAIL")], [
                f"{name}: no baseline yet; measure it with: python eval/gate.py --update"], False
        if stored.get("pins") != pins:
            changed = [rel for rel in pins if stored.get("pins", {}).get(rel) != pins[rel]]
            return [Row(name, "-", None, None, None, "FAIL")], [
                f"{name}: gold data changed ({', '.join(changed)}); re-measure and re-pin: "
                "python eval/gate.py --update"], False

    result = task.run(shared, None)
    floors = dict(stored.get("floors", {})) if stored else {}
    rows, notes, ok = [], [], True
    for metric, value in result.metrics.items():
        floor, minimum = floors.get(metric), task.required.get(metric)
        below_floor = floor is not None and value < floor - EPSILON
        below_min = minimum is not None and value < minimum
        status = "ok"
        if update:
            if floor is None or value >= floor or (below_floor and allow_regression):
                floors[metric] = round(value, FLOOR_DIGITS)
                status = "set" if floor is None else "lowered" if value < floor else "raised"
            elif below_floor:
                status = "REFUSED"
                notes.append(f"{name}.{metric}: {value:.4f} is below the floor {floor:.4f}; "
                             "fix the regression or re-run with --allow-regression")
        elif below_floor:
            status = "FAIL"
        if below_min:
            status = "FAIL"
            notes.append(f"{name}.{metric}: {value:.4f} is below the required minimum {minimum}")
        ok = ok and status not in ("FAIL", "REFUSED")
        rows.append(Row(name, metric, value, floor, minimum, status))
    before = stored.get("info", {}) if stored else {}
    for key, version in result.info.items():
        if key.endswith("_version") and before.get(key, version) != version:
            notes.append(f"{name}: {key} is {version}; the floors were set with {before[key]}")
    notes.append(f"{name}: " + ", ".join(f"{k}={v}" for k, v in result.info.items()))
    if update:
        baseline["tasks"][name] = {"floors": floors, "pins": pins, "info": result.info}
    return rows, notes, ok


def print_table(rows: list[Row]) -> None:
    """Task, metric, value, floor, hard minimum, status."""
    head = f"{'task':<10}{'metric':<32}{'value':>9}{'floor':>9}{'min':>9}  status"
    print(head)
    print("-" * len(head))

    def num(x: float | None) -> str:
        return "-" if x is None else f"{x:.4f}"

    for r in rows:
        print(f"{r.task:<10}{r.metric:<32}{num(r.value):>9}{num(r.floor):>9}{num(r.minimum):>9}"
              f"  {r.status}")


def main(argv: list[str] | None = None) -> int:
    """Check (or --update) every selected task; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="re-pin data and raise floors")
    parser.add_argument("--allow-regression", action="store_true",
                        help="with --update: also lower floors")
    parser.add_argument("--task", action="append", choices=sorted(TASKS),
                        help="only this task (repeatable)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the ../shared data folder")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"eval gate skipped: third-party data folder {args.shared} is absent")
        return 0
    baseline = load_baseline()
    all_rows, all_notes, ok = [], [], True
    for name in args.task or list(TASKS):
        rows, notes, task_ok = check_task(name, TASKS[name], args.shared, baseline,
                                          args.update, args.allow_regression)
        all_rows += rows
        all_notes += notes
        ok = ok and task_ok
    print_table(all_rows)
    print()
    for note in all_notes:
        print(note)
    if args.update:
        write_baseline(baseline)
        print(f"\nwritten {BASELINE}")
    print("\neval gate: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
