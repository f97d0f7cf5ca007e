"""The article → story decision as a learned model (Miranda et al. 2018): similarities of
an arriving article to a candidate story, combined by a logistic model trained on the
hand-labelled dev windows of eval/stories (eval/stories/train_link.py).

`features(vec, story)` is the one feature function the clusterer (writer/stories.py)
and the training replay (eval/stories/linkdata.py) both call, so what was trained is
what runs.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from marsad.stories.similarity import TOPIC_WEIGHT, StoryVector, calibrate, time_factor

MODEL = Path(__file__).with_name("model") / "link.json"
# Stories whose latest article is more than this many days before the arriving article
# are not candidates (EMM's sliding window).
WINDOW_DAYS = 7.0
CENTROID_TERMS = 300
# An entity is in a story's profile when this share of its members name it.
ENTITY_SHARE = 0.3
FEATURES = ("text", "topic", "entities", "entities_rare", "days", "log_size", "text_x_size")


def _cos_sparse(ai, aw, bi, bw) -> float:
    if not len(ai) or not len(bi):
        return 0.0
    if len(ai) > len(bi):
        ai, aw, bi, bw = bi, bw, ai, aw
    pos = bi.searchsorted(ai)
    hit = bi.take(pos, mode="clip") == ai
    return float(aw[hit] @ bw[pos[hit]])


class StoryState:
    """A story's centroid as the clusterer keeps it (sums over members)."""

    __slots__ = ("ids", "weights", "topic", "entities", "n", "last_day", "first_day")

    def __init__(self) -> None:
        self.ids = np.empty(0, np.uint32)
        self.weights = np.empty(0, np.float32)
        self.topic = None
        self.entities: dict[Any, int] = {}
        self.n = 0
        self.last_day = None
        self.first_day = None

    @classmethod
    def new(cls, vec) -> StoryState:
        s = cls()
        s.add(vec)
        return s

    def add(self, vec) -> None:
        ids = np.concatenate([self.ids, vec.ids])
        w = np.concatenate([self.weights, vec.weights])
        uniq, inv = np.unique(ids, return_inverse=True)
        summed = np.bincount(inv, weights=w, minlength=len(uniq)).astype(np.float32)
        if len(uniq) > CENTROID_TERMS:
            keep = np.sort((-summed).argpartition(CENTROID_TERMS)[:CENTROID_TERMS])
            uniq, summed = uniq[keep], summed[keep]
        self.ids, self.weights = uniq, summed
        if vec.topic is not None:
            self.topic = vec.topic.copy() if self.topic is None else self.topic + vec.topic
        for e in vec.entities or ():
            self.entities[e] = self.entities.get(e, 0) + 1
        self.n += 1
        if vec.day is not None:
            self.last_day = vec.day if self.last_day is None else max(self.last_day, vec.day)
            self.first_day = vec.day if self.first_day is None else min(self.first_day, vec.day)

    def active(self, day) -> bool:
        return day is None or self.last_day is None or day - self.last_day <= WINDOW_DAYS


    def view(self):
        """The centroid as the clusterer reads it back from a story row
        (cluster._centroid_vector): unit text and topic vectors, the entity profile."""
        norm = float(np.sqrt(self.weights @ self.weights)) or 1.0
        topic = None
        if self.topic is not None:
            topic = self.topic / (float(np.sqrt(self.topic @ self.topic)) or 1.0)
        profile = {e: 1.0 for e, c in self.entities.items() if c / self.n >= ENTITY_SHARE}
        return StoryVector(self.ids, self.weights / norm, topic, profile, self.last_day)


def features(vec, centroid, n: int) -> np.ndarray:
    """The model's inputs for article `vec` against a story: `centroid` with unit text and
    topic vectors, its entity profile as `entities` and its latest day as `day`; `n` its
    canonical articles."""
    text = _cos_sparse(vec.ids, vec.weights, centroid.ids, centroid.weights)
    topic = 0.0
    if vec.topic is not None and centroid.topic is not None:
        topic = max(0.0, float(vec.topic @ centroid.topic))
    ents = vec.entities or {}
    total = sum(ents.values())
    profile = centroid.entities or {}
    shared = rare = 0.0
    for e, w in ents.items():
        if e in profile:
            shared += w
            rare = max(rare, w)
    days = 0.0
    if vec.day is not None and centroid.day is not None:
        days = min(WINDOW_DAYS, abs(vec.day - centroid.day))
    log_size = math.log1p(n)
    return np.array([text, topic, shared / total if total else 0.0, rare / 10.0, days,
                     log_size, text * log_size])


@cache
def model() -> tuple[np.ndarray, float, float]:
    """(coefficients, bias, new-story threshold) of the trained model (model/link.json)."""
    spec = json.loads(MODEL.read_text(encoding="utf-8"))
    if tuple(spec["features"]) != FEATURES:
        raise ValueError(f"{MODEL} was trained on other features: {spec['features']}")
    return np.asarray(spec["coef"], np.float64), float(spec["bias"]), float(spec["threshold"])


def probability(vec, centroid, n: int) -> float:
    """How likely the article belongs to the story, in [0, 1] (the trained logistic)."""
    return probability_of(features(vec, centroid, n))


def probability_of(f: np.ndarray) -> float:
    coef, bias, _ = model()
    z = float(f @ coef) + bias
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def rule_similarity(f: np.ndarray) -> float:
    """similarity.similarity() of the same pair, read off the features (text, topic, days):
    the calibrated rule the clusterer keeps beside the model, without a second pass."""
    raw = (1.0 - TOPIC_WEIGHT) * f[0] + TOPIC_WEIGHT * f[1]
    return calibrate(min(1.0, max(0.0, raw * time_factor(f[4]))))


def threshold() -> float:
    """Below this probability for every candidate, the article starts a new story."""
    return model()[2]
