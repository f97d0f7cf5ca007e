"""Names of entities: titles split off, clitics stripped, matching keys, the alias table.

    split_role("الرئيس الروسي فلاديمير بوتين") → ("الرئيس الروسي", "فلاديمير بوتين")
    split_role("وبيونج يانج")                 → (None, "بيونج يانج")
    name_key("بيونغ يانغ") == name_key("بيونغيانغ")
    phonetic_key("بوتين") == phonetic_key("بوتن"); phonetic_key("كيم جونغ أون") == phonetic_key("كيم جونج أون")
    alias_canonical("الناتو") → "حلف شمال الأطلسي"

Tables live in data/: roles.txt (titles), roles_modifiers.txt (words that continue a
title), aliases*.tsv (canonical name, type, Latin name, aliases). Pure standard library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TypeVar

from .normalize import key

__all__ = ["AliasEntry", "alias_canonical", "alias_entry", "name_key", "name_tokens",
           "phonetic_key", "split_role", "strip_clitic"]

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


@lru_cache(maxsize=1 << 16)
def phonetic_key(name: str) -> str:
    """Variant-tolerant skeleton: بوتين = بوتن; كيم جونغ أون = كيم جونج أون; بيونغ يانغ = بيونج يانج."""
    parts = []
    for word in _NON_LETTER.split(key(name)):
        if not word:
            continue
        if word.startswith("ال") and len(word) >= 4:
            word = word[2:]
        if len(word) > 2 and word.endswith("ه"):
            word = word[:-1]
        parts.append(word.replace("تش", "ش").translate(_PHONETIC_FOLDS))
    # Vowels are dropped after joining, so spacing cannot matter (بيونغ يانغ = بيونغيانغ).
    # Doubles collapse before the vowels go: نين is not نن (سونينك ≠ سونغاي).
    joined = _DOUBLE.sub(r"\1", "".join(parts))
    return joined[:1] + _VOWEL_LETTERS.sub("", joined[1:])


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


@cache
def _known_words() -> frozenset[str]:
    words = set(_alias_table())
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
            return _cut(word, n)
        if pre[-1] == "ل" and "ا" + rest in known:
            return "ا" + _cut(word, n)
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
            return _cut(word, n)
        if pre[-1] == "ل" and "ا" + rest in lexicon:  # للناتو = ل + الناتو
            return "ا" + _cut(word, n)
    m = _ARTICLE_COMPOUND.match(k)
    if m and m.end():
        if k[m.end() - 1] == "ل":
            # لل = ل + ال with the alef elided: rebuild the article
            return "ال" + _cut(word, m.end() + 1)
        return _cut(word, m.end())
    light = _light_letters(word)
    # ف is left alone: names starting with it (فلاديمير، فرنسا، فيصل) outnumber فـ on names
    if k[0] == "و" and len(k) - 1 >= _MIN_REST_CONJ and light[1] != "ا":
        return _cut(word, 1)
    if k[0] in "بل" and len(k) - 1 >= _MIN_REST_PREP and k.endswith("يا"):
        return _cut(word, 1)  # لروسيا، بكوريا: country names end in يا
    if k[0] == "ك" and len(k) - 1 >= _MIN_REST_KAF and k.endswith("يا"):
        return _cut(word, 1)  # ك is rarely a clitic and often a name's first letter
    return word


def _cut(word: str, letters: int) -> str:
    """word minus its first `letters` letters (marks after them go too)."""
    seen = 0
    for i, c in enumerate(word):
        if name_key(c):
            if seen == letters:
                return word[i:]
            seen += 1
    return word


# ---------------------------------------------------------------- roles


@cache
def _roles() -> tuple[frozenset[tuple[str, ...]], int]:
    phrases = frozenset(tuple(key(w) for w in ln.split()) for ln in _lines("roles.txt"))
    return phrases, max(len(p) for p in phrases)


@cache
def _openers() -> frozenset[str]:
    """First words of the titles: a phrase starting with none of them has no title."""
    return frozenset(p[0] for p in _roles()[0])


@cache
def _modifiers() -> frozenset[str]:
    return frozenset(key(ln.strip()) for ln in _lines("roles_modifiers.txt"))


def _is_nisba(k: str) -> bool:
    """ال...ي / ال...ية: a nationality or region adjective right after a title."""
    return k.startswith("ال") and len(k) >= 6 and (k.endswith("ي") or k.endswith("يه"))


def _role_head(keys: list[str]) -> int:
    phrases, longest = _roles()
    for n in range(min(longest, len(keys)), 0, -1):
        if tuple(keys[:n]) in phrases:
            return n
    return 0


def _role_length(keys: list[str]) -> int:
    """How many leading words of a name phrase are its title (0 when none)."""
    n = _role_head(keys)
    if not n:
        return 0
    mods = _modifiers()
    # a title without the article is a construct: its genitive follows («زعيم كوريا»)
    genitive = not keys[n - 1].startswith("ال")
    while n < len(keys):
        k = keys[n]
        more = _role_head(keys[n:])
        if more:
            n += more
            genitive = not keys[n - 1].startswith("ال")
        elif k in mods or _is_nisba(k):
            n += 1
            genitive = not k.startswith("ال")  # a bare portfolio (خارجية) takes one more
        elif k.startswith("و") and k[1:] in mods:
            n += 1  # a second portfolio: «وزير المياه والري»
            genitive = False
        elif k.startswith("لل") or (k.startswith("ل") and k[1:] in mods) or k in _OF_WORDS:
            n += 1  # «للأمم المتحدة», «لشؤون», «لدى»: an of-phrase belongs to the title
            start = n
            while n < len(keys) and keys[n].startswith("ال") and not _role_head(keys[n:]):
                n += 1  # the rest of the organisation's name: للأمم المتحدة
            genitive = k in _OF_WORDS and n == start  # «لدى روسيا»: one bare genitive
        elif genitive:
            n += 1  # the genitive itself: a place or an organisation
            genitive = False
        else:
            break
    return n


# Prepositions that open the "of" part of a title: «مندوب روسيا لدى الأمم المتحدة».
_OF_WORDS = frozenset({"لدي", "في", "عن"})
_TRIM = "\"'«»“”‘’()[]،,.:;!?"


@lru_cache(maxsize=1 << 16)
def split_role(surface: str) -> tuple[str | None, str]:
    """(title or None, name) of a name phrase; the name's leading clitic is stripped too."""
    # "#" and "_" spell a hashtag (#محمد_بن_سلمان): never part of a name
    words = surface.replace("_", " ").replace("#", " ").strip(_TRIM + " ").split()
    if not words:
        return None, ""
    first = strip_clitic(words[0])
    head = key(first)
    if head not in _openers() and not _is_nisba(head):
        # no title can start here (what _role_length finds, and the nisba rule below,
        # both need one): most phrases, e.g. each word before a name that
        # entities.with_titles tries as a title's start
        return None, " ".join([first, *words[1:]]).strip(_TRIM)
    keys = [head] + [key(w) for w in words[1:]]
    n = _role_length(keys)
    if n >= len(words) and keys[-1] not in _modifiers() and _role_head(keys[-1:]) == 0:
        # nothing left, but the last word is not a title word: it is the name («الرئيس
        # السيسي», «الزعيم الليبي القذافي»); a title alone («الرئيس الروسي») has no name
        n = len(words) - 1
    if n == 0 and len(words) >= 3 and _is_nisba(keys[0]) and not keys[1].startswith("ال"):
        n = 1  # the tagger cut the title off but kept its nationality: «الأوكراني فولوديمير ..»
    if n == 0:
        return None, " ".join([first, *words[1:]]).strip(_TRIM)
    role = " ".join([first, *words[1:n]])
    rest = words[n:]
    if not rest:
        return role, ""
    return role, " ".join(rest).strip(_TRIM)
