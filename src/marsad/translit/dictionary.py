"""Established Latin spellings of Arabic names: a table compiled at build time, read here.

    spell("مايك بومبيو") → "Mike Pompeo"   (each token as name-pair sources most often write it)
    spell("دبي")         → "Dubai"         (a whole name a gazetteer knows)
    spell("كوفاشيتش")    → None for a token nothing knows: the caller asks the letter model

The table (model/latin_names.tsv.gz, built by `marsad.translit.build_names`, documented in
model/MODEL_CARD.md) maps `name_key` of an Arabic whole name ("W") or name token ("T") to
its most frequent Latin rendering and that rendering's support. Standard library only.
"""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from marsad.arabic.names import name_key

NAMES_FILE = "latin_names.tsv.gz"
# A token rendering backed by fewer occurrences than this loses to the letter model. On the
# held-out dev pairs (build_names eval: ANETAC dev + Google eval) support 1 already beat
# the model (one attested spelling is right more often than a decoded one), so it is 1;
# the constant stays so a noisier source can raise it.
MIN_TOKEN_SUPPORT = 1
# The article ال is split off a token nothing knows, and its rest looked up (الأسد → al-Assad
# from أسد only when the rest is a name, i.e. has ≥ 3 letters: الياس is not al-Yas).
_ARTICLE = "ال"
_MIN_REST_AFTER_ARTICLE = 3


def fold_latin(text: str) -> str:
    """Accents, case, hyphens, apostrophes and spaces out: "al-Qa'ida" = "Al Qaida" = "alqaida"."""
    out = []
    for c in unicodedata.normalize("NFKD", text.casefold()):
        if "a" <= c <= "z":
            out.append(c)
    return "".join(out)


def display_latin(text: str) -> str:
    """A source's Latin spelling as shown: accents dropped, letters, spaces, - and ' kept."""
    out = []
    for c in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(c):
            continue
        if c.isascii() and (c.isalpha() or c in " -'"):
            out.append(c)
        elif c in "ʼ’‘`":
            out.append("'")
    return " ".join("".join(out).split()).strip(" -'")


def article_form(arabic_key: str, latin: str) -> str:
    """Casing of one token: "al-Assad" for an ال word written with its article, else "Hariri"."""
    low = latin.lower()
    if arabic_key.startswith(_ARTICLE) and len(low) > 4 and low[:2] in ("al", "el") \
            and low[2] in " -":
        return low[:2] + "-" + _title(latin[3:])
    if arabic_key.startswith(_ARTICLE) and len(arabic_key) - 2 >= _MIN_REST_AFTER_ARTICLE \
            and low[:2] == "al" and len(low) - 2 >= _MIN_REST_AFTER_ARTICLE:
        return "al-" + _title(latin[2:])  # glued in the source: Alhariri, alasad
    return _title(latin)


def _title(word: str) -> str:
    # a source written in lower case (Wikidata tokens, Google pairs) gets a capital;
    # one already cased (McCain, DiCaprio, GeoNames) keeps its own
    if word and word == word.lower():
        return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
    return word[:1].upper() + word[1:]


@dataclass(slots=True)
class NameTable:
    """Arabic name key → (Latin rendering, support), whole names and tokens apart."""

    whole: dict[str, tuple[str, int]]
    tokens: dict[str, tuple[str, int]]

    @classmethod
    def load(cls, path: Path) -> NameTable:
        whole: dict[str, tuple[str, int]] = {}
        tokens: dict[str, tuple[str, int]] = {}
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                kind, k, latin, n = line.rstrip("\n").split("\t")
                (whole if kind == "W" else tokens)[k] = (latin, int(n))
        return cls(whole, tokens)

    def whole_name(self, name: str) -> str | None:
        hit = self.whole.get(name_key(name))
        return hit[0] if hit else None

    def token(self, word: str) -> str | None:
        """The established spelling of one word, or None when nothing knows it well enough."""
        k = name_key(word)
        hit = self.tokens.get(k)
        if hit is not None and hit[1] >= MIN_TOKEN_SUPPORT:
            return hit[0]
        hit = self.whole.get(k)  # a one-word place (دبي) inside a longer name
        if hit is not None and " " not in hit[0]:
            return hit[0]
        if k.startswith(_ARTICLE) and len(k) - 2 >= _MIN_REST_AFTER_ARTICLE:
            rest = self.tokens.get(k[2:])
            if rest is not None and rest[1] >= MIN_TOKEN_SUPPORT:
                return "al-" + rest[0]
        return None


@cache
def table() -> NameTable:
    path = resources.files("marsad.translit").joinpath("model", NAMES_FILE)
    with resources.as_file(path) as p:
        if not p.exists():  # before the first `make names-translit`: the model alone
            return NameTable({}, {})
        return NameTable.load(p)
