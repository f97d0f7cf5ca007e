"""The writer's duplicate decision for an arriving article: an exact match on the key
hash, else LSH candidates from the stored band buckets verified by estimated Jaccard
(`stages.dedup` makes the signatures and band keys in the workers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.records import Document
from marsad.stages.dedup import NEAR_DUP_THRESHOLD, band_keys, similarity

if TYPE_CHECKING:
    from marsad.store.base import IngestWriter


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a new article falls: canonical (duplicate_of None) or a member of a group."""

    duplicate_of: int | None
    kind: str | None = None  # "exact" | "near"
    similarity: float | None = None


def resolve(doc: Document, store: IngestWriter) -> Decision:
    """Decide whether `doc` repeats a stored article (call before inserting it)."""
    if not doc.text:
        return Decision(None)
    exact = store.find_exact(doc.key_hash)
    if exact is not None:
        return Decision(exact, "exact", 1.0)
    if doc.signature is None:
        return Decision(None)
    best_id, best_sim = None, 0.0
    for cand_id, cand_sig in store.lsh_candidates(band_keys(doc.signature)):
        sim = similarity(doc.signature, cand_sig)
        if sim > best_sim:
            best_id, best_sim = cand_id, sim
    if best_id is not None and best_sim >= NEAR_DUP_THRESHOLD:
        return Decision(store.canonical_of(best_id), "near", round(best_sim, 4))
    return Decision(None)
