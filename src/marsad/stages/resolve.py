"""Entity resolution: NER spans → mentions of document-local entities → corpus entities.

Within a document (`resolve_document`): titles are split off into a role («الرئيس
الروسي»), clitics come off the name (وبيونج يانج → بيونج يانج, using the document's own
bare forms as evidence: وكيم → كيم when كيم occurs), the alias table maps acronyms and
short forms to one canonical name (الناتو → حلف شمال الأطلسي), spelling variants meet on
the phonetic key (بوتين = بوتن) and a partial person name joins the one full name it fits
(بوتين → فلاديمير بوتين; كيم → كيم جونغ أون), but only when exactly one fits.

Across documents (`link`): the store fetches existing entities sharing any of a local
entity's match_keys; `link` picks the one to merge into, with the same relation
`same_entity` uses, so the merge-quality eval measures what ingest does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from marsad.records import compact_pickle

from ..arabic.names import (
    PHONETIC_MIN,
    AliasEntry,
    alias_entry,
    name_key,
    name_tokens,
    phonetic_key,
    split_role,
    strip_clitic,
)

__all__ = ["Candidate", "LocalEntity", "Mention", "link", "relation", "resolve_document",
           "same_entity"]

# Types whose partial names (one word of a longer name) may join the full name. Places
# and organisations may not: كوريا is not كوريا الشمالية, واشنطن is not واشنطن بوست.
PARTIAL_TYPES = frozenset({"PER"})
# NER confuses organisations and places named after each other (الكرملين, بيونغ يانغ as the
# government): the alias table may join them across these two types.
_PLACE_LIKE = frozenset({"ORG", "LOC", "MISC"})
# A phonetic skeleton this short joins unrelated names (علي, عالية) unless both names are
# long (سوريا = سورية, skeleton سر): then SHORT_SKELETON_MIN_LETTERS letters are required.
SHORT_SKELETON_MIN_LETTERS = 5
# Strict Latin keys shorter than this (Kim → km) say too little to join names on.
LATIN_KEY_MIN = 3

# Given names too common to stand for one person on their own: a lone «محمد» joins no
# full name (it may still join another lone «محمد» of the same document). Their spelling
# is fixed, so a vowel letter more or less is another name (محمد ≠ محمود, الحسن ≠ الحسين):
# where they differ, no phonetic or Latin match.
COMMON_GIVEN_NAMES = frozenset(name_key(n) for n in (
    "محمد", "أحمد", "محمود", "مصطفى", "علي", "عمر", "عثمان", "حسن", "حسين", "خالد", "سعد",
    "سعيد", "فهد", "سلمان", "عبدالله", "عبد الله", "عبدالعزيز", "عبد العزيز", "عبدالرحمن",
    "عبد الرحمن", "إبراهيم", "يوسف", "يحيى", "زكريا", "موسى", "عيسى", "سليمان", "فاطمة",
    "مريم", "عائشة", "نور", "جون", "جورج", "ديفيد", "مايكل", "بن", "ابن", "أبو", "أم",
    "حسني", "حسنين", "مسعود", "مسعد", "حامد", "حمد", "حمود", "أمين", "أمينة", "كريم", "كريمة",
    "بدر", "بدرية", "سعاد", "فؤاد", "حسان", "حسنة", "حسنى", "جعفر", "طلال", "زيد",
))

STRONG, PHONETIC, PARTIAL = 3, 2, 1
_CLITIC_LETTERS = frozenset("وفبلك")


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
    # (to_latin, _latin_key) of each alias, computed here so the single writer need not
    # run the transliteration model again (remember_latin_keys, entities.link_entities)
    latin_forms: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


@dataclass(slots=True)
class Candidate:
    """An existing entity the store found by a shared match key."""

    id: int
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0


# ---------------------------------------------------------------- the relation


def _compatible(type_a: str, type_b: str) -> bool:
    return type_a == type_b or (type_a in _PLACE_LIKE and type_b in _PLACE_LIKE)


def _alias(name: str, type_: str) -> AliasEntry | None:
    hit = alias_entry(name)
    return hit if hit is not None and _compatible(hit.type, type_) else None


def _given_name(token: str) -> bool:
    k = name_key(token)
    return k in COMMON_GIVEN_NAMES or (k.startswith("ال") and k[2:] in COMMON_GIVEN_NAMES)


def _given_names_differ(a: str, b: str) -> bool:
    """Arabic given names are spelled one way: محمد ≠ محمود, الحسن بن علي ≠ الحسين بن علي."""
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) != len(tb):
        return len(ta) == 1 and _given_name(ta[0]) or len(tb) == 1 and _given_name(tb[0])
    return any(name_key(x) != name_key(y) and (_given_name(x) or _given_name(y))
               for x, y in zip(ta, tb, strict=True))


def _phonetic_equal(a: str, b: str) -> bool:
    if _given_names_differ(a, b):
        return False
    pa = phonetic_key(a)
    if not pa or pa != phonetic_key(b):
        return False
    if len(pa) >= PHONETIC_MIN:
        return True
    return len(pa) >= 2 and min(len(name_key(a)), len(name_key(b))) >= SHORT_SKELETON_MIN_LETTERS


def _latin_equal(a: str, b: str) -> bool:
    """Same strict Latin key of the model's spellings of both names.

    The model reads letters in context (ج before و in a foreign name is j or g), which the
    context-free phonetic key cannot; it joins short variants the skeleton is too short
    for. On translit_dev: recall 0.585 → 0.633 at the same precision (0.950).
    """
    ka = _latin_key(a)
    return ka is not None and ka == _latin_key(b) and not _given_names_differ(a, b)


# Strict Latin keys of names, as _latin_key computes them. Workers decode every name of
# their documents (LocalEntity.latin_forms); the single writer takes those answers
# (remember_latin_keys) instead of running the transliteration model again on names it
# compares: that decoding was a fifth of the writer's linking time on ANT.
_LATIN_KEYS: dict[str, str | None] = {}
# Names remembered before the table restarts (~100 bytes each); a forgotten one is decoded.
LATIN_KEYS_MAX = 1 << 17


def _latin_key(name: str) -> str | None:
    """Strict Latin key of the model's spelling; None for names with digits and short keys."""
    try:
        return _LATIN_KEYS[name]
    except KeyError:
        pass
    from ..translit import latin_keys, to_latin

    key = None
    if not any(c.isdigit() for c in name):  # to_latin drops digits: مونديال 2006 ≠ 2002
        latin = to_latin(name)
        keys = latin_keys(latin) if latin else []
        key = keys[0] if keys and len(keys[0]) >= LATIN_KEY_MIN else None
    remember_latin_keys({name: key})
    return key


