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
before material conflict makes a threat (130); «من قبل» before the target turns a passive
round. One event per actor pair and sentence, named by its most specific trigger.

The distances below were set by reading the seeds and the demo corpus (the eval's dev
split); the held-out numbers are in eval/README.md ("events").

Storing: `Event.source`/`target` index `doc.mentions`; the writer maps a mention to its
stored entity through `mentions[i].local` → `doc.entities[local]` (as it links entities),
and keeps `start`/`end` as the evidence. `marsad.stories.graph` documents the row shape.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.events import Trigger, match_triggers
from marsad.arabic.normalize import key
from marsad.arabic.roles import split_role
from marsad.arabic.sentences import sentences
from marsad.records import Document, compact_pickle

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
# How far after a frame (اتفقا على) the cooperation it names may come, in words: past
# the subjects with their titles and a day («اتفق بوتين والزعيم الكوري الشمالي كيم جونغ
# أون، الأربعاء، على الدفاع عن بعضهما»: 10).
FRAME_REACH = 12
# Words before a trigger searched for a negation particle (لم يهدد), a denial verb
# (تنفي موسكو وبيونغ يانغ تبادل الأسلحة: the verb, its subjects, then the trigger) and
# a condition.
NEGATION_REACH = 3
DENIAL_REACH = 10
CONDITION_REACH = 6
# Longest title between two coordinated names («ووزير الموارد المائية السوري»), in characters.
MAX_TITLE = 60
# A verb's subject after it, past an object or a place (VOS: «ووقّع الاتفاق في العاصمة
# وزير المياه ...»), at most this many words on.
SUBJECT_REACH = 10
# An accusation's or warning's content (اتهمته بإرسال ...) runs to the end of its clause
# («، وتدعم واشنطن ...» is news again), at most this many words.
CONTENT_REACH = 15
# At most this many pairs per trigger (coordinations of many countries).
MAX_PAIRS = 8

_NEGATORS = frozenset(key(w) for w in "لم لن لا ليس ليست غير عدم دون بدون".split())
_DENIALS = frozenset(key(w) for w in (
    "نفى نفت ينفي تنفي ينفون نفوا وتنفي وينفي ونفى ونفت أنكر أنكرت ينكر تنكر أنكروا "
    "ينكرون وأنكرت").split())
_STILL = frozenset(key(w) for w in "يزال تزال زال زالت يزالون".split())  # لا يزال: still
# conditions and expectations: «إذا هاجمت»، «من المرجح أن يجتمع»
_CONDITIONS = frozenset(key(w) for w in (
    "إذا اذا لو حال حالة وإذا فإذا ولو المرجح المتوقع المحتمل يتوقع يرجح ويتوقع "
    "يُتوقع").split())
# A complementizer between an actor and the trigger makes the actor the speaker of a
# report («قالت صحيفة واشنطن بوست إن زيارة ...»), not a party to the event.
_REPORT = frozenset(key(w) for w in "إن أن أنه إنه أنها إنها بأن وأن".split())
_MAY = key("قد")
_READY = frozenset(key(w) for w in (
    "مستعد مستعدة مستعدون مستعدين استعداد استعدادها استعداده يعتزم تعتزم ينوي تنوي "
    "يهدد تهدد هدد هددت").split())
# Places (في موسكو) and bystanders (بحضور المبعوث، برعاية الأمم المتحدة) are no targets.
_LOCATIVE = frozenset(key(w) for w in (
    "في فى داخل قرب عبر لدى بحضور حضور برعاية رعاية بمشاركة بوساطة").split())
# An actor after one of these (or with ل ب ك on it) is an object, never a subject.
_PREPOSITIONS = frozenset(key(w) for w in "على إلى الى مع ضد من عن نحو تجاه بحق".split())
_BETWEEN = frozenset(key(w) for w in "بين وبين".split())
_BY = [key("من"), key("قبل")]
_COORD_GAP = re.compile(r"\s*(?:[،,]\s*و?|و)\s*\Z")
# Word tokens for trigger matching (letters with their diacritics and tatweel).
WORD_RE = re.compile(r"[\w\u064B-\u065F\u0670\u0640]+")
THREAT = ("130", 3, -4.4)


@compact_pickle
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
        if hi - lo < 2:  # most sentences: fewer than two actors start in them
            continue
        inside = [i for i in actors[lo:hi] if mentions[i].end <= e]
        if len({mentions[i].local for i in inside}) >= 2:
            events.extend(_sentence(text, s, e, inside, mentions))
    return events


def events_stage(doc: Document) -> Document:
    """Fill `doc.events` from `doc.text` and `doc.mentions` (run after the entities stage)."""
    doc.events = extract_events(doc.text, doc.mentions, doc.entities) if doc.mentions else []
    if doc.events and doc.dates and doc.published:
        doc.events = [ev for ev in doc.events if not _background(ev, doc)]
    return doc


