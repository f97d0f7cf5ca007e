"""Line features for text left over after extraction (the marker lexicon that names a
line's residue class is `residue_markers`).

Pure functions, stdlib only. `stages/clean.py` decides what to do with a line; this
module only says what a line *looks like*: which residue marker it carries (if any) and
its shape (length, Arabic share, final punctuation, bullet, headline shape).

Markers are matched on a light key of the line: diacritics and tatweel out, أإآٱ→ا,
ى→ي, ة→ه, Persian ک/ی → ك/ي, Latin casefolded, punctuation (: * • - « » " …) out and
whitespace collapsed. So "إقرأ أيضاً:" and "اقرا ايضا" share the key "اقرا ايضا".

Calibration: the lexicon and the constants below were set on the five seed pages in
../shared/seeds, the 105 ANT multi-source articles (BBC, CNN) whose TEXT holds
"اقرأ أيضا", and checked against a SaudiNewsNet sample (already clean text) for false
positives; the numbers are in stages/clean.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import replacer

__all__ = [
    "LineFeatures",
    "features",
    "fold",
    "key",
    "related_inline",
    "source_value",
    "keywords_inline",
    "strip_artefacts",
    "is_hash_garbage",
    "is_punctuation_only",
]

# ---------------------------------------------------------------- light normalisation

# fmt: off
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي",
        "ۀ": "ه", "ـ": None, "\u0670": None,
        **{chr(c): None for c in range(0x064B, 0x0660)},  # harakat, tanween, shadda, sukun
        **{chr(c): None for c in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF)},
        **{chr(c): None for c in range(0x202A, 0x202F)},
        **{chr(c): None for c in range(0x2066, 0x206A)},
        "\u00a0": " ",
    }
)
# fmt: on
# Everything that is not a letter or a digit becomes a space in the key ("_" too).
_NON_WORD = re.compile(r"[\W_]+")


# translate() with a sparse dict costs ~4x more than this on Arabic lines
_fold_chars = replacer(_FOLD)


def fold(text: str) -> str:
    """Letters folded, punctuation kept (used where separators matter)."""
    return _fold_chars(text).casefold()


def key(text: str) -> str:
    """The light matching key: folded, punctuation out, single spaces."""
    return _NON_WORD.sub(" ", fold(text)).strip()


# ---------------------------------------------------------------- line shape

# Marks that end an Arabic sentence or a quoted one: . ؟ ! : » " … (and ”).
_ENDS_SENTENCE = re.compile(r"[.؟?!:»\"”…]\s*$")
# A "full stop" ending for the never-drop rule: . ! … or : (a line introducing a quote),
# possibly followed by closing quotes/brackets. A final "؟" is left out on purpose:
# related headlines are often questions ("ماذا تعرف عن ...؟").
_FULL_STOP = re.compile(r"[.!…:][\"”»’')\]]*\s*$")
_BULLET = re.compile(r"^\s*[•·▪●◦■□►▸‣⁃∙*–—-]+\s*")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FC]")
_LETTER = re.compile(r"[^\W\d_]")
# A line opening with a speech verb ("وقال ...، ...") is reported speech, not a headline.
_SPEECH_OPENING = re.compile(
    r"^(?:و|ف)?(?:قال|قالت|اضاف|اضافت|اوضح|اوضحت|تابع|تابعت|اشار|اشارت|اكد|اكدت|ذكر|ذكرت)\b"
)

# Headline shape (used to recognise a title line): 3..20 words covers every seed title
# and every ANT related link (<= 16 words); no final full stop and no Arabic comma.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 20


@dataclass(slots=True)
class LineFeatures:
    text: str  # the line, stripped
    key: str  # light matching key (of the first HEAD_CHARS characters)
    words: int
    chars: int
    ends_sentence: bool  # ends with . ؟ ! : » " …
    full_stop: bool  # ends with . ! … : (quotes after it allowed)
    bullet: bool  # starts with • · - – * ▪ ●
    headline: bool  # title-like: 3..20 words, no full stop, no "،", not reported speech

    @property
    def arabic_ratio(self) -> float:
        """Arabic letters / all letters in the head (0.0 when no letter); computed on
        demand, as only the title test needs it."""
        head = self.text[:HEAD_CHARS]
        letters = len(_LETTER.findall(head))
        return len(_ARABIC_LETTER.findall(head)) / letters if letters else 0.0


# Markers are short (the longest lexicon entry is 40 characters), so the key and the
# Arabic share are taken on the line's first HEAD_CHARS characters: a 1,000-character
# paragraph costs the same as a short line (this keeps the stage well above 2,000 docs/s
# on 3 KB articles).
HEAD_CHARS = 120


def features(line: str) -> LineFeatures:
    text = line.strip()
    head = text[:HEAD_CHARS]
    k = key(head)
    words = len(text.split())
    full_stop = bool(_FULL_STOP.search(text))
    headline = (
        HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS
        and not full_stop
        and "،" not in text
        and not _SPEECH_OPENING.match(k)
    )
    return LineFeatures(
        text=text,
        key=k,
        words=words,
        chars=len(text),
        ends_sentence=bool(_ENDS_SENTENCE.search(text)),
        full_stop=full_stop,
        bullet=bool(_BULLET.match(text)) and not text.startswith("**"),
        headline=headline,
    )


# "اقرأ أيضا: <headline>" on one line. Markers that are distinctive phrases may be
# followed by a space alone; the bare "أيضا" (a CNN form) needs an explicit separator.
_INLINE_RELATED = re.compile(
    r"^[\W_]*(?:(?:اقرا|طالع|شاهد)\s+(?:ايضا|كذلك)(?:\s+في\s+[^:|]{1,30})?|قد\s+(?:يهمك|يعجبك)"
    r"(?:\s+ايضا)?|read\s+(?:also|more)|see\s+also)\b\s*(?:[:|：\-–—]+|\.{2,}|…)?\s*(?P<rest>.*)$"
    r"|^\s*(?:ايضا|للمزيد)\s*(?:[:|：]+|\.{2,}|…)\s*(?P<rest2>.+)$"
)


def related_inline(f: LineFeatures) -> str | None:
    """The headline after an inline related marker ("اقرأ أيضا: X" → "X"), else None."""
    m = _INLINE_RELATED.match(fold(f.text))
    if not m:
        return None
    rest = (m["rest"] if m["rest"] is not None else m["rest2"] or "").strip()
    return rest or None


# Not after "(" or "[": "(المصدر: ...)" credits a figure or a table, not the article.
_SOURCE = re.compile(
    r"^[^\w(\[]*(?:المصدر|مصدر الخبر|source)\s*[:：\-–—]\s*[\W_]*(?P<v>.+?)[\W_]*$"
)
# "المصدر: وكالات", "المصدر: <paper>": an outlet name of a few words, never a sentence
# (a body line opening "المصدر: ..." runs longer).
SOURCE_MAX_WORDS = 6


def source_value(f: LineFeatures) -> str | None:
    """The outlet named by a source-credit line ("المصدر: وكالات" → "وكالات"), else None."""
    if f.words > SOURCE_MAX_WORDS + 1:  # + 1 for the label
        return None
    m = _SOURCE.match(f.text)
    if not m:
        return None
    return m["v"].strip() or None


_KEYWORDS_INLINE = re.compile(
    r"^[\W_]*(?:كلمات\s+دلاليه|الكلمات\s+الدلاليه|الكلمات\s+الداله|كلمات\s+داله"
    r"|الكلمات\s+المفتاحيه|كلمات\s+مفتاحيه|الوسوم|وسوم|tags|هاشتاغ|هاشتاج)\s*[:：|]"
)


def keywords_inline(f: LineFeatures) -> bool:
    """True for "كلمات دلالية: a b c" (a keyword line with its tags on it)."""
    return bool(_KEYWORDS_INLINE.match(fold(f.text[:40])))


# ---------------------------------------------------------------- garbage and artefacts

# UUID or hex hash, dashes possibly turned into spaces: "3f2a9c1e 77b0 4d2e 9a1f 0c6d..."
_HEX_LINE = re.compile(r"^[0-9a-f]+(?:[\s\-_:]+[0-9a-f]+)*$", re.IGNORECASE)
# 16 hex digits = a 64-bit id; shorter runs are plausible numbers or years.
HASH_MIN_HEX = 16


def is_hash_garbage(f: LineFeatures) -> bool:
    """A UUID/hex-hash line: only hex groups, ≥16 hex digits, digits and a-f letters."""
    t = f.text
    if not _HEX_LINE.match(t):
        return False
    hexdigits = sum(c.isalnum() for c in t)
    return (
        hexdigits >= HASH_MIN_HEX
        and any(c.isdigit() for c in t)
        and any(c in "abcdefABCDEF" for c in t)
    )


def is_punctuation_only(f: LineFeatures) -> bool:
    """A lone bullet, rule or punctuation line ("•", "----", "**", "…")."""
    return bool(f.text) and not f.key


# "**" left by a Markdown-ish exporter around or inside real paragraphs.
_ARTEFACT = re.compile(r"\*{2,}")
_ARTEFACT_EDGE = re.compile(r"^(?P<lead>\s*\*{2,}\s*)|(?P<trail>\s*\*{2,}\s*)$")


def strip_artefacts(text: str) -> tuple[str, list[str]]:
    """(text without "**" runs, the removed fragments in order). Text is unchanged if none."""
    if "**" not in text:
        return text, []
    removed: list[str] = []

    def cut(m: re.Match[str]) -> str:
        removed.append(m.group(0))
        return ""

    text = _ARTEFACT_EDGE.sub(cut, text)
    text = _ARTEFACT.sub(cut, text)
    return text, removed
