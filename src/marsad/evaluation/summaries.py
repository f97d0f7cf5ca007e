"""`marsad eval summaries`: single-document ROUGE against ANT multisource abstracts.

References: the `abstract` of BBC and CNN articles in ANT multisource (written by the
outlet, not copied from the lead; other sources' abstracts repeat the first sentence,
so they are not used). Every system summarises the same text (the article's `text`,
optionally through `stages.clean` first) into the same number of sentences:

  marsad        stages.summarize (title given);
  lead          the first N sentences of marsad.arabic.sentences;
  sumy-lexrank  sumy's LexRankSummarizer over the same sentences, words given as
                normalised keys with sumy's own Arabic stop-word list (no NLTK data).

ROUGE is implemented here (rouge-score's default tokenizer drops Arabic): n-gram recall,
precision and F1 with clipped counts, ROUGE-L from the longest common subsequence over
whole texts (rouge-score's `rougeL`). Three tokenisations: `raw` (word tokens as written),
`norm` (each token through normalize.key: the headline numbers) and `stem` (the
analysed terms of stem.analyze: clitics off, light stems).

Dev/test: an article is dev when blake2b(docno) % DEV_EVERY == 0. Weights and thresholds
of stages.summarize were tuned on dev only; report test. `articles_per_s` is per
CPU-second of the summariser alone (not ROUGE), so a busy machine does not skew it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from marsad.arabic.normalize import key
from marsad.arabic.sentences import sentences
from marsad.arabic.stem import analyze
from marsad.arabic.tokenize import words
from marsad.errors import InputError

REFERENCE_SOURCES = ("BBC", "CNN")
DEV_EVERY = 5
VARIANTS = ("norm", "raw", "stem")
METRICS = ("rouge1", "rouge2", "rougeL")
SYSTEM_NAMES = ("marsad", "lead", "sumy-lexrank")


# ---------------------------------------------------------------- ROUGE


def tokens(text: str, variant: str = "norm") -> list[str]:
    """The tokens ROUGE compares, under one of VARIANTS."""
    if variant == "raw":
        return words(text)
    if variant == "norm":
        return [k for k in (key(w) for w in words(text)) if k]
    if variant == "stem":
        return analyze(text)
    raise ValueError(f"unknown tokenisation {variant!r}; one of {VARIANTS}")


def _prf(overlap: int, cand: int, ref: int) -> dict[str, float]:
    p = overlap / cand if cand else 0.0
    r = overlap / ref if ref else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def rouge_n(cand: list[str], ref: list[str], n: int) -> dict[str, float]:
    """ROUGE-N precision, recall and F1 with clipped n-gram counts."""
    c = Counter(zip(*(cand[i:] for i in range(n)), strict=False))
    r = Counter(zip(*(ref[i:] for i in range(n)), strict=False))
    overlap = sum((c & r).values())
    return _prf(overlap, sum(c.values()), sum(r.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (bit-parallel, Allison-Dix/Hyyrö)."""
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a  # bits over the longer sequence: fewer big-int steps
    masks: dict[str, int] = {}
    for i, t in enumerate(a):
        masks[t] = masks.get(t, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for t in b:
        u = v & masks.get(t, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def rouge_l(cand: list[str], ref: list[str]) -> dict[str, float]:
    """ROUGE-L over whole texts: LCS / candidate length and LCS / reference length."""
    return _prf(lcs_length(cand, ref), len(cand), len(ref))


def rouge(cand_text: str, ref_text: str, variant: str = "norm") -> dict[str, dict[str, float]]:
    """ROUGE-1, ROUGE-2 and ROUGE-L of one candidate against one reference."""
    c, r = tokens(cand_text, variant), tokens(ref_text, variant)
    return {"rouge1": rouge_n(c, r, 1), "rouge2": rouge_n(c, r, 2), "rougeL": rouge_l(c, r)}


# ---------------------------------------------------------------- data


def is_dev(docno: str) -> bool:
    """The dev part: a stable hash of the document number, one article in DEV_EVERY."""
    h = int.from_bytes(hashlib.blake2b(docno.encode(), digest_size=8).digest(), "big")
    return h % DEV_EVERY == 0


def read_ant(path: str | Path, split: str = "test", limit: int | None = None) -> Iterator[dict]:
    """ANT records with a usable reference: a BBC/CNN abstract and a non-empty text."""
    if split not in ("dev", "test", "all"):
        raise InputError(f"split must be dev, test or all, not {split!r}")
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {path}")
    opener = gzip.open if p.suffix == ".gz" else open
    n = 0
    with opener(p, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}: not JSON Lines ({exc.msg})") from exc
            if rec.get("src") not in REFERENCE_SOURCES or not (rec.get("abstract") or "").strip():
                continue
            if not (rec.get("text") or "").strip():
                continue
            dev = is_dev(str(rec.get("docno") or ""))
            if (split == "dev" and not dev) or (split == "test" and dev):
                continue
            yield rec
            n += 1
            if limit is not None and n >= limit:
                return


# ---------------------------------------------------------------- systems

Summarizer = Callable[[str, str | None, int], list[str]]


def _marsad(text: str, title: str | None, n: int) -> list[str]:
    from marsad.stages.summarize import summarize

    return [s.text for s in summarize([(text, title)], max_sentences=n)]


def _lead(text: str, title: str | None, n: int) -> list[str]:
    return [text[a:b] for a, b in sentences(text)[:n]]


def _sumy() -> Summarizer:
    """sumy's LexRank with our sentence splitter and normalised words (runs offline)."""
    from marsad.errors import require

    require("sumy", "bench", "the sumy LexRank peer")
    import numpy as np
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class _Tokenizer:  # sumy's Tokenizer interface; its default one needs NLTK punkt data
        language = "arabic"

        def to_sentences(self, paragraph: str) -> list[str]:
            return [paragraph[a:b] for a, b in sentences(paragraph)]

        def to_words(self, sentence: str) -> list[str]:
            return [k for k in (key(w) for w in words(sentence)) if k]

    tok = _Tokenizer()
    lexrank = LexRankSummarizer()
    lexrank.stop_words = frozenset(key(w) for w in get_stop_words("arabic"))

    def run(text: str, title: str | None, n: int) -> list[str]:
        sents = [Sentence(text[a:b], tok) for a, b in sentences(text)]
        if not sents:
            return []
        doc = ObjectDocumentModel([Paragraph(sents)])
        with np.errstate(invalid="ignore"):  # its power step divides 0/0 on stop-word-only text
            return [str(s) for s in lexrank(doc, n)]

    return run


def systems(names: tuple[str, ...] = SYSTEM_NAMES) -> dict[str, Summarizer]:
    """The named summarisers (sumy is imported only when asked for)."""
    table: dict[str, Callable[[], Summarizer]] = {
        "marsad": lambda: _marsad, "lead": lambda: _lead, "sumy-lexrank": _sumy}
    unknown = [n for n in names if n not in table]
    if unknown:
        raise InputError(f"unknown systems {unknown}; choose from {list(table)}")
    return {n: table[n]() for n in names}


def _cleaned(rec: dict) -> str:
    from marsad.records import Document
    from marsad.stages.clean import clean

    doc = Document(origin=str(rec.get("docno")), raw=rec["text"], title=rec.get("title"))
    return clean(doc)[0].text or rec["text"]


# ---------------------------------------------------------------- evaluation


def evaluate_summaries(path: str | Path, *, limit: int | None = None, split: str = "test",
                       n_sentences: int = 3, use_clean: bool = False,
                       names: tuple[str, ...] = SYSTEM_NAMES) -> dict:
    """Mean ROUGE of each system over the split; per tokenisation and per source."""
    runners = systems(names)
    sums: dict[str, dict[str, dict[str, Counter[str]]]] = {
        s: {v: {m: Counter() for m in METRICS} for v in VARIANTS} for s in runners}
    by_src: dict[str, dict[str, Counter]] = {s: {} for s in runners}
    seconds = dict.fromkeys(runners, 0.0)
    empty: Counter[str] = Counter()
    length: Counter[str] = Counter()  # raw words, summed over articles
    n = 0
    for rec in read_ant(path, split, limit):
        text = _cleaned(rec) if use_clean else rec["text"]
        ref = rec["abstract"]
        refs = {v: tokens(ref, v) for v in VARIANTS}
        length["reference"] += len(refs["raw"])
        n += 1
        for name, run in runners.items():
            t0 = time.process_time()  # CPU time: the machine may be shared
            out = run(text, rec.get("title"), n_sentences)
            seconds[name] += time.process_time() - t0
            if not out:
                empty[name] += 1
            cand = " ".join(out)
            for v in VARIANTS:
                c = tokens(cand, v)
                if v == "raw":
                    length[name] += len(c)
                scores = {"rouge1": rouge_n(c, refs[v], 1), "rouge2": rouge_n(c, refs[v], 2),
                          "rougeL": rouge_l(c, refs[v])}
                for m, prf in scores.items():
                    sums[name][v][m].update(prf)
                if v == "norm":
                    src = by_src[name].setdefault(rec["src"], Counter())
                    src.update({m: s["f"] for m, s in scores.items()}, articles=1)
    report: dict[str, Any] = {"articles": n, "split": split, "sentences": n_sentences,
                              "clean": use_clean,
              "dev_rule": f"blake2b(docno) % {DEV_EVERY} == 0",
              # F1 against ~25-word abstracts rewards short output: compare lengths too
              "reference_words": round(length["reference"] / n, 1) if n else 0.0,
              "systems": {}}
    for name in runners:
        mean = {v: {m: {k: round(c[k] / n, 4) if n else 0.0 for k in ("p", "r", "f")}
                    for m, c in sums[name][v].items()} for v in VARIANTS}
        report["systems"][name] = {
            **mean["norm"],
            "raw": mean["raw"], "stem": mean["stem"],
            "per_source": {src: {"articles": c["articles"],
                                 **{m: round(c[m] / c["articles"], 4) for m in METRICS}}
                           for src, c in sorted(by_src[name].items())},
            "empty": empty[name],
            "summary_words": round(length[name] / n, 1) if n else 0.0,
            "articles_per_s": round(n / seconds[name], 1) if seconds[name] else 0.0,
        }
    return report
