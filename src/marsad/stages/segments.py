"""A line's identity across one outlet's articles, and whose outlet a document is: shared
by the template lines (stages/template.py) and the teaser leads (stages/teasers.py)."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from marsad.arabic.normalize import key
from marsad.records import Document


def segment_key(line: str) -> int:
    """A line's identity across articles: its matching key (spacing, diacritics, letter
    variants folded), hashed to a signed 64-bit integer for the store."""
    digest = hashlib.blake2b(key(line).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def source_of(doc: Document) -> str | None:
    """Whose template a document shows: its URL's host, else its outlet name. The host
    first: it is known before cleaning (when the runner picks the lines to send with a
    batch) and after it (when the writer counts), where an outlet name may be read from a
    «المصدر:» line in between."""
    if doc.url:
        try:
            host = urlsplit(doc.url).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    return doc.source or None
