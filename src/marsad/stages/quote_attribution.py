"""Speakers and outlets of the quotations `marsad.stages.quotes` finds.

Reads an attribution clause (the words between a cue and what it introduces) for the
speaker: a PER/ORG mention first, else the clause's own noun phrase; a role is resolved to
the person holding it, a missing subject to the previous quote's speaker. Outlets are read
from heads («صحيفة», «لوكالة»), the outlet table, and back-references («للصحيفة»). Closing
and opening attributions («، وفق رويترز», «ووفقا لـ"سكاي نيوز"، فإن») are handled here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.arabic import quotes_lexicon as lex
from marsad.records import compact_pickle

_INTRO_RE, _AN_RE, _TRIM, _CLOSE = lex.INTRO_RE, lex.AN_RE, lex.TRIM, lex.CLOSE
_words, _bare, _clean = lex.words, lex.bare, lex.clean
_PREPOSITIONS, _SOURCE_NOUNS = lex.PREPOSITIONS, lex.SOURCE_NOUNS
_PRONOUN_SOURCE_RE = lex.PRONOUN_SOURCE_RE


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

    def name_of(self, m) -> str:
        return self.full.get(getattr(m, "local", None), getattr(m, "name", "")) or \
            self.text[m.start:m.end]


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


# ---------------------------------------------------------------- speaker and outlet

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


def _speaker(doc: _Doc, q: Quote, a: int, b: int, cue, s: int, first: int) -> None:
    """Fill q.speaker (and q.via) from the attribution clause f[a:b]."""
    out = _outlet(doc, a, b)
    lo, hi = a, b
    if out is not None:
        lead = _phrase(doc, a, out[0])
        # the last word before the outlet, marks aside: «لـ «عكاظ»» carried the words too
        before = [w for w in map(_bare, doc.f[max(a, out[0] - 14):out[0]].split()) if w]
        carried = out[3] or (before and before[-1] in ("مع", "لـ", "ل", "عبر"))
        if carried:  # «قال X لشبكة ...», «في مقابلة مع قناة ...»: the outlet carried the words
            q.via, q.via_start, q.via_end = out[2], out[0], out[1]
            lo, hi = (a, out[0]) if lead is not None else (out[1], b)
        elif lead is None:  # «قالت صحيفة واشنطن بوست»: the outlet is the speaker
            q.via, q.via_start, q.via_end = out[2], out[0], out[1]
            q.speaker, q.speaker_start, q.speaker_end = out[2], out[0], out[1]
            q.how = "outlet"
            return
        # else the outlet is part of the speaker's title («مراسل قناة الجزيرة»)
    elif (setting := _setting_outlet(doc, s, q.cue_start)) is not None:
        q.via, q.via_start, q.via_end = setting[2], setting[0], setting[1]
    if cue.cls == "part":
        _continue_sentence(doc, q, s, first)
        return
    span = _phrase(doc, lo, hi)
    if doc.mentions and span is not None:
        # A mention names the speaker when it lies in the phrase read from the clause, or
        # anywhere in the clause after a bare role («قال المتحدث باسم الحملة نيك ميريل»):
        # an organisation further on is usually the speaker's employer, not the speaker.
        inside = [m for m in doc.mentions if lo <= m.start and m.end <= hi]
        over = [m for m in inside if m.start < span[1] and span[0] < m.end]
        lead = _bare(doc.f[span[0]:span[1]].split()[0])
        # a mention in an apposition before the phrase read («أعلن الحرس الثوري الإيراني،
        # الأحد، مسؤوليته»: the name-like later segment is the object)
        ahead = [m for m in inside if m.end <= span[0]]
        cands = over or ahead[:1] or [
            m for m in inside if m.type == "PER"
            and (lead in lex.role_nouns() or lead.removeprefix("ال") in lex.role_nouns())]
        pick = next((m for m in cands if m.type == "PER"), cands[0] if cands else None)
        if pick is not None and pick.type != "PER" and _is_role(lead):
            pick = None  # «مدرب برشلونة»: the club employs the speaker, it is not the speaker
        if pick is not None:
            _from_mention(doc, q, pick)
            q.how = "named"
            return
    if span is None:
        if (m := _named_before(doc, s, q.cue_start)) is not None:
            _from_mention(doc, q, m)  # «وزير الإعلام، ريمي دانجينو، قال للتلفزيون إن»
            q.how = "named"
            return
        span = _subject_before(doc, s, q.cue_start)
        if span is None:
            if not _sentence_subject(doc, q, s):
                _previous(doc, q)
            return
    first_word = _bare(doc.f[span[0]:span[1]].split()[0])
    if _not_a_speaker(doc, first_word, span) or _circumstantial(first_word):
        # «وقال عنها», «قالت للصحفيين بتهكم», «وأضاف مقدما التعازي»: no subject written
        # here; a verb inside a sentence shares its subject, else the previous speaker's
        if not _sentence_subject(doc, q, s):
            _previous(doc, q)
        return
    if first_word in lex.EVENT_NOUNS:
        q.how = "not_speech"  # «أكد اللقاء على التحالف»: a meeting does not speak
        return
    q.speaker, q.speaker_start, q.speaker_end = _display(doc.text[span[0]:span[1]]), *span
    q.how = "phrase"
    if first_word.endswith(("ون", "ين", "ات")) or first_word in lex.PLURAL_SPEAKERS:
        doc.agree[id(q)] = "p"  # a verb before its subject is singular: «وقال الباحثون»
    if first_word in lex.MEDIA_WORDS and q.via is None:
        q.via, q.via_start, q.via_end = q.speaker, q.speaker_start, q.speaker_end
    elif first_word in lex.OUTLET_HEADS and (out := _outlet(doc, span[0], span[1])):
        q.speaker = q.via = out[2]  # «صحيفة العربي الجديد كتبت أن»
        q.via_start, q.via_end = out[0], out[1]
        q.how = "outlet"
    elif first_word in lex.role_nouns():
        q.how = "role_unresolved"
        _resolve_role(doc, q)
    elif first_word.startswith("ال") and first_word[2:] in DOCUMENT_SPEAKERS:
        _issuer(doc, q)
    elif first_word.startswith("ال") and len(doc.f[span[0]:span[1]].split()) == 1:
        _short_name(doc, q, first_word)


def _not_a_speaker(doc: _Doc, word: str, span: tuple[int, int]) -> bool:
    """The phrase read cannot be who spoke: a particle or pronoun-carrying preposition; a
    noun carrying a possessive pronoun («مسؤوليته»: an object); or, when the tagger ran and
    found no name here, one word of manner after ب («بتهكم», «بغضب»)."""
    if word in lex.NOT_SPEAKERS or word.startswith(("لبيان", "لما")):
        return True
    if len(word) >= 6 and word.endswith(("ته", "تها", "تهم")) and not word.startswith("ال"):
        return True
    one_word = len(doc.f[span[0]:span[1]].split()) == 1
    return bool(doc.mentions) and one_word and word.startswith("ب") and len(word) >= 4 \
        and not any(m.start < span[1] and span[0] < m.end for m in doc.mentions)


def _issuer(doc: _Doc, q: Quote) -> None:
    """«وأشار البيان إلى أن …», «قال الفيديو»: the organisation named last before the cue
    (the one that issued it: «أصدر الحرس الثوري بيانا»)."""
    org = next((m for m in reversed(doc.mentions) if m.type == "ORG"
                and m.start < q.cue_start), None)
    # «وقال الحرس الثوري في بيان ... ونوه البيان»: the speaker who issued a statement
    # earlier, when no organisation was named after that
    issued = next((p for p in reversed(doc.quotes) if p.speaker and _issued_in(doc, p)), None)
    if issued is not None and (org is None or (issued.speaker_start or issued.start) > org.start):
        q.speaker, q.speaker_start, q.speaker_end = \
            issued.speaker, issued.speaker_start, issued.speaker_end
        q.speaker_mention = issued.speaker_mention
        q.how = "role"
    elif org is not None:
        _from_mention(doc, q, org)
        q.how = "role"


def _issued_in(doc: _Doc, p: Quote) -> bool:
    """The attribution clause of quote `p` names a statement («في بيان», «ببيان»)."""
    clause = doc.clauses.get(id(p))
    if clause is None:
        return False
    for w in map(_bare, doc.f[clause[0]:clause[1]].split()):
        if w.removeprefix("ال") in DOCUMENT_SPEAKERS or (
                w[:1] in "وفب" and w[1:].removeprefix("ال") in DOCUMENT_SPEAKERS):
            return True
    return False


def _short_name(doc: _Doc, q: Quote, word: str) -> None:
    """«الوزارة», «المفوضية»: the organisation the article named in full with that head
    word before the cue («وزارة الداخلية البحرينية»)."""
    head = word.removeprefix("ال")

    def headed(name: str | None) -> bool:
        first = lex.fold_word(name or "").split()[:1]
        return bool(first) and len(name.split()) > 1 and first[0].removeprefix("ال") == head

    mention = next((m for m in reversed(doc.mentions) if m.type == "ORG"
                    and m.start < q.cue_start and headed(doc.name_of(m))), None)
    quote = next((p for p in reversed(doc.quotes) if p.speaker_start is not None
                  and p.speaker_start < q.cue_start and headed(p.speaker)), None)
    if quote is not None and (mention is None or quote.speaker_start > mention.start):
        q.speaker, q.speaker_mention = quote.speaker, quote.speaker_mention
        q.how = "role"
    elif mention is not None:
        _from_mention(doc, q, mention)
        q.how = "role"


def _sentence_subject(doc: _Doc, q: Quote, s: int) -> bool:
    """«وينفي غولن … الضلوع في الانقلاب، ويقول إن …»: a second verb with no subject of its
    own shares the sentence's, a name right after its first verb."""
    if q.cue_start - s < SUBJECT_REACH // 2 or doc.quotes[-1:] and doc.quotes[-1].end > s:
        return False  # the cue opens the sentence, or a quote of this sentence came first
    first = [m for m in doc.mentions if s <= m.start and m.end <= min(q.cue_start, s + SUBJECT_REACH)]
    pick = next((m for m in first if m.type == "PER"), None)
    if pick is None:  # «وكانت الحكومة السعودية قد رفضت ... وقالت إنها»: an agreeing body
        agree = doc.agree.get(id(q), "")
        pick = next((m for m in first if m.type == "ORG" and agree in ("", _org_gender(doc, m))),
                    None)
    if pick is None:
        return False
    _from_mention(doc, q, pick)
    q.how = "same_sentence"
    return True


