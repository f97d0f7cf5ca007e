"""Who does what to whom: event sentences between two actors, coded CAMEO-style.

Per sentence holding mentions of at least two different actors (PER, ORG, LOC: a capital
or a country stands for its government), the trigger lexicon (`marsad.arabic.events`)
names what happened. Its actors:

* source: the actor just before the trigger (SVO: «روسيا توسع التعاون»), else the actor
  just after a verb (VSO: «حثت الولايات المتحدة كوريا الشمالية») or a verbal noun (its
  genitive: «زيارة بوتين إلى ...»), else the nearest actor before it in the sentence;
* target: the first actor after the trigger (and after the source), prepositions
  (مع، على، ضد، إلى، لـ) included; an actor after في is a place, not a target.
* mutual events (agree, sign, meet, cooperate, a treaty) whose subject is a coordination
  «روسيا وكوريا الشمالية» or that stand «بين X وY» relate the members to each other. They
  are ONE event per pair with `mutual=True` and the pair in text order; the graph keeps
  them on one undirected edge (`marsad.stories.graph`).

Not events: negated triggers (لم يهدد، تنفي موسكو ...), hypotheticals (إذا، في حال، قد +
present), and triggers inside the content of an accusation or warning (اتهمته بإرسال ...:
the accusation is the event). A frame (اتفقا على، وقعا) takes the class of the material
cooperation it names right after (اتفقتا على تقديم كل مساعدة عسكرية → 072); «مستعد لـ»
before material conflict makes a threat (130).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.events import Trigger, match_triggers
from marsad.arabic.normalize import key
from marsad.arabic.sentences import sentences
from marsad.records import Document

__all__ = ["ACTOR_TYPES", "Event", "events_stage", "extract_events"]

ACTOR_TYPES = frozenset({"PER", "ORG", "LOC"})
# Words between an actor and its trigger for the actor to be the trigger's subject or
# genitive (the role words of «زيارة الرئيس الروسي بوتين» are three); set on the seeds.
NEAR = 3
# The fallback source (nearest actor before) must be this close in words: further back
# it is usually the speaker of a reported sentence, not the actor.
FAR = 15
# Words from a verbal noun to its genitive subject: right after it.
GENITIVE = 1
# A verbal noun's source, when not its genitive, is this close before it (nouns head
# noun phrases: «بعد زيارات لكوريا» takes the subject of the clause, not of the paragraph).
NOUN_FAR = 6
# The target starts at most this many words after the trigger (or its source).
TARGET_REACH = 10
# How far after a frame (اتفقا على) the cooperation it names may come, in words.
FRAME_REACH = 8
# Words before a trigger searched for a negation particle (لم يهدد), a denial verb
# (تنفي موسكو وبيونغ يانغ تبادل الأسلحة: the verb, its subjects, then the trigger) and
# a condition.
NEGATION_REACH = 3
DENIAL_REACH = 10
CONDITION_REACH = 6
# At most this many pairs per trigger (coordinations of many countries).
MAX_PAIRS = 8

_NEGATORS = frozenset(key(w) for w in "لم لن لا ليس ليست غير عدم دون بدون".split())
_DENIALS = frozenset(key(w) for w in (
    "نفى نفت ينفي تنفي ينفون نفوا وتنفي وينفي ونفى ونفت أنكر أنكرت ينكر تنكر أنكروا "
    "ينكرون وأنكرت").split())
_STILL = frozenset(key(w) for w in "يزال تزال زال زالت يزالون".split())  # لا يزال: still
_CONDITIONS = frozenset(key(w) for w in "إذا اذا لو حال حالة حالة وإذا فإذا ولو".split())
_MAY = key("قد")
_READY = frozenset(key(w) for w in (
    "مستعد مستعدة مستعدون مستعدين استعداد استعدادها استعداده يعتزم تعتزم ينوي تنوي "
    "يهدد تهدد هدد هددت").split())
_LOCATIVE = frozenset(key(w) for w in "في فى داخل قرب عبر لدى".split())
# An actor after one of these (or with ل ب ك on it) is an object, never a subject.
_PREPOSITIONS = frozenset(key(w) for w in "على إلى الى مع ضد من عن نحو تجاه بحق".split())
_BETWEEN = frozenset(key(w) for w in "بين وبين".split())
_COORD_GAP = re.compile(r"\s*(?:[،,]\s*و?|و)\s*\Z")
_WORD_RE = re.compile(r"[\w\u064B-\u065F\u0670\u0640]+")
THREAT = ("130", 3, -4.4)


@dataclass(slots=True)
class Event:
    """One coded event: sentence offsets, the trigger, the class, and its two actors."""

    start: int  # sentence offsets into the text (the evidence)
    end: int
    trigger: str  # trigger head as it appears in the text
    trigger_start: int
    trigger_end: int
    cameo: str  # three-digit CAMEO code
    quad: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float
    source: int  # index into the mentions list
    target: int
    mutual: bool = False  # symmetric: source and target are in text order


@dataclass(slots=True)
class _Group:
    """Coordinated actor mentions («روسيا وكوريا الشمالية»): word span and members."""

    first: int
    last: int
    members: list[int]  # mention indices
    prep: bool = False  # introduced by a preposition: an object


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    return key(word)


def extract_events(text: str, mentions: list, entities: list | None = None) -> list[Event]:
    """Events of one document from its text and entity mentions (see the module doc).

    `entities` (the document's entity list) is accepted for the pipeline's signature; the
    actors are mentions, and `mentions[i].local` tells which of them are one entity.
    """
    actors = sorted((i for i, m in enumerate(mentions) if m.type in ACTOR_TYPES),
                    key=lambda i: mentions[i].start)
    if len({mentions[i].local for i in actors}) < 2:
        return []
    starts = [mentions[i].start for i in actors]
    events: list[Event] = []
    for s, e in sentences(text):
        lo, hi = bisect_left(starts, s), bisect_left(starts, e)
        inside = [i for i in actors[lo:hi] if mentions[i].end <= e]
        if len({mentions[i].local for i in inside}) >= 2:
            events.extend(_sentence(text, s, e, inside, mentions))
    return events


def events_stage(doc: Document) -> Document:
    """Fill `doc.events` from `doc.text` and `doc.mentions` (run after the entities stage)."""
    doc.events = extract_events(doc.text, doc.mentions, doc.entities) if doc.mentions else []
    return doc


def _groups(text: str, inside: list[int], mentions: list, w_starts: list[int],
            w_ends: list[int]) -> list[_Group]:
    groups: list[_Group] = []
    prev_end = -1
    for i in inside:
        m = mentions[i]
        # the whole NER span (title included) places the actor: «الرئيس الروسي بوتين»
        # right after a verb is its subject
        lead = m.end - len(m.surface)
        if not (0 <= lead <= m.start and text[lead:m.end] == m.surface):
            lead = m.start
        first = bisect_right(w_ends, lead)
        last = max(first, bisect_left(w_starts, m.end) - 1)
        gap = text[prev_end:lead] if prev_end >= 0 else None
        if gap is not None and (_COORD_GAP.match(gap) or _role_gap(gap, m)):
            groups[-1].last = last
            groups[-1].members.append(i)
        else:
            clitic = key(text[w_starts[first]:lead]) if first < len(w_starts) else ""
            prep = bool(clitic) and clitic[-1:] in "لبك" or (
                first > 0 and key(text[w_starts[first - 1]:w_ends[first - 1]]) in _PREPOSITIONS)
            groups.append(_Group(first, last, [i], prep))
        prev_end = m.end
    return groups


def _role_gap(gap: str, m) -> bool:
    """«بوتين والزعيم الكوري الشمالي كيم»: the gap is «و» and the next mention's title."""
    g = gap.strip()
    return bool(m.role) and g.startswith("و") and key(g[1:]) == key(m.role)


def _sentence(text: str, s: int, e: int, inside: list[int], mentions: list) -> list[Event]:
    spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(text, s, e)]
    if not spans:
        return []
    w_starts = [a for a, _ in spans]
    w_ends = [b for _, b in spans]
    words = [_key(text[a:b]) for a, b in spans]
    matches = match_triggers(words)
    if not matches:
        return []
    groups = _groups(text, inside, mentions, w_starts, w_ends)
    # a trigger inside a name is part of the name (كيشيدا is no يشيد)
    named = {w for g in groups for w in range(g.first, g.last + 1)}
    matches = [m for m in matches if m.first not in named]
    out: list[Event] = []
    seen: set[tuple[int, int, int]] = set()
    consumed: set[int] = set()
    content_from = len(words)  # words after an accusation/warning are its content
    for n, m in enumerate(matches):
        if n in consumed or m.first > content_from or _negated(words, m.first) \
                or _hypothetical(words, m.first, m.tense):
            continue
        cameo, quad, gold = m.trigger.cameo, m.trigger.quad, m.trigger.goldstein
        if m.trigger.frame:
            for k in range(n + 1, len(matches)):
                nxt = matches[k]
                if nxt.first - m.last > FRAME_REACH:
                    break
                if nxt.trigger.quad == 2:
                    cameo, quad, gold = nxt.trigger.cameo, 2, nxt.trigger.goldstein
                    consumed.add(k)
                    break
        if quad == 4 and any(w in _READY for w in words[max(0, m.first - 2):m.first]):
            cameo, quad, gold = THREAT
        pairs = _actors(words, groups, m, mentions)
        if quad == 3 and m.tense != "noun":
            content_from = min(content_from, m.last)
        a, b = spans[m.first]
        for src, tgt, mutual in pairs:
            ls, lt = mentions[src].local, mentions[tgt].local
            k = (min(ls, lt), max(ls, lt), quad) if mutual else (ls, lt, quad)
            if ls == lt or k in seen:
                continue
            seen.add(k)
            out.append(Event(s, e, text[a:b], a, b, cameo, quad, gold, src, tgt, mutual))
    return out


