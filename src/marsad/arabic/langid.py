"""Tiny language identification for news text: script first, then function words.

Arabic-script text is Arabic unless Persian or Urdu function words (or, for very short
text, Persian/Urdu-only letters) dominate; Persian-keyboard letters ک ی alone do not make
text Persian, since Arabic sites often type کوریا for كوريا. Latin-script text is
scored against small stopword lists for en, fr, de and es. Other scripts give None.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from . import charsets as cs

SAMPLE_CHARS = 2000  # enough words for a stable vote; keeps the cost flat per document
# Letter evidence decides only when function words are too few to vote (titles, captions).
MIN_WORD_HITS = 2
MIN_LETTER_HITS = 2

_AR_RUN = re.compile(f"[{cs.regex_class(cs.ARABIC_LETTER_RANGES)}]+")
_LATIN_RUN = re.compile("[A-Za-z\u00c0-\u024f]+")
_ANY_LETTER = re.compile(r"[^\W\d_]")
_MARKS = re.compile(f"[{cs.regex_class(cs.DIACRITIC_RANGES)}\u0640]+")

# Folding for comparing Arabic-script words across keyboards: Persian ی ک typed for
# ي ك, alef forms and alef maqsura as in key().
_FOLD = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "أ": "ا", "إ": "ا", "آ": "ا"})

_AR_WORDS = frozenset(
    "في من على الى ان عن مع هذا هذه التي الذي الذين كان كانت قال قالت لا لم لن قد "
    "ذلك تلك حتى او انه انها هو هي بين بعد وفي وقال واضاف كما عام اليوم خلال".split()
)
# Persian words that are not Arabic words once folded (so no "من", "ما", "او", "به").
_FA_WORDS = frozenset(
    "است را كه مي از براي شد شده هاي خود يك نيز اند كرد كند شود بايد دارد هستند "
    "انها بود ميشود ميكند نميشود".split()
)
_FA_RAW_WORDS = frozenset("این آن".split())  # Arabic spells these differently (أين)
# Urdu words are compared raw: Urdu keyboards type ے ہ ھ ں, which never fold away.
_UR_WORDS = frozenset(
    "کے کی کا ہے میں سے کو نے اور یہ ہیں پر بھی تھا تھی گیا ہو کر لیے وہ ایک".split()
)
_FA_ONLY_LETTERS = frozenset("پچژگ")
_UR_ONLY_LETTERS = frozenset("ٹڈڑںےۓ")

_LATIN_STOPWORDS: dict[str, str] = {
    "en": "the of and to in is that for on with as was by at from it are this be has have "
    "said will an were which not but his her they who been",
    "fr": "le la les de des du et est un une dans pour que qui sur par pas au aux avec ce il "
    "elle ont été sont mais cette ses leur",
    "de": "der die das und ist nicht mit von den dem ein eine zu auf für sich des im auch "
    "wird sind nach bei einer wurde dass",
    "es": "el la los las de del y en que es por un una para con no se su al lo como más fue "
    "sus pero está este",
}


@cache
def _latin_weights() -> dict[str, dict[str, float]]:
    """Word → {lang: weight}; a word shared by n languages counts 1/n for each."""
    owners: dict[str, list[str]] = {}
    for lang, words in _LATIN_STOPWORDS.items():
        for w in words.split():
            owners.setdefault(w, []).append(lang)
    return {w: {lang: 1.0 / len(langs) for lang in langs} for w, langs in owners.items()}


def _spellings(folded_words: frozenset[str]) -> frozenset[str]:
    """Every word w with w.translate(_FOLD) in `folded_words`: looking raw words up in it
    counts like folding each first, without a Python-level translate per word."""
    sources: dict[str, list[str]] = {}
    for code, to in _FOLD.items():
        sources.setdefault(to, []).append(chr(code))
    out: set[str] = set()
    for w in folded_words:
        # a letter _FOLD replaces never survives folding: a word holding one has no spelling
        choices = [[] if ord(c) in _FOLD else [c, *sources.get(c, ())] for c in w]
        out.update("".join(p) for p in itertools.product(*choices))
    return frozenset(out)


_AR_SPELLINGS = _spellings(_AR_WORDS)
_FA_SPELLINGS = _spellings(_FA_WORDS)


def _arabic_script_lang(sample: str, raw: list[str] | None = None) -> str:
    """`raw`: the Arabic runs of the sample without marks, when the caller has them."""
    sample = _MARKS.sub("", sample)
    if raw is None:
        raw = _AR_RUN.findall(sample)
    # C-level counting over the raw words (was a translate and a test per word in Python)
    ar = sum(map(_AR_SPELLINGS.__contains__, raw))
    fa = sum(map(_FA_SPELLINGS.__contains__, raw)) + sum(map(_FA_RAW_WORDS.__contains__, raw))
    ur = sum(map(_UR_WORDS.__contains__, raw))
    if ur >= MIN_WORD_HITS and ur > fa and ur > ar:
        return "ur"
    if fa >= MIN_WORD_HITS and fa > ar:
        return "fa"
    if max(ar, fa, ur) >= MIN_WORD_HITS:
        return "ar"
    # Too few function words: count letters only Urdu / Persian / Arabic use.
    ur_letters = sum(sample.count(c) for c in _UR_ONLY_LETTERS)
    fa_letters = sum(sample.count(c) for c in _FA_ONLY_LETTERS)
    ar_letters = sum(sample.count(c) for c in cs.ARABIC_ONLY_LETTERS)
    ar_letters += sum(w.startswith("ال") for w in raw)
    if ur_letters >= MIN_LETTER_HITS and ur_letters > ar_letters:
        return "ur"
    if fa_letters >= MIN_LETTER_HITS and fa_letters > ar_letters:
        return "fa"
    return "ar"


def _latin_lang(sample: str) -> str | None:
    weights = _latin_weights()
    scores: dict[str, float] = {}
    for w in _LATIN_RUN.findall(sample):
        for lang, wt in weights.get(w.lower(), {}).items():
            scores[lang] = scores.get(lang, 0.0) + wt
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def detect_lang(text: str) -> str | None:
    """Language code ("ar", "fa", "ur", "en", "fr", "de", "es") or None when unknown."""
    sample = text[:SAMPLE_CHARS]
    # Marks and tatweel are neither Arabic nor Latin letters: the counts are the same
    # without them, and the runs found for counting are the words voted with.
    runs = _AR_RUN.findall(_MARKS.sub("", sample))
    arabic = sum(map(len, runs))
    if arabic and arabic * 2 >= len(sample):
        # at most len - arabic characters are Latin letters: Arabic wins without counting
        return _arabic_script_lang(sample, runs)
    latin = sum(map(len, _LATIN_RUN.findall(sample)))
    if arabic == 0 and latin == 0:
        return None
    if arabic >= latin:
        return _arabic_script_lang(sample, runs)
    # Latin letters must also be the main script (not, say, Cyrillic with a few names).
    if latin * 2 < len(_ANY_LETTER.findall(sample)):
        return None
    return _latin_lang(sample)
