"""Speakers and outlets of the quotations `marsad.stages.quotes` finds.

Reads an attribution clause (the words between a cue and what it introduces) for the
speaker: a PER/ORG mention first, else the clause's own noun phrase; a role is resolved to
the person holding it, a missing subject to the previous quote's speaker
(quote_subjects.py). Outlets are read from heads («صحيفة», «لوكالة»), the outlet table,
and back-references («للصحيفة»). Closing and opening attributions («، وفق رويترز»,
«ووفقا لـ"سكاي نيوز"، فإن») are handled here too.
"""

from __future__ import annotations

import re

from marsad.arabic import quotes_lexicon as lex
from marsad.stages.quote_doc import (
    _AN_RE,
    _INTRO_RE,
    _SOURCE_NOUNS,
    Quote,
    _bare,
    _clean,
    _display,
    _Doc,
    _from_mention,
    _outlet,
    _phrase,
    _trimmed,
    _words,
)
from marsad.stages.quote_subjects import (
    DOCUMENT_SPEAKERS,
    _circumstantial,
    _continue_sentence,
    _is_role,
    _issuer,
    _named_before,
    _not_a_speaker,
    _previous,
    _resolve_role,
    _sentence_subject,
    _short_name,
    _subject_before,
    possessed,
)

_PRONOUN_SOURCE_RE = lex.PRONOUN_SOURCE_RE


def _speaker(doc: _Doc, q: Quote, a: int, b: int, cue, s: int, first: int) -> None:
    """Fill q.speaker (and q.via) from the attribution clause f[a:b]."""
    out = _outlet(doc, a, b)
    lo, hi = a, b
    if out is not None:
        named_before = _phrase(doc, a, out[0])
        # the last word before the outlet, marks aside: «لـ «عكاظ»» carried the words too
        before = [w for w in map(_bare, doc.f[max(a, out[0] - 14):out[0]].split()) if w]
        carried = out[3] or (before and before[-1] in ("مع", "لـ", "ل", "عبر"))
        if carried:  # «قال X لشبكة ...», «في مقابلة مع قناة ...»: the outlet carried the words
            q.via, q.via_start, q.via_end = out[2], out[0], out[1]
            lo, hi = (a, out[0]) if named_before is not None else (out[1], b)
        elif named_before is None:  # «قالت صحيفة واشنطن بوست»: the outlet is the speaker
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
    if span is not None and _carried_about_him(doc, min(s, a), span):
        # «ونقلت وكالة الأناضول التركية عنه القول إن»: an outlet carried the words of the
        # one spoken of before (round 6); «وقال صديقه عنه» stays the friend's
        if not _sentence_subject(doc, q, s):
            _previous(doc, q)
        return
    if doc.mentions and span is not None:
        # A mention names the speaker when it lies in the phrase read from the clause, or
        # anywhere in the clause after a bare role («قال المتحدث باسم الحملة نيك ميريل»):
        # an organisation further on is usually the speaker's employer, not the speaker.
        lead = _bare(doc.f[span[0]:span[1]].split()[0])
        # a role word the tagger took for a name («مشرف»: Musharraf) is the role of the
        # name after it («مشرف العمل المسرحي بالقرية متعب آل ثواب», round 6)
        inside = [m for m in doc.mentions if lo <= m.start and m.end <= hi
                  and not _role_word(doc, m)]
        over = [m for m in inside if m.start < span[1] and span[0] < m.end]
        if lead in DOCUMENT_SPEAKERS and (m := _issued_by(doc, inside, span)) is not None:
            _from_mention(doc, q, m)  # «وقال بيان للقصر الملكي»: who issued it spoke
            q.how = "named"
            return
        # a mention in an apposition before the phrase read («أعلن الحرس الثوري الإيراني،
        # الأحد، مسؤوليته»: the name-like later segment is the object)
        ahead = [m for m in inside if m.end <= span[0]]
        cands = over or ahead[:1] or [
            m for m in inside if m.type == "PER"
            and (lead in lex.role_nouns() or lead.removeprefix("ال") in lex.role_nouns())]
        pick = next((m for m in cands if m.type == "PER"), cands[0] if cands else None)
        if pick is not None and pick.type != "PER" and _is_role(lead):
            pick = None  # «مدرب برشلونة»: the club employs the speaker, it is not the speaker
        if pick is not None and possessed(doc, pick):
            pick = None  # «قال محامي برونسون»: the lawyer, read as a phrase below
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
        named = [m for m in doc.mentions if span[0] <= m.start and m.end <= span[1]
                 and m.type == "PER" and not _role_word(doc, m)]
        if named:  # «وكان المتحدث الأمني ... اللواء منصور التركي أشار»: the name in it
            _from_mention(doc, q, named[-1])
            q.how = "named"
            return
    first_word = _bare(doc.f[span[0]:span[1]].split()[0])
    if first_word in _STATEMENTS and (issuer := _issuer_after(doc, span[1], hi)) is not None:
        q.speaker, q.speaker_start, q.speaker_end = issuer  # «وقال بيان للقصر الملكي»
        q.how = "phrase"
        return
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
    elif first_word in LATTER and len(doc.f[span[0]:span[1]].split()) == 1:
        _latter(doc, q)
    elif first_word in EXALTED:
        q.speaker = "الله"  # «وقال تعالى:» opens a verse of the Quran in statements
    elif first_word.startswith("ال") and len(doc.f[span[0]:span[1]].split()) == 1:
        _short_name(doc, q, first_word)


