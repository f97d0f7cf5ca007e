"""Extraction evaluation: the snippet scoring, the accepted data layouts, and the real set."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.evaluation import extract as ev
from marsad.evaluation.cli_eval import eval_group

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GATE = Path(__file__).resolve().parents[2] / "eval" / "gate.py"
SLICE_PAGES = 60
# On a 60-page slice one snippet moves F1 by ~0.003; a 0.01 margin allows three.
SLICE_MARGIN = 0.01

# Our own synthetic pages: the body is plain text in <pre>, so the "echo" system below
# returns exactly that text and every count is known in advance.
PAGES = {
    "eval/a.html": "Der  erste Absatz\nsteht hier.\nImpressum",
    "eval/b.html": "stale copy: the cache/ version must win",
    "cache/b.html": "Second page body. Nothing else.",
    "eval/c.html": "Third page: Share this",
}
GOLD = {
    "https://a.example/1": {  # whitespace differs from the page: still a match
        "file": "a.html", "with": ["Der erste Absatz steht hier."], "without": ["Impressum"],
    },
    "https://b.example/2": {  # case differs: no match (upstream does not fold case)
        "file": "b.html", "with": ["Second page body.", "nothing else."], "without": ["stale"],
    },
    "https://c.example/3": {"file": "c.html", "with": ["Third page"], "without": ["Share this"]},
    "https://d.example/4": {"file": "missing.html", "with": ["x"], "without": ["y"]},
}


def _echo(page: bytes) -> str:
    text = page.decode("utf-8")
    return text.split("<pre>", 1)[1].split("</pre>", 1)[0]


def _boom(page: bytes) -> str:
    raise RuntimeError("extractor crashed")


@pytest.fixture(autouse=True)
def fake_systems(monkeypatch):
    monkeypatch.setitem(ev.SYSTEMS, "echo", _echo)
    monkeypatch.setitem(ev.SYSTEMS, "boom", _boom)


def _html(body: str) -> bytes:
    return f"<html><body><pre>{body}</pre></body></html>".encode()


def _write_gold(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evaldata.json").write_text(json.dumps(GOLD), encoding="utf-8")


def _tarball(folder: Path) -> Path:
    _write_gold(folder)
    path = folder / "pages.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, body in PAGES.items():
            data = _html(body)
            info = tarfile.TarInfo(f"tests/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _directory(folder: Path, prefix: str = "") -> Path:
    _write_gold(folder)
    for name, body in PAGES.items():
        page = folder / prefix / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(_html(body))
    return folder


def _layouts(tmp: Path) -> dict[str, Path]:
    tar = _tarball(tmp / "tar")
    return {
        "folder with the tarball": tar.parent,
        "the tarball itself": tar,
        "evaldata.json beside the tarball": tar.parent / "evaldata.json",
        "eval/ and cache/": _directory(tmp / "flat"),
        "tests/eval and tests/cache": _directory(tmp / "nested", "tests"),
    }


def test_norm_and_count_page_follow_upstream():
    assert ev.norm("  a\n\t b  ") == "a b"
    item = {"with": ["kept  one", "lost"], "without": ["Menu", "footer"]}
    assert ev.count_page(item, "kept\none and the menu") == (1, 0, 1, 2)
    assert ev.count_page(item, "kept one Menu footer") == (1, 2, 1, 0)
    assert ev.count_page(item, None) == (0, 0, 2, 2)  # a crash: every "with" missed
    assert ev.scores(0, 0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "accuracy": 0.0}


@pytest.mark.parametrize("layout", [
    "folder with the tarball", "the tarball itself", "evaldata.json beside the tarball",
    "eval/ and cache/", "tests/eval and tests/cache",
])
def test_every_layout_gives_the_same_counts(tmp_path, layout):
    path = _layouts(tmp_path)[layout]
    report = ev.evaluate_extraction(path, systems=("echo", "boom"), workers=1)
    assert report["pages"] == 3 and report["missing_pages"] == 1
    echo = report["systems"]["echo"]
    # a: with kept, Impressum kept; b: 1 of 2 kept (case), stale dropped (cache wins);
    # c: with kept, "Share this" kept
    assert (echo["tp"], echo["fp"], echo["fn"], echo["tn"]) == (3, 2, 1, 1)
    assert echo["precision"] == pytest.approx(3 / 5)
    assert echo["recall"] == pytest.approx(3 / 4)
    assert echo["f1"] == pytest.approx(6 / 9)
    assert echo["accuracy"] == pytest.approx(4 / 7)
    assert echo["errors"] == 0 and echo["pages_per_s"] > 0
    boom = report["systems"]["boom"]  # crashes are counted, never fatal
    assert (boom["tp"], boom["fp"], boom["fn"], boom["tn"], boom["errors"]) == (0, 0, 4, 3, 3)


def test_limit_pool_and_per_page_are_deterministic(tmp_path):
    path = _tarball(tmp_path)
    one = ev.evaluate_extraction(path, systems=("echo",), workers=1, per_page=True)
    two = ev.evaluate_extraction(path, systems=("marsad", "trafilatura"), workers=2)
    assert two["workers"] == 2 and set(two["systems"]) == {"marsad", "trafilatura"}
    assert [p["file"] for p in one["per_page"]] == ["a.html", "b.html", "c.html"]
    assert one["per_page"][1]["systems"]["echo"] == {"tp": 1, "fp": 0, "fn": 1, "tn": 1}
    limited = ev.evaluate_extraction(path, limit=1, systems=("echo",))
    assert limited["pages"] == 1 and limited["systems"]["echo"]["tp"] == 1


def test_bad_paths_and_systems(tmp_path):
    with pytest.raises(ev.InputError):
        ev.evaluate_extraction(tmp_path)
    _write_gold(tmp_path)
    with pytest.raises(ev.InputError, match="no pages"):
        ev.evaluate_extraction(tmp_path)
    with pytest.raises(ValueError, match="unknown system"):
        ev.evaluate_extraction(tmp_path, systems=("nope",))


def test_cli_table_json_and_exit_codes(tmp_path):
    path = _tarball(tmp_path / "set")
    runner = CliRunner()
    table = runner.invoke(eval_group, ["extract", "--trafilatura-eval", str(path)])
    assert table.exit_code == 0, table.output
    assert "marsad/trafilatura: F1 x" in table.output and "pages/s" in table.output
    as_json = runner.invoke(eval_group, ["extract", "--trafilatura-eval", str(path), "--json"])
    report = json.loads(as_json.output)
    assert report["pages"] == 3 and "f1_marsad_over_trafilatura" in report["ratios"]
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "evaldata.json").write_text(json.dumps({"u": {"file": "x.html", "with": ["a"],
                                                           "without": ["b"]}}))
    (empty / "eval").mkdir()
    no_pages = runner.invoke(eval_group, ["extract", "--trafilatura-eval", str(empty)])
    assert no_pages.exit_code == 1
    assert runner.invoke(eval_group, ["extract", "--trafilatura-eval", str(tmp_path)]).exit_code == 1


def _gate():
    spec = importlib.util.spec_from_file_location("marsad_eval_gate", GATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"third-party data not available: {SHARED}")
def test_gate_extract_task_on_a_slice_of_the_real_set():
    result = _gate().run_extract(SHARED, limit=SLICE_PAGES)
    assert result.info["pages"] == SLICE_PAGES
    assert result.metrics["marsad_minus_trafilatura_f1"] >= -SLICE_MARGIN, result.info
    assert result.metrics["marsad_f1"] > 0.8
