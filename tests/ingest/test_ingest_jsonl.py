"""JSON Lines inputs: field mapping, dates, per-line failures, streaming, real corpora."""

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from marsad.ingest import ReadOptions, iter_inputs, jsonl
from marsad.ingest.dates import normalize_date
from marsad.records import Document, Failure

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
NEWS = SHARED / "data" / "news"

TEXT = "ارتفعت أسعار الخضار في الأسواق الشعبية بسبب موجة الحر، وقال التجار إن الطلب لم يتراجع."


def _write_jsonl(path: Path, records, compress: bool = False) -> str:
    lines = "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )
    path.write_bytes(gzip.compress(lines.encode()) if compress else lines.encode())
    return str(path)


def _read(targets, **options):
    return list(iter_inputs(targets, ReadOptions(**options)))


def test_canonical_fields_and_origin(tmp_path):
    record = {
        "id": 7, "url": "https://ex.org/7", "title": " الأسعار ", "text": TEXT,
        "source": "صحيفة المثال", "published": "2024-06-01T08:00:00+03:00",
        "author": ["سارة", "خالد"], "lang": "ar",
    }  # fmt: skip
    [doc] = _read([_write_jsonl(tmp_path / "a.jsonl", [record])])
    assert isinstance(doc, Document)
    assert (doc.raw, doc.title, doc.source, doc.url, doc.lang) == (
        TEXT,
        "الأسعار",
        "صحيفة المثال",
        "https://ex.org/7",
        "ar",
    )
    assert doc.record_id == "7"
    assert doc.author == "سارة, خالد"
    assert doc.published == "2024-06-01T08:00:00+03:00"
    assert doc.origin == f"{tmp_path / 'a.jsonl'}#L1"
    assert doc.input_format == "jsonl" and doc.errors == []


def test_automatic_aliases(tmp_path):
    record = {
        "docno": "X-1",
        "headline": "عنوان",
        "content": TEXT,
        "date_extracted": "2015-07-21 02:51:32",
        "site": "موقع",
    }
    [doc] = _read([_write_jsonl(tmp_path / "a.ndjson", [record])])
    assert (doc.record_id, doc.title, doc.raw, doc.source) == ("X-1", "عنوان", TEXT, "موقع")
    assert doc.published == "2015-07-21T02:51:32"


def test_presets_and_explicit_map(tmp_path):
    ant = {
        "docno": "JA-1",
        "src": "Jawhara FM",
        "time": "20/01/2017",
        "text": TEXT,
        "title": "ع",
        "url": "u",
        "author": None,
    }
    [doc] = _read([_write_jsonl(tmp_path / "ant.jsonl", [ant])], preset="ant")
    assert (doc.record_id, doc.source, doc.published) == ("JA-1", "Jawhara FM", "2017-01-20")
    snn = {
        "source": "okaz",
        "date_extracted": "2015-07-21 02:51:32",
        "content": TEXT,
        "summary": "قصير",
    }
    [doc] = _read([_write_jsonl(tmp_path / "snn.jsonl", [snn])], preset="saudinewsnet")
    assert doc.raw == TEXT and doc.source == "okaz"
    # An explicit mapping overrides both the canonical name and the preset.
    [doc] = _read(
        [_write_jsonl(tmp_path / "m.jsonl", [snn])],
        preset="saudinewsnet",
        field_map={"text": "summary"},
    )
    assert doc.raw == "قصير"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18T21:35:43+04:00"),
        ("Fri, 23 Feb 2018 10:37:34 GMT", "2018-02-23T10:37:34+00:00"),
        ("2015-07-21 02:51:32", "2015-07-21T02:51:32"),
        ("21/07/2015", "2015-07-21"),
        ("07/21/2015", "2015-07-21"),  # impossible month: the US order was meant
        ("2016-10-05T101010", "2016-10-05T10:10:10"),
        ("2017-01-20T21:43:00+01:00", "2017-01-20T21:43:00+01:00"),
        ("2024-03-05", "2024-03-05"),
        (1700000000, "2023-11-14T22:13:20+00:00"),
        ("yesterday", None),
        ("31/02/2020", None),
        ("", None),
    ],
)
def test_date_normalisation(value, expected):
    assert normalize_date(value) == expected


def test_unparseable_date_is_noted_not_fatal(tmp_path):
    [doc] = _read([_write_jsonl(tmp_path / "a.jsonl", [{"text": TEXT, "date": "قبل ساعتين"}])])
    assert doc.published is None
    assert doc.errors == ["published: could not parse date 'قبل ساعتين' in field 'date'"]


def test_bad_lines_fail_alone(tmp_path):
    records = [
        {"text": TEXT},
        "{not json",
        "",
        '["a", "list"]',
        {"title": "بلا نص", "summary": "x"},
        {"text": "   ", "title": "نص فارغ"},
        {"text": TEXT + " 2"},
    ]
    path = _write_jsonl(tmp_path / "a.jsonl", records)
    results = _read([path])
    assert [type(r).__name__ for r in results] == [
        "Document",
        "Failure",
        "Failure",
        "Failure",
        "Failure",
        "Document",
    ]
    assert results[1].reason.startswith("line 2: invalid JSON: ")
    assert results[1].origin == f"{path}#L2"
    assert results[2].reason == "line 4: expected a JSON object, got list"
    assert results[3].reason == "line 5: no text field (have: title, summary; use --map text=FIELD)"
    assert results[4].reason == "line 6: text field 'text' is empty (non-empty fields: title)"
    assert results[5].origin.endswith("#L7")


