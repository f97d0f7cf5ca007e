"""20 kill -9 at random moments during a real ingest (issue 15's fault suite): however many times the
run is killed, resuming it ends with the same knowledge base as a clean run — no article
lost or stored twice, every mention linked to the same entity, every story the same."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.cli.helpers import MARSAD, run
from tests.reliability.ant_sample import ant_lines, article_rows, entity_groups, story_groups

# 2,500 articles in batches of 48 are ~53 commits: room for 20 kills, each after at least
# one new commit and a random pause (6,000 in the default 256 took three minutes of the
# suite's twenty). Batches of 64 (~39 commits) left too little room: a fresh-clone run
# finished after 19 kills, each one having let ~1.6 batches through on average.
N_ARTICLES = 2500
BATCH = "48"
# Longest random pause after a commit before the kill: about one batch's time, so kills
# land inside batches as well as between them.
MAX_PAUSE_S = 0.5
MAX_KILLS = 20
SEED = 20261207


def _ant(tmp_path: Path) -> Path:
    path = tmp_path / "ant.jsonl"
    path.write_text("".join(ant_lines(N_ARTICLES)), encoding="utf-8")
    return path


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created yet, or busy: nothing committed that we can see


def _state(db: Path) -> dict:
    """What a user reads, keyed by input line (ids may differ between runs)."""
    return {"articles": article_rows(db), "entities": entity_groups(db),
            "stories": story_groups(db)}


def test_repeated_kills_then_resume_give_the_clean_run(tmp_path):
    corpus = _ant(tmp_path)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"
    # the same command as the killed runs: a resume replays batches cut at the same input
    # positions (writer/linking.LinkMemo keeps decisions per batch)
    run(clean, "ingest", str(corpus), "--preset", "ant", "--no-progress", "--batch-size", BATCH)
    rng = random.Random(SEED)
    env = {**os.environ, "MARSAD_DB": str(killed)}
    kills = 0
    while kills < MAX_KILLS:
        before = _stored(killed)
        proc = subprocess.Popen([*MARSAD, "ingest", str(corpus), "--preset", "ant",
                                 "--no-progress", "--batch-size", BATCH], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        # kill at a random moment after the run has committed something, so each kill
        # lands mid-run (between or inside batches) and the next run has work left
        while proc.poll() is None and _stored(killed) <= before:
            time.sleep(0.1)
        if proc.poll() is not None:
            break  # it finished before the kill
        time.sleep(rng.uniform(0.0, MAX_PAUSE_S))
        if proc.poll() is not None:
            break
        os.killpg(proc.pid, signal.SIGKILL)  # the runner and its worker processes
        proc.wait()
        kills += 1
    run(killed, "ingest", str(corpus), "--preset", "ant", "--no-progress",  # the resume
        "--batch-size", BATCH)
    final = run(killed, "ingest", str(corpus), "--preset", "ant", "--no-progress", "--json",
                "--batch-size", BATCH)
    assert json.loads(final.stdout)["new"] == 0  # everything was already stored
    assert kills == MAX_KILLS, f"killed {kills} times, not {MAX_KILLS}: the run ended first"
    a, b = _state(clean), _state(killed)
    assert len(b["articles"]) == len(a["articles"]) == len(set(a["articles"]))
    assert b["articles"] == a["articles"]  # nothing lost, nothing twice, same duplicates
    assert b["entities"] == a["entities"], f"{len(a['entities'] - b['entities'])} entities differ"
    assert b["stories"] == a["stories"], f"{len(a['stories'] - b['stories'])} stories differ"
