"""Event trigger lexicon: Arabic words and phrases → CAMEO event codes, and the matcher.

The table is `data/events.tsv` (our own list; its header documents the columns). Matching
runs on matching keys (`normalize.key`) of word tokens: a token is looked up as it is,
then with proclitics (و ف ب ل ك س ال) and object pronouns (ه ها هم هما) stripped, against
every generated form of every entry (verbs in all persons of both tenses, nouns with their
-ات plurals and accusative -ا). A phrase is a head word followed, within `PHRASE_GAP`
words each, by its other words (زود كييف بالأسلحة); phrases win over the single words
they cover. Pure stdlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress
from pathlib import Path

from .normalize import key

__all__ = ["PHRASE_GAP", "STATE_OF", "Trigger", "TriggerMatch", "bare", "lexicon", "lookup",
           "match_triggers", "quad_of", "state_of"]

DATA = Path(__file__).with_name("data") / "events.tsv"
# A phrase's next word may come this many words after the previous one: room for an
# object between a verb and its instrument (زود كييف بالأسلحة) or a determiner
# (تقديم كل مساعدة عسكرية), not for a second clause.
PHRASE_GAP = 4

# Capitals and seats of government that news uses for their state («واشنطن تحث بيونغ
# يانغ»): the actor graph may fold them into the state. Entity names as the resolver
# gives them (alias-table canonical forms); a short list of the usual metonyms, ours.
# Left out: عمّان (its key is Oman's), طرابلس (Libya or Lebanon), capitals named like
# their state (الكويت، الجزائر، تونس).
STATE_OF = {
    "واشنطن": "الولايات المتحدة", "البيت الأبيض": "الولايات المتحدة",
    "وزارة الدفاع الأمريكية": "الولايات المتحدة", "وزارة الخارجية الأمريكية": "الولايات المتحدة",
    "موسكو": "روسيا", "الكرملين": "روسيا", "بيونغ يانغ": "كوريا الشمالية",
    "سيول": "كوريا الجنوبية", "بكين": "الصين", "طهران": "إيران", "كييف": "أوكرانيا",
    "دمشق": "سوريا", "القاهرة": "مصر", "الرياض": "السعودية",
    "أنقرة": "تركيا", "بغداد": "العراق", "بيروت": "لبنان", "طوكيو": "اليابان",
    "لندن": "المملكة المتحدة", "باريس": "فرنسا", "برلين": "ألمانيا", "تل أبيب": "إسرائيل",
    "الدوحة": "قطر", "أبوظبي": "الإمارات", "الرباط": "المغرب",
    "الخرطوم": "السودان", "صنعاء": "اليمن", "كابول": "أفغانستان", "إسلام آباد": "باكستان",
    "نيودلهي": "الهند", "هانوي": "فيتنام",
}


def state_of(name: str) -> str | None:
    """The state a capital or government seat stands for, or None."""
    return _STATE_KEYS().get(key(name).replace(" ", ""))


@cache
def _STATE_KEYS() -> dict[str, str]:  # noqa: N802 -- a cached constant
    return {key(k).replace(" ", ""): v for k, v in STATE_OF.items() if key(k) != key(v)}


_PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم")
_PRESENT_PREFIXES = "يتنا"
_PRESENT_SUFFIXES = ("", "ون", "ان", "وا", "ا", "ن", "ين")
_ENCLITICS = ("هما", "هم", "ها", "ه", "كم", "نا")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry."""

    form: str  # as written in the table (display)
    cameo: str  # three-digit CAMEO code
    quad: int  # 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    goldstein: float
    mutual: bool  # X and Y do it together
    frame: bool  # agree/pledge/sign: takes the class of the cooperation it names
    gloss: str
    rest: tuple[frozenset[str], ...] = ()  # a phrase's further words (bare keys)


@dataclass(slots=True)
class TriggerMatch:
    """A trigger found in a token list: word indices (inclusive) and the tense of its head."""

    first: int
    last: int
    trigger: Trigger
    tense: str  # past | present | noun


def quad_of(cameo: str) -> int:
    """Quad class of a CAMEO code: 01-05 → 1, 06-09 → 2, 10-14 → 3, 15-20 → 4."""
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def bare(k: str) -> str:
    """A phrase word's comparison form: clitics, article, pronoun and final ه/ا off."""
    if k[:1] in "وف" and len(k) > 3:
        k = k[1:]
    if k[:1] in "بلك" and len(k) > 3:
        k = k[1:]
    if k.startswith("ال") and len(k) > 3:
        k = k[2:]
    elif k.startswith("ل") and len(k) > 3:  # لل = ل + the article, its alef dropped
        k = k[1:]
    for suf in ("هما", "هم", "ها"):
        if k.endswith(suf) and len(k) - len(suf) >= 3:
            k = k[: -len(suf)]
            break
    if k[-1:] in ("ه", "ا") and len(k) > 3:
        k = k[:-1]
    return k