def _org_gender(doc: _Doc, m) -> str:
    """Grammatical gender of an organisation's name: its head noun's (الحكومة, الوزارة: f)."""
    head = doc.f[m.start:m.end].split()[:1]
    return "f" if head and head[0].endswith("ه") else "m"


def _named_before(doc: _Doc, s: int, cs: int):
    """A person named just before the verb, set off by a comma: the subject written first
    («ولكن وزير الإعلام في بوركينا فاسو، ريمي فولغونس دانجينو، قال ...»)."""
    m = next((m for m in reversed(doc.mentions) if s <= m.start and m.end <= cs), None)
    if m is None or m.type != "PER":
        return None
    gap = doc.f[m.end:cs]
    return m if gap.strip() == "،" or gap.strip() == "," else None


def _is_role(word: str) -> bool:
    roles = lex.role_nouns()
    return word in roles or word.removeprefix("ال") in roles


def _circumstantial(word: str) -> bool:
    """An indefinite participle in the accusative («مقدما», «معربا»): a circumstance of the
    verb, never its subject."""
    return len(word) >= 5 and word.startswith("م") and word.endswith("ا") \
        and not word.startswith("ال")


_KANA_RE = re.compile("(?:^|[،,]\\s*)[وف]?(?:كان|كانت|كانوا|كانا)\\s+([^\\s،,«»\"]+(?:\\s+[^\\s،,«»\"]+)"
                      "{0,5}?)\\s+(?:قد\\s+)?$")


