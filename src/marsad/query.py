"""User search syntax → a safe FTS5 MATCH expression built only from analysed terms.

Syntax: bare words must all match (AND); "quoted phrases" match as phrases; OR (or |)
between two items makes either enough; -word and -"phrase" exclude; NOT word excludes;
AND and parentheses are accepted and ignored. Everything else a user may type — stray
or unbalanced quotes, lone operators, * : ^ NEAR( column filters, emoji — is either
analysed away or dropped, so the expression never carries user syntax into FTS5:
every term is double-quoted and only our own AND/OR/NOT join them. Never raises.
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


@dataclass(slots=True)
class Query:
    """A parsed query: the MATCH expression (None when nothing searchable is left)."""

    text: str
    match: str | None
    terms: list[str] = field(default_factory=list)  # positive terms, for highlighting
    note: str | None = None  # why nothing is searched, for the user


def _phrase(terms: list[str]) -> str:
    # Terms are letters and digits; escaping the quote anyway keeps the invariant local.
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


def parse(text: str) -> Query:
    """Parse user search syntax into a `Query` (see the module docstring)."""
    raw = text or ""
    cut = raw[:MAX_QUERY_CHARS].replace("\u201c", '"').replace("\u201d", '"')
    cut = cut.replace("«", '"').replace("»", '"')
    groups: list[list[str]] = []  # AND of ORs of phrases
    excluded: list[str] = []
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
        phrase = _phrase(analysed)
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
        kept = {t for g in groups for p in g for t in p.strip('"').split()}
        terms = [t for t in terms if t in kept or f'"{t}"' not in dropped]
    if not groups:
        note = "nothing to search for" if not excluded else "a query needs a word to include"
        return Query(raw, None, [], note)
    expr = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    if excluded:
        expr = f"({expr}) NOT ({' OR '.join(excluded)})"
    return Query(raw, expr, list(dict.fromkeys(terms)))
