"""Tokens with exact offsets, and conservative clitic splitting for Arabic words.

Token kinds: "word" (Arabic-script letters, with their diacritics, tatweel and ZWNJ),
"latin" (letters of any other script, with internal apostrophes and hyphens: don't,
Al-Qaeda), "number" (any script's digits, with internal . , ٫ ٬: 3.5, 1,000, ٣٫٥),
"punct" (Unicode P*: ، ؛ ؟ « » quotes, brackets; "..." is one token) and "symbol"
(everything else that is visible: % $ + emoji, stray marks). Whitespace and invisible
controls (bidi marks, ZWSP, BOM) between tokens produce no token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from . import charsets as cs
from .normalize import key

_AR_LETTER = cs.regex_class(cs.ARABIC_LETTER_RANGES)
_AR_MARK = cs.regex_class(cs.DIACRITIC_RANGES, "\\u0640\\u200c\\u200d")
# Non-Arabic letters: word characters that are neither digits, "_" nor Arabic script.
_OTHER_LETTER = f"[^\\W\\d_{_AR_LETTER}]"
_LATIN_PART = f"{_OTHER_LETTER}(?:{_OTHER_LETTER}|\\d|[\\u0300-\\u036f])*"
_INVISIBLE = "".join(sorted(re.escape(c) for c in cs.INVISIBLE))

# Also read directly by stem.analyze, which needs the matches but not Token objects.
TOKEN_RE = re.compile(
    r"(?P<number>\d+(?:[.,\u066b\u066c]\d+)*)"
    rf"|(?P<word>[{_AR_LETTER}][{_AR_LETTER}{_AR_MARK}]*)"
    rf"|(?P<latin>{_LATIN_PART}(?:['\u2019\-]{_LATIN_PART})*)"
    r"|(?P<dots>\.{2,})"
    rf"|(?P<other>[^\s{_INVISIBLE}])"
)


# TOKEN_RE without its kind groups: the same matches, for callers that need only the
# strings and offsets (the NER tagger), at about half the cost of building Tokens.
_TOKEN_PLAIN = re.compile(re.sub(r"\(\?P<\w+>", "(?:", TOKEN_RE.pattern))
_GROUP, _START, _END = re.Match.group, re.Match.start, re.Match.end


@dataclass(slots=True)
class Token:
    """One token: `text == source[start:end]`."""

    text: str
    start: int
    end: int
    kind: str  # word | number | punct | symbol | latin


def _other_kind(ch: str) -> str:
    return "punct" if unicodedata.category(ch)[0] == "P" else "symbol"


def tokenize(text: str) -> list[Token]:
    """Split text into word, number, latin, punct and symbol tokens with exact offsets."""
    tokens: list[Token] = []
    append = tokens.append
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "other":
            kind = _other_kind(m.group())
        elif kind == "dots":
            kind = "punct"
        append(Token(m.group(), m.start(), m.end(), kind))  # type: ignore[arg-type]
    return tokens


def token_offsets(text: str) -> tuple[list[str], list[int], list[int]]:
    """tokenize()'s token strings, starts and ends as three parallel lists."""
    ms = list(_TOKEN_PLAIN.finditer(text))
    return list(map(_GROUP, ms)), list(map(_START, ms)), list(map(_END, ms))


_WORD_KINDS = frozenset({"word", "latin", "number"})


def words(text: str) -> list[str]:
    """The word, latin and number tokens of `text` as strings (no punctuation or symbols)."""
    return [m.group() for m in TOKEN_RE.finditer(text) if m.lastgroup in _WORD_KINDS]


# ---------------------------------------------------------------- clitics
#
# Heuristic (precision over recall; a wrong split hurts search and NER more than a
# missed one):
#  * article prefixes ال لل and their compounds with و ف ب ك (وال بال فال كال ولل فلل
#    وبال فبال وكال) are stripped when the stem keeps ≥ 2 letters (bare ال/لل) or ≥ 3
#    (compounds). A word with the article takes no pronoun suffix, so none is stripped.
#  * a lone conjunction و/ف is stripped when the rest has ≥ 5 letters, or ≥ 3 letters
#    starting with a hamza-alef (وأكد، فإنه...) or, for و only, with ا ي ت ن (verb
#    prefixes: واعتبر، ويقول، وتابع، ونقل), or when the rest is a known word (وفي، ولكن).
#  * a lone preposition ب/ل is stripped when the rest has ≥ 5 letters; ك (rarely a
#    clitic, often the start of a foreign name: كولومبيا) only when the rest has ≥ 6;
#    both also when the rest is a known word.
#  * suffix pronouns هما كما هم هن ها كم كن نا ه are stripped when the stem keeps ≥ 3
#    letters; ي is never stripped (nisba adjectives روسي، دولي far outnumber "my" in
#    news) and ه not after ا (اتجاه، مياه، اشتباه).
#  * words in data/clitic_exceptions.txt are never split.
# Stems are substrings of the word: ة stays ت in وزارته → وزارت + ه.

