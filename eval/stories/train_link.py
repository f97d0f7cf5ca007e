"""Train and check the article → story model on the dev windows of the story gold.

    python eval/stories/train_link.py --work /work/storygold [--write]

Leave-one-window-out over the dev windows: train on the others (gold-oracle pairs),
pick the new-story threshold on them by B-cubed F1 of an online replay, score the
held-out window. Then train on all dev windows and (--write) save the model beside
stories/link.py. Test windows are never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import linkdata  # noqa: E402

from marsad.evaluation.stories import bcubed  # noqa: E402
from marsad.stories import link  # noqa: E402

MODEL = HERE.parents[1] / "src" / "marsad" / "stories" / "model" / "link.json"
THRESHOLDS = [round(x, 2) for x in np.arange(0.2, 0.95, 0.05)]


def gold_of(work: Path, window: str) -> dict[str, str]:
    draw = [json.loads(line) for line in open(work / f"{window}.jsonl", encoding="utf-8")]
    labels = [line.rstrip("\n").split("\t") for line in
              open(work / "labels" / f"{window}.tsv", encoding="utf-8") if line.strip()]
    return {r["url"]: lab[2] for r, lab in zip(draw, labels, strict=True)}


USE = np.ones(len(link.FEATURES), bool)  # features the model may use (--use)


def fit(pairs):
    from sklearn.linear_model import LogisticRegression

    X = np.array([f for f, _ in pairs])[:, USE]
    y = np.array([lab for _, lab in pairs])
    m = LogisticRegression(C=1.0, max_iter=2000, class_weight=None).fit(X, y)
    coef = np.zeros(len(link.FEATURES))
    coef[USE] = m.coef_[0]
    return coef, float(m.intercept_[0])


def decider(coef, bias, threshold):
    def decide(rows):
        z = np.array(rows) @ coef + bias
        p = 1 / (1 + np.exp(-z))  # the same logistic as link.probability
        k = int(p.argmax())
        return k if p[k] >= threshold else None
    return decide


def baseline_decider(threshold):
    from marsad.stories.similarity import TOPIC_WEIGHT, calibrate

    def decide(rows):
        s = [calibrate((1 - TOPIC_WEIGHT) * r[0] + TOPIC_WEIGHT * r[1]) for r in rows]
        k = int(np.argmax(s))
        return k if s[k] >= threshold else None
    return decide


def score(arts_by_w, golds, decide):
    out = {}
    for w, arts in arts_by_w.items():
        got = linkdata.run(arts, decide)
        out[w] = bcubed(golds[w], got)
    f1 = float(np.mean([m["f1"] for m in out.values()]))
    return f1, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storysim"))
    ap.add_argument("--windows", nargs="*", default=["dev-a", "dev-b", "dev-c"])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--use", default=",".join(link.FEATURES),
                    help="comma-separated features the model may use")
    args = ap.parse_args()
    USE[:] = [f in args.use.split(",") for f in link.FEATURES]
    assert all(w.startswith("dev") for w in args.windows), "train on dev windows only"
    args.cache.mkdir(parents=True, exist_ok=True)
    arts = {w: linkdata.prepare(args.work, w, args.cache) for w in args.windows}
    golds = {w: {u: g for u, g in gold_of(args.work, w).items()
                 if u in {a["url"] for a in arts[w]}} for w in args.windows}
    pairs = {}
    for w in args.windows:
        pairs[w] = []
        linkdata.run(arts[w], None, golds[w], pairs[w])
    if args.write:
        coef, bias = fit([x for w in args.windows for x in pairs[w]])
        f, t = max((score(arts, golds, decider(coef, bias, t))[0], t) for t in THRESHOLDS)
        save(coef, bias, t, args.windows, f)
        return
    # baseline: today's calibrated text+topic score, at today's threshold and the best one
    base_now = score(arts, golds, baseline_decider(0.53))
    print("baseline @0.53", round(base_now[0], 4), base_now[1])
    best = max((score(arts, golds, baseline_decider(t))[0], t) for t in THRESHOLDS)
    print("baseline best threshold (in-sample)", best)
    # leave one window out
    held = {}
    for w in args.windows:
        train = [x for v in args.windows if v != w for x in pairs[v]]
        coef, bias = fit(train)
        others = {v: arts[v] for v in args.windows if v != w}
        og = {v: golds[v] for v in others}
        f, t = max((score(others, og, decider(coef, bias, t))[0], t) for t in THRESHOLDS)
        held[w] = bcubed(golds[w], linkdata.run(arts[w], decider(coef, bias, t)))
        held[w]["threshold"] = t
        print("held-out", w, held[w], "coef", np.round(coef, 3), round(bias, 3))
    print("LOWO mean F1", round(float(np.mean([m["f1"] for m in held.values()])), 4))
    coef, bias = fit([x for w in args.windows for x in pairs[w]])
    f, t = max((score(arts, golds, decider(coef, bias, t))[0], t) for t in THRESHOLDS)
    print("all dev: threshold", t, "in-sample F1", round(f, 4), dict(zip(link.FEATURES, np.round(coef, 3), strict=True)), bias)


def save(coef, bias, threshold, windows, f1) -> None:
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(json.dumps({
        "features": list(link.FEATURES), "coef": [round(float(c), 6) for c in coef],
        "bias": round(bias, 6), "threshold": float(threshold), "trained_on": windows,
        "dev_in_sample_f1": round(f1, 4)}, indent=1) + "\n")
    print("wrote", MODEL, "threshold", threshold, "in-sample F1", round(f1, 4))


if __name__ == "__main__":
    main()
