"""A name's first word without its clitic (وبيونج → بيونج), read with the document and the
tagger's name list as evidence.

`strip_clitic` alone is conservative: foreign names often start with و ف ب ل ك. Three more
pieces of evidence decide here:

- the document writes the bare form on its own (وكيم, كيم): strip;
- the tagger's name lists hold the word as it stands but not what the clitic rules leave
  (وليامز = Williams, فالنسيا, بالوتيلي): keep;
- the person list holds the rest of a person's first word but not the word («[و]بول
  بوغبا», «[ب]منصور البلوي»), with a surname after it: strip.
"""

from __future__ import annotations

from functools import cache

from ..arabic.names import cut_letters, name_key, strip_clitic

_CLITIC_LETTERS = frozenset("وفبلك")
_NAME_CLITICS = frozenset("وفبل")


@cache
def _listed() -> tuple[frozenset[int], frozenset[int]]:
    """Hashes of the words in the tagger's name lists: (persons, any type)."""
    import numpy as np

    from marsad.ner.tagger import MODEL_PATH

    with np.load(MODEL_PATH) as z:
        per = frozenset(z["tok_PER"].tolist())
        return per, per | frozenset(z["tok_LOC"].tolist()) | frozenset(z["tok_ORG"].tolist())


def person_word(word: str) -> bool:
    """Whether the tagger's person list holds the word (a first or last name)."""
    from marsad.ner.features import h64, norm

    return h64(norm(word)) in _listed()[0]


def listed_word(word: str) -> bool:
    """Whether any of the tagger's name lists (persons, places, organisations) holds it."""
    from marsad.ner.features import h64, norm

    return h64(norm(word)) in _listed()[1]


def listed_name(first: str) -> bool:
    """A word the tagger's name lists hold as it stands, when they do not hold what the
    clitic rules would leave: a foreign name whose first letters look like و ف ب ل ك or
    و/ف/ب + ال. Full ANT had «ليامز» (وليامز), «الوتيلي» (بالوتيلي), «الفيردي»
    (فالفيردي), «النسيا» (فالنسيا), «يكيليكس», «اتالونيا», «نسلفانيا». The lists hold some
    clitic forms too (لروسيا, لمحمد): their bare rest is listed as well, and they strip."""
    if first[:1] not in _CLITIC_LETTERS:
        return False
    rest = strip_clitic(first)
    if rest == first or not listed_word(first):
        return False
    # a person's name with و or ك as it stands wins even when the rest is listed too:
    # ويلسون, not «يلسون» (which the lists hold as a spelling of another name)
    return not listed_word(rest) or (first[0] in "وفك" and person_word(first))


def _clitic_before_given(first: str) -> str:
    """A person's first word less its clitic when only the bare word is in the tagger's
    name list: without a bare form in the document «وبول بوغبا» became an entity of its
    own (27 mentions over full ANT). A word the list knows as it stands (وليد، بشار، فريد)
    keeps its first letter."""
    if person_word(first):
        return first
    for n in (1, 2):
        if n == 2 and (first[0] not in "وف" or first[1:2] not in ("ب", "ل")):
            continue
        rest = cut_letters(first, n)
        if len(name_key(rest)) >= 3 and person_word(rest):
            return rest
    return first


def first_word(first: str, label: str, bare: frozenset[str], *, several: bool) -> str:
    """`first` without a clitic where the evidence says it has one. `bare`: name keys of the
    document's own words; `several`: more words of the name follow."""
    if first[:1] not in _CLITIC_LETTERS or listed_name(first):
        return first
    stripped = strip_clitic(first, bare)
    if stripped == first and several and label == "PER" and first[:1] in _NAME_CLITICS:
        return _clitic_before_given(first)
    return stripped
