"""WARC/WARC.gz archives: which records become Documents, and truncated archives."""

import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.ingest import ReadOptions, iter_inputs
from marsad.records import Document, Failure

PAGES = [
    "<html><body><p>بدأ موسم قطف الزيتون في القرى الجبلية وسط توقعات بإنتاج وفير.</p></body></html>",
    "<html><body><p>افتتحت المكتبة العامة جناحا جديدا للأطفال يضم ثلاثة آلاف كتاب.</p></body></html>",
    "<html><body><p>أعلن النادي المحلي عن مدرب جديد للفريق الأول قبل انطلاق الموسم.</p></body></html>",
]


def _warc(gzip: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "marsad-tests"}))

    def response(url, status, content_type, body):
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)

    response("https://ex.org/1", "200 OK", "text/html; charset=utf-8", PAGES[0].encode())
    response("https://ex.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(50))
    response("https://ex.org/old", "301 Moved Permanently", "text/html", b"<html>moved</html>")
    response(
        "https://ex.org/2", "200 OK", "text/html; charset=windows-1256", PAGES[1].encode("cp1256")
    )
    response("https://ex.org/404", "404 Not Found", "text/html", b"<html>not found</html>")
    response("https://ex.org/3", "200 OK", "application/xhtml+xml", PAGES[2].encode())
    return buffer.getvalue()


@pytest.mark.parametrize("gzip, name", [(False, "crawl.warc"), (True, "crawl.warc.gz")])
def test_only_200_html_responses_become_documents(tmp_path, gzip, name):
    path = tmp_path / name
    path.write_bytes(_warc(gzip))
    results = list(iter_inputs([str(path)]))
    assert all(isinstance(r, Document) for r in results)
    assert [r.url for r in results] == ["https://ex.org/1", "https://ex.org/2", "https://ex.org/3"]
    assert [r.html for r in results] == PAGES
    assert [r.encoding for r in results] == ["utf-8", "cp1256", "utf-8"]
    assert all(r.input_format == "html" and r.published is None for r in results)
    offsets = [int(r.origin.rsplit("#", 1)[1]) for r in results]
    assert offsets == sorted(offsets) and all(r.origin.startswith(f"{path}#") for r in results)


def test_origin_offset_points_at_the_record(tmp_path):
    data = _warc(gzip=False)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    first = next(iter_inputs([str(path)]))
    offset = int(first.origin.rsplit("#", 1)[1])
    assert data[offset:].startswith(b"WARC/1.")
    assert b"https://ex.org/1" in data[offset : offset + 400]


@pytest.mark.parametrize("gzip, name", [(False, "cut.warc"), (True, "cut.warc.gz")])
def test_truncated_archive_yields_what_was_read_then_one_failure(tmp_path, gzip, name):
    data = _warc(gzip)
    path = tmp_path / name
    # Cut inside the last record (the xhtml page): the first two pages survive.
    path.write_bytes(data[: data.rindex(b"ex.org/3") + 200 if not gzip else len(data) - 40])
    results = list(iter_inputs([str(path)]))
    docs = [r for r in results if isinstance(r, Document)]
    failures = [r for r in results if isinstance(r, Failure)]
    assert [d.url for d in docs] == ["https://ex.org/1", "https://ex.org/2"]
    assert len(failures) == 1 and failures[0] is results[-1]
    assert failures[0].reason.startswith("truncated WARC after 6 records: ")
    assert "\n" not in failures[0].reason
    assert failures[0].origin == str(path)


def test_every_cut_point_is_reported(tmp_path):
    # warcio itself stops quietly on many cuts; none of them may pass unreported.
    for gzip in (False, True):
        data = _warc(gzip)
        boundaries = {len(data)}
        silent = []
        for cut in range(1, len(data), 37):
            results = list(iter_inputs([_write(tmp_path, data[:cut], gzip)]))
            if not any(isinstance(r, Failure) for r in results) and cut not in boundaries:
                silent.append(cut)
        # Only cuts at a record boundary (a shorter but valid archive) may stay silent.
        assert len(silent) <= 2, (gzip, silent)


def _write(tmp_path, data: bytes, gzip: bool) -> str:
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data)
    return str(path)


def test_not_a_warc_and_record_size_limit(tmp_path):
    fake = tmp_path / "fake.warc"
    fake.write_text("هذا ليس أرشيفا", encoding="utf-8")
    [failure] = iter_inputs([str(fake)])
    assert failure.reason.startswith("not a WARC/ARC archive")
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(gzip=False))
    results = list(iter_inputs([str(path)], ReadOptions(max_doc_bytes=50)))
    reasons = [r.reason for r in results if isinstance(r, Failure)]
    assert reasons == [
        "record for https://ex.org/1 is over the 50 bytes limit; skipped",
        "record for https://ex.org/2 is over the 50 bytes limit; skipped",
        "record for https://ex.org/3 is over the 50 bytes limit; skipped",
    ]
