"""Names of entities: clitics stripped, matching keys, the alias table (titles: roles.py).

    strip_clitic("وبيونج") → "بيونج"
    name_key("بيونغ يانغ") == name_key("بيونغيانغ")
    phonetic_key("بوتين") == phonetic_key("بوتن"); phonetic_key("كيم جونغ أون") == phonetic_key("كيم جونج أون")
    alias_canonical("الناتو") → "حلف شمال الأطلسي"

Tables live in data/: aliases*.tsv (canonical name, type, Latin name, aliases),
clitic_exceptions.txt. Pure standard library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TypeVar

from .normalize import key

__all__ = ["AliasEntry", "alias_canonical", "alias_entry", "compound_tokens", "name_key",
           "name_tokens",
           "phonetic_key", "spelling_variants", "strip_clitic"]

_DATA = resources.files("marsad.arabic").joinpath("data")


def _lines(name: str) -> list[str]:
    text = _DATA.joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


# ---------------------------------------------------------------- keys

_NON_LETTER = re.compile(r"[\s\-_.·'\"()\[\]«»,;:!?/\\]+")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """key() with spaces, hyphens and punctuation out: بيونغ يانغ = بيونغيانغ = بيونغ-يانغ."""
    return _NON_LETTER.sub("", key(name))


# Letters Arabic uses for a foreign g (غ ج ق ك گ) fold together, and so do the letters
# one foreign sound is written with (s/z: س ز ص ث ذ ظ; t: ت ط; d: د ض; h: ه ح; ch: تش ش);
# ع is dropped like a vowel; long vowels and hamza seats after the first letter, doubled
# letters, the article and a final ه (ة) go.
_PHONETIC_FOLDS = str.maketrans({"غ": "ك", "ج": "ك", "ق": "ك", "گ": "ك", "ز": "س", "ص": "س",
                            "ث": "س", "ذ": "س", "ظ": "س", "ط": "ت", "ض": "د", "ح": "ه",
                            "ع": "", "چ": "ش", "پ": "ب", "ڤ": "ف"})
_VOWEL_LETTERS = re.compile(r"[اويء]")
_DOUBLE = re.compile(r"(.)\1+")
# Fewer consonants than this and the phonetic key joins unrelated short names (علي/عالية),
# so callers compare name_key instead (see PHONETIC_MIN).
PHONETIC_MIN = 3


def _has_article(word: str, folded: str) -> bool:
    """ال opens the word as the article: written without hamza (ألمانيا, إلياس are names
    whose first letters only look like it) and with at least two letters after it."""
    return folded.startswith("ال") and len(folded) >= 4 and word.lstrip()[:1] == "ا"


@lru_cache(maxsize=1 << 16)
def phonetic_key(name: str) -> str:
    """Variant-tolerant skeleton: بوتين = بوتن; كيم جونغ أون = كيم جونج أون; بيونغ يانغ = بيونج يانج.

    A retrieval key: names sharing it are candidates, and `spelling_variants` decides."""
    parts = []
    for raw in _NON_LETTER.split(name):
        word = _NON_LETTER.sub("", key(raw))
        if not word:
            continue
        if _has_article(raw, word):
            word = word[2:]
        if len(word) > 2 and word.endswith("ه"):
            word = word[:-1]
        parts.append(word.replace("تش", "ش").translate(_PHONETIC_FOLDS))
    # Vowels are dropped after joining, so spacing cannot matter (بيونغ يانغ = بيونغيانغ).
    # Doubles collapse before the vowels go: نين is not نن (سونينك ≠ سونغاي).
    joined = _DOUBLE.sub(r"\1", "".join(parts))
    return joined[:1] + _VOWEL_LETTERS.sub("", joined[1:])


# ---------------------------------------------------------------- spelling variants
#
# One foreign name reaches Arabic in several spellings: a long vowel more or less (ترامب /
# ترمب, نتنياهو / نتانياهو) or another letter for a sound Arabic lacks (g: كيم جونغ / جونج,
# سيرغي / سيرجي; t: طهران / تهران). Arabic names are spelled one way, and two of them often
# differ in exactly those places (صالح / صلاح, حسن / حسين, الكويت / الغوطة, الصين / صنعاء,
# أبل / أوبل). `spelling_variants` accepts a vowel difference only in long tokens (foreign
# names are long; Arabic roots have three consonants) and a letter swap only inside the
# foreign-sound classes with the vowels in place.

_VOWEL_SET = frozenset("اويء")
# Letters one foreign sound is written with. Not ص/س, ض/د, ح/ه, ذ/ز: Arabic names differ
# by them (السين / الصين), and transliterations of foreign names rarely swap them.
_FOREIGN_SOUND = str.maketrans({"غ": "ك", "ج": "ك", "ق": "ك", "گ": "ك", "ط": "ت", "ڤ": "ف",
                                "پ": "ب", "چ": "ش"})
# Consonants a token needs before a long vowel more or less is a spelling variant: three
# is an Arabic root (صالح / صلاح), four or more a foreign name (ترامب / ترمب).
LONG_TOKEN_CONSONANTS = 4
# Shapes of Arabic names on a three-letter root (C: a root letter): فعل سعد، فاعل صالح،
# فعال صلاح، فعيل سعيد، فعول، أفعل أحمد، فعلى. A short word of one of these shapes is an
# Arabic name, and a vowel letter more or less makes another name (صالح / صلاح), so only
# a short word varies its vowels only beside an equal word of a foreign name (هاري كاين
# / هاري كين: `vowel_variants`).
_ROOT_SHAPES = frozenset({"CCC", "CاCC", "CCاC", "CCيC", "CCوC", "اCCC", "CCCي", "CCCو",
                          "CاCيC", "CCاCي", "CCيCي"})
# Words that open a compound name: «عبد الفتاح» and «عبدالفتاح» are one token.
_COMPOUND_OPENERS = frozenset({"عبد", "ابو", "أبو", "أبي", "ابي"})


# Places between consonants where two spellings of one long foreign word may write
# different vowel letters: ترامب / ترمب (one), نتنياهو / نتانياهو (one), كريستيانو /
# كرستيانو (one). Two long words with the same consonants and their vowels all elsewhere
# are other names: موغيريني / ماكرون (four), فاراناسي / فرنسا (four).
MAX_VOWEL_GAPS = 2


def _vowel_gaps(pa: str, pb: str) -> int:
    """In how many places between consonants the vowel letters of two patterns differ."""
    ga, gb = pa.split("C"), pb.split("C")
    if len(ga) != len(gb):
        return max(len(ga), len(gb))
    return sum(x != y for x, y in zip(ga, gb, strict=True))


@lru_cache(maxsize=1 << 16)
def _spelling(token: str) -> tuple[str, str]:
    """(consonants, vowel pattern) of one name word: the article off, a final ة or اء
    read as ا, doubled letters once; the pattern marks each consonant «C»."""
    word = name_key(token)
    if _has_article(token, word):
        word = word[2:]
    # a final ة (key: ه) or اء is written ا as often (سورية / سوريا, صنعاء / صنعا); a
    # word with no such ending is another name (ناجي / ناجية)
    if len(word) > 2 and word.endswith("اء"):
        word = word[:-1]
    elif len(word) > 2 and word.endswith("ه"):
        word = word[:-1] + "ا"
    word = _DOUBLE.sub(r"\1", word.replace("تش", "ش"))
    # the first letter is always read (أبل / أوبل differ after it, not in it)
    consonants = word[:1] + "".join(c for c in word[1:] if c not in _VOWEL_SET)
    pattern = "".join(c if c in _VOWEL_SET else "C" for c in word)
    return consonants, pattern


@lru_cache(maxsize=1 << 17)
def token_variants(a: str, b: str) -> bool:
    """Two words of a name are spellings of one word (see the rules above)."""
    if name_key(a) == name_key(b):
        return True
    if any(c.isdigit() for c in a + b):
        return False  # مونديال 2002 ≠ مونديال 2022: doubled digits are not doubled letters
    ca, pa = _spelling(a)
    cb, pb = _spelling(b)
    if ca.translate(_FOREIGN_SOUND) != cb.translate(_FOREIGN_SOUND) or not ca:
        return False
    if ca == cb and pa == pb:
        return True  # only the article, the ending or a doubled letter differs
    if pa.count("C") >= LONG_TOKEN_CONSONANTS:
        return _vowel_gaps(pa, pb) <= MAX_VOWEL_GAPS
    # a short word: a foreign-sound letter swap with every vowel in place (جونغ / جونج);
    # short words with their vowels moved are other words as often as not (صالح / صلاح,
    # تونس / تينيسي, نيويورك / نيوارك: the dev gold of eval/resolution). A foreign name
    # takes no article: «الغوطة» against «كوتا» or «جوته» is an Arabic word, not a
    # spelling of theirs (full ANT outside May 2018).
    return ca != cb and pa == pb and \
        _has_article(a, name_key(a)) == _has_article(b, name_key(b))


def letter_swapped_short(a: str, b: str) -> bool:
    """Short words that differ by a foreign-sound letter (جين / كين, جيم / كيم): inside a
    full name beside its other words a spelling, on its own as often another name."""
    (ca, pa), (cb, _) = _spelling(a), _spelling(b)
    return ca != cb and pa.count("C") < LONG_TOKEN_CONSONANTS


def vowel_variants(a: str, b: str) -> bool:
    """Short words that differ in their vowel letters only (كاين / كين, هيلي / هايلي):
    one word of a foreign name whose other words agree (`spelling_variants` asks)."""
    ca, pa = _spelling(a)
    cb, pb = _spelling(b)
    return ca == cb and len(ca) >= 2 and pa not in _ROOT_SHAPES and pb not in _ROOT_SHAPES \
        and _vowel_gaps(pa, pb) <= MAX_VOWEL_GAPS


# Given names too common to stand for one person on their own: a lone «محمد» joins no
# full name (it may still join another lone «محمد» of the same document). Their spelling
# is fixed, so a vowel letter more or less is another name (محمد ≠ محمود, الحسن ≠ الحسين):
# where they differ, no phonetic or Latin match.
COMMON_GIVEN_NAMES = frozenset(name_key(n) for n in (
    "محمد", "أحمد", "محمود", "مصطفى", "علي", "عمر", "عثمان", "حسن", "حسين", "خالد", "سعد",
    "سعيد", "فهد", "سلمان", "عبدالله", "عبد الله", "عبدالعزيز", "عبد العزيز", "عبدالرحمن",
    "عبد الرحمن", "إبراهيم", "يوسف", "يحيى", "زكريا", "موسى", "عيسى", "سليمان", "فاطمة",
    "مريم", "عائشة", "نور", "جون", "جورج", "ديفيد", "مايكل", "بن", "ابن", "أبو", "أم",
    "حسني", "حسنين", "مسعود", "مسعد", "حامد", "حمد", "حمود", "أمين", "أمينة", "كريم", "كريمة",
    "بدر", "بدرية", "سعاد", "فؤاد", "حسان", "حسنة", "حسنى", "جعفر", "طلال", "زيد",
))


def foreign_word(token: str) -> bool:
    """A word of a foreign name: no Arabic root shape, no Arabic given name, the article
    off (هاري, نيكي, ليونيل yes; محمد, صلاح, الحسن no)."""
    k = name_key(token)
    return (k not in COMMON_GIVEN_NAMES and not k.startswith("ال") and not k.startswith("عبد")
            and _spelling(token)[1] not in _ROOT_SHAPES and _spelling(token)[1].count("C") >= 2)


def arabic_shaped(name: str) -> bool:
    """Some word of the name has the shape of an Arabic name on a three-letter root, or
    too few consonants to tell (أبل, تونس / تينيسي)."""
    return any(p in _ROOT_SHAPES or p.count("C") < LONG_TOKEN_CONSONANTS
               for p in (_spelling(t)[1] for t in name_tokens(name)))


def compound_tokens(name: str) -> tuple[str, ...]:
    """The words of a name with «عبد», «أبو» joined to the word after them."""
    out: list[str] = []
    for tok in name_tokens(name):
        if out and (out[-1] in _COMPOUND_OPENERS or name_key(tok) == "الدين"):
            out[-1] = out[-1] + tok  # عبد الفتاح, محيي الدين: one name
        else:
            out.append(tok)
    return tuple(out)


@lru_cache(maxsize=1 << 17)
def spelling_variants(a: str, b: str) -> bool:
    """Two names are spellings of one name: word for word variants (`token_variants`),
    compounds joined (عبد الفتاح = عبدالفتاح); spacing aside (بيونغ يانغ = بيونغيانغ)."""
    if name_key(a) == name_key(b):
        return True
    ta, tb = compound_tokens(a), compound_tokens(b)
    if len(ta) == len(tb):
        loose = [(x, y) for x, y in zip(ta, tb, strict=True) if not token_variants(x, y)]
        if not loose:
            return True
        # one word with its vowels moved, beside a word of the same foreign name spelled
        # alike (هاري كاين / هاري كين; never محمد صلاح / محمد صالح: محمد is Arabic)
        anchored = any(name_key(x) == name_key(y) and foreign_word(x)
                       for x, y in zip(ta, tb, strict=True))
        return anchored and len(loose) == 1 and vowel_variants(*loose[0])
    if min(len(ta), len(tb)) == 1:
        return token_variants("".join(ta), "".join(tb))  # a name written as one word
    return False


def vowels_elsewhere(a: str, b: str) -> bool:
    """Some word of `a`, on the consonants of its word in `b`, writes its vowel letters in
    more than MAX_VOWEL_GAPS other places (فاراناسي / فرنسا): another name, however alike
    the two sound once transliterated."""
    ta, tb = compound_tokens(a), compound_tokens(b)
    if len(ta) != len(tb):
        return False
    for x, y in zip(ta, tb, strict=True):
        (cx, px), (cy, py) = _spelling(x), _spelling(y)
        if cx.translate(_FOREIGN_SOUND) == cy.translate(_FOREIGN_SOUND) \
                and _vowel_gaps(px, py) > MAX_VOWEL_GAPS:
            return True
    return False


_WORD_SPLIT = re.compile(r"[\s\-]+")


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a name (split on spaces and hyphens), display text kept."""
    return tuple(t for t in _WORD_SPLIT.split(name) if t)


