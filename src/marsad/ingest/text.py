"""Plain-text files → one text Document each; metadata lines are left to the clean stage."""

from __future__ import annotations

from marsad.ingest.decode import decode_detailed
from marsad.records import Document


def text_document(data: bytes, origin: str) -> Document:
    """Decode one plain-text article into a text Document or raise InputError."""
    decoded = decode_detailed(data)
    # Only line endings are touched: the cleaner audits lines against this exact text.
    raw = decoded.text.replace("\r\n", "\n")
    doc = Document(origin=origin, input_format="text", raw=raw, encoding=decoded.encoding)
    if decoded.replaced:
        doc.errors.append(
            f"decode: replaced {decoded.replaced} undecodable bytes ({decoded.encoding})"
        )
    return doc
