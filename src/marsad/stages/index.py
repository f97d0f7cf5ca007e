"""Search terms for the full-text index, computed per document (on any worker)."""

from __future__ import annotations

from marsad.arabic.stem import analyze
from marsad.records import Document


def index_terms(doc: Document) -> Document:
    """Fill doc.index_terms with the analysed title and body terms."""
    doc.index_terms = (" ".join(analyze(doc.title or "")), " ".join(analyze(doc.text)))
    return doc