_ARTICLE_PREFIXES = (
    "وبال",
    "فبال",
    "وكال",
    "فكال",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "فلل",
    "لل",
    "ال",
)
_SHORT_ARTICLES = frozenset({"ال", "لل"})
_SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه")
_MIN_STEM = 3
_MIN_STEM_AFTER_ARTICLE = 2
_MIN_REST_CONJ = 5
_MIN_REST_PREP = 5
_MIN_REST_KAF = 6
_HAMZA_ALEF = frozenset("أإآ")
_VERB_START = frozenset("ايتن")

# Light fold for rule matching only: unlike key(), keeps hamza forms and ة apart so
# أل (ألمانيا) is not an article and a final ة is not a pronoun.
_LIGHT = {"ٱ": "ا", "ی": "ي", "ک": "ك", "ھ": "ه", "ە": "ه"}


@cache
def _exceptions() -> frozenset[str]:
    raw = resources.files("marsad.arabic").joinpath("data/clitic_exceptions.txt")
    lines = raw.read_text(encoding="utf-8").splitlines()
    return frozenset(key(w) for w in (ln.strip() for ln in lines) if w and w[0] != "#")


def _known(s: str) -> bool:
    return key(s) in _exceptions()


def _skeleton(word: str) -> tuple[str, list[int]] | None:
    """Letters of `word` (light-folded) and their indices; None if not an Arabic word."""
    letters: list[str] = []
    pos: list[int] = []
    for i, c in enumerate(word):
        if c in cs.ARABIC_LETTERS:
            letters.append(_LIGHT.get(c, c))
            pos.append(i)
        elif c in cs.DIACRITICS or c == cs.TATWEEL or c in cs.INVISIBLE:
            continue
        else:
            return None
    return "".join(letters), pos


def _prep_len(s: str) -> int:
    if len(s) < 2 or s[0] not in "بلك":
        return 0
    rest = s[1:]
    if _known(rest):
        return 1
    return 1 if len(rest) >= (_MIN_REST_KAF if s[0] == "ك" else _MIN_REST_PREP) else 0


def _prefix_len(s: str) -> tuple[int, bool]:
    for pre in _ARTICLE_PREFIXES:
        if s.startswith(pre):
            need = _MIN_STEM_AFTER_ARTICLE if pre in _SHORT_ARTICLES else _MIN_STEM
            if len(s) - len(pre) >= need:
                return len(pre), True
    if s[0] in "وف":
        rest = s[1:]
        if _known(rest):
            return 1, False
        n = _prep_len(rest)
        if n:
            return 1 + n, False
        if len(rest) >= _MIN_REST_CONJ:
            return 1, False
        if len(rest) >= _MIN_STEM and (
            rest[0] in _HAMZA_ALEF or (s[0] == "و" and rest[0] in _VERB_START)
        ):
            return 1, False
        return 0, False
    return _prep_len(s), False


def _suffix_len(s: str) -> int:
    if _known(s):
        return 0
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) - len(suf) >= _MIN_STEM:
            if suf == "ه" and s[-2] == "ا":
                continue
            return len(suf)
    return 0


def _known_base_suffix(s: str) -> int:
    """Length of a pronoun suffix whose removal leaves a known word (وزارته → وزارة + ه)."""
    for suf in _SUFFIXES:
        if s.endswith(suf) and len(s) - len(suf) >= _MIN_STEM:
            base = s[: -len(suf)]
            if _known(base) or (base[-1] == "ت" and _known(base[:-1] + "ة")):
                return len(suf)
    return 0


# Word frequencies are Zipfian: a bounded cache answers most calls on a real corpus.
@lru_cache(maxsize=1 << 16)
def split_clitics(word: str) -> tuple[str, str, str]:
    """Split an Arabic word into (proclitics, stem, enclitics); the parts join back to it."""
    sk = _skeleton(word)
    if sk is None or len(sk[0]) < _MIN_STEM or _known(sk[0]):
        return "", word, ""
    s, pos = sk
    q = _known_base_suffix(s)
    if q:
        p = 0
    else:
        p, has_article = _prefix_len(s)
        q = 0 if has_article else _suffix_len(s[p:])
    cut1 = pos[p] if p else 0
    cut2 = pos[len(s) - q] if q else len(word)
    return word[:cut1], word[cut1:cut2], word[cut2:]
