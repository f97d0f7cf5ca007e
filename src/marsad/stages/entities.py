"""Named entities: tagged and resolved per document in a worker.

`annotate` is the per-document stage (pure: tagger + within-document resolution, so it
runs in any worker). Linking the document's entities to the corpus's is the writer's
(writer/linking.py): a stage never sees a store.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from typing import Any

from marsad.records import Document
from marsad.stages.spans import name_rest, tagger_text, tidy_spans

log = logging.getLogger(__name__)

# The tagger is trained on Arabic news; other languages get no entities rather than noise.
LANGS = (None, "ar")
# Prefix of the note a document gets when annotation failed (the article is kept).
FAILED = "entities failed"


# Taggers of the shipped ensemble the pipeline runs. One tagger is ~2.4x faster than the
# full ensemble for about one point of dev F1 (0.790 vs 0.802, ner/model/MODEL_CARD.md);
# the whole pipeline must reach 200 articles/s on two cores (issue 4), which the
# ensemble alone would use up. MARSAD_NER_MEMBERS=0 runs the full ensemble.
PIPELINE_NER_MEMBERS = 1


@cache
def _tagger() -> Any:
    from marsad.ner import load_tagger

    members = int(os.environ.get("MARSAD_NER_MEMBERS", PIPELINE_NER_MEMBERS)) or None
    return load_tagger(members=members)


@cache
def model_name() -> str:
    """Identifies the model that annotated an article (stored beside it): the model file's
    content hash and how many of its taggers ran."""
    import hashlib

    from marsad.ner.tagger import MODEL_PATH

    _tagger()  # fails early, with its own message, when the model cannot load
    digest = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12]
    members = int(os.environ.get("MARSAD_NER_MEMBERS", PIPELINE_NER_MEMBERS)) or "all"
    return f"ner-{digest}-m{members}"


def warm() -> None:
    """Load the models once in the parent, so forked workers share their pages.

    A model that cannot load is not fatal here: each document then carries a one-line
    note saying why it has no entities, and the articles are stored all the same. The
    transliteration model (~0.2 s to read) is one the writer loads anyway, for the odd
    name no worker spelled; loaded here, no worker reads it again.
    """
    try:
        _tagger()
    except Exception:  # noqa: BLE001
        log.warning("named-entity model unavailable", exc_info=True)
    try:
        from marsad.translit import model
        from marsad.translit.known import territory_words

        model()
        territory_words()  # CLDR's names (babel), read by span tidying in every worker
    except Exception:  # noqa: BLE001 - each name then fails where it is spelled, as before
        log.warning("transliteration model unavailable", exc_info=True)


def was_annotated(doc: Document) -> bool:
    """Whether `annotate` ran to the end on `doc` (so the writer should record it)."""
    return _taggable(doc) and not any(e.startswith(FAILED) for e in doc.errors)


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


def _taggable(doc: Document) -> bool:
    return doc.lang in LANGS and bool(doc.text.strip())


def tag_many(docs: list[Document]) -> list[list | Exception | None]:
    """The tagger's spans for each document, one call for all of them (None: not
    Arabic or empty). A failing batch gives each document the error, so that `annotate`
    notes it per document as it would have alone."""
    todo = [k for k, d in enumerate(docs) if _taggable(d)]
    out: list[list | Exception | None] = [None] * len(docs)
    try:
        tagged = _tagger().tag_many([tagger_text(docs[k].text) for k in todo])
    except Exception as exc:  # noqa: BLE001 - every article is still stored, with a note
        log.debug("tagging a batch failed", exc_info=True)
        tagged = [exc] * len(todo)
    for k, spans in zip(todo, tagged, strict=True):
        out[k] = spans
    return out


def annotate(doc: Document, tagged: list | Exception | None = None) -> Document:
    """Fill `doc.mentions` and `doc.entities` ((LocalEntity, Latin keys) pairs).

    `tagged` is the tagger's output for this text when it already ran (`tag_many`).
    """
    if not _taggable(doc):
        return doc
    from marsad.stages.resolve import resolve_document

    if isinstance(tagged, Exception):
        raise tagged
    found = tagged if tagged is not None else _tagger().tag(tagger_text(doc.text))
    spans = tidy_spans(doc.text, [(s.start, s.end, s.label) for s in found])
    spans = settle_types(doc.text, with_titles(doc.text, spans))
    mentions, local = resolve_document(doc.text, spans)
    doc.mentions = mentions
    doc.entities = [(ent, _latin_keys(ent)) for ent in local]
    return doc


# Words looked at before a person's name for a title («الرئيس الروسي», «وزير الخارجية
# الأمريكي»): titles in the role table run to four words.
TITLE_WORDS = 4
_NOT_TITLE = frozenset("،,.:;؛!?؟\"«»()")


def _word_before(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    r"""(start, end) of the word right before the whitespace that ends text[lo:hi] (the
    word cut at lo), or None: what re `(\S+)\s+$` finds in text[lo:hi], read backwards
    from hi, where the regex search tried every position from lo (~10% of the stage)."""
    end = hi
    while end > lo and text[end - 1].isspace():
        end -= 1
    if end == hi or end == lo:
        return None  # no whitespace before hi, or nothing but whitespace
    start = end
    while start > lo and not text[start - 1].isspace():
        start -= 1
    return start, end


def with_titles(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Person spans widened to the title right before them, so it becomes the role.

    ANERcorp-style annotation leaves titles outside the name («الرئيس الروسي [بوتين]»);
    the resolver splits a title off a span, so the span must include it.
    """
    from marsad.arabic.roles import split_role

    out = []
    prev_end = 0
    for start, end, label in spans:
        new_start = start
        if label == "PER":
            cursor = start
            words: list[int] = []
            for _ in range(TITLE_WORDS):
                w = _word_before(text, prev_end, cursor)
                if w is None:
                    break
                word = text[w[0]:w[1]]
                if not any(ch.isalpha() for ch in word) or not _NOT_TITLE.isdisjoint(word):
                    break
                words.insert(0, w[0])
                cursor = w[0]
            name = text[start:end]
            for w_start in words:  # longest title first
                role, rest = split_role(text[w_start:start] + name)
                if role and rest and len(rest) >= len(name) - 1 and name_rest(rest, name):
                    new_start = w_start
                    break
        out.append((new_start, end, label))
        prev_end = end
    return out


def settle_types(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """One type per name: the type a table knows, else the document's majority vote.

    The tagger decides each mention from its context, so a capital standing for its
    government («بيونج يانج تزعم») comes out ORG or even PER beside LOC elsewhere; one
    real place must not become three entities. Names our alias table or CLDR's country
    list knows take that type; any other name takes the label most of its mentions in
    the document got (ties: the first one seen).
    """
    from collections import Counter

    from marsad.arabic.names import alias_entry, name_key
    from marsad.arabic.roles import split_role
    from marsad.translit.known import known_territory

    keys = [name_key(split_role(text[a:b])[1]) for a, b, _ in spans]
    votes: dict[str, Counter] = {}
    for k, (_, _, label) in zip(keys, spans, strict=True):
        votes.setdefault(k, Counter())[label] += 1
    settled: dict[str, str] = {}
    for (a, b, _), k in zip(spans, keys, strict=True):
        if k in settled:
            continue
        name = split_role(text[a:b])[1]
        entry = alias_entry(name)
        if entry is not None and entry.type:
            settled[k] = entry.type
        elif known_territory(name):
            settled[k] = "LOC"
        else:
            settled[k] = votes[k].most_common(1)[0][0]
    return [(a, b, settled[k]) for (a, b, _), k in zip(spans, keys, strict=True)]