def _subject_before(doc: _Doc, s: int, cs: int) -> tuple[int, int] | None:
    """A subject written before its verb: «وكانت روسيا قد أعلنت عن ...», «صحيفة X كتبت»."""
    head = doc.f[s:cs]
    m = _KANA_RE.search(head)
    if m is not None:
        base = cs - len(head)
        return lex.trim_span(doc.text, base + m.start(1), base + m.end(1))
    out = _outlet(doc, max(s, cs - 60), cs)
    if out is not None and not doc.f[out[1]:cs].strip(" ،,"):
        return out[0], out[1]
    return None


def _display(s: str) -> str:
    """A speaker phrase as shown: hashtags («#الأمم_المتحدة») read as words."""
    return _clean(s.replace("_", " ").replace("#", ""))


def _setting_outlet(doc: _Doc, s: int, cs: int) -> tuple[int, int, str, bool] | None:
    """«وفي مقابلة مع شبكة CNN، يقول كيني: ...»: the outlet of the setting before the cue."""
    head = doc.f[s:cs].split()[:1]
    if not head or not ({_bare(head[0])} & {"في", "وفي", "خلال", "وخلال", "عبر"}
                        or re.search("مقابله|حديث|حوار|تصريح", doc.f[s:cs])):
        return None
    return _outlet(doc, s, cs)