def test_mapped_text_field_missing(tmp_path):
    [failure] = _read(
        [_write_jsonl(tmp_path / "a.jsonl", [{"body": TEXT}])], field_map={"text": "article_text"}
    )
    assert (
        failure.reason == "line 1: no text field 'article_text' (have: body; use --map text=FIELD)"
    )


def test_truncated_gzip_keeps_records_read_so_far(tmp_path):
    data = gzip.compress(
        "".join(json.dumps({"text": f"{TEXT} {i}"}) + "\n" for i in range(2000)).encode()
    )
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    results = _read([str(path)])
    docs = [r for r in results if isinstance(r, Document)]
    assert 100 < len(docs) < 2000
    last = results[-1]
    assert isinstance(last, Failure)
    assert last.reason.startswith("truncated or corrupt gzip after line ")
    assert last.origin == str(path)


def test_json_array_file_is_streamed(tmp_path):
    path = tmp_path / "day.json"
    path.write_text(
        json.dumps(
            [{"content": TEXT, "source": "a"}, {"content": TEXT, "source": "b"}, 5],
            ensure_ascii=False,
        )
    )
    results = _read([str(path)])
    assert [r.source for r in results[:2]] == ["a", "b"]
    assert results[1].origin == f"{path}#R2"
    assert results[2].reason == "record 3: expected a JSON object, got int"
    cut = tmp_path / "cut.json"
    cut.write_text(path.read_text()[:-20])
    results = _read([str(cut)])
    assert [type(r).__name__ for r in results] == ["Document", "Failure"]
    assert results[-1].reason.startswith("invalid or truncated JSON")
    assert results[-1].reason.endswith("after 1 records; stopped")


def test_oversized_line_fails_and_reading_goes_on(tmp_path, monkeypatch):
    # The per-line ceiling is the article limit plus room for metadata; shrink that room.
    monkeypatch.setattr(jsonl, "LINE_OVERHEAD_BYTES", 100)
    path = _write_jsonl(tmp_path / "a.jsonl", [{"text": "ن" * 3000}, {"text": TEXT}])
    first, second = _read([path], max_doc_bytes=1000)
    assert first.reason == "line 1: record over 1.1 kB; raise the size limit or split the text"
    assert first.origin.endswith("#L1")
    assert second.raw == TEXT and second.origin.endswith("#L2")


def test_large_jsonl_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": TEXT * 20, "source": "s"}, ensure_ascii=False) + "\n"
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(20_000_000 // len(line.encode())):
            f.write(line)
    assert path.stat().st_size > 19_000_000
    tracemalloc.start()
    count = 0
    for result in iter_inputs([str(path)]):
        count += isinstance(result, Document)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count > 5000
    assert peak < 10_000_000, f"peak {peak / 1e6:.1f} MB while streaming a 20 MB file"


@pytest.mark.shared
@pytest.mark.parametrize(
    "corpus, preset",
    [("ant_jawharafm", "ant"), ("ant_multisource", "ant"), ("saudinewsnet", "saudinewsnet")],
)
def test_real_corpora_with_presets(corpus, preset):
    path = NEWS / corpus / "articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"third-party corpus not available: {path} (../shared is absent)")
    docs, failures = [], []
    for result in iter_inputs([str(path)], ReadOptions(preset=preset)):
        (docs if isinstance(result, Document) else failures).append(result)
        if len(docs) + len(failures) >= 200:
            break
    assert len(docs) >= 190
    assert all(d.raw.strip() and d.published and d.source for d in docs)
    assert all("T" in d.published or len(d.published) == 10 for d in docs)
    assert all("\n" not in f.reason for f in failures)
    if corpus == "ant_jawharafm":
        # ANT's first line describes the corpus (all fields null but "path").
        assert failures and failures[0].origin.endswith("#L1")
        assert failures[0].reason.startswith("line 1: text field 'text' is empty")


def test_a_pretty_printed_manifest_in_a_news_folder_is_one_failure_not_one_per_line(tmp_path):
    """A folder of news often holds a metadata file beside it; read as JSON Lines, each of
    its lines failed on its own (the demo corpus' MANIFEST.json: 1,381 failures)."""
    folder = tmp_path / "news"
    folder.mkdir()
    _write_jsonl(folder / "a.jsonl", [{"id": 1, "text": TEXT}, {"id": 2, "text": TEXT + " ثانيا"}])
    manifest = {"name": "corpus", "files": ["a.jsonl"], "summary": {"articles": 2}}
    (folder / "MANIFEST.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    out = _read([str(folder)])
    docs = [d for d in out if isinstance(d, Document)]
    fails = [f for f in out if isinstance(f, Failure)]
    assert len(docs) == 2 and len(fails) == 1
    assert fails[0].origin.endswith("MANIFEST.json")
    assert "no text field" in fails[0].reason and "files" in fails[0].reason


def test_a_pretty_printed_record_is_read(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"title": "خبر", "text": TEXT}, ensure_ascii=False, indent=2),
                    encoding="utf-8")
    [doc] = _read([str(path)])
    assert isinstance(doc, Document) and doc.raw == TEXT and doc.title == "خبر"


def test_failures_are_grouped_by_kind_not_by_line():
    from marsad.runners.base import reason_class

    kinds = {reason_class(r) for r in ("line 1: invalid JSON: Expecting value at column 1",
                                       "line 9: invalid JSON: Extra data at column 16",
                                       "record 3: invalid JSON: x")}
    assert kinds == {"invalid JSON"}
