"""Latin names that are settled, not transliterated: the alias table and CLDR countries.

The character model spells what it hears (روسيا → "Rosia"); a country or a well-known
organisation has an established English name that a user will type ("Russia"). Those come
from our alias table, then from the Unicode CLDR territory names that babel carries
(Arabic and English names for every country and territory), and only then from the model.
"""

from __future__ import annotations

from functools import cache, lru_cache

from marsad.arabic.names import alias_entry, lookup_name, name_key


@cache
def _territories() -> dict[str, str]:
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    out: dict[str, str] = {}
    for code, name in arabic.items():
        # numeric codes are regions (001 world, 145 Western Asia), not places people name
        if code in english and not code.isdigit():
            out.setdefault(name_key(name), english[code])
    return out


@lru_cache(maxsize=1 << 16)
def known_territory(name: str) -> str | None:
    """English name of a country or territory CLDR knows by this Arabic name."""
    return lookup_name(_territories(), name)


@lru_cache(maxsize=1 << 16)
def known_latin(name: str) -> str | None:
    """The established Latin name of `name`, when it has one."""
    entry = alias_entry(name)
    if entry is not None and entry.latin:
        return entry.latin
    return known_territory(name)


def latin_name(name: str) -> str | None:
    """Latin display name: a settled one when known, else the transliteration model's."""
    from marsad.translit import to_latin

    return known_latin(name) or to_latin(name)