def _role_word(doc: _Doc, m) -> bool:
    words = doc.f[m.start:m.end].split()
    return len(words) == 1 and _bare(words[0]) in lex.role_nouns()


def _issued_by(doc: _Doc, inside: list, span: tuple[int, int]):
    """The organisation or person right after an indefinite statement word: «بيان
    [للقصر الملكي]», «رسالة [من الرئيس]»."""
    after = next((m for m in inside if m.start >= span[0] and m.type in ("ORG", "PER")), None)
    if after is None:
        return None
    between = doc.f[span[0]:after.start].split()
    return after if len(between) <= 2 else None


_ABOUT_HIM = frozenset(("عنه", "عنها", "عنهم", "عنهما"))


def _carried_about_him(doc: _Doc, lo: int, span: tuple[int, int]) -> bool:
    """An outlet (or a verb of carrying) before «عنه» in the speaker phrase."""
    words = [_bare(w) for w in doc.f[lo:span[1]].split()]
    at = next((i for i, w in enumerate(words) if w in _ABOUT_HIM), None)
    return at is not None and any(
        w in lex.OUTLET_HEADS or w in lex.MEDIA_WORDS or w.lstrip("وف").startswith("نقل")
        for w in words[:at])

# A statement «of» someone: ل + the issuer («بيان لوزارة الخارجية»). Not «رسالة ل»: a
# letter to someone.
_STATEMENTS = frozenset(("بيان", "تسجيل", "فيديو", "شريط"))


def _issuer_after(doc: _Doc, a: int, b: int) -> tuple[str, int, int] | None:
    """(name, start, end) of the issuer after a statement word: «[للقصر الملكي]» →
    «القصر الملكي», its adjectives («الملكي») kept, to a comma."""
    ws = _words(doc.f, a, b)
    if not ws:
        return None
    s0, e0, w0 = ws[0]
    w0 = _bare(w0)
    if w0.startswith("لل") and len(w0) > 4:
        name, start = "ال" + doc.text[s0 + 2:e0], s0 + 2
    elif w0.startswith("ل") and len(w0) > 3 and not w0.startswith("لا"):
        name, start = doc.text[s0 + 1:e0], s0 + 1
    else:
        return None
    end = e0
    for ws_, we_, w in ws[1:3]:
        if doc.f[end:ws_].strip() or not _bare(w).startswith("ال"):
            break
        name, end = name + " " + doc.text[ws_:we_], we_
    return _clean(name), start, end


# «بحسب ما أكد الأخير»: the person named last (quote dev gold, round 4)
LATTER = frozenset(lex.fold_word(w) for w in ("الأخير", "الأخيرة", "الاخير", "الاخيرة"))


EXALTED = frozenset(lex.fold_word(w) for w in ("تعالى", "سبحانه"))


def _latter(doc: _Doc, q: Quote) -> None:
    person = [m for m in doc.mentions if m.end <= q.cue_start and m.type == "PER"]
    if person:
        _from_mention(doc, q, person[-1])
        q.how = "pronoun"
    else:
        q.speaker = None
        _previous(doc, q)


def _setting_outlet(doc: _Doc, s: int, cs: int) -> tuple[int, int, str, bool] | None:
    """«وفي مقابلة مع شبكة CNN، يقول كيني: ...»: the outlet of the setting before the cue."""
    head = doc.f[s:cs].split()[:1]
    if not head or not ({_bare(head[0])} & {"في", "وفي", "خلال", "وخلال", "عبر"}
                        or re.search("مقابله|حديث|حوار|تصريح", doc.f[s:cs])):
        return None
    return _outlet(doc, s, cs)


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
    m = next((m for m in doc.mentions if a <= m.start and m.end <= b), None)
    if m is not None and possessed(doc, m):  # «وحسب محامي برونسون»: the lawyer speaks
        probe.speaker, probe.speaker_start, probe.speaker_end = \
            _display(doc.text[a:m.end]), a, m.end
    elif m is not None:
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
        said = _trimmed(doc.text, rest, e, "indirect")
    else:  # «..., وفق رويترز.»: the sentence before the attribution
        said = _trimmed(doc.text, s, cs, "indirect")
        if said is not None and doc.f[said[1] - 5:said[1]].endswith("وذلك"):
            said = _trimmed(doc.text, said[0], said[1] - 4, "indirect")
    if said is None or said[1] - said[0] < 12:
        return
    probe.start, probe.end = said[0], said[1]
    probe.text = doc.text[said[0]:said[1]]
    doc.quotes.append(probe)
