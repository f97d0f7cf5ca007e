"""Plain-text inputs and target expansion: files, folders, globs, stdin, limits."""

import gzip
import io
import sys
import time

import pytest

from marsad.errors import ConfigError
from marsad.ingest import ReadOptions, iter_inputs
from marsad.ingest.sources import detect_format, sniff_format
from marsad.records import Document, Failure

ARTICLE = (
    "مهرجان التمور يفتتح أبوابه\n"
    "تاريخ النشر: 3 سبتمبر 2024\n"
    "افتتح المهرجان السنوي للتمور صباح اليوم بمشاركة 120 مزارعا، "
    "وقال المنظمون إن «الإقبال فاق التوقعات»؛ فهل يتكرر النجاح؟\n"
)


def _read(targets, **options):
    return list(iter_inputs(targets, ReadOptions(**options)))


def test_text_file_is_one_document_with_raw_untouched(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode())
    [doc] = _read([str(path)])
    assert isinstance(doc, Document)
    assert doc.input_format == "text"
    assert doc.raw == ARTICLE  # \r\n -> \n and nothing else: title/date lines stay
    assert doc.encoding == "utf-8"
    assert doc.origin == str(path.resolve())
    assert doc.title is None and doc.published is None


def test_cp1256_file_reads_exactly_like_its_utf8_twin(tmp_path):
    (tmp_path / "utf8.txt").write_bytes(ARTICLE.encode("utf-8"))
    (tmp_path / "legacy.txt").write_bytes(ARTICLE.encode("cp1256"))
    legacy, utf8 = _read([str(tmp_path)])  # sorted: legacy.txt before utf8.txt
    assert (legacy.encoding, utf8.encoding) == ("cp1256", "utf-8")
    assert legacy.raw == utf8.raw == ARTICLE


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b.md", ".hidden.txt", ".git/c.txt", "c"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"خبر في الملف {rel}", encoding="utf-8")
    origins = [r.origin for r in _read([str(tmp_path)])]
    assert origins == [str(tmp_path / p) for p in ["a/b.md", "a/z.txt", "b.txt", "c"]]


def test_glob_and_missing_targets(tmp_path):
    (tmp_path / "one.txt").write_text("خبر أول", encoding="utf-8")
    (tmp_path / "two.txt").write_text("خبر ثان", encoding="utf-8")
    results = _read([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "*.xyz")])
    assert [r.raw for r in results[:2]] == ["خبر أول", "خبر ثان"]
    assert results[2].reason == "no such file or directory"
    assert results[3].reason == "glob pattern matched no files"


def test_too_large_file_fails_without_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("كلمة ".encode() * 5000)  # 45 kB
    [failure] = _read([str(path)], max_doc_bytes=10_000)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("file too large for one article (45 kB > 10 kB limit)")
    assert failure.reason.endswith("split it or give JSONL")
    # A sparse 4 GB file: reading it whole would take far longer than the timeout allows.
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.write("خبر ".encode())
        f.truncate(4_000_000_000)
    started = time.monotonic()
    [failure] = _read([str(huge)])
    assert failure.reason.startswith("file too large for one article (4000 MB > 20 MB limit)")
    assert time.monotonic() - started < 1.0


def test_gzipped_text_and_truncated_gzip(tmp_path):
    good = tmp_path / "a.txt.gz"
    good.write_bytes(gzip.compress(ARTICLE.encode("cp1256")))
    [doc] = _read([str(good)])
    assert doc.raw == ARTICLE and doc.encoding == "cp1256"
    cut = tmp_path / "b.txt.gz"
    cut.write_bytes(gzip.compress((ARTICLE * 50).encode())[:-30])
    [failure] = _read([str(cut)])
    assert failure.reason.startswith("truncated or corrupt gzip")


def test_gzipped_text_over_the_limit(tmp_path):
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(("س" * 50_000).encode()))
    [failure] = _read([str(path)], max_doc_bytes=10_000)
    assert failure.reason.startswith("file too large for one article (more > 10 kB limit)")


def test_empty_and_binary_files_are_failures(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    reasons = {r.origin.rsplit("/", 1)[1]: r.reason for r in _read([str(tmp_path)])}
    assert reasons == {
        "blank.txt": "empty file (whitespace only)",
        "empty.txt": "empty file",
        "image.png": "binary file (PNG image), not text",
    }


class _Stdin(io.TextIOWrapper):
    """sys.stdin stand-in whose .buffer is a plain BytesIO (no peek), as in a pipe test."""


def test_stdin_text_and_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(io.BytesIO(ARTICLE.encode("cp1256"))))
    [doc] = _read(["-"])
    assert doc.origin == "<stdin>" and doc.raw == ARTICLE and doc.encoding == "cp1256"
    monkeypatch.setattr(sys, "stdin", _Stdin(io.BytesIO(b"a" * 5000)))
    [failure] = _read(["-"], max_doc_bytes=1000)
    assert failure.reason.startswith("file too large for one article")


def test_stdin_jsonl_is_sniffed(monkeypatch):
    data = '{"text": "خبر من الأنبوب", "source": "وكالة"}\n'.encode()
    monkeypatch.setattr(sys, "stdin", _Stdin(io.BytesIO(gzip.compress(data))))
    [doc] = _read(["-"])
    assert (doc.input_format, doc.raw, doc.source, doc.origin) == (
        "jsonl",
        "خبر من الأنبوب",
        "وكالة",
        "<stdin>#L1",
    )


def test_format_detection_by_name_and_content():
    assert detect_format("x.warc.gz", b"") == "warc"
    assert detect_format("x.jsonl.gz", b"") == "jsonl"
    assert detect_format("page", b"<!DOCTYPE html><html>") == "html"
    assert detect_format("feed.xml", b'<?xml version="1.0"?><rss version="2.0">') == "rss"
    assert detect_format("notes.txt", b"<html>") == "text"  # a named .txt stays text
    assert detect_format("story", "[عاجل] خبر".encode()) == "text"
    assert sniff_format(b'  {"text": "x"}') == "jsonl"
    assert sniff_format(b"WARC/1.1\r\n") == "warc"


def test_forced_format(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<p>نص داخل وسم</p>", encoding="utf-8")
    [doc] = _read([str(path)], format="html")
    assert doc.input_format == "html" and doc.html == "<p>نص داخل وسم</p>"


def test_bad_options_are_config_errors():
    with pytest.raises(ConfigError, match="unknown format"):
        ReadOptions(format="pdf")
    with pytest.raises(ConfigError, match="unknown preset"):
        ReadOptions(preset="nyt")
    with pytest.raises(ConfigError, match="cannot map 'body'"):
        ReadOptions(field_map={"body": "content"})
