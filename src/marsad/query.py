"""User search syntax → a parsed `Query` of analysed terms, which each store renders in its
own engine's syntax (SQLite: an FTS5 MATCH expression, store/sqlite/fts.py).

Syntax: bare words must all match (AND); "quoted phrases" match as phrases; OR (or |)
between two items makes either enough; -word and -"phrase" exclude; NOT word excludes;
AND and parentheses are accepted and ignored. Everything else a user may type — stray
or unbalanced quotes, lone operators, * : ^ NEAR( column filters, emoji — is either
analysed away or dropped, so no user syntax reaches a search engine: a `Query` holds
only analysed terms, and a backend joins them with its own AND/OR/NOT. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.arabic.stem import analyze

# Longer input is cut: a query is a few words, and a pasted article would make a MATCH
# with thousands of phrases that costs seconds for no useful ranking.
MAX_QUERY_CHARS = 500
# Items (words or phrases) kept per query, for the same reason.
MAX_ITEMS = 32

# A quoted phrase (closing quote optional), or a run of non-space, non-quote characters.
_ITEM_RE = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_OR = frozenset({"OR", "|", "||"})
_IGNORED = frozenset({"AND", "&", "&&"})
_NOT = frozenset({"NOT"})
# Function words (as `analyze` leaves them) that a bare query word is dropped for when the
# query has another word: nearly every article holds them, so requiring one ranked them
# all (a 20k-hit «فى القاهرة» cost 170 ms at a million articles, issue 15) and changed
# little of the ranking, where BM25 weights them near zero. «علي» stays: it is also Ali.
# In quotes they stay part of the phrase («"مجلس الأمن الدولي"»).
STOP_TERMS = frozenset("""
في من الي عن مع ان او ما لا هذا هذه التي الذي الذين قد كان كانت بعد قبل بين حول منذ ثم
كما لم لن هو هي ذلك تلك عند حتي خلال
""".split())


Phrase = tuple[str, ...]  # analysed terms that must follow each other


@dataclass(slots=True)
class Query:
    """A parsed query: every group must match, a group when any of its phrases does, and
    no excluded phrase may. Nothing searchable left: no groups, and a `note` says why."""

    text: str
    groups: list[list[Phrase]] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # positive terms, for highlighting
    note: str | None = None  # why nothing is searched, for the user

    @property
    def empty(self) -> bool:
        return not self.groups


def parse(text: str) -> Query:
    """Parse user search syntax into a `Query` (see the module docstring)."""
    raw = text or ""
    cut = raw[:MAX_QUERY_CHARS].replace("\u201c", '"').replace("\u201d", '"')
    cut = cut.replace("«", '"').replace("»", '"')
    groups: list[list[Phrase]] = []  # AND of ORs of phrases
    excluded: list[Phrase] = []
    terms: list[str] = []
    join_next = negate_next = False
    stops: set[int] = set()  # groups holding a lone function word
    items = 0
    for m in _ITEM_RE.finditer(cut):
        if items >= MAX_ITEMS:
            break
        quoted = m.group(2) is not None
        body = m.group(2) if quoted else m.group(4)
        minus = bool(m.group(1) if quoted else m.group(3))
        if not quoted:
            bare = body.strip("()")
            if bare in _OR:
                join_next = bool(groups)
                continue
            if bare in _IGNORED:
                continue
            if bare in _NOT:
                negate_next = True
                continue
        analysed = analyze(body)
        if not analysed:
            continue
        items += 1
        phrase = tuple(analysed)
        if minus or negate_next:
            excluded.append(phrase)
        elif join_next:
            groups[-1].append(phrase)
            terms.extend(analysed)
        else:
            groups.append([phrase])
            if not quoted and all(t in STOP_TERMS for t in analysed):
                stops.add(len(groups) - 1)
            terms.extend(analysed)
        join_next = negate_next = False
    if stops and len(stops) < len(groups):  # words of substance left: the stop words go
        dropped = [g[0] for i, g in enumerate(groups) if i in stops and len(g) == 1]
        groups = [g for i, g in enumerate(groups) if i not in stops or len(g) > 1]
        kept = {t for g in groups for p in g for t in p}
        terms = [t for t in terms if t in kept or (t,) not in dropped]
    if not groups:
        note = "nothing to search for" if not excluded else "a query needs a word to include"
        return Query(raw, note=note)
    return Query(raw, groups, excluded, list(dict.fromkeys(terms)))
