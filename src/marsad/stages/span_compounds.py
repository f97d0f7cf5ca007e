"""Compound given names cut in half by the tagger: «فتح [الله غولن]», «رجل [الدين فتح الله غولن]».

Arabic compound names join an opener to «الله», «الدين» or «الرحمن» (عبد الله، فتح الله،
نور الدين، عبد الرحمن). The tagger often starts a person span at the second half, and the
half-name becomes an entity of its own («الله غولن», 76 mentions over full ANT, apart from
«فتح الله غولن»). Reading the word before the span decides:

- an opener of that compound («فتح», «عبد», «نور» …): the span grows to take it;
- anything else before «الدين»/«الله» in a span of several words: the span's first word is
  the tail of a phrase («رجل الدين» = cleric, «حزب الله»), and it goes.

A lone «الله» stays as tagged: that is the word God, which the tagger types MISC.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic.normalize import key

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
