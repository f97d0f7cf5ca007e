"""Compound given names cut in half by the tagger: «فتح [الله غولن]», «رجل [الدين فتح الله غولن]».

Arabic compound names join an opener to «الله», «الدين» or «الرحمن» (عبد الله، فتح الله،
نور الدين، عبد الرحمن). The tagger often starts a person span at the second half, and the
half-name becomes an entity of its own («الله غولن», 76 mentions over full ANT, apart from
«فتح الله غولن»). Reading the word before the span decides:

- an opener of that compound («فتح», «عبد», «نور» …): the span grows to take it;
- anything else before «الدين»/«الله» in a span of several words: the span's first word is
  the tail of a phrase («رجل الدين» = cleric, «حزب الله»), and it goes.

A lone «الله» stays as tagged: that is the word God, which the tagger types MISC.

Country names cut the same way: «جنوب [السودان]», «جنوب [أفريقيا]» (the tagger knows the
second word as a place on its own). Left so, South Sudan was counted as Sudan and South
Africa as Africa: 430 mentions over 26k ANT articles. A place span grows over up to two
words on either side when together they make a country or territory name CLDR knows
(`territory_edge`); «شمال [سوريا]» is no country and stays.

A club named with its city is one name the tagger reads as two: «[الأهلي] [جدة]» (an
organisation, then a place). Two spans one space apart whose words together are an
organisation of the alias table become that organisation (`joined_names`).

A father and a son of one name are told apart by a word after it: «جورج بوش [الأب]»,
«بوش [الابن]», «دونالد ترامب [الابن]» (Trump's son, who was inside the president's
entity). A person span grows over that word (`generation_edge`), and resolution keeps
names with different such words apart (relation.generation).
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic.names import alias_entry, name_key
from marsad.arabic.normalize import key
from marsad.stages.relation import GENERATION_WORDS

Span = tuple[int, int, str]

# second half → the words that open it (name keys: hamza and ta marbuta folded by `key`)
_OPENERS = {
    key("الله"): frozenset(key(w) for w in (
        "عبد فتح نصر حسب جار فضل عطا خير ضيف سعد عوض رزق هبة ولي حمد جاد عبيد سيف "
        "جود حرز").split()),
    key("الدين"): frozenset(key(w) for w in (
        "نور صلاح علاء عز شمس بدر سيف جمال كمال تقي محي محيي بهاء شهاب فخر زين عماد "
        "حسام ضياء سراج ناصر نجم نظام قطب برهان شرف خير مجد صدر حميد رضي عصام وحيد "
        "خير معين نصر سعد تاج").split()),
    key("الرحمن"): frozenset(key(w) for w in "عبد فضل عطا حسب جاد".split()),
}
_DIAC = re.compile("[\u064b-\u0652\u0640\u0670]")
_EDGE = "،,.:;؛!?؟\"«»()[]“”"


@lru_cache(maxsize=1 << 16)
def _light(word: str) -> str:
    return key(_DIAC.sub("", word).strip(_EDGE))


def _opener(word: str, tail: str) -> bool:
    """Whether `word` opens a compound ending in `tail`; a و or ف before it may stay
    («وعبد الله»: resolution takes the clitic off the name)."""
    if word[-1] in _EDGE:
        return False  # punctuation after the word: «… فتح، الله» is not one name
    w = _light(word)
    openers = _OPENERS[tail]
    return w in openers or (w[:1] in "وف" and w[1:] in openers)


def compound_edge(view: str, a: int, b: int, label: str) -> tuple[int, int]:
    """The span's start moved to its compound name's opener, or past a stray second half."""
    if label not in ("PER", "MISC"):
        return a, b
    words = view[a:b].split()
    if not words:
        return a, b
    tail = _light(words[0])
    if tail not in _OPENERS:
        return a, b
    before = view[max(0, a - 40):a]
    prev = before.split()[-1] if before.split() and before[-1:].isspace() else ""
    if prev and _opener(prev, tail):
        return a - len(before) + before.rfind(prev), b
    if len(words) > 1 and label == "PER":
        rest = view.find(words[1], a + len(words[0]))
        return rest, b
    return a, b


_CLITICS = "وفبلك"
# words a territory name may reach past the tagger's span on each side (الإمارات العربية
# [المتحدة], المملكة العربية [السعودية], [بابوا] غينيا الجديدة)
TERRITORY_REACH = 2


def _plain_word(word: str) -> bool:
    """A word that may be part of a country's name: letters only, more than a clitic
    («و», «لـ»: a dash, a hashtag's marks or a stray letter is no part of it), and a word
    of some name CLDR knows, with a clitic or not."""
    if len(word) < 3 or not word.isalpha() or "\u0640" in word:
        return False
    from marsad.translit.known import territory_words

    words = territory_words()
    return name_key(word) in words or (word[0] in _CLITICS and name_key(word[1:]) in words)


def _words_around(view: str, a: int, b: int, lo: int, hi: int
                  ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Up to TERRITORY_REACH words right before `a` and right after `b`, inside lo..hi,
    each joined to the span by spaces only (no punctuation across)."""
    before: list[tuple[int, int]] = []
    end = a
    for _ in range(TERRITORY_REACH):
        k = end
        while k > lo and view[k - 1] == " ":
            k -= 1
        if k == end or k == lo:
            break
        s = k
        while s > lo and not view[s - 1].isspace():
            s -= 1
        if not _plain_word(view[s:k]):
            break
        before.insert(0, (s, k))
        end = s
    after: list[tuple[int, int]] = []
    start = b
    for _ in range(TERRITORY_REACH):
        k = start
        while k < hi and view[k] == " ":
            k += 1
        if k == start or k == hi:
            break
        e = k
        while e < hi and not view[e].isspace() and view[e] not in _EDGE:
            e += 1
        if not _plain_word(view[k:e]):
            break
        after.append((k, e))
        if e < hi and view[e] in _EDGE:
            break  # «… غينيا الجديدة.»: the name may end at the stop, not run past it
        start = e
    return before, after


def territory_edge(view: str, a: int, b: int, label: str, lo: int = 0,
                   hi: int | None = None) -> tuple[int, int]:
    """A place span grown to the whole country name around it («جنوب [السودان]»), when the
    words beside it (inside lo..hi: not in another span) make one CLDR knows."""
    if label != "LOC":
        return a, b
    from marsad.translit.known import known_territory

    before, after = _words_around(view, a, b, lo, len(view) if hi is None else hi)
    if not before and not after:
        return a, b
    alone = known_territory(view[a:b])
    for nb in range(len(before), -1, -1):
        for na in range(len(after), -1, -1):
            if nb == na == 0:
                continue
            s = before[len(before) - nb][0] if nb else a
            e = after[na - 1][1] if na else b
            if nb and view[s] in _CLITICS and known_territory(view[s + 1:e]) not in (None, alone):
                return s + 1, e  # «[و]جنوب السودان», «[ب]جنوب أفريقيا»: the clitic stays out
            if known_territory(view[s:e]) not in (None, alone):
                return s, e
    return a, b


def generation_edge(view: str, a: int, b: int, label: str, hi: int | None = None
                    ) -> tuple[int, int]:
    """A person span grown over «الأب»/«الابن» right after it (spaces between only)."""
    if label != "PER":
        return a, b
    hi = len(view) if hi is None else hi
    k = b
    while k < hi and view[k] == " ":
        k += 1
    if k == b:
        return a, b
    e = k
    while e < hi and not view[e].isspace() and view[e] not in _EDGE:
        e += 1
    return (a, e) if e > k and name_key(view[k:e]) in GENERATION_WORDS else (a, b)


def joined_names(view: str, spans: list[Span]) -> list[Span]:
    """Neighbouring spans one space apart joined when together they are an organisation
    the alias table knows («الأهلي» + «جدة»: Al-Ahli of Jeddah)."""
    out: list[Span] = []
    k = 0
    while k < len(spans):
        a, b, label = spans[k]
        if k + 1 < len(spans) and spans[k + 1][0] == b + 1 and view[b] == " " \
                and spans[k + 1][2] == "LOC":
            entry = alias_entry(view[a:spans[k + 1][1]])
            if entry is not None and entry.type == "ORG":
                out.append((a, spans[k + 1][1], "ORG"))
                k += 2
                continue
        out.append((a, b, label))
        k += 1
    return out
