"""Named entities: tagged and resolved per document in a worker, linked at the writer.

`annotate` is the per-document stage (pure: tagger + within-document resolution, so it
runs in any worker). `link_entities` is the corpus step, run by the single writer like
`dedup.resolve`: each of the document's own entities either joins a stored entity that
shares a match key (the decision is `resolve.link`) or becomes a new one. Re-running
over the same input therefore gives the same entities, and nothing is held in memory.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from marsad.records import Document

log = logging.getLogger(__name__)

# The tagger is trained on Arabic news; other languages get no entities rather than noise.
LANGS = (None, "ar")
# Prefix of the note a document gets when annotation failed (the article is kept).
FAILED = "entities failed"


@cache
def _tagger() -> Any:
    from marsad.ner import load_tagger

    return load_tagger()


def model_name() -> str:
    """Identifies the model that annotated an article (stored beside it)."""
    return str(getattr(_tagger(), "version", "ner"))


def warm() -> None:
    """Load the model once in the parent, so forked workers share its pages.

    A model that cannot load is not fatal here: each document then carries a one-line
    note saying why it has no entities, and the articles are stored all the same.
    """
    try:
        _tagger()
    except Exception:  # noqa: BLE001
        log.warning("named-entity model unavailable", exc_info=True)


def was_annotated(doc: Document) -> bool:
    """Whether `annotate` ran to the end on `doc` (so the writer should record it)."""
    return (doc.lang in LANGS and bool(doc.text.strip())
            and not any(e.startswith(FAILED) for e in doc.errors))


def _latin_keys(local: Any) -> list[str]:
    from marsad.translit import latin_keys, to_latin

    keys: list[str] = []
    names = [local.latin] if local.latin else []
    for alias in local.aliases:
        latin = to_latin(alias)
        if latin:
            names.append(latin)
    for name in dict.fromkeys(names):
        keys.extend(latin_keys(name))
    return list(dict.fromkeys(keys))


def annotate(doc: Document) -> Document:
    """Fill `doc.mentions` and `doc.entities` ((LocalEntity, Latin keys) pairs)."""
    if doc.lang not in LANGS or not doc.text.strip():
        return doc
    from marsad.stages.resolve import resolve_document

    spans = _tagger().tag(doc.text)
    mentions, local = resolve_document(doc.text, [(s.start, s.end, s.label) for s in spans])
    doc.mentions = mentions
    doc.entities = [(ent, _latin_keys(ent)) for ent in local]
    return doc


def link_entities(doc: Document, article_id: int, store: Any, *, counted: bool,
                  model: str | None = None) -> list[int]:
    """Store the document's mentions under linked entity ids; return those ids.

    `counted` is False for duplicates: their mentions are stored (for highlights) but do
    not add to an entity's counts.
    """
    from marsad.stages.resolve import Candidate, link
    from marsad.translit import to_latin

    ids: list[int] = []
    for local, latin_keys in doc.entities:
        found = store.entity_candidates(local.match_keys, local.type)
        eid = link(local, [Candidate(**c) for c in found]) if found else None
        new = eid is None
        if eid is None:
            eid = store.create_entity(local.type, local.name)
        store.extend_entity(eid, match_keys=local.match_keys, aliases=local.aliases,
                            roles=local.roles, latin_keys=latin_keys,
                            mentions=local.mentions, published=doc.published,
                            counted=counted)
        _, best = store.best_entity_name(eid)
        if best and (new or best != store.entity_name(eid)):
            store.rename_entity(eid, best, to_latin(best) or local.latin)
        ids.append(eid)
    store.insert_mentions(article_id, [(ids[m.local], m.start, m.end, m.type, m.role)
                                       for m in doc.mentions])
    store.mark_annotated(article_id, model or model_name())
    return ids