def _background(ev: Event, doc: Document) -> bool:
    """The event's sentence is dated to an earlier year than the article («الاتفاق الموقع
    عام 2015» in a 2018 report): history, not a new event (issue 12: the US "signing"
    with Iran ten times in the week it withdrew)."""
    try:
        year = int((doc.published or "")[:4])
    except ValueError:
        return False
    for t in doc.dates:
        if ev.start <= t.start and t.end <= ev.end and t.type == "DATE" and t.value \
                and t.value[:4].isdecimal() and int(t.value[:4]) < year:
            return True
    return False


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
            clitic = _key(text[w_starts[first]:lead]) if first < len(w_starts) else ""
            prep = bool(clitic) and clitic[-1:] in "لبك" or (
                first > 0 and _key(text[w_starts[first - 1]:w_ends[first - 1]]) in _PREPOSITIONS)
            groups.append(_Group(first, last, [i], prep))
        prev_end = m.end
    return groups


def _role_gap(gap: str, m) -> bool:
    """«بوتين والزعيم الكوري الشمالي كيم»: the gap is «و» and the next mention's title."""
    g = gap.strip()
    if not g.startswith("و") or len(g) > MAX_TITLE:
        return False
    if m.role and key(g[1:]) == key(m.role):
        return True
    role, _ = split_role(f"{g[1:]} {m.name}")  # the NER span left the title out
    return role is not None and key(role) == key(g[1:])


def _sentence(text: str, s: int, e: int, inside: list[int], mentions: list) -> list[Event]:
    # Half the sentences with two actors hold no trigger: their words are keyed in C
    # (findall, a cached key per word) and the word offsets are only found after a match.
    words = list(map(_key, WORD_RE.findall(text, s, e)))
    if not words:
        return []
    matches = match_triggers(words)
    if not matches:
        return []
    spans = [(m.start(), m.end()) for m in WORD_RE.finditer(text, s, e)]
    w_starts = [a for a, _ in spans]
    w_ends = [b for _, b in spans]
    groups = _groups(text, inside, mentions, w_starts, w_ends)
    # a trigger inside a name is part of the name (كيشيدا is no يشيد)
    named = {w for g in groups for w in range(g.first, g.last + 1)}
    matches = [m for m in matches if m.first not in named]
    # one event per actor pair and sentence; several triggers on one pair restate one
    # event, and the most specific names it: a phrase or a material act over a bare
    # word («بوتين وكيم.. تحالف نووي» < «اتفاق دفاعي»), then the first
    best: dict[tuple[int, int], tuple[tuple[int, int, int], Event]] = {}
    consumed: set[int] = set()
    content = (len(words), -1)  # word range of an accusation's or warning's content
    clause_end: list[int] | None = None  # only verbal conflict needs it: found on demand
    for n, m in enumerate(matches):
        if n in consumed or content[0] < m.first <= content[1] or _negated(words, m.first) \
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
            if clause_end is None:
                clause_end = _clause_ends(text, spans)
            content = (m.last, min(clause_end[m.last], m.last + CONTENT_REACH))
        a, b = spans[m.first]
        rank = (0 if m.trigger.rest or cameo != m.trigger.cameo else 1,
                0 if quad in (2, 4) else 1, n)
        for src, tgt, mutual in pairs:
            ls, lt = mentions[src].local, mentions[tgt].local
            pair = (min(ls, lt), max(ls, lt))
            if ls != lt and (pair not in best or rank < best[pair][0]):
                best[pair] = (rank, Event(s, e, text[a:b], a, b, cameo, quad, gold, src, tgt,
                                       mutual))
    return sorted((ev for _, ev in best.values()),
                  key=lambda ev: (ev.trigger_start, mentions[ev.source].start,
                                  mentions[ev.target].start))


def _clause_ends(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """For each word, the index of the last word of its clause (up to a comma or colon)."""
    n = len(spans)
    ends = [n - 1] * n
    last = n - 1
    for i in range(n - 2, -1, -1):
        if any(c in "،,;:؛" for c in text[spans[i][1]:spans[i + 1][0]]):
            last = i
        ends[i] = last
    return ends


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
    near = True  # a source next to the trigger may be a coordination of parties
    if noun and near_after is not None:
        source, rest = near_after, after[1:]
    elif near_before is not None:
        source, rest = near_before, after
    elif near_after is not None:
        source, rest = near_after, after[1:]
    elif not noun and after and not after[0].prep and after[0].first - m.last <= SUBJECT_REACH:
        source, rest, near = after[0], after[1:], False
    elif before and m.first - before[-1].last <= reach and not any(
            w in _REPORT for w in words[before[-1].last + 1:m.first]):
        source, rest, near = before[-1], after, False
    else:
        return []
    rest = [g for g in rest if g.first - max(m.last, source.last) <= TARGET_REACH]
    if trig.mutual and len(source.members) > 1:
        # «لقاء كيم وبوتين يثير مخاوف واشنطن»; a list further away is only a list
        return _within(source, mentions) if near else []
    if not rest:
        return []
    target = rest[0]
    if target.first > 1 and words[target.first - 2:target.first] == _BY:
        source, target = target, source  # passive: «احتلت ألبانيا من قبل اليونان»
    pairs = [(a, b, trig.mutual) for a in source.members for b in target.members]
    return pairs[:MAX_PAIRS]


def _within(g: _Group, mentions: list) -> list[tuple[int, int, bool]]:
    mem = g.members
    pairs = [(mem[i], mem[j], True) for i in range(len(mem)) for j in range(i + 1, len(mem))]
    return pairs[:MAX_PAIRS]
