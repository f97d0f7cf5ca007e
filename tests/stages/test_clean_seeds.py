"""The clean stage on the five real seed pages in ../shared/seeds.

The seeds are third-party text and stay in ../shared: these tests read them at run time
and check them generically (residue classes, long lines kept, glued articles split),
without quoting their text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.arabic import residue as rs
from marsad.arabic import residue_markers as rm
from marsad.arabic.normalize import display
from marsad.records import Document
from marsad.stages.clean import clean

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed pages not found at {SEEDS}"),
]
LONG_WORDS = 15  # a raw line this long (and not a bullet) is a paragraph that must survive


def _is_paragraph(line: str) -> bool:
    return len(line.split()) >= LONG_WORDS and not rs.features(line).bullet


def _seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return found[0]


def _run(prefix: str) -> tuple[list[str], list[Document]]:
    path = _seed(prefix)
    raw = path.read_text(encoding="utf-8")
    return raw.split("\n"), clean(Document(origin=str(path), raw=raw))


def _norm(line: str) -> str:
    # the clean text is in display form: "**" cut, invisible controls and tatweel out
    return display(rs.strip_artefacts(line)[0]).strip()


def _split_line(host: Document) -> int | None:
    glued = [r.line_no for r in host.removed if r.reason == "appended_article"]
    return glued[0] if glued else None


ALL = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", ALL)
def test_no_residue_left(prefix: str) -> None:
    _, docs = _run(prefix)
    for doc in docs:
        assert doc.text
        assert "[ad_" not in doc.text
        assert "**" not in doc.text
        for line in doc.text.split("\n"):
            f = rs.features(line)
            assert line == line.strip() and line
            assert rm.marker(f) is None, line  # ad, related header, keywords, form, nav
            assert not rs.is_hash_garbage(f), line
            assert not rs.is_punctuation_only(f), line
            assert not rs.keywords_inline(f), line
            assert rs.source_value(f) is None, line
            if f.words <= 24:
                assert rs.related_inline(f) is None, line
        # nothing dangles after the body: the last kept line ends a sentence
        assert rs.features(doc.text.split("\n")[-1]).ends_sentence


@pytest.mark.parametrize("prefix", ALL)
def test_every_long_line_is_kept_in_the_right_doc(prefix: str) -> None:
    raw_lines, docs = _run(prefix)
    host = docs[0]
    split = _split_line(host)
    host_lines = set(host.text.split("\n"))
    glued_lines = {line for d in docs[1:] for line in d.text.split("\n")}
    for no, line in enumerate(raw_lines):
        if not _is_paragraph(line):
            continue
        if split is not None and no >= split:
            assert _norm(line) in glued_lines, (no, "glued paragraph lost")
            assert _norm(line) not in host_lines, (no, "glued paragraph merged into host")
        else:
            assert _norm(line) in host_lines, (no, "host paragraph lost")


@pytest.mark.parametrize("prefix", ALL)
def test_every_raw_line_is_accounted_for(prefix: str) -> None:
    raw_lines, docs = _run(prefix)
    host = docs[0]
    split = _split_line(host)
    kept = set(host.text.split("\n"))
    removed = {r.line_no for r in host.removed if r.reason != "artefact"}
    for no, line in enumerate(raw_lines[:split]):
        if line.strip():
            assert no in removed or _norm(line) in kept, no
    for r in host.removed:
        assert 0 <= r.line_no < len(raw_lines)
        if r.reason != "artefact":
            assert r.text == raw_lines[r.line_no].strip()


@pytest.mark.parametrize("prefix", ALL)
def test_title_is_the_first_line_when_it_is_a_headline(prefix: str) -> None:
    raw_lines, docs = _run(prefix)
    host = docs[0]
    first = raw_lines[0].strip()
    if len(first.split()) >= LONG_WORDS:  # 004 opens with its lead paragraph
        assert host.title is None
        assert host.text.split("\n")[0] == first
    else:
        assert host.title == first
        assert (0, "metadata:title") in {(r.line_no, r.reason) for r in host.removed}


def test_003_date_source_and_glued_article() -> None:
    _, docs = _run("003")
    host = docs[0]
    assert host.published == "2023-09-12"
    assert host.source == "الوطن"
    assert len(docs) == 2
    glued = docs[1]
    headline = [r.text for r in host.removed if r.reason == "appended_article"]
    assert headline == [glued.title]
    assert glued.appended_to == host.origin
    assert glued.origin == host.origin + "#appended-1"
    assert glued.source == host.source
    # no date line of its own: the host page's date is not the glued story's (issue 13)
    assert glued.published is None
    paragraphs = [p for p in glued.text.split("\n") if len(p.split()) >= LONG_WORDS]
    assert len(paragraphs) == 2 and len(glued.text.split("\n")) == 2
    reasons = {r.reason for r in host.removed}
    assert {"metadata:date", "metadata:source", "keywords", "related_header"} <= reasons


def test_004_splits_into_two_docs() -> None:
    raw_lines, docs = _run("004")
    assert len(docs) == 2
    host, glued = docs
    assert host.source == "الوطن" and glued.source == "الوطن"
    split = _split_line(host)
    assert split is not None
    tail_paragraphs = [_norm(line) for line in raw_lines[split:] if _is_paragraph(line)]
    assert len(tail_paragraphs) >= 5
    for p in tail_paragraphs:
        assert p in glued.text
        assert p not in host.text
    assert glued.title == raw_lines[split].strip()
    # the glued article's own related block went with it and was removed there
    assert any(r.reason == "related_list" for r in glued.removed)
    assert any(r.reason == "navigation" for r in glued.removed)


def test_002_repeated_caption_removed() -> None:
    raw_lines, docs = _run("002")
    nonblank = [(no, line.strip()) for no, line in enumerate(raw_lines) if line.strip()]
    pairs = [(a, b) for a, b in zip(nonblank, nonblank[1:], strict=False) if a[1] == b[1]]
    assert pairs, "the seed should hold a repeated caption"
    (no_a, caption), (no_b, _) = pairs[0]
    host = docs[0]
    assert caption not in host.text.split("\n")
    got = {(r.line_no, r.reason) for r in host.removed}
    assert {(no_a, "repeated_caption"), (no_b, "repeated_caption")} <= got


def test_000_related_block_and_byline() -> None:
    raw_lines, docs = _run("000")
    host = docs[0]
    header = [no for no, line in enumerate(raw_lines) if rs.key(line) == "متعلقات"]
    assert header
    after = [no for no in range(header[0] + 1, len(raw_lines)) if raw_lines[no].strip()]
    assert after
    reasons = {r.line_no: r.reason for r in host.removed}
    assert reasons[header[0]] == "related_header"
    assert all(reasons.get(no) == "related_list" for no in after)
    assert reasons.get(1) == "metadata:byline" and host.source
    assert sum(r.reason == "artefact" for r in host.removed) >= 5


def test_001_ads_hash_form_and_brand_removed() -> None:
    _, docs = _run("001")
    assert len(docs) == 1
    reasons = [r.reason for r in docs[0].removed]
    for code in (
        "ad_marker",
        "hash_garbage",
        "related_header",
        "comment_form",
        "navigation",
        "orphan_tail",
    ):
        assert code in reasons, code