# ---------------------------------------------------------------- alias table


@dataclass(slots=True, frozen=True)
class AliasEntry:
    """One row of the alias table."""

    name: str  # canonical display name
    type: str  # PER | ORG | LOC | MISC
    latin: str | None


@cache
def _alias_table() -> dict[str, AliasEntry]:
    table: dict[str, AliasEntry] = {}
    for res in sorted(_DATA.iterdir(), key=lambda r: r.name):
        if not (res.name.startswith("aliases") and res.name.endswith(".tsv")):
            continue
        for ln in _lines(res.name):
            cols = ln.split("\t") + ["", "", ""]
            entry = AliasEntry(cols[0].strip(), cols[1].strip(), cols[2].strip() or None)
            for alias in [cols[0], *cols[3].split("|")]:
                if alias.strip():
                    # first row wins: a later file cannot silently re-point an alias
                    table.setdefault(name_key(alias), entry)
    return table


T = TypeVar("T")


def lookup_name(table: Mapping[str, T], name: str) -> T | None:
    """`table[name_key(name)]`, else the entry of the name without its leading clitic."""
    hit = table.get(name_key(name))
    if hit is None:
        stripped = strip_clitic(name)
        if stripped != name:
            hit = table.get(name_key(stripped))
    return hit


@lru_cache(maxsize=1 << 16)
def alias_entry(name: str) -> AliasEntry | None:
    """The alias-table row a name (or its clitic-stripped form) belongs to, if any."""
    return lookup_name(_alias_table(), name)


