"""Latin names that are settled, not transliterated: the alias table and CLDR countries.

The character model spells what it hears (روسيا → "Rosia"); a country or a well-known
organisation has an established English name that a user will type ("Russia"). Those come
from our alias table, then from the Unicode CLDR territory names that babel carries
(Arabic and English names for every country and territory), then from the compiled table
of established spellings (dictionary.py: the whole name, then token by token), and the
letter model only for the tokens nothing knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache

from marsad.arabic.names import COMMON_GIVEN_NAMES, alias_entry, lookup_name, name_key
from marsad.translit import _PARTICLES
from marsad.translit.dictionary import NameTable, table
from marsad.translit.model import normalize_arabic


@cache
def _cldr_names() -> tuple[tuple[str, str], ...]:
    """(Arabic name, English name) of every country and territory CLDR knows."""
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    # numeric codes are regions (001 world, 145 Western Asia), not places people name
    return tuple((name, english[code]) for code, name in arabic.items()
                 if code in english and not code.isdigit())


@cache
def _territories() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, latin in _cldr_names():
        out.setdefault(name_key(name), latin)
    return out


@cache
def territory_words() -> frozenset[str]:
    """Keys of every word of a country or territory name CLDR knows: a word outside them
    cannot make a place span a country's name (stages/span_compounds asks this first, so
    a lookup is made for ~1 in 30 spans instead of each)."""
    return frozenset(name_key(w) for name, _ in _cldr_names()
                     for w in name.replace("-", " ").split())


@lru_cache(maxsize=1 << 16)
def known_territory(name: str) -> str | None:
    """English name of a country or territory CLDR knows by this Arabic name."""
    return lookup_name(_territories(), name)


NEWS_NAMES_FILE = "news_names.tsv"


@cache
def _news_names() -> tuple[dict[str, str], dict[str, str]]:
    """The news-name table (model/news_names.tsv, MODEL_CARD.md): whole-name key → Latin,
    and surname key → Latin where every person of the table with that surname spells it
    alike (ماتيس → Mattis). Given names are left out: «جوسيب غوارديولا» is Pep Guardiola,
    and «محمد» is Mohammed for one man and Mohamed for another."""
    from importlib import resources

    whole: dict[str, str] = {}
    seen: dict[str, set[str]] = {}
    path = resources.files("marsad.translit").joinpath("model", NEWS_NAMES_FILE)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        etype, arabic, latin = line.split("\t")[:3]
        whole.setdefault(name_key(arabic), latin)
        words, parts = _compounds(arabic.split()), latin.split()
        if etype == "PER" and len(words) == len(parts) > 1 and " " not in words[-1] \
                and name_key(words[-1]) not in COMMON_GIVEN_NAMES:
            seen.setdefault(name_key(words[-1]), set()).add(parts[-1])
    tokens = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and k}
    return whole, tokens


@lru_cache(maxsize=1 << 16)
def known_latin(name: str) -> str | None:
    """The established Latin name of `name`, when it has one: the alias table, CLDR
    territories, then the names the news mentions most (news_names.tsv)."""
    entry = alias_entry(name)
    if entry is not None and entry.latin:
        return entry.latin
    return known_territory(name) or lookup_name(_news_names()[0], name)


# Display names asked for again and again (the writer renames entities as spellings are
# counted); ~150 bytes each: ≤ ~10 MB.
LATIN_NAME_CACHE = 1 << 16


@lru_cache(maxsize=LATIN_NAME_CACHE)
def latin_name(name: str) -> str | None:
    """Latin display name: alias table / CLDR, then the table of established spellings
    (whole name, then token by token), the letter model only for tokens nothing knows."""
    return known_latin(name) or spell(name, table(), _news_names()[1])


# Name parts whose English form is fixed and no letter-by-letter reading gives.
_COMPOUND_LATIN = {"عبد الله": "Abdullah", "عبد العزيز": "Abdulaziz", "الثاني": "II",
                   "الأول": "I", "الثالث": "III"}


def _compounds(tokens: list[str]) -> list[str]:
    """«عبد» joined to the word after it, written apart or glued (عبدالفتاح → عبد الفتاح)."""
    out: list[str] = []
    for tok in tokens:
        if out and out[-1] == "عبد":
            out[-1] = "عبد " + tok
        elif tok.startswith("عبدال") and len(tok) > 6:
            out.append("عبد " + tok[3:])
        else:
            out.append(tok)
    return out


def _strip_al(latin: str) -> str:
    for pre in ("al-", "el-", "Al-", "El-", "al ", "el ", "Al ", "El "):
        if latin.startswith(pre):
            return latin[len(pre):].capitalize()
    return latin


def spell(name: str, names: NameTable, surnames: Mapping[str, str] | None = None) -> str | None:
    """`name` in Latin from `surnames` (the news table's, by name key), then `names`, and,
    for the tokens neither knows, the letter model."""
    from marsad.translit import MAX_TOKENS, _cap, _is_arabic, _word_nbest, ascii_letters

    tokens = name.split()[:MAX_TOKENS]
    if not tokens or not any(_is_arabic(t) for t in tokens):
        return None
    whole = names.whole_name(name)
    if whole:
        return whole
    out = []
    for tok in _compounds(tokens):
        if tok in _COMPOUND_LATIN:
            out.append(_COMPOUND_LATIN[tok])
            continue
        if tok.startswith("عبد ") and tok[4:].startswith("ال"):
            rest = names.token(tok[4:]) or names.token(tok[6:])
            if rest:  # «عبد الفتاح» is written "Abdel Fattah" (English Wikipedia, Reuters)
                out.append("Abdel " + _strip_al(rest))
                continue
        if " " in tok:
            out.append(" ".join(filter(None, (spell(t, names, surnames) for t in tok.split()))))
            continue
        if not _is_arabic(tok):
            latin = ascii_letters(tok)
            if latin:
                out.append(latin.capitalize())
            continue
        model_best = _word_nbest(tok) if normalize_arabic(tok) in _PARTICLES else None
        known = None if model_best else ((surnames or {}).get(name_key(tok))
                                         or names.token(tok))
        if known:
            out.append(known)
            continue
        best = model_best or _word_nbest(tok)
        if best:
            out.append(_cap(best[0]))
    return " ".join(out) or None
