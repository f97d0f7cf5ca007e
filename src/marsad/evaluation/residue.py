"""`marsad eval residue`: line-level cleaning decisions against a hand-labelled gold.

The gold is JSON: each key a file (absolute, or relative to the gold file), each value the
labelled lines of that file, as either

    {"content": ["line kept as article text", ...], "residue": ["شارك على فيسبوك", ...]}

or a list of {"text": "...", "label": "content" | "residue"} (also "line": N, a 0-based
index into the file's lines, in place of "text"). The files are ingested together, as one
corpus, into a fresh store (so whatever the cleaner learns across pages counts), and each
labelled line is judged: kept when it is in the stored text of that file's article (or of
an article split off it), removed otherwise (a line kept as the title counts as kept).
A line is matched by its matching key (arabic.normalize.key: spacing, diacritics, tatweel,
letter variants folded), so display normalisation of a kept line is not read as removal.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.errors import InputError

LABELS = ("content", "residue")


def line_key(s: str) -> str:
    """What a labelled line is matched by in stored text (see the module docstring)."""
    from marsad.arabic.normalize import key

    return key(" ".join(s.split()))


def load_gold(path: str | Path) -> dict[Path, list[tuple[str, str]]]:
    """file → [(line text, label)], files resolved against the gold's folder."""
    p = Path(path)
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read residue gold {p}: {exc}") from None
    if not isinstance(raw, dict) or not raw:
        raise InputError(f"{p}: expected a JSON object mapping files to labelled lines")
    out: dict[Path, list[tuple[str, str]]] = {}
    for name, spec in raw.items():
        f = Path(name) if Path(name).is_absolute() else (p.parent / name)
        if not f.is_file():
            raise InputError(f"{p}: no such file {f}")
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
        items: list[tuple[str, str]] = []
        if isinstance(spec, dict):
            for label in LABELS:
                items += [(t, label) for t in spec.get(label, [])]
        elif isinstance(spec, list):
            for it in spec:
                label = it.get("label")
                text = it.get("text") if "text" in it else lines[int(it["line"])]
                items.append((text, label))
        else:
            raise InputError(f"{p}: lines of {name} must be an object or a list")
        for _, label in items:
            if label not in LABELS:
                raise InputError(f"{p}: label {label!r} is not content or residue")
        out[f.resolve()] = [(t, lab) for t, lab in items if line_key(t)]
    return out


def score(gold: dict[Path, list[tuple[str, str]]],
          kept_text: dict[Path, str]) -> dict[str, Any]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    removed_ok = removed = residue = 0
    errors: list[dict[str, str]] = []
    for f, items in gold.items():
        stored = line_key(kept_text.get(f, ""))
        for text, label in items:
            kept = line_key(text) in stored
            ok = kept == (label == "content")
            total[label] += 1
            right[label] += ok
            residue += label == "residue"
            removed += not kept
            removed_ok += (not kept) and label == "residue"
            if not ok and len(errors) < 50:
                errors.append({"file": str(f), "line": text[:120], "label": label,
                               "decision": "kept" if kept else "removed"})
    n = sum(total.values())
    p = removed_ok / removed if removed else 1.0
    r = removed_ok / residue if residue else 1.0
    return {"files": len(gold), "lines": n,
            "accuracy": round(sum(right.values()) / n, 4) if n else 0.0,
            "residue_precision": round(p, 4), "residue_recall": round(r, 4),
            "content_kept": round(right["content"] / total["content"], 4) if total["content"] else 1.0,
            "residue_removed": round(r, 4), "by_label": {k: {"right": right[k], "n": total[k]}
                                                          for k in LABELS},
            "errors": errors}


def evaluate_residue(gold_path: str | Path) -> dict[str, Any]:
    import tempfile

    from marsad import service
    from marsad.ingest import ReadOptions
    from marsad.store import SQLiteStore

    gold = load_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="marsad-residue-") as tmp:
        store = SQLiteStore(str(Path(tmp) / "r.db"))
        try:
            service.ingest(store, [str(f) for f in gold], ReadOptions(), annotations=False)
            kept: dict[Path, str] = {}
            for row in store.iter_export():
                origin = str(row.get("origin") or "").split("#", 1)[0]
                f = Path(origin).resolve()
                kept[f] = kept.get(f, "") + "\n" + (row.get("title") or "") + "\n" + (row.get("text") or "")
        finally:
            store.close()
    return score(gold, kept)
