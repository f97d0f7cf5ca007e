"""Latin-script names for Arabic entities, and Latin keys that find them again.

`to_latin("فلاديمير بوتين")` → "Vladimir Putin" (a trained character model, see
model/MODEL_CARD.md). `latin_keys` turns any Latin spelling into matching keys; it runs on
both the derived name of an entity and on what a user types, so "Kim Jong Un", "Kim
Jung-un" and the model's own spelling of «كيم جونج أون» meet on one key.

Standard library only; the model file is read once, on first use.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from ..arabic import charsets as cs
from .model import Model, ascii_letters, normalize_arabic

__all__ = ["latin_keys", "to_latin", "to_latin_nbest"]

MODEL_FILE = "ar2latin.tsv.gz"
# Longer inputs are not names; capping keeps a pathological span from costing a beam
# search over thousands of letters.
MAX_TOKENS = 8
MAX_LETTERS = 30
# The article is split off before the model so the key can drop it (al-Qaddafi = Gaddafi);
# a shorter rest is a word that merely starts with ال (الياس is not al-Yas).
_ARTICLE = "ال"
_MIN_REST_AFTER_ARTICLE = 3


@cache
def model() -> Model:
    path = resources.files("marsad.translit").joinpath("model", MODEL_FILE)
    with resources.as_file(path) as p:
        return Model.load(p)


def _is_arabic(token: str) -> bool:
    return any(c in cs.ARABIC_LETTERS for c in token)


# Name particles whose spelling is settled; the model, trained on single tokens, learned
# noise for them (عبد was often aligned with the whole of "Abdullah").
_PARTICLES = {"عبد": "Abd", "بن": "bin", "ابن": "Ibn", "إبن": "Ibn", "أبو": "Abu", "ابو": "Abu",
              "بنت": "bint", "أم": "Umm", "آل": "Al", "أبي": "Abi", "ابي": "Abi"}


_PARTICLE_SPELLINGS = frozenset(_PARTICLES.values())


@lru_cache(maxsize=1 << 16)
def _word_nbest(word: str) -> tuple[str, ...]:
    letters = normalize_arabic(word)[:MAX_LETTERS]
    if letters in _PARTICLES:
        return (_PARTICLES[letters],)
    if letters.startswith(_ARTICLE) and len(letters) - 2 >= _MIN_REST_AFTER_ARTICLE:
        return tuple("al-" + t for t in _decoded(letters[2:]))
    return _decoded(letters)


# Words spelled apart that the model reads alike (الأسد and أسد; marks, folded letters)
# are decoded once: ~6% of decodes on ANT. ~200 bytes each: ≤ ~13 MB.
@lru_cache(maxsize=1 << 16)
def _decoded(letters: str) -> tuple[str, ...]:
    return tuple(t for t, _ in model().decode(letters))


def _cap(part: str) -> str:
    if part in _PARTICLE_SPELLINGS:
        return part
    if part.startswith("al-"):
        return "al-" + part[3:].capitalize()
    return part.capitalize()


@lru_cache(maxsize=1 << 16)
def to_latin(name: str) -> str | None:
    """Latin spelling of an Arabic name (title case), or None when there is nothing Arabic."""
    tokens = name.split()[:MAX_TOKENS]
    if not tokens or not any(_is_arabic(t) for t in tokens):
        return None
    out = []
    for tok in tokens:
        if _is_arabic(tok):
            best = _word_nbest(tok)
            if best:
                out.append(_cap(best[0]))
        else:
            latin = ascii_letters(tok)
            if latin:
                out.append(latin.capitalize())
    return " ".join(out) or None


def to_latin_nbest(name: str, n: int = 3) -> list[str]:
    """Up to n alternative spellings (each word's best first; varies one word at a time)."""
    best = to_latin(name)
    if best is None:
        return []
    tokens = [t for t in name.split()[:MAX_TOKENS] if _is_arabic(t)]
    words = [list(_word_nbest(t)) for t in tokens]
    out = [best]
    for i, alts in enumerate(words):
        for alt in alts[1:]:
            parts = [w[0] if w else "" for w in words]
            parts[i] = alt
            cand = " ".join(_cap(p) for p in parts if p)
            if cand not in out:
                out.append(cand)
            if len(out) >= n:
                return out
    return out


# ---------------------------------------------------------------- Latin keys
#
# Spelling variation in romanised Arabic, Korean, Russian... names is mostly in vowels
# (Muhammad/Mohamed, Jong/Jung), doubled letters (Gaddafi/Qadhafi), digraphs (Kh/H, Dh/Z),
# the article (al-Assad/Assad), spacing (Pyong Yang/Pyongyang) and the g/j/k/q letters
# (Arabic writes a foreign g as غ ج ق or ك). The strict key removes the first five; the
# loose key also merges g j k q c and s z, for names whose consonants themselves vary.

_ARTICLE_TOKENS = frozenset({"al", "el", "ul"})
_ABD = re.compile(r"\babd ?[eu]?l ?")
_STRICT_SUBS = [(re.compile(a), b) for a, b in (
    ("sch", "sh"), ("tch", "ch"), ("ph", "f"), ("ck", "k"), ("dj", "j"), ("zh", "j"),
    ("gh", "g"), ("kh", "k"), ("dh", "d"), ("th", "t"), ("x", "ks"), ("q", "k"),
    ("c(?=[eiy])", "s"), ("c", "k"), ("p", "b"), ("v", "f"),
    ("(?<=[aeiouy])h$", ""),  # Fatimah = Fatima
)]
_VOWELS = re.compile(r"[aeiouy]+")
_LOOSE = str.maketrans({"g": "k", "j": "k", "q": "k", "z": "s"})


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


# Spellings whose keys are kept: each entity of each article asks for the keys of its
# names, and the same names come back article after article (ANT: ~16 per article, ~80%
# seen before; keying them was ~15% of the entity stage). ~250 bytes each: ≤ ~8 MB.
LATIN_KEYS_CACHE = 1 << 15


def latin_keys(latin: str) -> list[str]:
    """Matching keys of a Latin-script name, strict first; [] when it has no Latin letters."""
    return list(_latin_keys(latin))


@lru_cache(maxsize=LATIN_KEYS_CACHE)
def _latin_keys(latin: str) -> tuple[str, ...]:
    text = ascii_letters(latin)
    if not text:
        return ()
    text = _ABD.sub("abd", text)
    words = [w for w in text.split() if w not in _ARTICLE_TOKENS] or text.split()
    keys = []
    skeleton = []
    for w in words:
        for pattern, repl in _STRICT_SUBS:
            w = pattern.sub(repl, w)
        skeleton.append(w)
    joined = "".join(skeleton)
    # A name's first vowel stays as one mark (Obama → abm, not bm): short names keep
    # enough letters to be told apart, and Omar/Umar still meet.
    strict = _collapse(("a" if joined[0] in "aeiou" else "") + _VOWELS.sub("", joined))
    if not strict:  # an all-vowel name (Ai, Eo): keep its vowels
        strict = _collapse(joined)
    keys.append(strict)
    loose = _collapse(strict.translate(_LOOSE))
    if loose != strict:
        keys.append(loose)
    return tuple(keys)
