"""What the resume tests share: a slice of real ANT news, and the knowledge base as a user
reads it, keyed by input line so two runs with different ids compare."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

from tests.conftest import shared_path


def ant_lines(n: int) -> list[str]:
    """The first `n` ANT multisource records, May 2018 left out (reserved, never used)."""
    source = shared_path("data", "news", "ant_multisource", "articles.jsonl.gz")
    lines: list[str] = []
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            if "-201805" not in json.loads(line).get("docno", ""):
                lines.append(line)
                if len(lines) == n:
                    break
    return lines


def clean_and_resumed(tmp_path: Path, lines: list[str], killed_after: int,
                      *resume_args: str) -> tuple[Path, Path, dict]:
    """A clean run over `lines`, and a run cut after `killed_after` batches then resumed
    (with `resume_args` added to both of its ingests): (clean db, resumed db, the resume's
    summary). A kill -9 leaves whole batches behind it (one transaction each), and batches
    are cut by input position, so ingesting the first batches' lines is that kill, exactly;
    one path for the cut run and its resume, as an input's identity is where it came from."""
    from tests.cli.helpers import run

    from marsad.runners.local import BATCH_SIZE

    full, part = tmp_path / "ant.jsonl", tmp_path / "part" / "ant.jsonl"
    part.parent.mkdir()
    full.write_text("".join(lines), encoding="utf-8")
    part.write_text("".join(lines[:killed_after * BATCH_SIZE]), encoding="utf-8")
    clean, resumed = tmp_path / "clean.db", tmp_path / "resumed.db"
    common = ("--preset", "ant", "--no-progress")
    run(clean, "ingest", str(full), *common)
    run(resumed, "ingest", str(part), *common, *resume_args)
    part.write_text("".join(lines), encoding="utf-8")  # the run that was cut, resumed
    out = json.loads(run(resumed, "ingest", str(part), *common, *resume_args,
                         "--json").stdout)
    return clean, resumed, out


def _line(origin: str) -> str:
    return origin.rsplit("#", 1)[-1]


def entity_groups(db: Path) -> set[frozenset]:
    """Each entity as the set of (input line, mention) it holds: ids may differ, groups
    not."""
    groups: dict[int, set] = {}
    with sqlite3.connect(db) as conn:
        for origin, seq, eid in conn.execute(
                "SELECT a.origin, m.seq, m.entity_id FROM mentions m "
                "JOIN articles a ON a.id = m.article_id"):
            groups.setdefault(eid, set()).add((_line(origin), seq))
    return {frozenset(g) for g in groups.values()}


def story_groups(db: Path) -> set[frozenset]:
    stories: dict[int, set] = {}
    with sqlite3.connect(db) as conn:
        for origin, sid in conn.execute(
                "SELECT a.origin, s.story_id FROM story_members s "
                "JOIN articles a ON a.id = s.article_id"):
            stories.setdefault(sid, set()).add(_line(origin))
    return {frozenset(g) for g in stories.values()}


def article_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT origin, text, duplicate_of IS NOT NULL FROM articles")
        return sorted((_line(o), t, d) for o, t, d in rows)
