"""The same pipeline on Ray (issue 14): `marsad ingest --runner ray` stores what a local
run stores, and a run cut short under Ray resumes to the same knowledge base.

Ray starts on this machine for each run (no RAY_ADDRESS): a real Ray, its workers doing
the per-document stages, the Writer in the driver."""

from __future__ import annotations

import json

import pytest
from tests.cli.helpers import export, run
from tests.reliability.ant_sample import (
    ant_lines,
    article_rows,
    clean_and_resumed,
    entity_groups,
    story_groups,
)

from marsad.runners.local import BATCH_SIZE

N_ARTICLES = 1500
KILLED_AFTER = 4  # of 6 batches (see test_resume_links: a kill leaves whole batches)

pytestmark = pytest.mark.slow


def _export_sorted(db) -> list[dict]:
    rows = export(db)
    for r in rows:
        r.pop("created_at", None)
    return sorted(rows, key=lambda r: r["origin"])


def test_ray_and_local_runs_store_the_same_knowledge_base(tmp_path):
    lines = ant_lines(N_ARTICLES)
    src = tmp_path / "ant.jsonl"
    src.write_text("".join(lines), encoding="utf-8")
    local, on_ray = tmp_path / "local.db", tmp_path / "ray.db"
    run(local, "ingest", str(src), "--preset", "ant", "--no-progress")
    out = json.loads(run(on_ray, "ingest", str(src), "--preset", "ant", "--no-progress",
                         "--runner", "ray", "--workers", "2", "--json").stdout)
    assert out["new"] > 1400 and out["failed"] < 10
    # every article with its text, duplicates, entities, dates, quotes and story
    assert _export_sorted(local) == _export_sorted(on_ray)
    assert entity_groups(local) == entity_groups(on_ray)
    assert story_groups(local) == story_groups(on_ray)


def test_a_run_cut_short_under_ray_resumes_without_loss_or_doubles(tmp_path):
    clean, resumed, out = clean_and_resumed(tmp_path, ant_lines(N_ARTICLES), KILLED_AFTER,
                                            "--runner", "ray", "--workers", "2")
    assert out["skipped"] + out["failed"] >= KILLED_AFTER * BATCH_SIZE > out["skipped"] - 1
    assert article_rows(clean) == article_rows(resumed)
    assert entity_groups(clean) == entity_groups(resumed)
    assert story_groups(clean) == story_groups(resumed)
