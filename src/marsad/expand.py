"""Which stored entities a search term names: Latin spellings and Arabic spelling variants.

    latin_entities(store, "Kim Jong-un") → [id of «كيم جونغ أون»]
    latin_entities(store, "Messi")       → []  when only «هايكو ماس» shares its key (ms)
    arabic_variants(store, "ترمب")       → (entity, ["ترامب"])  an alias spelled otherwise

Latin keys (translit.latin_keys) drop vowels, so they find candidates generously; a
candidate is kept only when the term is close to one of its Latin spellings by normalised
edit distance on a folded form (LATIN_MATCH_MAX). A term that matches nothing expands to
nothing: the search then looks for the term as typed and finds what it finds.
"""

from __future__ import annotations

import re
from typing import Any

from marsad.store.base import Store

# Normalised edit distance (edits / longer folded form) under which a typed Latin term and
# an entity's Latin spelling name the same thing. Calibrated on ANETAC dev (1,003 names):
# the reference spelling against the letter model's spelling of the same name is within
# 0.34 for 94% of names (0.30: 89.5%), while 276 pairs of different names sharing a strict
# Latin key are within it 19% of the time (0.30: 10%); the closest entity is the one a
# search expands to, so recall was preferred. Messi/Maas: 0.50.
LATIN_MATCH_MAX = 0.34
# Candidates read per term (by key, most mentioned first) and Arabic aliases of each
# spelled in Latin to compare with: enough for a name's usual spellings.
LATIN_CANDIDATES = 20
LATIN_ALIASES = 8
# Arabic names of an entity a matched term is expanded to: the most used spellings suffice.
EXPAND_ALIASES = 6


def fold(latin: str) -> str:
    """Spelling-neutral form: case, accents, article, digraphs and doubled letters folded,
    vowels kept (Messi "mesi" ≠ Maas "mas"; Qaddafi "kadafi" ≈ Gaddafi "gadafi")."""
    from marsad.translit import _ARTICLE_TOKENS, _STRICT_SUBS, _collapse
    from marsad.translit.model import ascii_letters

    words = [w for w in ascii_letters(latin).split() if w not in _ARTICLE_TOKENS]
    out = []
    for w in words:
        for pattern, repl in _STRICT_SUBS:
            w = pattern.sub(repl, w)
        out.append(_collapse(w))
    return " ".join(out)


def distance(term: str, latin: str) -> float:
    """Normalised edit distance of `term` to the closest run of as many words in `latin`
    (so "Pompeo" meets "Mike Pompeo"), spaces ignored; 1.0 when either has no letters."""
    from marsad.translit.lookup import edit_distance

    q, words = fold(term), fold(latin).split()
    if not q or not words:
        return 1.0
    n = len(q.split())
    runs = {"".join(words)} | {"".join(words[i:i + n]) for i in range(len(words) - n + 1)}
    qq = q.replace(" ", "")
    return min(edit_distance(qq, r) / max(len(qq), len(r)) for r in runs)


def spellings(entity: dict[str, Any]) -> list[str]:
    """An entity's Latin spellings: its display name, and its aliases as written by
    latin_name and by the letter model (whose keys the store indexed)."""
    from marsad.translit import to_latin
    from marsad.translit.known import latin_name

    out = [entity["latin"]] if entity.get("latin") else []
    for a in entity.get("aliases", [])[:LATIN_ALIASES]:
        out += [latin_name(a["alias"]), to_latin(a["alias"])]
    return [s for s in dict.fromkeys(out) if s]


def latin_entities(store: Store, term: str) -> list[int]:
    """Ids of entities whose Latin name is close to `term`, closest first (then most mentioned)."""
    from marsad.translit import latin_keys

    ids = store.entities_by_keys(latin_keys(term), latin=True)[:LATIN_CANDIDATES]
    scored = []
    for rank, eid in enumerate(ids):
        ent = store.get_entity(eid)
        if ent is None:
            continue
        d = min((distance(term, s) for s in spellings(ent)), default=1.0)
        if d <= LATIN_MATCH_MAX:
            scored.append((d, rank, eid))
    return [eid for _, _, eid in sorted(scored)]


_ARTICLE = re.compile(r"^ال(?=...)")


def arabic_variants(store: Store, term: str) -> tuple[dict[str, Any], list[str]] | None:
    """(entity, its aliases spelled otherwise) when an Arabic `term` is a spelling variant
    of a stored entity's alias by phonetic key (ترامب / ترمب), else None."""
    from marsad.arabic.names import PHONETIC_MIN, name_key, phonetic_key

    pk = phonetic_key(term)
    if len(pk) < PHONETIC_MIN:  # short skeletons join unrelated words (علي / عالية)
        return None

    def bare(s: str) -> str:
        return _ARTICLE.sub("", name_key(s))

    for eid in store.entities_by_keys([f"p:{pk}"])[:3]:
        ent = store.get_entity(eid)
        if ent is None:
            continue
        variants = [a["alias"] for a in ent["aliases"]
                    if phonetic_key(a["alias"]) == pk and bare(a["alias"]) != bare(term)]
        if variants:
            return ent, list(dict.fromkeys(variants))[:EXPAND_ALIASES]
    return None
