"""Who spoke when the attribution clause names nobody outright: a role resolved to the
person holding it, a statement to its issuer, a short name («الوزارة») to the body named
in full, a verb without a subject to its sentence's subject or the previous speaker who
agrees with it, a plural verb to the group named before it."""

from __future__ import annotations

import re
from typing import Any

from marsad.arabic import quotes_lexicon as lex
from marsad.stages.quote_doc import (
    Quote,
    _bare,
    _display,
    _Doc,
    _from_mention,
    _outlet,
    _words,
)


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
        return bool(first) and len((name or "").split()) > 1 and first[0].removeprefix("ال") == head

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
    if m is None:
        return None
    gap = doc.f[m.end:cs].strip()
    if m.type == "PER" and gap in ("،", ","):
        return m
    # a headline's subject-verb order: «باريس تقول إنها», «إيران تعتبر» (quote dev, round 4)
    opens = doc.f[s:m.start].strip(" \n\t-–—:") in ("", "و")
    return m if opens and not gap and doc.f[cs:cs + 1] in "تي" else None


def _is_role(word: str) -> bool:
    roles = lex.role_nouns()
    return word in roles or word.removeprefix("ال") in roles


def _circumstantial(word: str) -> bool:
    """An indefinite participle in the accusative («مقدما», «معربا»): a circumstance of the
    verb, never its subject."""
    return len(word) >= 5 and word.startswith("م") and word.endswith("ا") \
        and not word.startswith("ال")


# «وكانت روسيا قد أعلنت», «كانت السلطات السعودية، قد أعلنت», «يذكر أن وزارة الطاقة أعلنت»
# (the last two: quote dev gold, round 4); up to eight words: «وكان المتحدث الأمني بوزارة
# الداخلية اللواء منصور التركي أشار» (round 6)
_KANA_RE = re.compile("(?:^|[،,]\\s*)(?:[وف]?(?:كان|كانت|كانوا|كانا)|[وف]?(?:يذكر|يشار الي|الجدير بالذكر)"
                      "\\s+[اإأ]ن)\\s+((?!قد\\s)[^\\s،,«»\"]+(?:\\s+(?!قد\\s)[^\\s،,«»\"]+){0,7}?)"
                      "(?:\\s*[،,])?\\s+"
                      "(?:قد\\s+)?$")


# «أما أبو رنة فقال :»: the topic of أما is the subject of the verb after ف
_AMMA_RE = re.compile("(?:^|[،,.!?؟]\\s*|\\s)[وف]?اما\\s+([^\\s،,«»\"]+(?:\\s+[^\\s،,«»\"]+){0,3}?)\\s+$")


def _subject_before(doc: _Doc, s: int, cs: int) -> tuple[int, int] | None:
    """A subject written before its verb: «وكانت روسيا قد أعلنت عن ...», «صحيفة X كتبت»,
    «وشهود يقولون إن»."""
    group = _group_before(doc, s, cs)
    if group is not None:
        return group
    head = doc.f[s:cs]
    m = _KANA_RE.search(head) or _AMMA_RE.search(head)
    if m is not None:
        base = cs - len(head)
        return lex.trim_span(doc.text, base + m.start(1), base + m.end(1))
    out = _outlet(doc, max(s, cs - 60), cs)
    if out is not None and not doc.f[out[1]:cs].strip(" ،,"):
        return out[0], out[1]
    return None


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


_STOPS = ".!?؟\n"


def _new_subject(doc: _Doc, cue: int, after: int) -> Any:
    """The subject the text moved to since the last quote: the first name near the start
    of the cue's sentence, or of the sentence before, when both come after that quote
    («وبدا الأمين العام ... ستولتنبرغ مستاء ... فقال»). The previous quote's speaker,
    the fallback before, gave Stoltenberg's words to Trump (quote DEV: 7 of 7 right)."""
    f = doc.f
    s_cur = max(f.rfind(c, 0, cue) for c in _STOPS) + 1
    s_prev = max(f.rfind(c, 0, max(s_cur - 1, 0)) for c in _STOPS) + 1
    for s, e in ((s_cur, cue), (s_prev, s_cur)):
        if s <= after:
            return None
        near = [m for m in doc.mentions if s <= m.start and m.end <= min(e, s + SUBJECT_REACH)]
        if near:
            return next((m for m in near if m.type == "PER"), near[0])
    return None


