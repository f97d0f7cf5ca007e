"""Extract stage: HTML markup → article text plus metadata, with trafilatura.

Runs only on Documents whose `html` is set (html files, WARC records, fetched pages); all
others pass through untouched. Metadata already on the Document (from a feed, say) wins
over what the page says; the page only fills the gaps.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

import trafilatura

from marsad.errors import first_line
from marsad.records import Document
from marsad.urls import host_of

LOGGER = logging.getLogger(__name__)

# trafilatura settings. Measured on the synthetic Arabic page set in
# tests/stages/test_extract.py (6 layouts: <article>, div CMS, short one-line paragraphs,
# old table layout, <br>-separated text, a 2-paragraph brief; 30 gold paragraphs, 42
# boilerplate probes): default and favor_precision both kept 30/30 paragraphs with 0
# leaks; favor_recall leaked 3 sidebar/footer blocks on the table layout. We keep the
# default balance until the eval gold set of real pages says otherwise.
EXTRACT_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": False,
    "favor_recall": False,
    # Duplicate paragraphs within a page are the clean stage's call, not the extractor's.
    "deduplicate": False,
    "output_format": "python",
    # Dates from meta tags, JSON-LD, the URL and <time> first: htmldate's extensive
    # search of the page text costs half of all extraction time. On 200 dated pages of
    # trafilatura's eval set (gold dates): meta-first finds 194, 167 right, at 47 pages/s;
    # extensive finds 200, 171 right, at 26 pages/s. The extensive search runs only on a
    # page the cheap pass could not date (_date_fallback): 200 found, 170 right, 57 pages/s.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
NO_TEXT_ERROR = "extract: no article text found in HTML"

# A start tag whose attributes run past this many characters keeps only its name. The
# parsers under trafilatura are not linear in one element's attributes: 50k attributes on
# one <div> (a 540 kB tag) took 28 s (issue 15, 5). Real tags stay far below it (a long
# meta description is ~1 kB); an inline image's data URI may be cut, and images are not
# extracted. [^<>] stops each scan at the next angle bracket, so the search is linear.
MAX_TAG_CHARS = 16_384
_HUGE_TAG_RE = re.compile(rf"<([A-Za-z][^\s<>/]*)[^<>]{{{MAX_TAG_CHARS},}}>")

# A markdown table row as trafilatura writes it with include_tables: "| cell | cell |".
_TABLE_ROW_RE = re.compile(r"^\|(.*)\|$")


def extract(doc: Document) -> Document:
    """Fill doc.raw and missing metadata from doc.html, then drop the markup; never raises."""
    if doc.html is None:
        return doc
    markup, doc.html = doc.html, None  # markup is the biggest thing we hold; let it go early
    if not markup.strip():
        doc.errors.append(NO_TEXT_ERROR + " (empty page)")
        return doc
    markup = _HUGE_TAG_RE.sub(r"<\1>", markup)
    result = _bare_extraction(markup, doc.url, doc.errors)
    text = _text_of(result)
    if not text:
        text = _fallback_text(markup, doc.errors)
    metadata = result if result is not None else _metadata_only(markup, doc.url, doc.errors)
    _fill_metadata(doc, metadata)
    if doc.published is None and result is not None:
        doc.published = _date_fallback(markup, doc.url)
    page_title = _clean(getattr(metadata, "title", None))
    doc.raw = _drop_repeated_title(text, {doc.title, page_title})
    if not doc.raw:
        doc.errors.append(NO_TEXT_ERROR)
    return doc


def extract_html(html: str, url: str | None = None) -> Document:
    """Extract one HTML page given as a string (used by evaluation and ad-hoc calls)."""
    doc = Document(origin=url or "<html>", input_format="html", html=html, url=url)
    return extract(doc)


def _bare_extraction(markup: str, url: str | None, errors: list[str]) -> Any:
    try:
        return trafilatura.bare_extraction(markup, url=url, **EXTRACT_OPTIONS)
    except Exception as exc:  # trafilatura on hostile markup: record it, use the fallbacks
        errors.append(f"extract: trafilatura failed: {first_line(exc, with_type=True)}")
        return None


def _text_of(result: Any) -> str:
    if result is None:
        return ""
    return _unwrap_single_cell_rows(_tidy(getattr(result, "text", None) or ""))


def _unwrap_single_cell_rows(text: str) -> str:
    # Old Arabic news sites lay pages out with one-column tables; their rows are paragraphs,
    # not data, so "| paragraph |" becomes "paragraph". Data tables (2+ columns) stay.
    out = []
    for line in text.split("\n"):
        match = _TABLE_ROW_RE.match(line)
        if match and "|" not in match.group(1):
            cell = match.group(1).strip()
            if cell and set(cell) - set("-: "):
                out.append(cell)
            continue
        out.append(line)
    return "\n".join(out)


def _fallback_text(markup: str, errors: list[str]) -> str:
    """trafilatura's baseline (article-ish elements, then all paragraphs), then all text."""
    try:
        _, text, _ = trafilatura.baseline(markup)
        text = _tidy(text)
        if text:
            errors.append("extract: main extraction empty; used the baseline extractor")
            return text
        text = _tidy(trafilatura.html2txt(markup))
        if text:
            errors.append("extract: main extraction empty; used all page text")
        return text
    except Exception as exc:
        errors.append(f"extract: fallback failed: {first_line(exc, with_type=True)}")
        return ""


