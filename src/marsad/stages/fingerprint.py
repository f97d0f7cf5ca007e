"""Per-document identity for matching: language, matching-key hash, MinHash signature."""

from __future__ import annotations

import hashlib

from marsad.arabic.langid import detect_lang
from marsad.arabic.normalize import key
from marsad.records import Document
from marsad.stages import dedup


def fingerprint(doc: Document) -> Document:
    """Fill lang, key_hash and signature from the clean text."""
    k = key(doc.text)
    doc.key_hash = hashlib.blake2b(k.encode("utf-8"), digest_size=16).hexdigest()
    doc.signature = dedup.signature(k)
    if not doc.lang:
        doc.lang = detect_lang(doc.text)
    return doc
