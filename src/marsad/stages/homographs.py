"""Names written alike that are different things: which one a mention means.

«عمان» is Oman (the sultanate) and Amman (Jordan's capital): one spelling once vowels
are left out, as news leaves them. Resolution keys names without vowels, so every عمان
of the corpus was one entity, with Oman's Latin name on Amman's protests (resolution DEV
gold, round 2; the independent measurement of issue 11 named it). A mention's sense is
read, most certain first, from:

1. its own vowels, where the writer put them to settle it: «عُمان» Oman, «عمّان» Amman;
2. the word right before it: «سلطنة عمان», «العاصمة الأردنية عمان»; a country named
   right before or after it makes it the country («مصر وعمان والسودان»);
3. words of that sense within CUE_WINDOW characters («مسقط», «الأردنية»);
4. words of that sense elsewhere in the document.

«الأهلي» is Al Ahly of Cairo and Al-Ahli of Jeddah (and more clubs): the same steps
read it, with the clubs and places of each league as its words (resolution DEV gold,
round 2: four of its 43 wrong merges; 640 mentions over 6k ANT, one entity).

A settled mention takes its sense's name (an alias-table entry: its own entity, its
Latin name); an unsettled one keeps the name as written. Nearby, the nearest word of a
sense decides («خسر أهلي جدة وتعادل الأهلي في القاهرة»: Cairo's); over the document,
the sense with more words; a tie settles nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic.names import name_key

# Characters each side of a mention searched for words of one sense (about a sentence).
CUE_WINDOW = 120


@dataclass(frozen=True, slots=True)
class Sense:
    name: str  # the alias-table entry a settled mention takes
    vowelled: frozenset[str]  # spellings with the vowels that settle it
    before: tuple[str, ...]  # words right before the name (name keys)
    cues: re.Pattern[str]  # words of this sense nearby (matched on the plain text)
    country: bool = False  # the sense a list of countries means
    after: tuple[str, ...] = ()  # words right after the name (name keys): «الأهلي المصري»


def _keys(*words: str) -> tuple[str, ...]:
    return tuple(name_key(w) for w in words)


def _cues(*words: str) -> re.Pattern[str]:
    """Whole words (a clitic و ف ب ل ك before them allowed): «مصر» is not in «مصرف»."""
    alts = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(f"(?<!\\w)[وفبلك]?(?:{alts})(?!\\w)")


_SENSES: dict[tuple[str, str], tuple[Sense, ...]] = {
    ("LOC", name_key("عمان")): (
        Sense("سلطنة عمان", frozenset({"عُمان", "عُمَان"}),
              _keys("سلطنة", "بسلطنة", "لسلطنة", "وسلطنة"),
              _cues("مسقط", "العماني", "العمانية", "عمانيين", "عمانيون", "قابوس",
                    "سلطنة عمان"), country=True),
        Sense("عمّان (الأردن)", frozenset({"عمّان", "عمَّان", "عَمّان", "عَمَّان"}),
              _keys("الأردنية", "الاردنية"),
              _cues("الأردن", "الاردن", "الأردني", "الاردني", "الأردنية", "الاردنية",
                    "الأردنيين", "الاردنيين")),
    ),
    ("ORG", name_key("الأهلي")): (
        Sense("الأهلي السعودي", frozenset(), (), after=_keys("السعودي"),
              cues=_cues("جدة", "الهلال", "النصر", "الاتحاد", "الدوري السعودي", "دوري جميل",
                         "دوري المحترفين السعودي", "السعودي", "الفيصلي", "الاتفاق", "التعاون",
                         "القادسية", "الباطن", "الرائد", "الفتح", "السومة", "الشباب")),
        Sense("الأهلي المصري", frozenset(), (), after=_keys("المصري", "القاهري"),
              cues=_cues("الزمالك", "المصري", "مصر", "القاهرة", "الإسماعيلي", "الاسماعيلي",
                         "بيراميدز", "إنبي", "انبي", "المقاولون", "الدوري المصري", "البدري",
                         "المصرية", "الأهلى", "الاهلى")),
        Sense("شباب الأهلي", frozenset(), _keys("شباب", "وشباب", "لشباب", "بشباب"),
              after=_keys("الإماراتي", "دبي"),
              cues=_cues("دبي", "الإماراتي", "الشارقة", "العين", "الوصل",
                         "دوري الخليج العربي")),
    ),
}


def homograph(name: str, type_: str) -> bool:
    return (type_, name_key(name)) in _SENSES


def sense_of(text: str, start: int, end: int, name: str, type_: str) -> str | None:
    """The name of the thing `text[start:end]` means, when it is a known homograph whose
    sense the text settles; else None."""
    senses = _SENSES.get((type_, name_key(name)))
    if senses is None:
        return None
    written = text[start:end].lstrip("#وبل")
    for s in senses:
        if written in s.vowelled or text[start:end] in s.vowelled:
            return s.name
    before = text[max(0, start - 30):start].split()
    if before:
        prev = name_key(before[-1].strip("#"))
        for s in senses:
            if prev in s.before:
                return s.name
    after = text[end:end + 30].split()
    if after and not text[end:end + 1].strip():
        nxt = name_key(after[0].strip("،,.:;\"«»()"))
        for s in senses:
            if nxt in s.after:
                return s.name
    country = next((s for s in senses if s.country), None)
    if country is not None and _beside_country(text, start, end):
        return country.name
    # the nearest word of a sense within the window decides; then, the whole document's
    # count of them (a tie settles nothing)
    lo = max(0, start - CUE_WINDOW)
    before_text, after_text = text[lo:start], text[end:end + CUE_WINDOW]
    gaps = []
    for k, s in enumerate(senses):
        near = [len(before_text) - m.end() for m in s.cues.finditer(before_text)] + \
            [m.start() for m in s.cues.finditer(after_text)]
        if near:
            gaps.append((min(near), k))
    if gaps:
        gaps.sort()
        if len(gaps) > 1 and gaps[0][0] == gaps[1][0]:
            return None
        return senses[gaps[0][1]].name
    rest = text[:start] + " " + text[end:]
    votes = sorted(((len(s.cues.findall(rest)), k) for k, s in enumerate(senses)), reverse=True)
    if votes[0][0] > (votes[1][0] if len(votes) > 1 else 0):
        return senses[votes[0][1]].name
    return None


def _beside_country(text: str, start: int, end: int) -> bool:
    """A country's name is the word right before or right after (a و between allowed)."""
    from marsad.translit.known import known_territory

    before = text[max(0, start - 30):start].split()
    after = text[end:end + 30].split()
    words = ([before[-1]] if before and before[-1][-1:] not in "،,.:" else []) + \
        ([after[0]] if after and not text[end:end + 1].strip() else [])
    for w in words:
        w = w.strip("،,.:;\"«»()")
        if w[:1] == "و" and len(w) > 3:
            w = w[1:]
        if w and known_territory(w) is not None:
            return True
    return False


def settle_homographs(text: str, spans: list[tuple[int, int, str]], names: list[str]) -> None:
    """Rename, in place, the names of `spans` that are homographs to the thing the text
    means; one sense per document for those the text leaves open (when it settles only
    one sense elsewhere)."""
    found: dict[str, set[str]] = {}
    todo = [i for i, (_, _, label) in enumerate(spans) if homograph(names[i], label)]
    for i in todo:
        start, end, label = spans[i]
        settled = sense_of(text, start, end, names[i], label)
        found.setdefault(name_key(names[i]), set())
        if settled is not None:
            found[name_key(names[i])].add(settled)
            names[i] = settled
    for i in todo:
        senses = found.get(name_key(names[i]))
        if senses is not None and len(senses) == 1:
            names[i] = next(iter(senses))