def _agree(cue) -> str:
    return "p" if cue.plural else cue.gender


def _from_mention(doc: _Doc, q: Quote, m) -> None:
    q.speaker, q.speaker_start, q.speaker_end = _display(doc.name_of(m)), m.start, m.end
    q.speaker_mention = doc.index.get(id(m))


def _resolve_role(doc: _Doc, q: Quote) -> None:
    """«الرئيس الروسي» → the person the resolver gave that role, named before the quote.

    Without mentions: the speaker of an earlier quote whose attribution clause held the
    same role words («أوضح المتحدث باسم التحالف، العقيد تركي المالكي» ... «وفق ما قال
    المتحدث»).
    """
    if not doc.mentions:
        role = lex.fold_word(q.speaker or "").removeprefix("و")
        for i in range(len(doc.quotes) - 1, -1, -1):
            p = doc.quotes[i]
            clause = doc.clauses.get(id(p))
            if clause and p.speaker and role in doc.f[clause[0]:clause[1]].replace("\u0640", "") \
                    and lex.fold_word(p.speaker) != role:
                q.speaker, q.speaker_start, q.speaker_end = p.speaker, p.speaker_start, p.speaker_end
                q.how = "role"
                return
        return
    role = lex.fold_word(q.speaker or "").removeprefix("و")
    for m in reversed(doc.mentions):
        r = lex.fold_word(getattr(m, "role", None) or "")
        if m.start < q.cue_start and r and (r == role or r in role or role in r):
            q.speaker = doc.name_of(m)
            q.speaker_mention = doc.index.get(id(m))
            q.how = "role"
            return
    # the role written just before a person's name, where the resolver kept none
    # («استبعد الرئيس الروسي فلاديمير بوتن»; «وزير الطاقة الإماراتي سهيل المزروعي» for
    # «الوزير الإماراتي»): every word of the role stands right before the name
    want = {_same_role(w) for w in role.split()}
    for m in reversed(doc.mentions):
        if m.type != "PER" or m.start >= q.cue_start:
            continue
        before = {_same_role(w) for w in
                  map(_bare, doc.f[max(0, m.start - ROLE_BEFORE_NAME):m.start].split())}
        if want and want <= before:
            _from_mention(doc, q, m)
            q.how = "role"
            return


# Titles that name the same office («الناطق باسم الخارجية» is «المتحدث» later on).
ROLE_SYNONYMS = {"ناطق": "متحدث", "ناطقه": "متحدثه"}
# A statement, video or report «says» what its issuer said: the organisation named last.
DOCUMENT_SPEAKERS = frozenset({"بيان", "فيديو", "شريط", "تسجيل", "رساله"})


def _same_role(word: str) -> str:
    w = word.removeprefix("ال")
    return ROLE_SYNONYMS.get(w, w)


# A title stands within this many characters before the name it belongs to («وزير
# الطاقة الإماراتي سهيل المزروعي»).
ROLE_BEFORE_NAME = 40
# A role takes a name from quotes at most this many quotes away: an article's «الوزير» is
# one person, a long transcript may hold several.
ROLE_WINDOW = 12


def _role_head(speaker: str | None) -> str | None:
    """The role noun a speaker phrase starts with («وزير النقل» → «وزير»), or None."""
    words = lex.fold_word(speaker or "").split()
    if not words:
        return None
    roles = lex.role_nouns()
    if len(words) > 4:
        return None
    for w in (words[0], words[0][1:] if words[0].startswith("و") else ""):
        w = w.removeprefix("ال")
        if w and (w in roles or "ال" + w in roles):
            return w
    return None


def _roles_to_names(doc: _Doc) -> None:
    """A role left unresolved («قال وزير النقل إن ...») takes the name another clause gives
    the same role («وقال الوزير نبيل العامودي»): the nearest such quote, before or after."""
    named: list[tuple[int, set[str]]] = []  # quotes with a name, and their clause's words
    for j, p in enumerate(doc.quotes):
        clause = doc.clauses.get(id(p))
        if clause is not None and p.speaker and not _role_head(p.speaker):
            words = {_bare(w) for w in doc.f[clause[0]:clause[1]].split()}
            named.append((j, {w.removeprefix("ال") for w in words}
                          | {w[1:].removeprefix("ال") for w in words if w.startswith("و")}))
    if not named:
        return
    for i, q in enumerate(doc.quotes):
        head = _role_head(q.speaker) if q.speaker_mention is None else None
        if head is None:
            continue
        near = [j for j, words in named if head in words and abs(j - i) <= ROLE_WINDOW]
        if near:
            q.speaker = doc.quotes[min(near, key=lambda j: abs(j - i))].speaker
            q.how = "role"


