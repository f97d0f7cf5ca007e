"""How two entity names relate: the pairwise decisions behind entity resolution.

`relation(a, b, type)` says whether two names of one type are the same entity (STRONG:
same name or alias-table entry; PHONETIC: spellings of one name under the variant rules
of `arabic.names.spelling_variants`, or a person's full name with more middle words;
PARTIAL: one is the surname or the first words of the other) or not (0). `resolve.resolve_document` uses it within a document,
`resolve.link` across documents, and `same_entity` is the pairwise form the
merge-quality eval scores. `shape` and `strong_key` are per-name keys that let the
writer skip pairs the relation cannot relate.
"""

from __future__ import annotations

from functools import lru_cache

from ..arabic.names import (
    COMMON_GIVEN_NAMES,
    ORG_HEADS,
    AliasEntry,
    alias_entry,
    arabic_shaped,
    compound_tokens,
    letter_swapped_short,
    name_key,
    name_tokens,
    phonetic_key,
    spelling_variants,
    strip_clitic,
    vowels_elsewhere,
)
from ..arabic.roles import split_role

# Words that head an organisation's name («الاتحاد الأوروبي», «بنك باركليز»): alone
# they name none of them («الاتحاد» is a club, a federation, a union).
# «أهلي» heads clubs of many cities (أهلي جدة, the Egyptian الأهلي, أهلي دبي): «الأهلي»
# beside «أهلي جدة» folded the Jeddah club into the Cairo one, the corpus's larger.
_ORG_HEADS = frozenset(name_key(w) for w in (*ORG_HEADS, "أهلي", "شباب"))
# «إنتر ميلان» is not «ميلان» (two clubs of one city): a last word never stands for
# the whole after these first words.
_OWN_CLUB_AFTER = frozenset(name_key(w) for w in ("إنتر", "انتر", "انترناسيونالي"))

# Types whose partial names (one word of a longer name) may join the full name. Places
# and organisations may not: كوريا is not كوريا الشمالية, واشنطن is not واشنطن بوست
# (inside one article an organisation may, by one of its own words: `org_part`).
PARTIAL_TYPES = frozenset({"PER"})
# NER confuses organisations and places named after each other (الكرملين, بيونغ يانغ as the
# government): the alias table may join them across these two types.
PLACE_LIKE = frozenset({"ORG", "LOC", "MISC"})
# Strict Latin keys shorter than this (Kim → km) say too little to join names on.
LATIN_KEY_MIN = 3


STRONG, PHONETIC, PARTIAL = 3, 2, 1

# Family names written first (Korean, Chinese, Vietnamese): a lone one may stand for the
# full name (كيم for كيم جونغ أون); any other lone first word stands for nobody (جيمس).
FAMILY_NAME_FIRST = frozenset(name_key(n) for n in (
    "كيم", "مون", "شي", "لي", "بارك", "تشوي", "وانغ", "هو", "جانغ", "تشانغ", "لو", "ون"))
_NASAB = frozenset({"بن", "ابن", "بنت"})
HOUSE = name_key("آل")


def compatible(type_a: str, type_b: str) -> bool:
    return type_a == type_b or (type_a in PLACE_LIKE and type_b in PLACE_LIKE)


def alias_of(name: str, type_: str) -> AliasEntry | None:
    hit = alias_entry(name)
    return hit if hit is not None and compatible(hit.type, type_) else None


def given_name(token: str) -> bool:
    k = name_key(token)
    # «عبد ...» (servant of one of God's names) is a given name, whichever name follows
    return (k in COMMON_GIVEN_NAMES or (k.startswith("ال") and k[2:] in COMMON_GIVEN_NAMES)
            or (k.startswith("عبد") and len(k) > 4))


def given_names_differ(a: str, b: str) -> bool:
    """Arabic given names are spelled one way: محمد ≠ محمود, الحسن بن علي ≠ الحسين بن علي."""
    ta, tb = name_tokens(a), name_tokens(b)
    if len(ta) != len(tb):
        return len(ta) == 1 and given_name(ta[0]) or len(tb) == 1 and given_name(tb[0])
    return any(name_key(x) != name_key(y) and (given_name(x) or given_name(y))
               for x, y in zip(ta, tb, strict=True))


