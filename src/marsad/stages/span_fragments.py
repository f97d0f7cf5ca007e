"""Spans that are a fragment of a name, not a name: letters of an acronym, a bare head noun.

Full ANT named entities «بي سي» (302 mentions: «لبي بي سي», the tagger left the first
letter out with its ل), «سي» (164), «بي», «إتش», «S» — the letters of BBC, CNN or PwC —
and «منظمة» (214: the head of «منظمة "أطباء بلا حدود"» whose name sits in quotes),
«ميليشيا» (996, typed LOC), «معهد». Each read as one entity gathering every acronym or
every organisation of its kind.

- A span made only of spelled letters grows left over the letters before it (the first
  may carry ل ب و, which stays outside); one letter alone is dropped.
- A one-word span that is a generic head noun (منظمة، وزارة، الجيش، الميليشيا …) is
  dropped: which organisation it means is for the words around it.
- A one-word person span that is a verb or noun with an object pronoun, or a plural
  participle, is dropped (below: _inflected).
- A one-word nationality adjective describing a person, typed as an organisation or place
  («اللاعب [الكولومبي]», «سجل [الكولومبي] خوان كوادرادو»: 223 mentions of an ORG
  «الكولومبي») is dropped: after a noun for a person, or before a first name from the
  tagger's person list. Clubs named as adjectives (الأهلي، الفيصلي) stand elsewhere and
  keep their spans; a span typed as a person keeps it too: family names are adjectives of
  that shape («زميله [المالكي]», resolution DEV gold).
- A one-word span carrying the accusative tanween («دوماً» always, «روسياً» in
  Russian terms, «بريطانياً», «ميتاً», «شيكاً») is an adverb or an indefinite noun, never a
  name: about 86 mentions over 6k ANT, each in the entity of the place it looks like («دوماً»
  inside the town of Douma). A given name in the accusative («محمداً») stays.
- «شئ»/«شيء» (a thing) is no name: its hamza folds away and it read as Xi («شي»).
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.arabic.names import ORG_HEADS, alias_entry
from marsad.arabic.normalize import key
from marsad.stages.first_word import person_word
from marsad.stages.relation import given_name

Span = tuple[int, int, str]

# Arabic spellings of Latin letters as news writes acronyms (بي بي سي، سي إن إن، إتش إس بي سي)
SPELLED = frozenset(key(w) for w in (
    "بي سي إس اس إم ام إيه ايه إف اف جي دي تي إن ان كيه إل ال واي يو دبليو إتش اتش "
    "كيو آر إكس اكس زد إي اي أو").split())
# «الاتحاد» alone is a club (Al-Ittihad) as often as a generic federation: kept
_GENERIC = frozenset(key(w) for w in ORG_HEADS if w != "اتحاد") | frozenset(key(w) for w in (
    "ميليشيا مليشيا ميليشيات مليشيات حكومة الحكومة البرلمان شرطة المعارضة منظمات "
    "وزارات شركات جماعة تنظيم").split())
# accusative tanween at the end of a word, with its alif seat on either side (اً, ًا) or none
_TANWEEN_FATH = "\u064b"
_THING = frozenset(("شئ", "شيء", "شىء", "شيئ"))
# a lone «آس»/«أس» is the Spanish daily AS (238 mentions on full ANT), not a letter
_NAMES_TOO = frozenset({key("آس")})
# nouns for a person that a nationality adjective follows (key()-folded, ال and و/ف off)
_PERSON_NOUNS = frozenset(key(w) for w in (
    "لاعب نجم مدرب مهاجم حارس مدافع دولي مواطنه نظيره زميله ثنائي رئيس وزير سفير "
    "مواطن مواطنة لاعبة نجمة مدربة فنان فنانة ممثل ممثلة مغني مغنية كاتب كاتبة ملاكم "
    "عداء بطل بطلة صانع جناح محور ظهير").split())
# short words the person list also holds («على» is a misspelt علي)
_PARTICLES = frozenset(key(w) for w in "على في من عن إلى الى مع بعد قبل منذ عند لدى بين".split())
_DIAC = re.compile("[\u064b-\u0652\u0640\u0670]")
_EDGE = "،,.:;؛!?؟\"«»()[]“”"


@lru_cache(maxsize=1 << 16)
def _light(word: str) -> str:
    return key(_DIAC.sub("", word).strip(_EDGE))


def spelled(word: str) -> bool:
    """An Arabic-spelled Latin letter («بي», «دبليو») or one Latin letter («S»)."""
    w = _light(word)
    return w in SPELLED or (len(w) == 1 and w.isascii() and w.isalpha())


@lru_cache(maxsize=1 << 14)
def _generic(word: str) -> bool:
    w = _light(word)
    for pre in ("", "و", "ف", "ب", "ل"):
        if w.startswith(pre):
            rest = w[len(pre):]
            if rest in _GENERIC or (rest.startswith("ال") and rest[2:] in _GENERIC):
                return True
    return False


def _nisba(word: str) -> bool:
    w = _light(word)
    return w.startswith("ال") and len(w) >= 6 and w.endswith("ي")


def _inflected(word: str) -> bool:
    """A word no name is: one carrying an object pronoun («رضاهم», «أسكنها») or a plural
    participle («مغردون», «منظمون»), unless the tagger's person list holds it. Full ANT
    had each as a person entity."""
    w = _light(word)
    if person_word(word):
        return False
    return (len(w) >= 5 and w.endswith(("هم", "هما", "ها"))) or (
        len(w) >= 6 and w.startswith("م") and w.endswith("ون"))


def _accusative(word: str, label: str) -> bool:
    """An indefinite accusative: what a name in news never is, but a given name may be."""
    w = word.strip(_EDGE)
    if not w.rstrip("ا").endswith(_TANWEEN_FATH):
        return False
    if label != "PER":
        return True
    return not given_name(_light(w).removesuffix("ا"))


def place_after_name(w: str) -> bool:
    """ل or ب + a place after a person's name: where they went, not their name («زيارة
    محمد بن سلمان [لباريس]», resolution DEV gold round 2); a person's name as it stands
    («لوبيز» in the tagger's person list) stays."""
    if len(w) < 5 or w[0] not in "لب" or person_word(w):
        return False
    from marsad.translit.known import known_territory

    rest = w[1:]
    entry = alias_entry(rest)
    return known_territory(rest) is not None or (entry is not None and entry.type == "LOC") \
        or key(rest) in _CITIES


# Capitals and cities news sends people to (a closed list: the tagger's place list also
# holds surnames)
_CITIES = frozenset(key(w) for w in (
    "باريس لندن موسكو واشنطن بكين طهران دمشق بغداد القاهرة الرياض أنقرة برلين روما "
    "مدريد بيروت عمان الدوحة أبوظبي دبي جدة طوكيو نيويورك بروكسل جنيف فيينا").split())


def _describes_person(view: str, a: int, b: int) -> bool:
    prev = _word_before(view, a)
    if prev is not None and prev[1][-1] not in _EDGE:
        w = _light(prev[1])
        w = w[1:] if w[:1] in "وف" and w[1:] else w
        # a definite noun takes the adjective («اللاعب الكولومبي», «مواطنه الويلزي»); after
        # a bare noun the word is a genitive, often a club («مدرب الأهلي»)
        if (w.startswith("ال") and w[2:] in _PERSON_NOUNS) or (
                w in _PERSON_NOUNS and w.endswith("ه")):
            return True
        if w in _PERSON_NOUNS or w in _GENERIC or w in ("فريق", "لاعبو", "لاعبي"):
            return False  # «مدرب [الأهلي] حسام البدري»: the club, then its coach's name
    after = view[b:b + 40].split()
    return bool(after) and view[b:b + 1] == " " and not _nisba(after[0]) \
        and after[0][-1] not in _EDGE and _light(after[0]) not in _PARTICLES \
        and person_word(after[0])


def _word_before(view: str, a: int) -> tuple[int, str] | None:
    """(start, word) of the word right before offset `a`, when only spaces part them."""
    j = a
    while j > 0 and view[j - 1] == " ":
        j -= 1
    if j == a or j == 0:
        return None
    i = j
    while i > 0 and not view[i - 1].isspace():
        i -= 1
    return i, view[i:j]


def fragment_edge(view: str, a: int, b: int, label: str) -> tuple[int, int] | None:
    """The span grown over its acronym's letters, or None when it is only a fragment."""
    words = view[a:b].split()
    if not words:
        return None
    if len(words) == 1 and label != "PER" and _generic(words[0]):
        return None
    if len(words) == 1 and label != "PER" and _nisba(words[0]) \
            and _describes_person(view, a, b):
        return None
    if len(words) == 1 and label == "PER" and _inflected(words[0]):
        return None
    if len(words) == 1 and (_accusative(words[0], label) or words[0].strip(_EDGE) in _THING):
        return None  # (after a name, such a word is cut like any other: «جلوشكوف ميتاً»)
    if not all(spelled(w) for w in words):
        return a, b
    while (prev := _word_before(view, a)) is not None:
        start, word = prev
        if word[-1] in _EDGE:
            break
        if spelled(word):
            a, words = start, [word, *words]
        elif word[:1] in "لبو" and spelled(word[1:]):
            a, words = start + 1, [word[1:], *words]
            break
        else:
            break
    return (a, b) if len(words) > 1 or _light(words[0]) in _NAMES_TOO else None
