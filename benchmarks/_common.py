"""Helpers shared by the benchmark scripts: data paths, peak memory, timing."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children), in MB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def need(path: Path, bench: str) -> Path:
    """Exit this benchmark with a 'skipped' record when its data is absent."""
    if not path.exists():
        emit({"bench": bench, "skipped": f"{path} not found"})
        sys.exit(0)
    return path


def emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def ant_texts(path: Path, limit: int) -> list[str]:
    """The first `limit` non-empty article bodies of an ANT-style JSONL.gz file."""
    import gzip

    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
                if len(texts) >= limit:
                    break
    return texts
