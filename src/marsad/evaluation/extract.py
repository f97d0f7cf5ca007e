"""HTML extraction scored on trafilatura's own evaluation set, beside plain trafilatura.

The set (github.com/adbar/trafilatura: tests/evaldata.json, tests/eval, tests/cache) gives,
per page, 1-6 snippets the article text must keep ("with") and 1-6 boilerplate snippets it
must drop ("without"). Scoring follows upstream tests/evaluate.py: both sides are
whitespace-normalised (every whitespace run becomes one space, ends stripped; no case
folding) and a snippet counts when it is a substring of the output. A kept "with" is a
true positive, a missed one a false negative; a kept "without" is a false positive, a
dropped one a true negative. Precision, recall, accuracy and F1 are over the whole set. A
system that raises on a page scores as empty output there (a full miss), as upstream.

Systems, scored over the same pages in one run:
  trafilatura    trafilatura.extract(page bytes, fast=False, include_comments=False,
                 include_tables=True, include_formatting=False): upstream's "trafilatura"
                 row (txt output, fallback extractors on).
  marsad         the bytes decoded as trafilatura decodes them (so both extractors see the
                 same string), then extract_html + clean. Scored text: the host's doc.text
                 and, "\\n"-joined after it, the text of any glued article clean split off
                 (it came from the page body too). The title clean or extract moved into
                 doc.title is not scored: on this set that costs 3 "with" snippets (page
                 headlines) and saves 3 "without" ones.
  marsad-ingest  our own HTML reader (marsad.ingest.html: our charset handling) + extract +
                 clean: what `marsad ingest page.html` does. Differs from "marsad" only by
                 decoding.

Speed: pages/s = pages / the summed per-page seconds of a system (decoding included),
timed inside the worker after a warm-up call: a one-core rate whatever the worker count.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import tarfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura
from trafilatura.utils import decode_file

from marsad.errors import InputError
from marsad.ingest.html import read_html_bytes
from marsad.records import Document
from marsad.stages.clean import clean
from marsad.stages.extract import extract, extract_html

EVALDATA = "evaldata.json"
# Upstream resolves a file in cache/ before eval/ (a few pages exist in both).
PAGE_DIRS = ("cache", "eval")
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar")
# The options of upstream evaluate.py's "trafilatura" row (its canonical EXTRACT_OPTS).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "fast": False,
    "include_comments": False,
    "include_tables": True,
    "include_formatting": False,
}
DEFAULT_SYSTEMS = ("marsad", "trafilatura")
# Two cores is the target machine; more only helps when the set is large enough to
# amortise a worker start (each worker reads the archive once).
DEFAULT_WORKERS = 2
MIN_PAGES_PER_WORKER = 50
_WARM_UP_PAGE = b"<html><body><article><p>warm up text for the extractors</p></article></body></html>"
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace-normalise as upstream's scorer does (no case folding, no other change)."""
    return _WS.sub(" ", text).strip()


