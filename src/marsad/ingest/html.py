"""HTML pages → html Documents; the extract stage turns the markup into text later."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from marsad.errors import InputError
from marsad.ingest.decode import decode_detailed, decode_with
from marsad.ingest.fetch import charset_of
from marsad.ingest.sources import format_size
from marsad.records import Document

# Charset declarations and canonical links live in <head>; looking further wastes time on
# multi-megabyte pages. Browsers scan the first 1024 bytes for <meta charset>; we are
# more lenient because some CMSs emit long inline scripts before it.
HEAD_SCAN_CHARS = 65_536

_TAG_RE = re.compile(r"<(meta|link)\b([^>]*)>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_CHARSET_IN_CONTENT_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)

# Pages that declare a Western code page but hold Arabic bytes are common on old Arabic
# sites; for these declarations our own detection is more trustworthy than the label.
_UNTRUSTED_CHARSETS = {
    "iso-8859-1",
    "latin1",
    "latin-1",
    "windows-1252",
    "cp1252",
    "us-ascii",
    "ascii",
}


def read_html_bytes(
    data: bytes,
    origin: str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    max_doc_bytes: int | None = None,
) -> Document:
    """Decode one HTML page into an html Document (markup kept in doc.html) or raise InputError."""
    if max_doc_bytes is not None and len(data) > max_doc_bytes:
        raise InputError(too_large_reason(len(data), max_doc_bytes))
    if not data.strip():
        raise InputError("empty file")
    # A BOM, then strict UTF-8, come before any declaration: Arabic sites that moved to
    # UTF-8 often kept their old windows-1256 <meta>, while cp1256 text is practically
    # never valid UTF-8 by accident. The declaration then picks between legacy code pages.
    decoded = decode_with(data, "utf-8")
    declared = _declared_charset(data, content_type) if decoded is None else None
    if declared and declared.lower() not in _UNTRUSTED_CHARSETS:
        decoded = decode_with(data, declared)
    if decoded is None:
        try:
            decoded = decode_detailed(data)
        except InputError:
            if not declared:
                raise
            decoded = None
        if declared and (decoded is None or _western_misread(decoded.text)):
            decoded = decode_with(data, "cp1252") or decode_with(data, "latin-1")
        if decoded is None:
            raise InputError("undecodable bytes (not UTF-8/UTF-16/cp1256/ISO-8859-6)")
    markup = decoded.text
    doc = Document(origin=origin, input_format="html", html=markup, encoding=decoded.encoding)
    doc.url = _canonical_url(markup, url) or url
    if decoded.replaced:
        doc.errors.append(
            f"decode: replaced {decoded.replaced} undecodable bytes ({decoded.encoding})"
        )
    return doc


_WORD_RE = re.compile(r"\w+")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_LATIN_RE = re.compile(r"[A-Za-z]")
# A Latin-1 page read as cp1256 turns each accented letter into an Arabic one inside a Latin
# word ("für" → "füر"); real Arabic pages have Arabic words without Latin letters in them.
# Measured on trafilatura's eval set: the 18 Latin-1/1252 pages that cp1256 detection took
# score 0.96-1.0; Arabic prose has next to no mixed words, so half is a wide margin.
MISREAD_MIXED_WORD_SHARE = 0.5


def _western_misread(text: str) -> bool:
    """True when legacy-Arabic decoding produced Latin words with Arabic letters inside."""
    arabic_words = [w for w in _WORD_RE.findall(text) if _ARABIC_RE.search(w)]
    if not arabic_words:
        return False
    mixed = sum(1 for w in arabic_words if _LATIN_RE.search(w))
    return mixed / len(arabic_words) > MISREAD_MIXED_WORD_SHARE


def too_large_reason(size: int | None, limit: int) -> str:
    """The one-line reason for a single document over the size limit."""
    shown = format_size(size) if size is not None else "more"
    return f"file too large for one article ({shown} > {format_size(limit)} limit); split it or give JSONL"


def head_tags(markup: str) -> list[tuple[str, dict[str, str]]]:
    """(tag, attributes) for each <meta> and <link> in the head region of markup."""
    tags = []
    for match in _TAG_RE.finditer(markup[:HEAD_SCAN_CHARS]):
        attrs = {
            key.lower(): value.strip("\"'").strip()
            for key, value in _ATTR_RE.findall(match.group(2))
        }
        tags.append((match.group(1).lower(), attrs))
    return tags


def _declared_charset(data: bytes, content_type: str | None) -> str | None:
    # The HTTP header wins over the document, as in browsers.
    if content_type:
        charset = charset_of(content_type)
        if charset:
            return charset
    head = data[:HEAD_SCAN_CHARS].decode("ascii", errors="replace")
    for tag, attrs in head_tags(head):
        if tag != "meta":
            continue
        if attrs.get("charset"):
            return attrs["charset"]
        if attrs.get("http-equiv", "").lower() == "content-type":
            match = _CHARSET_IN_CONTENT_RE.search(attrs.get("content", ""))
            if match:
                return match.group(1)
    return None


def _canonical_url(markup: str, base: str | None) -> str | None:
    canonical = og_url = None
    for tag, attrs in head_tags(markup):
        if tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            canonical = canonical or attrs.get("href")
        elif tag == "meta" and attrs.get("property", attrs.get("name", "")).lower() == "og:url":
            og_url = og_url or attrs.get("content")
    for candidate in (canonical, og_url):
        if not candidate:
            continue
        absolute = urljoin(base, candidate) if base else candidate
        if absolute.startswith(("http://", "https://")):
            return absolute
    return None