def phonetic_equal(a: str, b: str) -> bool:
    """Spellings of one name (`spelling_variants`: vowel letters only in long foreign words,
    foreign-sound letters in place), never two different Arabic given names."""
    # the skeletons first: they differ for nearly every pair the writer compares, and
    # every spelling variant shares one (the skeleton folds more than the variant rule)
    pa = phonetic_key(a)
    if not pa or pa != phonetic_key(b):
        return False
    if given_names_differ(a, b):
        return False
    if spelling_variants(a, b):
        return True
    # the letter model reads a foreign name in context (ج before و is j or g), which the
    # rules cannot; an Arabic-shaped name is left to the rules (Saleh and Salah share a key)
    ka = latin_key(a)
    return (ka is not None and ka == latin_key(b) and len(name_tokens(a)) == len(name_tokens(b))
            and not arabic_shaped(a) and not arabic_shaped(b) and not vowels_elsewhere(a, b))


# Strict Latin keys of names, as latin_key computes them. Workers decode every name of
# their documents (LocalEntity.latin_forms); the single writer takes those answers
# (remember_latin_keys) instead of running the transliteration model again on names it
# compares: that decoding was a fifth of the writer's linking time on ANT.
_LATIN_KEYS: dict[str, str | None] = {}
# Names remembered before the table restarts (~100 bytes each); a forgotten one is decoded.
LATIN_KEYS_MAX = 1 << 17


def latin_key(name: str) -> str | None:
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


def token_equal(a: str, b: str) -> bool:
    return name_key(a) == name_key(b) or phonetic_equal(a, b)


