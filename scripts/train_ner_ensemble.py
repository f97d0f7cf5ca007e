#!/usr/bin/env python3
"""Combine trained NER models (same word vectors and name lists) into one ensemble file
(step 3 of `make train-ner`): their emission and transition scores add up at decoding.

    python scripts/train_ner_ensemble.py OUT.npz MEMBER.npz [MEMBER.npz ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

SHARED_KEYS = ("emb_q", "emb_scale", "vocab_h", "starts_h", "tok_PER", "tok_LOC", "tok_ORG",
               "full_PER", "full_LOC", "full_ORG")


def main(out: str, members: list[str]) -> None:
    zs = [dict(np.load(m)) for m in members]
    for z in zs[1:]:
        for k in SHARED_KEYS:
            if not np.array_equal(z[k], zs[0][k]):
                raise SystemExit(f"members differ in {k}: not built from the same data")
    combined = {k: zs[0][k] for k in SHARED_KEYS}
    metas = [json.loads(str(z.get("meta", "{}"))) for z in zs]
    carves = {m.get("dev_carve") for m in metas}
    meta = {"members": metas, "dev_excluded": all(m.get("dev_excluded") for m in metas),
            "dev_carve": carves.pop() if len(carves) == 1 else None,
            "tags": metas[0].get("tags")}
    combined["meta"] = np.array(json.dumps(meta))
    combined["members"] = np.array(len(zs))
    for i, z in enumerate(zs):
        for k, v in z.items():
            if k not in SHARED_KEYS and k != "meta":
                combined[f"m{i}_{k}"] = v
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **combined)
    print(f"{out}: {len(zs)} members, {Path(out).stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
