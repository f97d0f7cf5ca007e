"""Entity resolution: NER spans → mentions of document-local entities → corpus entities.

Within a document (`resolve_document`): titles are split off into a role («الرئيس
الروسي»), clitics come off the name (وبيونج يانج → بيونج يانج; first_word.py weighs the
document's own bare forms and the tagger's name list), the alias table maps acronyms and
short forms to one canonical name (الناتو → حلف شمال الأطلسي), spelling variants meet on
the phonetic key (بوتين = بوتن) and a partial person name joins the one full name it fits
(بوتين → فلاديمير بوتين; كيم → كيم جونغ أون), but only when exactly one fits.

Across documents (`link`): the store fetches existing entities sharing any of a local
entity's match_keys; `link` picks the one to merge into, with the same relation
`same_entity` uses, so the merge-quality eval measures what ingest does. The pairwise
relation itself lives in `relation.py` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from marsad.records import compact_pickle

from ..arabic.names import (
    PHONETIC_MIN,
    AliasEntry,
    compound_tokens,
    letter_swapped_short,
    name_key,
    name_tokens,
    phonetic_key,
    strip_clitic,
)
from ..arabic.roles import split_role
from .first_word import first_word, listed_name
from .homographs import homograph, settle_homographs
from .relation import (  # noqa: F401 -- relation, same_entity and the rest re-exported
    FAMILY_NAME_FIRST,
    HOUSE,
    PARTIAL,
    PARTIAL_TYPES,
    PHONETIC,
    STRONG,
    alias_of,
    compatible,
    given_name,
    given_names_differ,
    latin_key,
    may_relate,
    org_part,
    partial_name,
    phonetic_equal,
    relation,
    remember_latin_keys,
    same_entity,
    shape,
    strong_key,
    swapped_places,
    token_equal,
)

__all__ = ["Candidate", "LocalEntity", "Mention", "link", "relation", "resolve_document",
           "same_entity"]


@compact_pickle
@dataclass(slots=True)
class Mention:
    """One span: offsets narrowed to the name (inside the NER span), and its entity."""

    start: int
    end: int
    type: str
    surface: str  # the whole NER span as it appears in the text
    name: str  # the name without role and clitic (display text)
    role: str | None
    local: int  # index into resolve_document's list of LocalEntity


@compact_pickle
@dataclass(slots=True)
class LocalEntity:
    """One entity of a document: the fields the store needs to create or merge it."""

    type: str
    name: str  # best display name: canonical alias, else the longest full form
    key: str  # name_key(name)
    match_keys: list[str]  # what the store looks candidates up by ("n:…", "p:…")
    aliases: list[str] = field(default_factory=list)  # distinct display names seen
    roles: list[str] = field(default_factory=list)
    latin: str | None = None
    mentions: int = 0
    # (to_latin, relation.latin_key) of each alias, computed here so the single writer need not
    # run the transliteration model again (remember_latin_keys, writer/linking.link_entities)
    latin_forms: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


@dataclass(slots=True)
class Candidate:
    """An existing entity the store found by a shared match key."""

    id: int
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0


# ---------------------------------------------------------------- cross-document


# How sure a link is, by what it rests on (shown beside each mention; the dashboard and
# `marsad entity` set the links under UNCERTAIN apart). A spelling variant is right
# nearly always on the variant rules; a lone surname is as sure as its dominance.
CONFIDENCE = {STRONG: 1.0, PHONETIC: 0.85}
LONE_CONFIDENCE = 0.9  # times the dominant entity's share of the surname's candidates
UNLINKED_CONFIDENCE = 0.5  # a lone name no full name dominates: kept on its own
UNCERTAIN = 0.7
# A lone surname in an article that never gives the full name joins the entity whose full
# name ends with it only when that entity holds at least this share of the mentions of
# every entity it could be (محمد صلاح against عبدالله صالح is no contest; two Hariris are).
DOMINANCE_SHARE = 0.8
# A lone name that no full name in the corpus ends with (a mononym such as نيمار, or a
# surname whose full form was never printed: بلاتر) joins the other lone uses of the same
# word across articles, unless it is a common given name (one «خالد» entity for every
# Khalid would hold many people). With a full name around but none dominant it stays in
# its own article. Resolution DEV gold: 17 same-person pairs of lone names were apart.
LONE_BUCKETS = True
LONE_BUCKET_MIN = 5  # letters: short lone words («عبد», «خالص», «كروز») are cut names, words or many people


def link(local: LocalEntity, candidates: list[Candidate]) -> int | None:
    """Id of the existing entity `local` is, or None for a new one. Deterministic."""
    return link_scored(local, candidates)[0]


def _full(names: list[str], type_: str) -> list[str]:
    """The names that can stand for a person on their own: more than one word."""
    if type_ not in PARTIAL_TYPES:
        return names
    return [n for n in names if _stands_alone(n, type_)]


@lru_cache(maxsize=1 << 16)
def _stands_alone(name: str, type_: str) -> bool:
    # «عبد العزيز» is one given name in two words: alone it names nobody in particular
    return len(compound_tokens(name)) > 1 or alias_of(name, type_) is not None


def link_scored(local: LocalEntity, candidates: list[Candidate]) -> tuple[int | None, int, float]:
    """(entity id or None for a new one, the relation it linked by, confidence).

    Full names link to full names only: the same name or alias-table entry (STRONG), a
    spelling variant or a longer form of it (PHONETIC); the most-mentioned, then the
    oldest id wins. A person named only by a lone word joins the entity that dominates it
    (`_link_lone`). A lone alias of an entity never links a full name to it, so one
    surname cannot chain two people together (محمد صلاح, صلاح, عبدالله صالح).
    """
    names = _full(local.aliases or [local.name], local.type)
    if not names:
        return _link_lone(local, candidates)
    best: tuple[int, int, int] | None = None  # (relation, mentions, -id)
    # A full match outranks every other relation: when one exists, the cheap test over
    # all candidates decides, and no phonetic comparison is run.
    # strong(a, b) for every pair, as set lookups: a name with a table entry is strong
    # with a table name of the same entry or a plain name of its entry's key; a plain
    # name with any name of its key (the pairwise calls were 7% of the writer's time)
    mine = [strong_key(a, local.type) for a in names]
    entries = {e for e, _ in mine if e is not None}
    plain_keys = {k for e, k in mine if e is None}
    entry_keys = {k for e, k in mine if e is not None}
    for cand in candidates:
        if not compatible(cand.type, local.type):
            continue
        for b in _full([cand.name, *cand.aliases], local.type):
            e, k = strong_key(b, local.type)
            if k in plain_keys or (e in entries if e is not None else k in entry_keys):
                score = (STRONG, cand.mentions, -cand.id)
                if best is None or score > best:
                    best = score
                break
    if best is not None:
        return -best[2], STRONG, CONFIDENCE[STRONG]
    # No pair is strong now (relation() is STRONG exactly when strong_key says so), so a
    # candidate of another type cannot link, and PHONETIC is the most a pair can give.
    t = local.type
    mine_shapes = [(a, shape(a, t)) for a in names]
    for cand in sorted(candidates, key=lambda c: c.id):
        if cand.type != t:
            continue
        theirs = [(b, shape(b, t)) for b in _full([cand.name, *cand.aliases], t)]
        if any(may_relate(sa, sb, t) and relation(a, b, t) == PHONETIC
               for a, sa in mine_shapes for b, sb in theirs):
            score = (PHONETIC, cand.mentions, -cand.id)
            if best is None or score > best:
                best = score
    if best is not None:
        return -best[2], PHONETIC, CONFIDENCE[PHONETIC]
    return None, 0, CONFIDENCE[STRONG]


def _link_lone(local: LocalEntity, candidates: list[Candidate]) -> tuple[int | None, int, float]:
    """A person named by a lone word (ترامب, صلاح) across documents.

    It joins the full-named entity whose last (or first) word it is when that entity dominates
    (DOMINANCE_SHARE of the mentions of all such entities); otherwise it stays with the
    other lone uses of the same word (an entity of its own, low confidence), where a user
    sees it as unresolved instead of inside the wrong person.
    """
    t = local.type
    lone = local.aliases or [local.name]
    fits: list[Candidate] = []
    bucket: Candidate | None = None
    for cand in sorted(candidates, key=lambda c: c.id):
        if cand.type != t:
            continue
        theirs = [cand.name, *cand.aliases]
        full = _full(theirs, t)
        if full:
            # every name the article gave it must fit: «أبي أحمد» and «أبي» are Abiy
            # Ahmed, though the lone «أبي» alone would fit «شينزو آبي» (ANT, June 2018)
            if all(any(surname_of(a, b) for b in full) for a in lone):
                fits.append(cand)
        elif LONE_BUCKETS and bucket is None and any(relation(a, b, t) >= PHONETIC
                                                     for a in lone for b in theirs):
            bucket = cand
    if fits:
        bucket = None
        total = sum(max(c.mentions, 1) for c in fits)
        top = max(fits, key=lambda c: (c.mentions, -c.id))
        share = max(top.mentions, 1) / total
        if share >= DOMINANCE_SHARE:
            return top.id, PARTIAL, round(LONE_CONFIDENCE * share, 3)
    if bucket is not None and not any(given_name(a) or len(name_key(a)) < LONE_BUCKET_MIN
                                      for a in lone):
        return bucket.id, PARTIAL, UNLINKED_CONFIDENCE
    return None, 0, UNLINKED_CONFIDENCE


def surname_of(lone: str, full: str) -> bool:
    """`lone` is the last word of the full name `full`, or its first when that is a family
    name written first (كيم), a spelling of it, and no common given name (a lone محمد stands for
    nobody in particular). A short word with one letter swapped is not his: a lone «جين»
    was Jean Birkin, Yun Ho-jin and a Haitian candidate, never Harry Kane (ANT, 2018)."""
    toks = compound_tokens(full)
    if len(toks) > 2 and name_key(toks[-2]) == HOUSE:
        return False  # «آل سعود» is a house of thousands: a lone «سعود» is no prince of it
    return (len(compound_tokens(lone)) == 1 and len(toks) > 1 and not given_name(lone)
            and ((token_equal(lone, toks[-1]) and not letter_swapped_short(lone, toks[-1]))
                 or (name_key(lone) in FAMILY_NAME_FIRST and token_equal(lone, toks[0]))))


# ---------------------------------------------------------------- within a document


class _Groups:
    """Union-find over mention indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _narrow(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """Offsets of `name` inside the span; the whole word when the name was rebuilt (لل)."""
    surface = text[start:end]
    idx = surface.rfind(name)
    if idx >= 0:
        return start + idx, start + idx + len(name)
    idx = surface.rfind(name[1:])  # «للناتو» → name الناتو: keep «لناتو», the name's letters
    if idx >= 0 and len(name) > 2:
        return start + idx, start + idx + len(name) - 1
    return start, end


def _match_keys(type_: str, names: list[str], canonical: AliasEntry | None) -> list[str]:
    keys: dict[str, None] = {}  # insertion-ordered set

    def add(k: str) -> None:
        if k:
            keys[k] = None

    for n in names + ([canonical.name] if canonical else []):
        add("n:" + name_key(n))
        p = phonetic_key(n)
        if len(p) >= 2:
            add("p:" + p)
        toks = name_tokens(n)
        if type_ in PARTIAL_TYPES and len(toks) > 1:
            # a lone surname (or a Korean/Chinese family name first) in another document
            for t in (toks[0], toks[-1]):
                add("n:" + name_key(t))
                if len(phonetic_key(t)) >= PHONETIC_MIN:
                    add("p:" + phonetic_key(t))
    return list(keys)


def resolve_document(text: str, spans: list[tuple[int, int, str]]
                     ) -> tuple[list[Mention], list[LocalEntity]]:
    """Mentions and local entities of one document from its NER spans (start, end, label)."""
    raw: list[tuple[int, int, str, str | None, str]] = []  # start, end, type, role, name
    for start, end, label in sorted(spans):
        role, name = split_role(text[start:end], listed_name)
        if name:
            raw.append((start, end, label, role, name))
    if not raw:
        return [], []
    # A clitic-looking first letter comes off when the document has the bare form (وكيم, كيم).
    bare = frozenset(name_key(t) for *_, name in raw for t in name_tokens(name))
    names: list[str] = []
    for _, _, label, _, name in raw:
        first, sep, rest = name.partition(" ")
        stripped = first_word(first, label, bare, several=bool(sep))
        if stripped == first:
            stripped = _known_without_clitic(first, sep + rest, label)
        names.append(stripped + sep + rest if stripped != first else name)
    written = list(names)  # where each name sits in its span, whatever it is renamed to
    settle_homographs(text, [(r[0], r[1], r[2]) for r in raw], names)

    n = len(raw)
    groups = _Groups(n)
    aliases = [alias_of(nm, r[2]) for nm, r in zip(names, raw, strict=True)]
    canon = [a.name if a else nm for a, nm in zip(aliases, names, strict=True)]
    by_key: dict[tuple[str, str], int] = {}
    by_phon: dict[tuple[str, str], int] = {}
    for i in range(n):
        t = raw[i][2]
        k = (t, name_key(canon[i]))
        if k in by_key:
            groups.union(by_key[k], i)
        else:
            by_key[k] = i
    for i in range(n):
        t = raw[i][2]
        p = phonetic_key(canon[i])
        if not p:
            continue
        j = by_phon.setdefault((t, p), i)
        if j != i and phonetic_equal(canon[i], canon[j]) \
                and not swapped_places(canon[i], canon[j], t) and (
                aliases[i] is None or aliases[j] is None or aliases[i] == aliases[j]):
            groups.union(j, i)

    # Partial person names: join the single group whose full name they fit.
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(groups.find(i), []).append(i)
    roots = sorted(members)
    longest = {r: max((canon[i] for i in members[r]), key=lambda s: (len(name_tokens(s)), len(s)))
               for r in roots}
    places = {name_key(canon[i]) for i in range(n) if raw[i][2] == "LOC"}
    for r in roots:
        t = raw[r][2]
        if t in PARTIAL_TYPES:
            short = name_tokens(longest[r])
            fits = {groups.find(o) for o in roots if o != r and raw[o][2] == t
                    and partial_name(short, name_tokens(longest[o]))}
        elif t == "ORG" and not any(aliases[m] for m in members[r]) \
                and name_key(longest[r]) not in places and not homograph(longest[r], t):
            # a club or company in full, then by one of its words («بايرن»); never a
            # name several clubs share («الأهلي»: homographs left it open)
            fits = {groups.find(o) for o in roots if o != r and raw[o][2] == t
                    and org_part(longest[r], longest[o])}
        else:
            continue
        fits.discard(groups.find(r))
        if len(fits) == 1:
            groups.union(next(iter(fits)), r)

    # Build the entities in order of first mention.
    index: dict[int, int] = {}
    entities: list[LocalEntity] = []
    members = {}
    for i in range(n):
        members.setdefault(groups.find(i), []).append(i)
    mentions: list[Mention] = []
    for i, (start, end, label, role, _) in enumerate(raw):
        r = groups.find(i)
        if r not in index:
            index[r] = len(entities)
            entities.append(_entity(label, [names[m] for m in members[r]],
                                    [raw[m][3] for m in members[r]],
                                    next((aliases[m] for m in members[r] if aliases[m]), None)))
        s, e = _narrow(text, start, end, written[i])
        mentions.append(Mention(s, e, label, text[start:end], names[i], role, index[r]))
    return mentions, entities


def _known_without_clitic(first: str, tail: str, label: str) -> str:
    """The first word less its clitic when that makes the whole name an alias-table entry
    and the name as written is no other entry («[و]الولايات المتحدة», «[ل]بريطانيا»,
    «[ل]مجلس الأمن»). The tagger's lists hold such clitic forms as written, so the list
    evidence of first_word kept them: over ANT outside May 2018, «والولايات المتحدة» was
    shown as a spelling of the United States 586 times."""
    if first[:1] not in "وفبلك":
        return first
    bare = strip_clitic(first)
    if bare == first:
        return first
    entry = alias_of(bare + tail, label)
    if entry is not None and alias_of(first + tail, label) in (None, entry):
        return bare
    return first


def _entity(type_: str, names: list[str], roles: list[str | None],
            entry: AliasEntry | None) -> LocalEntity:
    from ..translit import to_latin
    from ..translit.known import latin_name

    seen: dict[str, str] = {}
    counts: dict[str, int] = {}
    for nm in names:
        k = name_key(nm)
        seen.setdefault(k, nm)
        counts[k] = counts.get(k, 0) + 1
    display = list(seen.values())
    if entry is not None:
        best = entry.name
    else:
        # the longest full form; ties go to the most frequent, then the first seen
        best = max(display, key=lambda s: (len(name_tokens(s)), counts[name_key(s)],
                                           -display.index(s)))
    role_list: list[str] = []
    for r in roles:
        if r and r not in role_list:
            role_list.append(r)
    latin = entry.latin if entry is not None and entry.latin else latin_name(best)
    return LocalEntity(type=type_, name=best, key=name_key(best),
                       match_keys=_match_keys(type_, display, entry), aliases=display,
                       roles=role_list, latin=latin, mentions=len(names),
                       latin_forms={n: (to_latin(n), latin_key(n)) for n in display})