def _metadata_only(markup: str, url: str | None, errors: list[str]) -> Any:
    try:
        return trafilatura.extract_metadata(markup, default_url=url)
    except Exception as exc:
        errors.append(f"extract: metadata failed: {first_line(exc, with_type=True)}")
        return None


# The languages htmldate's dateparser fallback reads dates in. Left to itself it tries
# every one of dateparser's 200+ locales on a string no rule recognised, compiling their
# patterns on first use: 1.6 s for one odd page on an idle core, over 5 s under load (the
# fuzzer's only hang, issue 15); with these three, 0.16 s, and «12 مارس 2018», «Mon, 12
# Mar 2018», «12 mars 2018» still parse.
DATE_LANGUAGES = ("ar", "en", "fr")
# htmldate 1.x's own settings for that parser (extractors.get_external_parser).
_EXTERNAL_SETTINGS = {"NORMALIZE": True, "PARSERS": ["custom-formats", "absolute-time"],
                      "PREFER_DATES_FROM": "past", "PREFER_LOCALE_DATE_ORDER": True,
                      "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True}


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser import DateDataParser

    return DateDataParser(languages=list(DATE_LANGUAGES), settings=_EXTERNAL_SETTINGS)


def _date_fallback(markup: str, url: str | None) -> str | None:
    """htmldate's extensive search, for pages with no date in their metadata."""
    try:
        from htmldate import extractors, find_date

        if hasattr(extractors, "get_external_parser"):
            extractors.get_external_parser = _date_parser
        return find_date(markup, url=url, extensive_search=True, original_date=True)
    except Exception:  # noqa: BLE001 - a date is optional; the article still goes in
        return None


def _fill_metadata(doc: Document, meta: Any) -> None:
    if meta is None:
        return
    doc.title = doc.title or _clean(getattr(meta, "title", None))
    doc.published = doc.published or _clean(getattr(meta, "date", None))
    doc.author = doc.author or _clean(getattr(meta, "author", None))
    page_url = _clean(getattr(meta, "url", None))
    if not doc.url and page_url and page_url.startswith(("http://", "https://")):
        doc.url = page_url
    host = _clean(getattr(meta, "hostname", None)) or host_of(doc.url)
    doc.source = doc.source or _clean(getattr(meta, "sitename", None)) or host


def _drop_repeated_title(text: str, titles: set[str | None]) -> str:
    # Pages repeat the headline as the first block of the article; the title is kept in
    # doc.title, so the body starts with the article itself, as in JSONL inputs.
    first, _, rest = text.partition("\n")
    if rest.strip() and " ".join(first.split()) in {" ".join(t.split()) for t in titles if t}:
        return rest
    return text


def _tidy(text: str) -> str:
    lines = (line.strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _clean(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    return " ".join(value.split()) or None