def alias_canonical(name: str) -> str | None:
    """Canonical display name from the alias table: الناتو → حلف شمال الأطلسي."""
    hit = alias_entry(name)
    return hit.name if hit else None


# ---------------------------------------------------------------- clitics
#
# A name's first word may carry و ف ب ل ك (وبيونج، لروسيا، بكوريا، والناتو). Foreign names
# often start with these letters (بوتين، لافروف، بلينكن، كولومبيا, واشنطن), so stripping is
# conservative without evidence: article compounds (وال، بال، لل) always; و/ف before at
# least 4 letters unless a bare alef follows (واشنطن، وارسو are names); ب ل ك only when a
# country-like ending (يا) closes at least 5 letters (6 after ك) or the rest is a known name.
# resolve_document adds the evidence of the document: a stripped form seen on its own.

_ARTICLE_COMPOUND = re.compile(r"^(?:[وف]?[بك]?)(?=ال..)|^[وف]?ل(?=ل..)")
_MIN_REST_CONJ = 4
_MIN_REST_PREP = 5
_MIN_REST_KAF = 6


# Head nouns that open organisation names: after و ف ب ل the rest is the name
# («لمنظمة البلدان المصدرة للبترول», «بوزارة الخارجية»), which the country-ending rule
# below cannot see.
ORG_HEADS = ("منظمة", "وزارة", "وكالة", "شركة", "جامعة", "هيئة", "مجلس", "حزب", "جمعية",
             "مؤسسة", "صندوق", "محكمة", "حركة", "جبهة", "منتخب", "نادي", "مصرف", "بنك",
             "اتحاد", "مفوضية", "لجنة", "قوات", "جيش", "صحيفة", "قناة", "مركز", "معهد")


