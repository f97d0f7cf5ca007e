"""Named entities: tagged and resolved per document in a worker, linked at the writer.

`annotate` is the per-document stage (pure: tagger + within-document resolution, so it
runs in any worker). `link_entities` is the corpus step, run by the single writer like
`dedup.resolve`: each of the document's own entities either joins a stored entity that
shares a match key (the decision is `resolve.link`) or becomes a new one. Re-running
over the same input therefore gives the same entities, and nothing is held in memory.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from typing import TYPE_CHECKING, Any

from marsad.records import Document
from marsad.stages.spans import name_rest, tagger_text, tidy_spans

if TYPE_CHECKING:
    from marsad.store.base import LinkingStore

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

        model()
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


class LinkMemo:
    """Link decisions of one writer run, by the names an article's entity was seen as.

    «الولايات المتحدة» or «روسيا» come back in article after article with the same
    spellings; finding and comparing their candidates again was most of the writer's
    time. A decision is remembered only when it was certain (a full or phonetic match,
    or a new entity, which the next identical names match in full): a partial one (a
    lone surname) depends on how many candidates fit it at the time, so it is redone.
    """

    # Bounds memory on huge runs; a forgotten decision is just made again.
    MAX_ENTRIES = 200_000

    def __init__(self) -> None:
        from marsad.store.mirror import EntityMirror

        self.ids: dict[tuple, tuple[int, float]] = {}  # -> (entity id, link confidence)
        self.names: dict[int, str] = {}  # entity id -> its display name
        self.mirror = EntityMirror()  # what the run knows the entity tables hold
        self.rules: Any = None  # the store's overrides (stages/overrides.py), read once

    @staticmethod
    def key(local: Any) -> tuple:
        return (local.type, local.name, tuple(sorted(set(local.aliases))))

    def get(self, local: Any) -> tuple[int, str, float] | None:
        hit = self.ids.get(self.key(local))
        return None if hit is None else (hit[0], self.names[hit[0]], hit[1])

    def put(self, local: Any, eid: int, name: str, confidence: float = 1.0) -> None:
        if len(self.ids) >= self.MAX_ENTRIES:
            self.ids.clear()
            self.names.clear()
        self.ids[self.key(local)] = (eid, confidence)
        self.names[eid] = name

    def renamed(self, eid: int, name: str) -> None:
        if eid in self.names:
            self.names[eid] = name

    def new_batch(self) -> None:
        """Forget the decisions (not the mirror, which is exact). A remembered decision
        can differ from the one the store would give later (another entity has since
        gained the key or the mentions), so a run killed and resumed, whose memo starts
        empty, linked some mentions otherwise (issue 15, defect 11: 0.1% of mentions).
        Kept per batch, a decision depends only on the store at the batch's start and the
        batch, which a resumed run replays exactly (batches are cut by input position)."""
        self.ids.clear()
        self.names.clear()


def link_entities(doc: Document, article_id: int, store: LinkingStore, *, counted: bool,
                  model: str | None = None, memo: LinkMemo | None = None) -> list[int]:
    """Store the document's mentions under linked entity ids; return those ids.

    `counted` is False for duplicates: their mentions are stored (for highlights) but do
    not add to an entity's counts. `memo` carries certain decisions between articles of
    one run (the writer's); without it every entity is looked up afresh.
    """
    from marsad.arabic.names import alias_entry
    from marsad.stages.overrides import Rules
    from marsad.stages.resolve import remember_latin_keys
    from marsad.translit.known import latin_name

    ids: list[int] = []
    confidence: list[float] = []
    mirror = memo.mirror if memo is not None else None
    # users' corrections: blocked names go, merges/splits/renames steer each link
    rules = memo.rules if memo is not None and memo.rules is not None else Rules.load(store)
    if memo is not None:
        memo.rules = rules
    rules.prepare(doc)
    for local, latin_keys in doc.entities:
        hit = memo.get(local) if memo is not None else None
        if hit is not None:
            eid, name, conf = hit
        else:
            remember_latin_keys({n: k for n, (_, k) in local.latin_forms.items()})
            eid, name, certain, conf = rules.link(local, store, mirror, _link_one)
            if memo is not None and certain:
                memo.put(local, eid, name, conf)
        store.extend_entity(eid, match_keys=local.match_keys, aliases=local.aliases,
                            roles=local.roles, latin_keys=latin_keys,
                            mentions=local.mentions, published=doc.published,
                            counted=counted, mirror=mirror)
        entry = alias_entry(name)
        settled = entry is not None and entry.name == name  # the alias table names it
        if not settled and set(local.aliases) - {name} and not rules.pinned(name, local.type):
            # other spellings were counted: the fullest, most used form may have changed
            _, best = store.best_entity_name(eid, among=[name, *local.aliases], mirror=mirror)
            if best and best != name:
                spelling = local.latin_forms.get(best, (None, None))[0]
                store.rename_entity(eid, best, latin_name(best) or spelling)
                if memo is not None:
                    memo.renamed(eid, best)
        ids.append(eid)
        confidence.append(conf)
    store.insert_mentions(article_id, [(ids[m.local], m.start, m.end, m.type, m.role,
                                        confidence[m.local]) for m in doc.mentions])
    store.mark_annotated(article_id, model or model_name())
    return ids


def _link_one(local: Any, store: LinkingStore, mirror: Any = None) -> tuple[int, str, bool, float]:
    """(entity id, display name, certain, confidence) for one document entity: an existing
    entity sharing a match key that `resolve.link_scored` accepts, else a new one. Only
    links that rest on the full name are certain (a lone surname's depends on how many
    entities could claim it at the time, so the memo must not keep it)."""
    from marsad.arabic.names import name_key, phonetic_key
    from marsad.stages.resolve import PARTIAL, Candidate, link_scored

    full = {f"n:{name_key(n)}" for n in (local.name, *local.aliases)} | {
        f"p:{phonetic_key(n)}" for n in (local.name, *local.aliases)}
    strong = [k for k in local.match_keys if k in full]
    weak = [k for k in local.match_keys if k not in full]
    found = {c["id"]: c for c in store.entity_candidates(strong, local.type, weak, mirror)}
    cands = [Candidate(**c) for c in found.values()]
    eid, rel, conf = link_scored(local, cands)
    if eid is None:
        return (store.create_entity(local.type, local.name, local.latin, mirror), local.name,
                rel != PARTIAL and conf >= 1.0, conf)
    return eid, found[eid]["name"], rel != PARTIAL, conf