def _previous(doc: _Doc, q: Quote) -> None:
    """No subject («وأضافت:»): the latest earlier quote whose cue agrees in gender."""
    # «وقالوا» goes back to a plural speaker only: a singular one before it is someone else
    ok = {"m": ("m", ""), "f": ("f", ""), "p": ("p",)}.get(doc.agree.get(id(q), ""))
    if ok != ("p",):
        last = max((p.end for p in doc.quotes if p.speaker), default=-1)
        m = _new_subject(doc, q.cue_start, last)
        if m is not None:
            _from_mention(doc, q, m)
            q.how = "subject"
            return
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


def _plural_noun(bw: str) -> bool:
    """A word that names a group: PLURAL_SPEAKERS, or a sound masculine plural noun."""
    stem = bw.removeprefix("ال")
    return bw in lex.PLURAL_SPEAKERS or (
        stem.endswith("ون") and len(stem) >= 5 and stem not in _SINGULAR_UN
        and (bw.startswith("ال") or stem[0] not in "يتسن"))


def _group_before(doc: _Doc, s: int, cs: int) -> tuple[int, int] | None:
    """«وشهود يقولون إن», «بعض العقاريين صرح»: a group named right before its verb, at the
    start of the sentence or after a comma."""
    words = _words(doc.f, s, cs)[-2:]
    for i, (ws, _we, w) in enumerate(words):
        bw = _bare(w)
        lead = bw[1:] if bw.startswith("و") and _plural_noun(bw[1:]) else bw
        if not _plural_noun(lead) and not (lead in ("بعض", "عدد") and i + 1 < len(words)):
            continue
        before = doc.f[s:ws].rstrip()
        if before and not before.endswith(("،", ",")):
            continue
        start = ws + (len(bw) - len(lead))
        return start, words[-1][1]
    return None


def _plural_subject(doc: _Doc, cs: int) -> tuple[int, int] | None:
    """The last group named within PRONOUN_REACH before `cs` («ووجد الباحثون أن»,
    «ورأى اهالي القرى»): a word of PLURAL_SPEAKERS or a sound masculine plural noun, read
    on as a phrase («اهالي القرى»)."""
    for ws, we, w in reversed(_words(doc.f, max(0, cs - PRONOUN_REACH), cs)):
        bw = _bare(w)
        if _plural_noun(bw):
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


# Nouns that, written without ال right before a name, make a construct with it: the
# speaker is the lawyer, the spokesman or the wife, not the person named after them.
RELATION_HEADS = frozenset(lex.fold_word(w) for w in (
    "محامي", "محامية", "محامو", "زوجة", "زوج", "نجل", "نجلة", "شقيق", "شقيقة", "والد",
    "والدة", "مستشار", "مستشارة", "مساعد", "مساعدة", "متحدث", "متحدثة", "ناطق", "مكتب",
    "حملة", "فريق", "أنصار", "عائلة", "أسرة", "صديق", "مقربون", "مقربين", "باسم"))


def possessed(doc: _Doc, m) -> bool:
    """Mention `m` stands after a construct head («محامي برونسون», «المتحدث باسم بوتين»):
    the phrase, not the person, is who spoke."""
    words = _words(doc.f, max(0, m.start - 16), m.start)
    if not words or doc.f[words[-1][1]:m.start].strip():
        return False
    w = _bare(words[-1][2])
    w = w[1:] if w[:1] in "وف" and w[1:] in RELATION_HEADS else w
    return w in RELATION_HEADS

