"""The records and per-text state the quote stages share: a Quote, the folded text with its
mentions (_Doc), and the small readers every speaker rule uses (an outlet, a noun phrase,
a mention as the speaker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marsad.arabic import quotes_lexicon as lex
from marsad.records import compact_pickle

_INTRO_RE, _AN_RE, _TRIM, _CLOSE = lex.INTRO_RE, lex.AN_RE, lex.TRIM, lex.CLOSE
_words, _bare, _clean = lex.words, lex.bare, lex.clean
_PREPOSITIONS, _SOURCE_NOUNS = lex.PREPOSITIONS, lex.SOURCE_NOUNS


@compact_pickle
@dataclass(slots=True)
class Quote:
    """One quotation; every span is an offset pair into the text it was found in."""

    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    cue: str
    cue_start: int
    cue_end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_mention: int | None = None  # index into the mentions passed in
    via: str | None = None
    via_start: int | None = None
    via_end: int | None = None
    stance: str = "asserted"  # "denied" / "dismissed": the cue says the speaker rejected it
    # how the speaker was found ("named", "role", "pronoun", ...) and how often that way is
    # right on the quote dev gold (SPEAKER_CONFIDENCE)
    how: str | None = None
    confidence: float | None = None


class _Doc:
    """Per-text state: folded copy, mentions by position, the quotes found so far."""

    def __init__(self, text: str, mentions: list | None) -> None:
        self.text = text
        self.f = lex.fold(text)
        self.mentions = [m for m in (mentions or []) if getattr(m, "type", "") in ("PER", "ORG")]
        self.index = {id(m): i for i, m in enumerate(mentions or [])}
        self.quotes: list[Quote] = []
        self.agree: dict[int, str] = {}  # id(quote) → "m", "f" or "p": who a cue agrees with
        self.clauses: dict[int, tuple[int, int]] = {}  # id(quote) → its attribution clause
        # every Quote made while reading, kept alive so that no id() above ever names two
        # quotes: a dropped quote's id, reused by a later one, lent it a stale clause, and
        # the speaker then depended on the process's memory (a Ray run differed from a
        # local one, issue 14)
        self.made: list[Quote] = []
        # the latest outlet named, per kind ("paper", "agency", "tv", "site"; "" for any):
        # what «الصحيفة», «للوكالة» refer back to
        self.recent: dict[str, str] = {}
        # an opening attribution («ووفقا لوكالة إنترفاكس، حذر ...») waiting for its quote:
        # (sentence end, the attribution read as a Quote)
        self.pending: tuple[int, Quote] | None = None
        # Longest name of each local entity: «بوتين» is displayed as «فلاديمير بوتين».
        self.full: dict[int, str] = {}
        for m in mentions or []:
            local = getattr(m, "local", None)
            name = getattr(m, "name", "") or ""
            if local is not None and len(name) > len(self.full.get(local, "")):
                self.full[local] = name

    def register(self, q: Quote, agree: str, clause: tuple[int, int] | None = None) -> None:
        self.made.append(q)
        self.agree[id(q)] = agree
        if clause is not None:
            self.clauses[id(q)] = clause

    def name_of(self, m: Any) -> str:
        local = getattr(m, "local", None)
        full = self.full.get(local) if local is not None else None
        return full or getattr(m, "name", "") or self.text[m.start:m.end]


def _trimmed(text: str, a: int, b: int, kind: str) -> tuple[int, int, str] | None:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    if kind == "direct":
        while b > a and text[b - 1] in "»”\"":
            b -= 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
    return (a, b, kind) if b - a >= 2 else None


def _outlet(doc: _Doc, a: int, b: int) -> tuple[int, int, str, bool] | None:
    """(start, end, name, prefixed) of the first outlet named in f[a:b]; remembered."""
    found = lex.find_outlet(doc.text, doc.f, a, b, doc.recent)
    if found is not None and found[4] != "anaphor":
        doc.recent[""] = found[2]
        if found[4]:
            doc.recent[found[4]] = found[2]
    return found[:4] if found else None


def _phrase(doc: _Doc, a: int, b: int) -> tuple[int, int] | None:
    return lex.speaker_phrase(doc.text, doc.f, a, b)


def _display(s: str) -> str:
    """A speaker phrase as shown: hashtags («#الأمم_المتحدة») read as words."""
    return _clean(s.replace("_", " ").replace("#", ""))


def _agree(cue) -> str:
    return "p" if cue.plural else cue.gender


def _from_mention(doc: _Doc, q: Quote, m) -> None:
    q.speaker, q.speaker_start, q.speaker_end = _display(doc.name_of(m)), m.start, m.end
    q.speaker_mention = doc.index.get(id(m))
