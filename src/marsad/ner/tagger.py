"""Raw text → sentences → tokens → BIO tags → character spans, with the shipped model."""

from __future__ import annotations

import contextlib
import json
import threading
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from marsad.arabic.sentences import sentences
from marsad.arabic.tokenize import token_offsets
from marsad.errors import ConfigError
from marsad.ner.batch import predict, predict_flat
from marsad.ner.features import GAZ_TYPES, LABELS, TAGS, Featurizer
from marsad.ner.model import load_model

MODEL_PATH = Path(__file__).resolve().parent / "model" / "ner.npz"


@dataclass(slots=True, frozen=True)
class NerSpan:
    """One entity: `text[start:end]` of the tagged text, label PER | LOC | ORG | MISC."""

    start: int
    end: int
    label: str


def _ints(a: np.ndarray) -> set[int]:
    return set(a.tolist())


class NerTagger:
    """The BiLSTM-CRF tagger; thread-safe for reading, cheap to share across forks."""

    def __init__(self, path: str | Path = MODEL_PATH, members: int | None = None):
        try:
            with np.load(path) as f:
                z = {k: f[k] for k in f.files}
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load NER model {path}: {exc}") from exc
        self.meta = json.loads(str(z.get("meta", "{}")))
        vocab = {h: i + 1 for i, h in enumerate(z["vocab_h"].tolist())}
        self.features = Featurizer(
            vocab,
            {t: _ints(z[f"tok_{t}"]) for t in GAZ_TYPES},
            {t: _ints(z[f"full_{t}"]) for t in GAZ_TYPES},
            _ints(z["starts_h"]),
        )
        self.model = load_model(z, members)
        self._blas = _one_blas_thread()
        self._members = getattr(self.model, "members", [self.model])
        self.members = len(self._members)

    def tag_tokens(self, sents: list[list[str]]) -> list[list[str]]:
        """BIO tags (B-PER, I-LOC, ..., O) for pre-tokenised sentences."""
        keep = [k for k, s in enumerate(sents) if s]
        with self._blas():
            paths = predict(self._members, self.features, [sents[k] for k in keep])
        out: list[list[str]] = [[] for _ in sents]
        for k, p in zip(keep, paths, strict=True):
            out[k] = [TAGS[i] for i in p]
        return out

    def tag_many(self, texts: list[str]) -> list[list[NerSpan]]:
        """Entity spans of each text; all sentences of all texts run as one batch."""
        sents: list[list[str]] = []
        starts: list[int] = []
        ends: list[int] = []
        owner: list[int] = []
        for k, text in enumerate(texts):
            # one tokenisation of the whole text, cut at the sentence ends: the same
            # tokens as per sentence (sentence ends fall between tokens), without
            # shifting every offset
            words, st, en = token_offsets(text or "")
            i = 0
            for _a, b in sentences(text or ""):
                j = bisect_left(st, b, lo=i)
                if j > i:
                    sents.append(words[i:j])
                    starts.extend(st[i:j])
                    ends.extend(en[i:j])
                    owner.append(k)
                i = j
        with self._blas():
            tags = predict_flat(self._members, self.features, sents)
        lengths = [len(s) for s in sents]
        tok_owner = np.repeat(np.asarray(owner, np.int64), np.asarray(lengths, np.int64))
        first, last = _span_bounds(tags, lengths)
        out: list[list[NerSpan]] = [[] for _ in texts]
        for a, b, k, t in zip(first, last, tok_owner[first].tolist(), tags[first].tolist(),
                              strict=True):
            out[k].append(NerSpan(starts[a], ends[b], LABELS[(t - 1) // 2]))
        return out

    def tag(self, text: str) -> list[NerSpan]:
        """Entity spans of one text (character offsets into it)."""
        return self.tag_many([text])[0]


def _one_blas_thread():
    """A context that runs BLAS on one thread. The tagger's products are small (batch x
    64 x 256 per step): threads only add hand-offs, and with the machine's cores already
    busy (the pipeline runs one worker per core) a multi-threaded BLAS ran a 10k-token
    sentence 7-60x slower than one thread did (0.4 s vs 2.7-23 s, measured)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # a declared dependency; a bare numpy install still tags, just slower
        return contextlib.nullcontext
    controller = ThreadpoolController()
    return lambda: controller.limit(limits=1, user_api="blas")


def _span_bounds(tags: np.ndarray, lengths: list[int]) -> tuple[list[int], list[int]]:
    """First and last token of each entity in BIO `tags` of sentences laid end to end:
    a token continues the entity before it when it is I- of the same label within the
    same sentence; anything else that is not O begins one."""
    label = (tags.astype(np.int64) + 1) // 2  # 0 for O, then one per LABELS entry
    inside = (tags > 0) & (tags % 2 == 0)
    cont = np.zeros(len(tags) + 1, bool)
    cont[1:-1] = inside[1:] & (label[1:] == label[:-1])
    cont[np.cumsum(lengths, dtype=np.int64)[:-1]] = False  # no entity runs across a sentence end
    tagged = tags > 0
    first = np.nonzero(tagged & ~cont[:-1])[0]
    last = np.nonzero(tagged & ~cont[1:])[0]
    return first.tolist(), last.tolist()


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, int | None], NerTagger] = {}


def load_tagger(path: str | Path | None = None, members: int | None = None) -> NerTagger:
    """The tagger for `path` (default: the shipped model), loaded once per process.

    The shipped model is an ensemble: `members=None` uses all of it (the best F1, the
    numbers `marsad eval ner` reports); `members=1` uses its first tagger alone, about
    2.4x faster for a point or so of F1 (MODEL_CARD.md) -- the pipeline's choice.
    """
    p = str(path or MODEL_PATH)
    with _LOCK:
        if (p, members) not in _CACHE:
            _CACHE[(p, members)] = NerTagger(p, members)
        return _CACHE[(p, members)]
