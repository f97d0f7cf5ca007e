"""Inverse document frequencies for story similarity: a news background plus the stream.

The background is learned once from unlabelled Arabic news (`make train-idf`, see
model/MODEL_CARD.md) and ships as `model/idf.tsv.gz`: one `term<TAB>df` line per analysed
term seen in at least MIN_DF articles, after a `#docs<TAB>N` header.

The background alone is dated: the training news is 2012-2018, so a term that floods a
later stream (كورونا in 2020) still looks rare and makes every article that mentions it
"the same story". An IdfTable therefore also counts the articles it is shown
(`observe`) and pools the two document-frequency rates. On the 110 SemEval dev pairs
(text signal alone, before the byline rule), background-only IDF gave Pearson 0.535, the
pairs' own texts only 0.586 and the pooled rate 0.589 (eval/README.md#similarity).
"""

from __future__ import annotations

import gzip
import json
import math
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import repeat
from pathlib import Path

import numpy as np

from marsad.arabic.stem import analyze
from marsad.stories.terms import MAX_CHARS, story_terms

MODEL_PATH = Path(__file__).with_name("model") / "idf.tsv.gz"
# Terms seen in fewer background articles are left out of the model file: they are
# mostly typos and one-off names, and an absent term gets the rarest IDF anyway.
# df >= 2 keeps 84k terms from 70k articles in ~0.3 MB.
MIN_DF = 2
# The stream's share of the pooled rate grows with its size and reaches one half at this
# many articles: a handful of articles says little about what is common this week.
# 200 is about the size of the dev pairs file (220 texts), where equal pooling was measured.
STREAM_FULL_WEIGHT_DOCS = 200
STREAM_MAX_SHARE = 0.5
# Additive smoothing of document counts (a term seen nowhere is not infinitely rare).
SMOOTH = 0.5


def term_id(term: str) -> int:
    """32-bit id of an analysed term: what vectors and the stream store instead of text.

    crc32 over the 84k background terms gives about one colliding pair in all; inside two
    ~150-term articles a collision is negligible.
    """
    return zlib.crc32(term.encode("utf-8"))


class IdfTable:
    """Background document frequencies, plus counts from the articles of the stream.

    The stream is keyed by term id, so a StoryVector made anywhere (a worker, with the
    background only) can be counted and re-weighted later where the stream lives (the
    single writer that clusters): see similarity.restream().
    """

    __slots__ = ("background", "background_ids", "docs", "stream", "stream_docs")

    def __init__(self, background: dict[str, int], docs: int,
                 background_ids: dict[int, int] | None = None) -> None:
        self.background = background
        self.background_ids = (background_ids if background_ids is not None
                               else {term_id(t): c for t, c in background.items()})
        self.docs = max(docs, 1)
        self.stream: Counter[int] = Counter()
        self.stream_docs = 0

    def observe(self, terms: Iterable[str]) -> None:
        """Count one article of the stream (its distinct analysed terms)."""
        self.observe_ids({term_id(t) for t in terms})

    def observe_ids(self, ids: Iterable[int]) -> None:
        """Count one article of the stream given by its term ids (StoryVector.ids)."""
        self.stream.update(set(ids.tolist() if isinstance(ids, np.ndarray) else ids))
        self.stream_docs += 1

    def observe_idf(self, ids: np.ndarray) -> np.ndarray:
        """Count one article given by its term ids, then the pooled IDF of each id (the
        interface similarity.restream() uses; stream.StreamIdf is the writer's faster
        equal)."""
        self.observe_ids(ids)
        return self.idf_ids(ids)

    def observe_text(self, title: str | None, text: str) -> None:
        """Count one article given as text, analysed as similarity.represent() does."""
        self.observe(story_terms(title, text[:MAX_CHARS]))

    def copy(self) -> IdfTable:
        """The same background with an empty stream (for a separate run)."""
        return IdfTable(self.background, self.docs, self.background_ids)

    def idf(self, term: str) -> float:
        """-log of the pooled document-frequency rate of `term`."""
        return self.idf_id(term_id(term))

    def idf_ids(self, ids: np.ndarray) -> np.ndarray:
        """idf_id() of every id, as float64: the writer re-weights each arriving article
        with it, and a Python call per term was 4% of the writer's time on ANT."""
        tids = ids.tolist()
        n = len(tids)
        bg = np.fromiter(map(self.background_ids.get, tids, repeat(0)), np.float64, n)
        rate = (bg + SMOOTH) / self.docs
        if self.stream_docs:
            share = STREAM_MAX_SHARE * min(1.0, self.stream_docs / STREAM_FULL_WEIGHT_DOCS)
            local = np.fromiter(map(self.stream.get, tids, repeat(0)), np.float64, n)
            rate = (1.0 - share) * rate + share * ((local + SMOOTH) / self.stream_docs)
        return -np.log(np.minimum(rate, 1.0))

    def idf_id(self, tid: int) -> float:
        """idf() of a term given by its id."""
        rate = (self.background_ids.get(tid, 0) + SMOOTH) / self.docs
        if self.stream_docs:
            share = STREAM_MAX_SHARE * min(1.0, self.stream_docs / STREAM_FULL_WEIGHT_DOCS)
            local = (self.stream.get(tid, 0) + SMOOTH) / self.stream_docs
            rate = (1.0 - share) * rate + share * local
        return -math.log(min(rate, 1.0))