def count_page(item: dict[str, Any], output: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page: snippets matched as substrings of the normalised output."""
    withs, withouts = item.get("with") or [], item.get("without") or []
    if isinstance(output, str):
        text = norm(output)
        tp = sum(1 for s in withs if norm(s) in text)
        fp = sum(1 for s in withouts if norm(s) in text)
    else:
        tp = fp = 0
    return tp, fp, len(withs) - tp, len(withouts) - fp


def scores(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    """Precision, recall, accuracy and F1 (0.0 where a denominator is empty)."""
    total = tp + fp + fn + tn
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
    }


# ---------------------------------------------------------------- systems


def _article_text(docs: list[Document]) -> str:
    """The host's text, then any glued article's, one block per document."""
    return "\n".join(d.text for d in docs if d.text)


def run_marsad(page: bytes) -> str:
    """extract_html + clean on the page decoded like trafilatura decodes bytes."""
    return _article_text(clean(extract_html(decode_file(page))))


def run_marsad_ingest(page: bytes) -> str:
    """Our HTML reader (our decoding) + extract + clean, as `marsad ingest` runs it."""
    doc = read_html_bytes(page, "<eval>")
    return _article_text(clean(extract(doc)))


def run_trafilatura(page: bytes) -> str | None:
    """Plain trafilatura.extract with upstream's evaluation options."""
    return trafilatura.extract(page, **TRAFILATURA_OPTIONS)


SYSTEMS: dict[str, Callable[[bytes], str | None]] = {
    "marsad": run_marsad,
    "marsad-ingest": run_marsad_ingest,
    "trafilatura": run_trafilatura,
}


# ---------------------------------------------------------------- the data


@dataclass(frozen=True)
class Corpus:
    """Where the gold and the pages are: pages in a tar archive or in a directory."""

    evaldata: Path
    archive: Path | None = None  # holds .../cache/*.html and .../eval/*.html
    pages_dir: Path | None = None  # holds cache/ and/or eval/

    def files(self) -> list[Path]:
        """The files whose bytes define the corpus (for pinning)."""
        return [self.evaldata, self.archive] if self.archive else [self.evaldata]


def locate(path: str | os.PathLike[str]) -> Corpus:
    """Find evaldata.json and the pages from any documented layout, or raise InputError.

    Accepted: the tarball (evaldata.json beside it), evaldata.json (tarball or page dirs
    beside it), a directory holding evaldata.json with the tarball or eval/ + cache/ (or
    tests/eval + tests/cache), and upstream's repository root (tests/evaldata.json).
    """
    p = Path(path).expanduser()
    if p.is_file() and p.name.endswith(ARCHIVE_SUFFIXES):
        gold = p.parent / EVALDATA
        if not gold.is_file():
            raise InputError(f"{p}: no {EVALDATA} beside the archive")
        return Corpus(gold, archive=p)
    if p.is_file():
        gold = p
    else:
        found = [d / EVALDATA for d in (p, p / "tests") if (d / EVALDATA).is_file()]
        if not found:
            raise InputError(f"{p}: no {EVALDATA} (nor tests/{EVALDATA}) found")
        gold = found[0]
    for base in dict.fromkeys((gold.parent, p if p.is_dir() else gold.parent)):
        for root in (base, base / "tests"):
            if any((root / sub).is_dir() for sub in PAGE_DIRS):
                return Corpus(gold, pages_dir=root)
        archives = sorted(f for f in base.iterdir() if f.name.endswith(ARCHIVE_SUFFIXES))
        if archives:
            return Corpus(gold, archive=archives[0])
    raise InputError(f"{p}: no pages (eval/ and cache/ directories or a .tar.gz) beside {gold}")


def _page_refs(corpus: Corpus) -> dict[tuple[str, str], str]:
    """(sub-directory, file name) → member name or path, for every page present."""
    refs: dict[tuple[str, str], str] = {}
    if corpus.archive:
        with tarfile.open(corpus.archive) as tar:
            for member in tar:
                parts = member.name.split("/")
                if member.isfile() and len(parts) >= 2 and parts[-2] in PAGE_DIRS:
                    refs[(parts[-2], parts[-1])] = member.name
    else:
        assert corpus.pages_dir is not None
        for sub in PAGE_DIRS:
            folder = corpus.pages_dir / sub
            if folder.is_dir():
                for f in folder.iterdir():
                    refs[(sub, f.name)] = str(f)
    return refs


def _read_pages(corpus: Corpus, wanted: dict[str, list[int]]) -> Iterator[tuple[int, bytes]]:
    """(page index, bytes) for each wanted member/path; an archive is read once, in order."""
    if corpus.archive:
        with tarfile.open(corpus.archive) as tar:
            for member in tar:
                if member.name in wanted:
                    handle = tar.extractfile(member)
                    data = handle.read() if handle else b""
                    for idx in wanted[member.name]:
                        yield idx, data
    else:
        for ref, idxs in wanted.items():
            data = Path(ref).read_bytes()
            for idx in idxs:
                yield idx, data


def load_pages(
    path: str | os.PathLike[str], limit: int | None = None
) -> list[tuple[str, dict[str, Any], bytes]]:
    """(url, gold item, page bytes) in evaldata order, for pages present (benchmarks, debugging)."""
    corpus = locate(path)
    entries = _entries(corpus, limit)
    pages, _ = _resolve(entries, _page_refs(corpus))
    wanted: dict[str, list[int]] = {}
    for idx, ref, _ in pages:
        wanted.setdefault(ref, []).append(idx)
    data = dict(_read_pages(corpus, wanted))
    return [(entries[idx][0], item, data[idx]) for idx, _, item in pages]


def _entries(corpus: Corpus, limit: int | None) -> list[tuple[str, dict[str, Any]]]:
    """The first `limit` (url, gold item) pairs of evaldata.json, in file order."""
    with open(corpus.evaldata, encoding="utf-8") as f:
        gold: dict[str, dict[str, Any]] = json.load(f)
    return list(gold.items())[:limit]


def _resolve(
    entries: list[tuple[str, dict[str, Any]]], refs: dict[tuple[str, str], str]
) -> tuple[list[tuple[int, str, dict[str, Any]]], int]:
    """([(index, member/path, item)] for pages present, count of missing ones)."""
    pages, missing = [], 0
    for idx, (_url, item) in enumerate(entries):
        name = item.get("file") if isinstance(item, dict) else None
        ref = next((refs[(sub, name)] for sub in PAGE_DIRS if (sub, name) in refs),
                   None) if isinstance(name, str) else None
        if ref is None:
            missing += 1
        else:
            pages.append((idx, ref, item))
    return pages, missing


# ---------------------------------------------------------------- the run


@dataclass(frozen=True)
class _Shard:
    corpus: Corpus
    systems: tuple[str, ...]
    pages: tuple[tuple[int, str, dict[str, Any]], ...]  # (index, ref, gold item)


# per page and system: (tp, fp, fn, tn, seconds, raised, empty)
_PageResult = dict[str, tuple[int, int, int, int, float, bool, bool]]


def _score_shard(shard: _Shard) -> list[tuple[int, _PageResult]]:
    """Run every system on the shard's pages (in a worker); per-page counts and seconds."""
    runners = {name: SYSTEMS[name] for name in shard.systems}
    for fn in runners.values():  # lazy imports and one-time set-up stay out of the timing
        try:
            fn(_WARM_UP_PAGE)
        except Exception:  # a failing system is counted per page below
            pass
    items = {idx: item for idx, _, item in shard.pages}
    wanted: dict[str, list[int]] = {}
    for idx, ref, _ in shard.pages:
        wanted.setdefault(ref, []).append(idx)
    out = []
    for idx, data in _read_pages(shard.corpus, wanted):
        result: _PageResult = {}
        for name, fn in runners.items():
            start = time.perf_counter()
            try:
                output, raised = fn(data), False
            except Exception:  # one bad page never aborts the run; it is counted
                output, raised = None, True
            seconds = time.perf_counter() - start
            empty = not output
            result[name] = (*count_page(items[idx], output), seconds, raised, empty)
        out.append((idx, result))
    return out


def evaluate_extraction(
    path: str | os.PathLike[str],
    limit: int | None = None,
    systems: Sequence[str] = DEFAULT_SYSTEMS,
    workers: int | None = None,
    per_page: bool = False,
) -> dict[str, Any]:
    """Score `systems` over the set at `path` (first `limit` gold entries); see module doc."""
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        raise ValueError(f"unknown system(s) {unknown}; known: {sorted(SYSTEMS)}")
    corpus = locate(path)
    entries = _entries(corpus, limit)
    pages, missing = _resolve(entries, _page_refs(corpus))

    n_workers = _worker_count(workers, len(pages))
    shards = [_Shard(corpus, tuple(systems), tuple(pages[k::n_workers])) for k in range(n_workers)]
    if n_workers == 1:
        results = [_score_shard(shards[0])]
    else:
        with multiprocessing.get_context().Pool(n_workers) as pool:
            results = pool.map(_score_shard, shards)
    by_index = dict(r for shard in results for r in shard)
    return _report(entries, sorted(by_index.items()), tuple(systems), missing, n_workers, per_page)


def _worker_count(workers: int | None, pages: int) -> int:
    """Workers asked for, else up to DEFAULT_WORKERS with MIN_PAGES_PER_WORKER each."""
    if workers is None:
        workers = min(DEFAULT_WORKERS, os.cpu_count() or 1)
        workers = min(workers, max(1, pages // MIN_PAGES_PER_WORKER))
    return max(1, min(workers, pages or 1))


def _report(
    entries: list[tuple[str, dict[str, Any]]],
    results: list[tuple[int, _PageResult]],
    systems: tuple[str, ...],
    missing: int,
    workers: int,
    per_page: bool,
) -> dict[str, Any]:
    """Sum the per-page results into the report evaluate_extraction returns."""
    out: dict[str, Any] = {
        "pages": len(results),
        "missing_pages": missing,
        "workers": workers,
        "versions": {"trafilatura": trafilatura.__version__},
        "systems": {},
    }
    for name in systems:
        tp = fp = fn = tn = errors = empty = 0
        seconds = 0.0
        for _, result in results:  # index order: sums are the same for any worker count
            a, b, c, d, s, raised, was_empty = result[name]
            tp, fp, fn, tn, seconds = tp + a, fp + b, fn + c, tn + d, seconds + s
            errors, empty = errors + raised, empty + was_empty
        out["systems"][name] = {
            **scores(tp, fp, fn, tn),
            "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "pages_per_s": len(results) / seconds if seconds else 0.0,
            "errors": errors,
            "empty": empty,
        }  # fmt: skip
    if per_page:
        out["per_page"] = [
            {
                "url": entries[idx][0],
                "file": entries[idx][1].get("file"),
                "systems": {n: dict(zip(("tp", "fp", "fn", "tn"), r[n][:4], strict=True))
                            for n in systems},
            }
            for idx, r in results
        ]
    return out