@cache
def _known_words() -> frozenset[str]:
    words = set(_alias_table()) | {name_key(w) for w in ORG_HEADS}
    exceptions = _DATA.joinpath("clitic_exceptions.txt").read_text(encoding="utf-8")
    for ln in exceptions.splitlines():
        if ln.strip() and not ln.startswith("#"):
            words.add(name_key(ln.strip()))
    return frozenset(words)


def _letters(word: str) -> str:
    return name_key(word)


def _light_letters(word: str) -> str:
    """Letters of a word with hamza seats kept (key() would fold أ into ا)."""
    return "".join(c for c in word if name_key(c))


def strip_clitic(word: str, known: frozenset[str] | set[str] | None = None) -> str:
    """The word without a leading clitic (display text: a suffix of `word`, or ال + rest for لل).

    `known`: name keys the caller has seen standing alone (a document's own words); a rest
    found there is evidence enough to strip (وكيم → كيم when كيم occurs).
    """
    out = _strip_static(word)
    if out != word or not known:
        return out
    k = _letters(word)
    if len(k) < 3 or k in _known_words():
        return word
    for n in (2, 1):
        pre, rest = k[:n], k[n:]
        if len(rest) < 2 or any(c not in "وفبلك" for c in pre) or (n == 2 and pre[0] not in "وف"):
            continue
        if rest in known:
            return cut_letters(word, n)
        if pre[-1] == "ل" and "ا" + rest in known:
            return "ا" + cut_letters(word, n)
    return word


