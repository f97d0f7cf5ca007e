"""`marsad eval stories` and the story-link model: B-cubed, the gold format, and that the
features the model was trained on are the ones the clusterer computes."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from tests.conftest import shared_path

from marsad.evaluation import stories as ev
from marsad.evaluation.cli_eval import eval_group
from marsad.stories import link
from marsad.stories.similarity import StoryVector
from marsad.writer import stories as cluster


def test_bcubed_by_hand():
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    # one mixed story {a, b, c} and d alone: per item precision 2/3, 2/3, 1/3, 1;
    # recall 1, 1, 1/2, 1/2
    got = ev.bcubed(gold, {"a": 1, "b": 1, "c": 1, "d": 2})
    assert got["precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, abs=1e-4)
    assert got["recall"] == pytest.approx(0.75, abs=1e-4)
    # an article in no story is its own singleton, not one big "None" story
    apart = ev.bcubed(gold, {"a": None, "b": None, "c": None, "d": None})
    assert apart["precision"] == 1.0 and apart["recall"] == 0.5


def test_size_distribution_counts_singletons():
    sizes = ev.size_distribution({"a": 1, "b": 1, "c": None, "d": None})
    assert sizes["stories"] == 3 and sizes["largest"] == [2, 1, 1]
    assert sizes["bins"]["1"] == 2 and sizes["bins"]["2-4"] == 1


def _vec(ids, weights, topic, ents, day):
    w = np.asarray(weights, np.float32)
    return StoryVector(np.asarray(ids, np.uint32), w / np.linalg.norm(w),
                       np.asarray(topic, np.float32) / np.linalg.norm(topic), ents, day)


def test_training_replay_and_clusterer_see_the_same_features():
    """The model is trained on StoryState (eval/stories/linkdata.py) and run on the
    centroid rows cluster.py stores: both must give one feature vector."""
    members = [_vec([1, 5, 9], [0.5, 0.3, 0.2], [1, 0, 0], {("روسيا", "LOC"): 4.0}, 736765.0),
               _vec([1, 7], [0.7, 0.1], [0.5, 0.5, 0], {("روسيا", "LOC"): 4.0,
                                                         ("لافروف", "PER"): 9.0}, 736766.0)]
    state = link.StoryState()
    row = {"centroid_ids": b"", "centroid_weights": b"", "topic": None, "entities": [],
           "articles": 0, "last_day": None}
    for m in members:
        state.add(m)
        cluster._merge(row, m)
        row["articles"] += 1
        row["last_day"] = max(row["last_day"] or 0, m.day)
    article = _vec([1, 9, 11], [0.6, 0.2, 0.2], [0.9, 0.1, 0], {("روسيا", "LOC"): 4.0}, 736767.0)
    trained = link.features(article, state.view(), state.n)
    running = link.features(article, cluster._centroid_vector(row), row["articles"])
    assert trained == pytest.approx(running, abs=1e-6)
    assert 0 < link.probability(article, state.view(), state.n) < 1


def test_eval_stories_cli_on_a_dev_window(tmp_path):
    shared_path("data", "news", "ant_multisource", "articles.jsonl.gz")
    from tests.conftest import ROOT

    rows = [json.loads(line) for line in
            (ROOT / "eval" / "stories" / "gold-dev.jsonl").read_text("utf-8").splitlines()]
    part = [r for r in rows if r["window"] == "dev-c"][:80]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), "utf-8")
    res = CliRunner().invoke(eval_group, ["stories", "--gold", str(gold), "--json",
                                          "--data", str(ROOT.parent / "shared" / "data")])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["articles"] == 80 and report["missing"] == 0
    assert {"precision", "recall", "f1"} <= report.keys()
    # one SaudiNewsNet day: mostly separate local items, a few shared stories
    assert report["f1"] >= 0.8, report


def test_eval_stories_refuses_a_changed_article(tmp_path):
    shared_path("data", "news", "saudinewsnet", "articles.jsonl.gz")
    from tests.conftest import ROOT

    row = json.loads((ROOT / "eval" / "stories" / "gold-dev.jsonl").read_text("utf-8")
                     .splitlines()[0])
    row["sha1"] = "0" * 16
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(row) + "\n", "utf-8")
    res = CliRunner().invoke(eval_group, ["stories", "--gold", str(gold),
                                          "--data", str(ROOT.parent / "shared" / "data")])
    assert res.exit_code != 0 and "changed" in res.output