# A sentence's subject stands within this many characters of its start (a verb, maybe a
# title, then the name: «وتحدث المدرب الفرنسي زين الدين زيدان»).
SUBJECT_REACH = 50


def _continue_sentence(doc: _Doc, q: Quote, s: int, first: int) -> None:
    """A participle («مضيفا») keeps the speaker of its sentence."""
    if doc.quotes[first:]:
        p = doc.quotes[-1]
        q.speaker, q.speaker_start, q.speaker_end = p.speaker, p.speaker_start, p.speaker_end
        q.speaker_mention = p.speaker_mention
        q.how = "same_sentence"
        return
    # the sentence's subject: a name near its start («وتحدث مارادونا قائلا»), not one deep in
    # what it says («... من حكم الرئيس السيسي، مشيرا»)
    before = [m for m in doc.mentions if s <= m.start and m.end <= min(q.cue_start, s + SUBJECT_REACH)]
    if before:
        pick = next((m for m in before if m.type == "PER"), before[0])
        _from_mention(doc, q, pick)
        q.how = "named"
        return
    _previous(doc, q)


def _previous(doc: _Doc, q: Quote) -> None:
    """No subject («وأضافت:»): the latest earlier quote whose cue agrees in gender."""
    # «وقالوا» goes back to a plural speaker only: a singular one before it is someone else
    ok = {"m": ("m", ""), "f": ("f", ""), "p": ("p",)}.get(doc.agree.get(id(q), ""))
    for p in reversed(doc.quotes):
        if p.speaker and (ok is None or doc.agree.get(id(p), "") in ok):
            q.speaker, q.speaker_start, q.speaker_end = p.speaker, p.speaker_start, p.speaker_end
            q.speaker_mention = p.speaker_mention
            q.how = "previous_quote"
            return
    if ok == ("p",):  # «وقالوا», «مؤكدين»: a group named before, never one person
        span = _plural_subject(doc, q.cue_start)
        if span is not None:
            q.speaker, q.speaker_start, q.speaker_end = _display(doc.text[span[0]:span[1]]), *span
            q.how = "pronoun"
        return
    before = [m for m in doc.mentions if q.cue_start - PRONOUN_REACH <= m.start
              and m.end <= q.cue_start and m.type == "PER"]
    if before:
        _from_mention(doc, q, before[-1])
        q.how = "pronoun"


# Singular nouns that end like a sound masculine plural («قانون», «مليون»).
_SINGULAR_UN = frozenset(lex.fold_word(w) for w in (
    "قانون", "مليون", "بليون", "تلفزيون", "تليفزيون", "زيتون", "صالون", "كانون", "فرعون",
    "مضمون", "ليمون", "بالون", "مجنون", "عربون", "طاعون", "صابون", "مأذون", "حلزون", "غضون",
    "ملعون", "مسجون", "مخزون", "هارون", "خلدون", "زيدون", "سعدون", "حمدون", "خيرون"))


def _plural_subject(doc: _Doc, cs: int) -> tuple[int, int] | None:
    """The last group named within PRONOUN_REACH before `cs` («ووجد الباحثون أن»,
    «ورأى اهالي القرى»): a word of PLURAL_SPEAKERS or a sound masculine plural noun, read
    on as a phrase («اهالي القرى»)."""
    for ws, we, w in reversed(_words(doc.f, max(0, cs - PRONOUN_REACH), cs)):
        bw = _bare(w)
        stem = bw.removeprefix("ال")
        plural = bw in lex.PLURAL_SPEAKERS or (
            stem.endswith("ون") and len(stem) >= 5 and stem not in _SINGULAR_UN
            and (bw.startswith("ال") or stem[0] not in "يتسن"))
        if plural:
            # a construct head takes its complement: «أهالي الحي», «مسؤولو الوزارة»
            after = _words(doc.f, we, min(cs, we + 30))[:1]
            if not bw.startswith("ال") and after and _bare(after[0][2]).startswith("ال") \
                    and after[0][0] - we <= 1:
                we = after[0][0] + len(_bare(after[0][2]))
            return ws, we
    return None