@lru_cache(maxsize=1 << 16)
def _strip_static(word: str) -> str:
    """strip_clitic on the tables alone (cached: the same words recur across documents)."""
    k = _letters(word)
    if len(k) < 3:
        return word
    lexicon = _known_words()
    if k in lexicon:
        return word
    for n in (2, 1):
        pre, rest = k[:n], k[n:]
        if len(rest) < 2 or any(c not in "وفبلك" for c in pre) or (n == 2 and pre[0] not in "وف"):
            continue
        if rest in lexicon:
            return cut_letters(word, n)
        if pre[-1] == "ل" and "ا" + rest in lexicon:  # للناتو = ل + الناتو
            return "ا" + cut_letters(word, n)
    m = _ARTICLE_COMPOUND.match(k)
    if m and m.end():
        if k[m.end() - 1] == "ل":
            # لل = ل + ال with the alef elided: rebuild the article
            return "ال" + cut_letters(word, m.end() + 1)
        return cut_letters(word, m.end())
    light = _light_letters(word)
    # ف is left alone: names starting with it (فلاديمير، فرنسا، فيصل) outnumber فـ on names
    if k[0] == "و" and len(k) - 1 >= _MIN_REST_CONJ and light[1] != "ا":
        return cut_letters(word, 1)
    if k[0] in "بل" and len(k) - 1 >= _MIN_REST_PREP and k.endswith("يا"):
        return cut_letters(word, 1)  # لروسيا، بكوريا: country names end in يا
    if k[0] == "ك" and len(k) - 1 >= _MIN_REST_KAF and k.endswith("يا"):
        return cut_letters(word, 1)  # ك is rarely a clitic and often a name's first letter
    return word


def cut_letters(word: str, letters: int) -> str:
    """word minus its first `letters` letters (marks after them go too)."""
    seen = 0
    for i, c in enumerate(word):
        if name_key(c):
            if seen == letters:
                return word[i:]
            seen += 1
    return word