def remember_latin_keys(known: dict[str, str | None]) -> None:
    """Take strict Latin keys computed elsewhere (a worker's `LocalEntity.latin_forms`)."""
    if len(_LATIN_KEYS) >= LATIN_KEYS_MAX:
        _LATIN_KEYS.clear()
    _LATIN_KEYS.update(known)


def _token_equal(a: str, b: str) -> bool:
    return name_key(a) == name_key(b) or _phonetic_equal(a, b)


def _partial(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`short` is the last word or the first words of `full` (never a lone common given name)."""
    n = len(short)
    if not 0 < n < len(full) or (n == 1 and _given_name(short[0])):
        return False  # a lone علي or الحسن stands for nobody in particular
    # Several last words are a father's chain, not this person (علي عبد الله صالح is the
    # father of أحمد علي عبد الله صالح): only a single surname matches at the end.
    if n == 1 and _token_equal(short[0], full[-1]):
        return True
    return all(_token_equal(s, f) for s, f in zip(short, full[:n], strict=True))


# The writer compares each arriving name with its candidates' most used spellings; the
# same pairs come back article after article (ANT: ~125 comparisons per article, most of
# them repeats), so the answers are kept.
@lru_cache(maxsize=1 << 18)
def relation(a: str, b: str, type_: str) -> int:
    """How two names of one type relate: STRONG, PHONETIC, PARTIAL or 0 (different)."""
    if _strong(a, b, type_):
        return STRONG
    ea, eb = _alias(a, type_), _alias(b, type_)
    if ea is not None and eb is not None:
        # both in the table: the table decides (روسيا ≠ روسيا البيضاء)
        return STRONG if ea.name == eb.name else 0
    ca = ea.name if ea else a
    cb = eb.name if eb else b
    if name_key(ca) == name_key(cb):
        return STRONG
    if _phonetic_equal(ca, cb) or _latin_equal(ca, cb):
        return PHONETIC
    if type_ in PARTIAL_TYPES:
        ta, tb = name_tokens(ca), name_tokens(cb)
        if _partial(ta, tb) or _partial(tb, ta):
            return PARTIAL
    return 0


@lru_cache(maxsize=1 << 17)
def _strong_key(name: str, type_: str) -> tuple[str | None, str]:
    """(the alias-table entry's name or None, name key of the canonical form): _strong(a,
    b) is true exactly when both entries are set and equal, or either is None and the
    keys are equal."""
    entry = _alias(name, type_)
    return (entry.name, name_key(entry.name)) if entry else (None, name_key(name))


@lru_cache(maxsize=1 << 18)
def _strong(a: str, b: str, type_: str) -> bool:
    """relation(a, b, type_) == STRONG, without the costly tests (phonetic, Latin)."""
    ea, eb = _alias(a, type_), _alias(b, type_)
    if ea is not None and eb is not None:
        return ea.name == eb.name
    return name_key(ea.name if ea else a) == name_key(eb.name if eb else b)


@lru_cache(maxsize=1 << 17)
def _reach(name: str, type_: str) -> frozenset[tuple[str, str]]:
    """Keys two names share whenever relation() relates them: the name key, phonetic and
    strict Latin keys of the (alias-table) canonical form, and the name and phonetic key
    of each of its words (partial names match word by word). Disjoint sets mean
    relation() is 0, so the writer skips the pair: most of its candidates share only a
    common word's key with a name, and the full test of each such pair was a tenth of
    the writer's time on ANT."""
    entry = _alias(name, type_)
    canon = entry.name if entry else name
    keys = {("n", name_key(canon)), ("p", phonetic_key(canon))}
    latin = _latin_key(canon)
    if latin is not None:
        keys.add(("l", latin))
    for token in name_tokens(canon):
        keys.add(("n", name_key(token)))
        keys.add(("p", phonetic_key(token)))
    return frozenset(keys)


def same_entity(a: str, b: str, type: str) -> bool:  # noqa: A002 -- the API's name
    """Do two name phrases (titles and clitics allowed) name one entity? Pairwise, no context."""
    na, nb = split_role(a)[1], split_role(b)[1]
    if not na or not nb:
        return False
    # each name is the other's evidence for a clitic, as the document is in resolve_document
    na, nb = _strip_with(na, nb), _strip_with(nb, na)
    return relation(na, nb, type) > 0


def _strip_with(name: str, other: str) -> str:
    toks = name.split(" ")
    bare = frozenset(name_key(t) for t in name_tokens(other))
    stripped = strip_clitic(toks[0], bare)
    return " ".join([stripped, *toks[1:]]) if stripped != toks[0] else name


# ---------------------------------------------------------------- cross-document


def link(local: LocalEntity, candidates: list[Candidate]) -> int | None:
    """Id of the existing entity `local` is, or None for a new one. Deterministic.

    Full and phonetic matches win (the most-mentioned, then the oldest id); a partial
    match (a lone surname) links only when exactly one candidate fits it.
    """
    return link_scored(local, candidates)[0]


def link_scored(local: LocalEntity, candidates: list[Candidate]) -> tuple[int | None, int]:
    """`link`, with the relation it linked by (0 when it found none)."""
    best: tuple[int, int, int] | None = None  # (relation, mentions, -id)
    partial: set[int] = set()
    names = local.aliases or [local.name]
    # A full match outranks every other relation: when one exists, the cheap test over
    # all candidates decides, and no phonetic or Latin comparison is run.
    # _strong(a, b) for every pair, as set lookups: a name with a table entry is strong
    # with a table name of the same entry or a plain name of its entry's key; a plain
    # name with any name of its key (the pairwise calls were 7% of the writer's time)
    mine = [_strong_key(a, local.type) for a in names]
    entries = {e for e, _ in mine if e is not None}
    plain_keys = {k for e, k in mine if e is None}
    entry_keys = {k for e, k in mine if e is not None}
    for cand in candidates:
        if not _compatible(cand.type, local.type):
            continue
        for b in [cand.name, *cand.aliases]:
            e, k = _strong_key(b, local.type)
            if k in plain_keys or (e in entries if e is not None else k in entry_keys):
                score = (STRONG, cand.mentions, -cand.id)
                if best is None or score > best:
                    best = score
                break
    if best is not None:
        return -best[2], STRONG
    for cand in sorted(candidates, key=lambda c: c.id):
        if not _compatible(cand.type, local.type):
            continue
        rel = 0
        for a in names:
            reach = _reach(a, local.type)
            for b in [cand.name, *cand.aliases]:
                if reach.isdisjoint(_reach(b, local.type)):
                    continue  # relation(a, b) is 0: no key in common
                rel = max(rel, relation(a, b, local.type))
                if rel == STRONG:
                    break
            if rel == STRONG:
                break
        if cand.type != local.type and rel < STRONG:
            continue
        if rel == PARTIAL:
            partial.add(cand.id)
        elif rel:
            score = (rel, cand.mentions, -cand.id)
            if best is None or score > best:
                best = score
    if best is not None:
        return -best[2], best[0]
    if len(partial) == 1:
        return next(iter(partial)), PARTIAL
    return None, 0


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
    keys: list[str] = []

    def add(k: str) -> None:
        if k and k not in keys:
            keys.append(k)

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
    return keys


def resolve_document(text: str, spans: list[tuple[int, int, str]]
                     ) -> tuple[list[Mention], list[LocalEntity]]:
    """Mentions and local entities of one document from its NER spans (start, end, label)."""
    raw: list[tuple[int, int, str, str | None, str]] = []  # start, end, type, role, name
    for start, end, label in sorted(spans):
        role, name = split_role(text[start:end])
        if name:
            raw.append((start, end, label, role, name))
    if not raw:
        return [], []
    # A clitic-looking first letter comes off when the document has the bare form (وكيم, كيم).
    bare = frozenset(name_key(t) for *_, name in raw for t in name_tokens(name))
    names: list[str] = []
    for _, _, _, _, name in raw:
        first, sep, rest = name.partition(" ")
        stripped = strip_clitic(first, bare) if first[:1] in _CLITIC_LETTERS else first
        names.append(stripped + sep + rest if stripped != first else name)

    n = len(raw)
    groups = _Groups(n)
    aliases = [_alias(nm, r[2]) for nm, r in zip(names, raw, strict=True)]
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
        if j != i and _phonetic_equal(canon[i], canon[j]) and (
                aliases[i] is None or aliases[j] is None or aliases[i] == aliases[j]):
            groups.union(j, i)
    by_latin: dict[tuple[str, str], int] = {}
    for (t, _), i in by_key.items():  # one name per spelling: the model runs once per name
        lk = _latin_key(canon[i])
        if lk is None:
            continue
        j = by_latin.setdefault((t, lk), i)
        if j != i and (aliases[i] is None or aliases[j] is None or aliases[i] == aliases[j]) \
                and not _given_names_differ(canon[i], canon[j]):
            groups.union(j, i)

    # Partial person names: join the single group whose full name they fit.
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(groups.find(i), []).append(i)
    roots = sorted(members)
    longest = {r: max((canon[i] for i in members[r]), key=lambda s: (len(name_tokens(s)), len(s)))
               for r in roots}
    for r in roots:
        t = raw[r][2]
        if t not in PARTIAL_TYPES:
            continue
        short = name_tokens(longest[r])
        fits = {groups.find(o) for o in roots if o != r and raw[o][2] == t
                and _partial(short, name_tokens(longest[o]))}
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
        s, e = _narrow(text, start, end, names[i])
        mentions.append(Mention(s, e, label, text[start:end], names[i], role, index[r]))
    return mentions, entities


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
                       latin_forms={n: (to_latin(n), _latin_key(n)) for n in display})