@cache
def _load(path: str) -> tuple[dict[str, int], dict[int, int], int]:
    table: dict[str, int] = {}
    docs = 0
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            term, _, count = line.rstrip("\n").partition("\t")
            if term == "#docs":
                docs = int(count)
            elif term:
                table[term] = int(count)
    return table, {term_id(t): c for t, c in table.items()}, docs


def background(path: str | Path | None = None) -> IdfTable:
    """A fresh IdfTable over the shipped (or given) background model, empty stream.

    The parsed model is cached, so every table shares one read-only dictionary.
    """
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        # no model (a source checkout before `make train-idf`): stream counts only
        return IdfTable({}, 1)
    table, ids, docs = _load(str(p))
    return IdfTable(table, docs, ids)


# ---------------------------------------------------------------- training


def _articles(path: Path) -> Iterator[str]:
    """Title + body of each JSONL(.gz) record (ANT: title/text, SaudiNewsNet: title/content)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            body = rec.get("text") or rec.get("content") or ""
            if len(body) >= 50:
                yield f"{rec.get('title') or ''}\n{body}"


def train(paths: Iterable[Path], out: Path, min_df: int = MIN_DF) -> tuple[int, int]:
    """Count document frequencies of analysed terms; write the model; (articles, terms).

    Re-filed copies (identical opening 2,000 characters) count once, so a story
    reprinted by 14 papers does not look 14 times as common as it is. Inline bylines stay
    in (unlike story_terms()): a reporter's name recurs across an outlet's articles, so
    counting it only lowers its IDF.
    """
    df: Counter[str] = Counter()
    seen: set[int] = set()
    for path in paths:
        for article in _articles(Path(path)):
            h = hash(article[:2000])
            if h in seen:
                continue
            seen.add(h)
            df.update(set(analyze(article)))
    kept = sorted((t, c) for t, c in df.items() if c >= min_df)
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same data gives a byte-identical file
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(f"#docs\t{len(seen)}\n".encode())
        gz.write("".join(f"{t}\t{c}\n" for t, c in kept).encode("utf-8"))
    return len(seen), len(kept)


def main(argv: list[str]) -> int:
    """`python -m marsad.stories.idf OUT INPUT...` (what `make train-idf` runs)."""
    if len(argv) < 2:
        sys.stderr.write("usage: python -m marsad.stories.idf OUT.tsv.gz INPUT.jsonl.gz...\n")
        return 2
    out, inputs = Path(argv[0]), [Path(p) for p in argv[1:]]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        sys.stderr.write(f"input not found: {', '.join(missing)}\n")
        return 1
    docs, terms = train(inputs, out)
    sys.stdout.write(f"{out}: {terms} terms from {docs} articles ({out.stat().st_size} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