def partial_name(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`short` is the last word or the first words of `full` (never a lone common given name)."""
    n = len(short)
    if not 0 < n < len(full) or (n == 1 and given_name(short[0])):
        return False  # a lone علي or الحسن stands for nobody in particular
    # Several last words are a father's chain, not this person (علي عبد الله صالح is the
    # father of أحمد علي عبد الله صالح): only a single surname matches at the end.
    if n == 1 and token_equal(short[0], full[-1]):
        # «آل سعود» is a royal house, not this prince's surname: a lone «سعود» is another man
        return not (len(full) > 2 and name_key(full[-2]) == HOUSE)
    return all(token_equal(s, f) for s, f in zip(short, full[:n], strict=True))


@lru_cache(maxsize=1 << 16)
def org_part(short: str, full: str) -> bool:
    """Whether an organisation named in full is named again in the same article by one
    of its own words: «بايرن» for «بايرن ميونيخ», «الريال» for «ريال مدريد», «يونايتد»
    for «مانشستر يونايتد», «آبل» for «شركة آبل». The word must be a name in the full
    form (not «الاتحاد» of «الاتحاد الأوروبي», a head noun)."""
    s, f = name_tokens(short), name_tokens(full)
    if len(s) != 1 or len(f) < 2:
        return False
    word = s[0]
    bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
    if len(bare) < 3 or name_key(bare) in _ORG_HEADS:
        return False
    while len(f) > 2 and name_key(f[0]) in _ORG_HEADS:
        f = f[1:]  # «نادي إنتر ميلان» is read as «إنتر ميلان»
    first, last = f[0], f[-1]
    # the same word, not a variant: «المدريدي» (a Madridista) is not «أتلتيكو مدريد»
    word_key = name_key(bare)
    if not first.startswith("ال") and name_key(first) not in _ORG_HEADS \
            and name_key(first) == word_key:
        return True
    return (not last.startswith("ال") and name_key(first) not in _OWN_CLUB_AFTER
            and name_key(last) == word_key)


# «الأب» (senior), «الابن» (junior), as news writes them after a name (name keys)
GENERATION_WORDS = frozenset(name_key(w) for w in "الأب الاب الابن الإبن الأبن".split())


@lru_cache(maxsize=1 << 16)
def generation(name: str) -> str | None:
    """«الأب» or «الابن» closing a name of more than one word (span_compounds), folded."""
    toks = name_tokens(name)
    last = name_key(toks[-1]) if len(toks) > 1 else None
    return last if last in GENERATION_WORDS else None


# The writer compares each arriving name with its candidates' most used spellings; the
# same pairs come back article after article (ANT: ~125 comparisons per article, most of
# them repeats), so the answers are kept.
@lru_cache(maxsize=1 << 18)
def relation(a: str, b: str, type_: str) -> int:
    """How two names of one type relate: STRONG, PHONETIC, PARTIAL or 0 (different).

    PHONETIC: spellings of one name, or for people one full name the other with more
    words in the middle (دونالد ترامب = دونالد جون ترامب). PARTIAL: one is a lone
    surname or the first words of the other; callers decide when that is enough.
    Father and son («جورج بوش الأب», «جورج بوش الابن», «جورج بوش»): 0 unless both say the same.
    """
    if strong(a, b, type_):
        return STRONG
    ea, eb = alias_of(a, type_), alias_of(b, type_)
    if ea is not None and eb is not None:
        # both in the table: the table decides (روسيا ≠ روسيا البيضاء)
        return STRONG if ea.name == eb.name else 0
    ca = ea.name if ea else a
    cb = eb.name if eb else b
    if type_ in PARTIAL_TYPES and generation(ca) != generation(cb):
        # a lone surname may still be either of them, in the article that says which
        marked, other = (ca, cb) if generation(ca) else (cb, ca)
        lone = name_tokens(other)
        return PARTIAL if len(lone) == 1 and partial_name(lone, name_tokens(marked)[:-1]) \
            else 0
    if name_key(ca) == name_key(cb):
        return STRONG
    if phonetic_equal(ca, cb) and not swapped_places(ca, cb, type_):
        return PHONETIC
    if type_ in PARTIAL_TYPES:
        ta, tb = name_tokens(ca), name_tokens(cb)
        if extended_name(ta, tb) or extended_name(tb, ta):
            return PHONETIC
        if partial_name(ta, tb) or partial_name(tb, ta):
            return PARTIAL
    return 0


def swapped_places(a: str, b: str, type_: str) -> bool:
    """One-word places a foreign-sound letter apart are other places: كينيا / غينيا, جازان /
    كازان, كوبا / جوبا, براغ / براق (ANT outside May 2018: 127 mentions in the wrong
    place; the same swap in a several-word name, or a person's, is a spelling)."""
    return type_ == "LOC" and len(name_tokens(a)) == len(name_tokens(b)) == 1 \
        and letter_swapped_short(a, b)


def extended_name(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """`full` is `short` with more words inside: both at least two words, the same first
    and last word, and every word of `short` in `full` in order. A different last word is
    another person (كيم جونغ أون ≠ كيم جونغ إيل, سعد الحريري ≠ رفيق الحريري)."""
    if not 2 <= len(short) < len(full) or name_key(short[0]) in FAMILY_NAME_FIRST:
        return False  # كيم جونغ / كيم يو جونغ: a cut Korean name, not a longer form
    if len(short) >= 3 and any(name_key(t) in _NASAB for t in short[1:]) and all(
            token_equal(s, f) for s, f in zip(short, full, strict=False)):
        return True  # a longer lineage: محمد بن سلمان = محمد بن سلمان بن عبدالعزيز آل سعود
    if not (token_equal(short[0], full[0]) and token_equal(short[-1], full[-1])):
        return False
    if other_father(short, full):
        return False
    k = 1
    for tok in short[1:-1]:
        while k < len(full) - 1 and not token_equal(tok, full[k]):
            k += 1
        if k >= len(full) - 1:
            return False
        k += 1
    return not given_names_differ(" ".join(short[:1]), " ".join(full[:1]))


def other_father(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """An Arabic name's second part is the father's: «حمد بن خليفة» and «حمد بن عيسى آل
    خليفة» (the emir of Qatar, the king of Bahrain), «خالد عبد العزيز» and «خالد بن سلمان
    بن عبد العزيز» share a first and a last word but are sons of different men (full ANT,
    outside May 2018: each pair was one entity)."""
    ff = _father(compound_tokens(" ".join(full)))
    if ff is None:
        return False
    s = compound_tokens(" ".join(short))
    fs = _father(s)
    if fs is None and len(s) == 2 and (name_key(s[1]).startswith("عبد")
                                       or name_key(s[1]) in COMMON_GIVEN_NAMES):
        # «خالد عبد العزيز»: Khalid son of Abdulaziz, written without بن (a family name
        # there, «جمال خاشقجي», is no father: «جمال بن أحمد خاشقجي» is the same man)
        fs = s[1]
    return fs is not None and not token_equal(fs, ff)


def _father(toks: tuple[str, ...]) -> str | None:
    return toks[2] if len(toks) > 2 and name_key(toks[1]) in _NASAB else None


@lru_cache(maxsize=1 << 17)
def strong_key(name: str, type_: str) -> tuple[str | None, str]:
    """(the alias-table entry's name or None, name key of the canonical form): strong(a,
    b) is true exactly when both entries are set and equal, or either is None and the
    keys are equal."""
    entry = alias_of(name, type_)
    return (entry.name, name_key(entry.name)) if entry else (None, name_key(name))


@lru_cache(maxsize=1 << 18)
def strong(a: str, b: str, type_: str) -> bool:
    """relation(a, b, type_) == STRONG, without the costly tests (phonetic, Latin)."""
    ea, eb = alias_of(a, type_), alias_of(b, type_)
    if ea is not None and eb is not None:
        return ea.name == eb.name
    return name_key(ea.name if ea else a) == name_key(eb.name if eb else b)


# A name's keys as `may_relate` reads them: (keys of the whole canonical form, number of
# words, keys of its first word, keys of its first and last words).
Shape = tuple[frozenset[tuple[str, str]], int, frozenset[tuple[str, str]],
              frozenset[tuple[str, str]]]


@lru_cache(maxsize=1 << 17)
def shape(name: str, type_: str) -> Shape:
    """Per-name keys that let the writer skip pairs relation() cannot relate (`may_relate`):
    most of its candidates share only a common word with a name (محمد, بن), which the
    name-level test of a pair needs no word-by-word comparison to rule out (ANT: relation()
    calls per link 13 -> 4.4, uncached ones 8.6 -> 3.0)."""
    entry = alias_of(name, type_)
    canon = entry.name if entry else name
    whole = {("n", name_key(canon)), ("p", phonetic_key(canon))}
    words = name_tokens(canon)
    if not words:
        return frozenset(whole), 0, frozenset(), frozenset()
    first = frozenset({("n", name_key(words[0])), ("p", phonetic_key(words[0]))})
    edges = first | {("n", name_key(words[-1])), ("p", phonetic_key(words[-1]))}
    return frozenset(whole), len(words), first, edges


def may_relate(a: Shape, b: Shape, type_: str) -> bool:
    """False only when relation() is 0 for the two names of these shapes. Related names
    share a key of the whole canonical form (same name key: strong; same skeleton:
    phonetic), or one is a partial name of the other: fewer words, and
    its first word equal (name or phonetic key) to the other's first word, or, alone, to
    its last word."""
    if not a[0].isdisjoint(b[0]):
        return True
    if type_ not in PARTIAL_TYPES or a[1] == b[1]:
        return False
    short, full = (a, b) if a[1] < b[1] else (b, a)
    return not short[2].isdisjoint(full[3] if short[1] == 1 else full[2])


def same_entity(a: str, b: str, type: str) -> bool:  # noqa: A002 -- the API's name
    """Do two name phrases (titles and clitics allowed) name one entity? Pairwise, no context."""
    from .first_word import listed_name

    na, nb = split_role(a, listed_name)[1], split_role(b, listed_name)[1]
    if not na or not nb:
        return False
    # each name is the other's evidence for a clitic, as the document is in resolve_document
    na, nb = strip_with(na, nb), strip_with(nb, na)
    return relation(na, nb, type) > 0


def strip_with(name: str, other: str) -> str:
    from .first_word import listed_name

    toks = name.split(" ")
    if listed_name(toks[0]):
        return name
    bare = frozenset(name_key(t) for t in name_tokens(other))
    stripped = strip_clitic(toks[0], bare)
    return " ".join([stripped, *toks[1:]]) if stripped != toks[0] else name
