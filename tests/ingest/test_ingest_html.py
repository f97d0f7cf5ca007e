"""HTML files → html Documents: charset handling and canonical URLs."""

from marsad.ingest import ReadOptions, iter_inputs
from marsad.ingest.html import read_html_bytes
from marsad.records import Document, Failure

BODY = "<p>أطلقت البلدية حملة لزراعة ألف شجرة في الأحياء الجديدة، وقال رئيسها: «نريد مدينة أبرد صيفا».</p>"


def _page(head: str = "", body: str = BODY) -> str:
    return f"<!DOCTYPE html><html lang='ar'><head>{head}<title>حملة التشجير</title></head><body>{body}</body></html>"


def test_html_file_keeps_markup_and_canonical_url(tmp_path):
    path = tmp_path / "page.html"
    head = '<meta charset="utf-8"><link href="https://news.example.org/green/12" rel="canonical">'
    path.write_text(_page(head), encoding="utf-8")
    [doc] = iter_inputs([str(path)])
    assert isinstance(doc, Document)
    assert doc.input_format == "html"
    assert doc.html == _page(head)
    assert doc.raw == ""  # filled by the extract stage
    assert doc.url == "https://news.example.org/green/12"
    assert doc.origin == str(path)


def test_og_url_when_no_canonical():
    head = "<meta property='og:url' content='https://news.example.org/x'>"
    doc = read_html_bytes(_page(head).encode(), "o")
    assert doc.url == "https://news.example.org/x"


def test_relative_canonical_is_resolved_against_the_page_url():
    doc = read_html_bytes(
        _page('<link rel="canonical" href="/a/7">').encode(), "o", url="https://ex.org/b/c"
    )
    assert doc.url == "https://ex.org/a/7"


def test_meta_charset_windows_1256_is_honoured():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    doc = read_html_bytes(_page(head).encode("cp1256"), "o")
    assert doc.encoding == "cp1256"
    assert "«نريد مدينة أبرد صيفا»" in doc.html


def test_utf8_bytes_win_over_a_stale_windows_1256_declaration():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    doc = read_html_bytes(_page(head).encode("utf-8"), "o")
    assert doc.encoding == "utf-8" and BODY in doc.html


def test_undeclared_cp1256_page_is_detected():
    doc = read_html_bytes(_page().encode("cp1256"), "o")
    assert doc.encoding == "cp1256"
    assert BODY in doc.html


def test_wrong_declaration_falls_back_to_detection():
    # Declared UTF-8 but saved as cp1256: strict UTF-8 fails, so detection decides.
    doc = read_html_bytes(_page('<meta charset="utf-8">').encode("cp1256"), "o")
    assert doc.encoding == "cp1256" and BODY in doc.html
    # Declared Latin-1 (a common mislabel on old Arabic sites) holding cp1256 bytes.
    doc = read_html_bytes(_page('<meta charset="iso-8859-1">').encode("cp1256"), "o")
    assert doc.encoding == "cp1256" and BODY in doc.html


def test_utf16_page_with_bom(tmp_path):
    path = tmp_path / "p.htm"
    path.write_bytes("\ufeff".encode("utf-16-le") + _page().encode("utf-16-le"))
    [doc] = iter_inputs([str(path)])
    assert doc.encoding == "utf-16-le" and BODY in doc.html


def test_sniffed_html_without_extension(tmp_path):
    path = tmp_path / "article"
    path.write_text(_page(), encoding="utf-8")
    [doc] = iter_inputs([str(path)])
    assert doc.input_format == "html"


def test_broken_and_oversized_html(tmp_path):
    (tmp_path / "cut.html").write_text(_page()[:70], encoding="utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "big.html").write_text(_page(body=BODY * 100), encoding="utf-8")
    (tmp_path / "garbage.html").write_bytes(bytes(range(256)) * 4)
    results = {
        r.origin.rsplit("/", 1)[1]: r
        for r in iter_inputs([str(tmp_path)], ReadOptions(max_doc_bytes=5000))
    }
    assert isinstance(results["cut.html"], Document)  # truncated markup is the extractor's problem
    assert results["empty.html"].reason == "empty file"
    assert results["big.html"].reason.startswith("file too large for one article")
    assert isinstance(results["garbage.html"], Failure)
    assert results["garbage.html"].reason.startswith("binary file (")


def test_latin1_page_declared_latin1_is_not_read_as_arabic(tmp_path):
    from marsad.ingest.html import read_html_bytes

    page = (
        '<html><head><meta charset="iso-8859-1"><title>Grüße</title></head><body>'
        "<p>Die Bürger in München äußerten sich über die Größe der Straßen und Plätze.</p>"
        "</body></html>"
    ).encode("latin-1")
    doc = read_html_bytes(page, "x.html")
    assert "München" in doc.html and "Größe" in doc.html


def test_cp1256_page_mislabelled_latin1_is_still_read_as_arabic(tmp_path):
    from marsad.ingest.html import read_html_bytes

    page = (
        '<html><head><meta charset="iso-8859-1"></head><body>'
        "<p>قال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة.</p>"
        "</body></html>"
    ).encode("cp1256")
    doc = read_html_bytes(page, "x.html")
    assert "الاجتماع سيعقد" in doc.html
