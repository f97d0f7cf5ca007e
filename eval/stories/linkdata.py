"""Story-link training data and an in-memory replay of the online clusterer.

`prepare(window)` runs Marsad's pipeline on a window's articles (eval/stories/sample.py's
draw) and keeps what the clusterer sees of each: its StoryVector, its entities by type,
its title terms. `replay(articles, decide)` streams them in publication order through
the same single-pass scheme as stories/cluster.py (stream IDF, centroids truncated to
CENTROID_TERMS, a time window), with `decide(features)` choosing a candidate or a new
story. `oracle_pairs` yields (features, same-story) pairs with gold clusters as the
candidates, as Miranda et al. (2018) train their article-to-cluster model.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from marsad.stories import link


def prepare(work: Path, window: str, cache: Path) -> list[dict]:
    out_path = cache / f"{window}.pkl"
    if out_path.exists():
        return pickle.loads(out_path.read_bytes())
    from marsad.ingest import ReadOptions, iter_inputs
    from marsad.pipeline import process_many
    from marsad.records import Document

    docs = [d for d in iter_inputs([str(work / f"{window}.jsonl")], ReadOptions())
            if isinstance(d, Document)]
    urls = [json.loads(line)["url"] for line in open(work / f"{window}.jsonl", encoding="utf-8")]
    arts = []
    for i in range(0, len(docs), 64):
        for res in process_many(docs[i:i + 64]):
            if not isinstance(res, list) or not res:
                continue
            d = res[0]
            if d.story is None:
                continue
            d.story.entities = _entity_weights([(e.key, e.type) for e, _ in d.entities])
            arts.append({"url": d.url, "vec": d.story, "window": window})
    assert {a["url"] for a in arts} <= set(urls)
    out_path.write_bytes(pickle.dumps(arts))
    return arts


def _entity_weights(pairs):
    from marsad.stories.similarity import _background
    from marsad.stories.similarity import _entity_weights as weights

    return weights(pairs, _background()) if pairs else {}


class Replay:
    """The clusterer's state over one stream: the stream IDF and story centroids."""

    def __init__(self) -> None:
        from marsad.stories.idf import background
        from marsad.stories.stream import StreamIdf

        self.stream = StreamIdf(background(), {}, 0)
        self.stories: list[link.StoryState] = []
        self.assigned: dict[str, int] = {}

    def vector(self, art: dict):
        from marsad.stories.similarity import restream

        return restream(art["vec"], self.stream)

    def candidates(self, vec, pool=None) -> list[int]:
        pool = range(len(self.stories)) if pool is None else pool
        return [i for i in pool if self.stories[i].active(vec.day)]


def run(articles: list[dict], decide, gold: dict[str, str] | None = None,
        pairs: list | None = None) -> dict[str, int]:
    """Online replay. `decide(rows)` gets one feature row per candidate and returns the
    index of the chosen one or None (new story). With `pairs`, gold-oracle training rows
    (features, label) are collected instead, and each article joins its gold story."""
    r = Replay()
    gold_story: dict[str, int] = {}
    for art in articles:
        vec = r.vector(art)
        cands = r.candidates(vec)
        feats = [link.features(vec, r.stories[c].view(), r.stories[c].n) for c in cands]
        if pairs is not None:
            g = gold[art["url"]]
            target = gold_story.get(g)
            for c, f in zip(cands, feats, strict=True):
                pairs.append((f, int(c == target)))
            choice = target
        else:
            k = decide(feats) if feats else None
            choice = cands[k] if k is not None else None
        if choice is None:
            r.stories.append(link.StoryState.new(vec))
            choice = len(r.stories) - 1
            if pairs is not None:
                gold_story[gold[art["url"]]] = choice
        else:
            r.stories[choice].add(vec)
        r.assigned[art["url"]] = choice
    return r.assigned