def _negated(words: list[str], i: int) -> bool:
    for j in range(max(0, i - NEGATION_REACH), i):
        if words[j] in _NEGATORS and not (j + 1 < len(words) and words[j + 1] in _STILL):
            return True
    return any(w in _DENIALS for w in words[max(0, i - DENIAL_REACH):i])


def _hypothetical(words: list[str], i: int, tense: str) -> bool:
    if any(w in _CONDITIONS for w in words[max(0, i - CONDITION_REACH):i]):
        return True
    return tense == "present" and _MAY in words[max(0, i - 2):i]


def _actors(words: list[str], groups: list[_Group], m, mentions: list
            ) -> list[tuple[int, int, bool]]:
    """(source, target, mutual) mention pairs of one trigger."""
    trig: Trigger = m.trigger

    def place(g: _Group) -> bool:
        return g.first > 0 and words[g.first - 1] in _LOCATIVE

    before = [g for g in groups if g.last < m.first and not place(g) and not g.prep]
    after = [g for g in groups if g.first > m.first and not place(g)]
    if after and trig.mutual and after[0].first > 0 and words[after[0].first - 1] in _BETWEEN:
        return _within(after[0], mentions)
    near_before = before[-1] if before and m.first - before[-1].last <= NEAR else None
    noun = m.tense == "noun"
    # a verbal noun's genitive follows it directly («زيارة بوتين»), a verb's subject may
    # come after a few words («أعرب البنتاجون عن قلقه»: none; «حثت الولايات المتحدة»)
    near = GENITIVE if noun else NEAR
    near_after = (after[0] if after and not after[0].prep and after[0].first - m.last <= near
                  else None)
    reach = NOUN_FAR if noun else FAR
    if noun and near_after is not None:
        source, rest = near_after, after[1:]
    elif near_before is not None:
        source, rest = near_before, after
    elif near_after is not None:
        source, rest = near_after, after[1:]
    elif before and m.first - before[-1].last <= reach:
        source, rest = before[-1], after
    else:
        return []
    rest = [g for g in rest if g.first - max(m.last, source.last) <= TARGET_REACH]
    if not rest:
        return _within(source, mentions) if trig.mutual else []
    target = rest[0]
    pairs = [(a, b, trig.mutual) for a in source.members for b in target.members]
    return pairs[:MAX_PAIRS]


def _within(g: _Group, mentions: list) -> list[tuple[int, int, bool]]:
    mem = g.members
    pairs = [(mem[i], mem[j], True) for i in range(len(mem)) for j in range(i + 1, len(mem))]
    return pairs[:MAX_PAIRS]
