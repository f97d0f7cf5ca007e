"""A name's first word without its clitic (وبيونج → بيونج), read with the document and the
tagger's name list as evidence.

`strip_clitic` alone is conservative: foreign names often start with و ف ب ل ك. Three more
pieces of evidence decide here:

- the document writes the bare form on its own (وكيم, كيم): strip;
- the tagger's person list holds the word as it stands with its و or ك (وليامز = Williams,
  كريستيا): keep;
- the person list holds the rest of a person's first word but not the word («[و]بول
  بوغبا», «[ب]منصور البلوي»), with a surname after it: strip.
"""

from __future__ import annotations

from ..arabic.names import cut_letters, name_key, strip_clitic

_CLITIC_LETTERS = frozenset("وفبلك")
_NAME_CLITICS = frozenset("وفبل")


def listed_name(first: str) -> bool:
    """A person's word the tagger's name list holds as it stands with its و or ك: an English
    W-name (وليامز، ويلسون، وودوارد), not و + «ليامز» (43 mentions of «ليامز» on full ANT);
    «كريستيا», not ك + a country-like «ريستيا»."""
    from .spans import person_word

    return first[:1] in "وك" and person_word(first)


def _clitic_before_given(first: str) -> str:
    """A person's first word less its clitic when only the bare word is in the tagger's
    name list: without a bare form in the document «وبول بوغبا» became an entity of its
    own (27 mentions over full ANT). A word the list knows as it stands (وليد، بشار، فريد)
    keeps its first letter."""
    from .spans import person_word

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
    if first[:1] not in _CLITIC_LETTERS or (label == "PER" and listed_name(first)):
        return first
    stripped = strip_clitic(first, bare)
    if stripped == first and several and label == "PER" and first[:1] in _NAME_CLITICS:
        return _clitic_before_given(first)
    return stripped