# A pronoun with no earlier quote takes a person named at most this many characters before
# its cue (about two sentences of news prose); further back it is a guess.
PRONOUN_REACH = 300


def _set_via(doc: _Doc, q: Quote, a: int, b: int) -> None:
    """The outlet of f[a:b] («نقلت صحيفة X عن», «علمت الوطن من»), or general media."""
    out = _outlet(doc, a, b)
    if out is not None:
        q.via, q.via_start, q.via_end = out[2], out[0], out[1]
        return
    span = _phrase(doc, a, b)
    if span is not None and _bare(doc.f[span[0]:span[1]].split()[0]) in lex.MEDIA_WORDS:
        q.via, q.via_start, q.via_end = _clean(doc.text[span[0]:span[1]]), *span


_SOURCE_END_RE = re.compile("[،,.؛]")


def _attribution(doc: _Doc, s: int, e: int, cs: int, ce: int, first: int) -> None:
    """«..., وفق رويترز» / «ووفقا لـ"سكاي نيوز"، فإن ...» / «بحسب مسؤولين»."""
    f = doc.f
    a = ce
    for _ws, we, w in _words(f, ce, min(e, ce + 40))[:3]:  # «لـ», «ما ذكرت(ه)», «عن»
        bw = _bare(w)
        if bw in ("ل", "لـ", "ما", "لما", "عن") or lex.cues().get(bw) is not None \
                or bw in ("به", "بها") or (a > ce and _bare(f[ce:a]).endswith("ما")
                                          and bw.endswith(("ه", "ها"))):
            a = we  # «وفقا لما تداولته الوزارة»: the verb after «ما» carries its object
        else:
            break
    stop = min(e, a + 90)
    comma = _SOURCE_END_RE.search(f, a, stop)
    b = comma.start() if comma else stop
    words = _words(f, a, b)
    if not words or _PRONOUN_SOURCE_RE.match(_bare(words[0][2])):
        return
    if _bare(words[0][2]) in _SOURCE_NOUNS and len(words) > 1:
        a = words[1][0]
    probe = Quote(0, 0, "", "indirect", doc.text[cs:ce], cs, ce)
    _set_via(doc, probe, a, b)
    if doc.mentions and (m := next((m for m in doc.mentions if a <= m.start and m.end <= b), None)):
        _from_mention(doc, probe, m)
    elif probe.via is not None:
        probe.speaker, probe.speaker_start, probe.speaker_end = \
            probe.via, probe.via_start, probe.via_end
    elif span := _phrase(doc, a, b):
        probe.speaker, probe.speaker_start, probe.speaker_end = \
            _display(doc.text[span[0]:span[1]]), *span
    if probe.speaker is None:
        return
    prev = [q for q in doc.quotes[first:] if q.end <= cs]
    if prev:  # a closing attribution of the quotes just read: it brings their outlet
        for p in prev:
            if p.via is None and probe.via is not None:
                p.via, p.via_start, p.via_end = probe.via, probe.via_start, probe.via_end
        p = prev[-1]
        if p.speaker is None:
            p.speaker, p.speaker_start, p.speaker_end = \
                probe.speaker, probe.speaker_start, probe.speaker_end
        return
    if cs - s <= 4 and comma is not None:  # «ووفقا لـX، فإن ...»: the content follows
        doc.pending = (e, probe)
        rest = comma.end()
        m = _AN_RE.match(f, rest)
        if m is not None:
            rest = m.end()
        if _INTRO_RE.search(f, rest, e) and any(
                c.cls != "attr" for c in (lex.cues().get(_bare(w)) for _, _, w in _words(f, rest, e))
                if c is not None):
            return  # a speech verb later in the sentence takes the outlet
        span = _trimmed(doc.text, rest, e, "indirect")
    else:  # «..., وفق رويترز.»: the sentence before the attribution
        span = _trimmed(doc.text, s, cs, "indirect")
        if span is not None and doc.f[span[1] - 5:span[1]].endswith("وذلك"):
            span = _trimmed(doc.text, span[0], span[1] - 4, "indirect")
    if span is None or span[1] - span[0] < 12:
        return
    probe.start, probe.end = span[0], span[1]
    probe.text = doc.text[span[0]:span[1]]
    doc.quotes.append(probe)
