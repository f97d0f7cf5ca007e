"""Titles before a name: `split_role` splits a name phrase into (title, name).

    split_role("الرئيس الروسي فلاديمير بوتين") → ("الرئيس الروسي", "فلاديمير بوتين")
    split_role("وبيونج يانج")                 → (None, "بيونج يانج")

Tables live in data/: roles.txt (titles), roles_modifiers.txt (words that continue a
title). Pure standard library.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from .names import _lines, strip_clitic
from .normalize import key

__all__ = ["split_role"]


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
def split_role(surface: str, keep: Callable[[str], bool] | None = None
               ) -> tuple[str | None, str]:
    """(title or None, name) of a name phrase; the name's leading clitic is stripped too,
    unless `keep` says the first word is a name as it stands (وليامز is Williams)."""
    # "#" and "_" spell a hashtag (#محمد_بن_سلمان): never part of a name
    words = surface.replace("_", " ").replace("#", " ").strip(_TRIM + " ").split()
    if not words:
        return None, ""
    first = words[0] if keep is not None and keep(words[0]) else strip_clitic(words[0])
    head = key(first)
    if head not in _openers() and not _is_nisba(head):
        # no title can start here (what _role_length finds, and the nisba rule below,
        # both need one): most phrases, e.g. each word before a name that
        # entities.with_titles tries as a title's start
        return None, " ".join([first, *words[1:]]).strip(_TRIM)
    keys = [head] + [key(w) for w in words[1:]]
    n = _role_length(keys)
    if n >= len(words) and keys[-1] not in _modifiers() and _role_head(keys[-1:]) == 0 \
            and _role_head(keys) < len(keys):  # a whole listed title («آية الله») has no name
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
