"""Per-document identity for matching: language, matching-key hash, MinHash signature."""

from __future__ import annotations

import hashlib

from marsad.arabic.langid import detect_lang
from marsad.arabic.normalize import key
from marsad.records import Document
from marsad.stages import dedup

# A body this short is weak evidence of a repeat: a lone disclaimer or "page not found"
# left by a failed extraction made 10 false exact duplicates on 2,000 Al Arabiya pages
# (issue 13). Its exact-duplicate key includes the title, so only a re-filed flash (same
# title, same words) is a copy; different articles sharing a boilerplate body are not.
MIN_BODY_WORDS = 25


def fingerprint(doc: Document) -> Document:
    """Fill lang, key_hash and signature from the clean text."""
    k = key(doc.text)
    anchor = k
    if len(doc.text.split(None, MIN_BODY_WORDS)) <= MIN_BODY_WORDS:
        anchor = key(doc.title or "") + "\n" + k
    doc.key_hash = hashlib.blake2b(anchor.encode("utf-8"), digest_size=16).hexdigest()
    doc.signature = dedup.signature(k)
    if not doc.lang:
        doc.lang = detect_lang(doc.text)
    return doc