def _verb_forms(past: str, present: str) -> list[tuple[str, str]]:
    forms = [(past + s, "past") for s in _PAST_SUFFIXES]
    if past.endswith("ي"):  # أبدى → أبدت، أبدوا
        forms += [(past[:-1] + s, "past") for s in ("ت", "وا")]
    stem = present[1:]
    for pre in _PRESENT_PREFIXES:
        forms += [(pre + stem + s, "present") for s in _PRESENT_SUFFIXES]
        if stem.endswith("ي"):  # يلتقي → يلتقون
            forms += [(pre + stem[:-1] + s, "present") for s in ("ون", "وا")]
    return forms


def _noun_forms(noun: str) -> list[tuple[str, str]]:
    if noun.endswith("ه"):
        stem = noun[:-1]
        extra = [stem + "ات", stem + "تان", stem + "تين"]
    else:
        extra = [noun + "ات", noun + "ا"]
    return [(f, "noun") for f in [noun, *extra]]


@cache
def lexicon() -> dict[str, list[tuple[Trigger, str]]]:
    """Every generated head form (key) → the entries it may be, with the head's tense."""
    table: dict[str, list[tuple[Trigger, str]]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, cameo, goldstein, kind, flags, gloss = line.split("\t")
        head, *rest = form.split(" ")
        trig = Trigger(form=form, cameo=cameo, quad=quad_of(cameo), goldstein=float(goldstein),
                       mutual="m" in flags, frame="f" in flags, gloss=gloss,
                       rest=tuple(frozenset(bare(key(a)) for a in w.split("/")) for w in rest))
        if kind == "v":
            past, present = head.split("|")
            forms = _verb_forms(key(past), key(present))
        elif kind == "n":
            forms = _noun_forms(key(head))
        else:
            forms = [(key(head), "past" if head[:1] not in "يت" else "present")]
        for f, tense in forms:
            entries = table.setdefault(f, [])
            if all(t is not trig for t, _ in entries):
                entries.append((trig, tense))
    return table


def _candidates(k: str) -> list[str]:
    """The token itself, then its forms without proclitics, then without a pronoun."""
    base = [k]
    if k[:1] in "وف" and len(k) > 2:
        base.append(k[1:])
    for b in list(base):
        if b[:1] in "بلكس" and len(b) > 2:
            base.append(b[1:])
    for b in list(base):
        if b.startswith(("ال", "لل")) and len(b) > 3:
            base.append(b[2:])
    out = list(dict.fromkeys(base))
    for b in base:
        for suf in _ENCLITICS:
            if b.endswith(suf) and len(b) - len(suf) >= 2:
                w = b[: -len(suf)]
                out.append(w)
                if w.endswith("ت"):  # مساعدتها → مساعدة
                    out.append(w[:-1] + "ه")
    return list(dict.fromkeys(out))


# Words whose letters also read as clitic + trigger: وزارة is no و + زار + ه (visited him).
# Found by reading the triggers of 4,000 SaudiNewsNet articles.
_NOT_TRIGGERS = frozenset(key(w) for w in (
    "وزارة وزارات وزاري وزارية الوزارة بوزارة لوزارة والوزارة وزاره").split())


@lru_cache(maxsize=1 << 16)
def lookup(k: str) -> tuple[tuple[Trigger, str], ...]:
    """Entries a token key may be a head of (the least-stripped reading that has any)."""
    if k in _NOT_TRIGGERS:
        return ()
    table = lexicon()
    for c in _candidates(k):
        hit = table.get(c)
        if hit:
            return tuple(hit)
    return ()


def _phrase_end(words: list[str], i: int, rest: tuple[frozenset[str], ...],
                taken: set[int]) -> list[int] | None:
    """Indices of a phrase's further words after head `i`, or None when one is missing."""
    pos, found = i, []
    for alts in rest:
        for j in range(pos + 1, min(len(words), pos + 1 + PHRASE_GAP)):
            if j not in taken and bare(words[j]) in alts:
                found.append(j)
                pos = j
                break
        else:
            return None
    return found


def match_triggers(words: list[str]) -> list[TriggerMatch]:
    """Triggers in a list of word keys, in text order; phrases before the words they cover."""
    phrases: list[tuple[int, list[int], Trigger, str]] = []
    singles: list[tuple[int, Trigger, str]] = []
    # look every word up in C (cached) and visit only the few that are heads
    looked = list(map(lookup, words))
    for i in compress(range(len(looked)), looked):
        for trig, tense in looked[i]:
            if trig.rest:
                phrases.append((i, [], trig, tense))
            else:
                singles.append((i, trig, tense))
    taken: set[int] = set()
    out: list[TriggerMatch] = []
    for i, _, trig, tense in phrases:
        if i in taken:
            continue
        more = _phrase_end(words, i, trig.rest, taken)
        if more is not None:
            taken.update([i, *more])
            out.append(TriggerMatch(i, more[-1], trig, tense))
    for i, trig, tense in singles:
        if i not in taken:
            taken.add(i)
            out.append(TriggerMatch(i, i, trig, tense))
    out.sort(key=lambda m: m.first)
    return out
