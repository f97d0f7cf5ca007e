"""Who said what: direct and indirect quotations with speaker, cue and outlet.

`extract_quotes(text, mentions)` finds reported speech sentence by sentence. A cue is a
speech verb («وقال», «أضافت», «مشيرا») or an attribution word («وفق», «بحسب»); the
lexicon is `marsad.arabic.quotes_lexicon`. For a verb, the words between the cue and what
introduces the content (إن/أن, a colon, a quotation mark) are the attribution clause: the
speaker and the outlet are read from it. Conventions (eval/quotes/README.md has them all):

* span: inside the quotation marks for a direct quote; for an indirect one, the clause
  after إن/أن up to the end of the sentence, or up to a comma that opens the next cue
  («..., مضيفا أن ...» starts a new quote) or a closing attribution («..., وفق رويترز»).
* speaker: a PER/ORG mention in the attribution clause (PER first), else the clause's
  own noun phrase (a name, or a role: «مصدر أمني»). A role is resolved to the person the
  entity resolver gave that role (without mentions: to the name another quote's clause
  gives the same role); no subject at all («وأضاف») is the previous quote's speaker of the
  same gender and number; a participle («مضيفا») continues the sentence's speaker.

Speakers and outlets are read in `quote_attribution`; the tables and clause readers are in
`marsad.arabic.quotes_lexicon`. Spans are offsets into `text`.
* via: the outlet the words came through: «لشبكة سي إن إن», «وفق رويترز», «نقلت وكالة
  إنترفاكس عن X» (speaker X). When an outlet (or «وسائل إعلام») is itself the speaker
  («قالت صحيفة واشنطن بوست»), speaker and via are both that outlet.
"""

from __future__ import annotations

import re

from marsad.arabic import quotes_lexicon as lex
from marsad.arabic.sentences import sentences
from marsad.records import Document
from marsad.stages.quote_attribution import _attribution, _set_via, _speaker
from marsad.stages.quote_doc import (
    _AN_RE,
    _CLOSE,
    _INTRO_RE,
    _TRIM,
    Quote,
    _agree,
    _bare,
    _Doc,
    _outlet,
    _trimmed,
)
from marsad.stages.quote_subjects import _roles_to_names

__all__ = ["Quote", "extract_quotes", "quotes_stage"]

# The attribution clause between a cue and its content: at most this many characters.
# 160 covers «وقالت رافينا شمداسني المتحدثة باسم مكتب الامم المتحدة لحقوق الانسان
# للصحافيين في جنيف:» (the longest on the dev split is ~110); longer is rarely a clause.
MAX_CLAUSE = 160
# A participle's content starts within this many characters («مشيرا في الوقت ذاته إلى أن»).
MAX_PART_CLAUSE = 40
# Quotation marks open a cue's content only this many words after it («وقال X في Y "..."»);
# further on they are usually a term the writer quotes. 6 covers every direct quote of the
# dev split whose clause has no colon.
MAX_CLAUSE_WORDS = 6

# How often a speaker found each way is the right one: speaker accuracy by attribution path
# on the quote gold's dev split (376 quotes, 88 articles, `marsad eval quotes --split dev
# --ner`, "speaker_by_how", 2026-12-07, second measurement), smoothed as (right + 1) /
# (matched + 2). A name in the attribution 85/88; the sentence's own speaker 27/29; a role
# phrase kept as the label 17/19; a noun phrase without a name 54/59; a role, statement or
# short name resolved 15/19; outlets 3/3 (kept at 0.8: too few); the previous quote's
# speaker 48/61; the person or group named just before 9/15; the subject the text moved
# to since the last quote 7/7 (dev, 2026-12-08, 815 quotes); other paths (attribution
# words, «نقل عن»: their 19 matches mix in quotes with no speaker) kept at 0.58.
# service.UNCERTAIN_SPEAKER marks those below 0.7.
SPEAKER_CONFIDENCE = {"named": 0.96, "same_sentence": 0.9, "role_unresolved": 0.86,
                      "phrase": 0.9, "role": 0.76, "outlet": 0.8, "previous_quote": 0.78,
                      "subject": 0.89, "pronoun": 0.59, "other": 0.58}
_WORD_RE = re.compile("[\u0621-\u064a\u0640]+")
_AN_WORD_RE = re.compile("(?<![\u0621-\u064a])عن(?![\u0621-\u064a])")  # «عن» as a word
_MIN_WORD_RE = re.compile("(?<![\u0621-\u064a])من(?![\u0621-\u064a])")
_MARK_RE = re.compile('[«"]')
_SAID_OF_RE = re.compile("\\s*(عنه|عنها|عنهم)(?![\u0621-\u064a])")
_PRONOUN_AGREE = {"عنه": "m", "عنها": "f", "عنهم": "p"}
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"})
# Cues whose content may follow «عن»: «أعلن الجيش عن مقتل ...», «كشف عن أن ...».
_EN_LEMMAS = frozenset({"اعلن", "كشف", "افصح"})


def extract_quotes(text: str, mentions: list | None = None) -> list[Quote]:
    """Quotations in `text`, in order; `mentions` (resolved NER mentions) sharpen speakers."""
    if not text or not any("\u0621" <= c <= "\u064a" for c in text[:2000]):
        return []
    doc = _Doc(text, mentions)
    # «شخص يدعى حبيب»: «is called», not «claims» (يدعي) once folding made them one word
    tokens = [t for t in _cue_tokens(doc.f)
              if not (doc.text[t[1] - 1] == "\u0649" and doc.f[t[0]:t[1]] in _CALLED)]
    if not tokens:
        return []
    ti = 0
    for s, e in sentences(text):
        while ti < len(tokens) and tokens[ti][0] < s:
            ti += 1
        here = []
        while ti < len(tokens) and tokens[ti][0] < e:
            here.append(tokens[ti])
            ti += 1
        if here:
            _sentence(doc, s, e, here)
    _roles_to_names(doc)
    doc.quotes = [q for q in doc.quotes if q.how != "not_speech"]
    for q in doc.quotes:
        q.stance = lex.stance(q.cue)
        q.confidence = SPEAKER_CONFIDENCE.get(q.how or "other") if q.speaker else None
    return doc.quotes


_CALLED = frozenset(("يدعي", "تدعي"))


def _cue_tokens(f: str) -> list[tuple[int, int, lex.Cue]]:
    """(start, end, cue) of every cue word, in order.

    The distinct words are looked up first and only the few cue words are then located:
    a Python loop over every token of an article costs more than the rest of the stage.
    """
    table = lex.cues()
    found = []
    for w in set(_WORD_RE.findall(f)):
        cue = table.get(w.replace("\u0640", "") if "\u0640" in w else w)
        if cue is None:
            continue
        i = f.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not _is_letter(f[i - 1])) and (j == len(f) or not _is_letter(f[j])):
                found.append((i, j, cue))
            i = f.find(w, j)
    found.sort(key=lambda t: t[0])
    return found


def _is_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a" or c == "\u0640"


def quotes_stage(doc: Document) -> Document:
    """Fill `doc.quotes` from `doc.text`, using `doc.mentions` when the entity stage ran."""
    doc.quotes = extract_quotes(doc.text, doc.mentions or None)
    return doc


# ---------------------------------------------------------------- one sentence


def _sentence(doc: _Doc, s: int, e: int, cues: list) -> None:
    first = len(doc.quotes)
    for k, (cs, ce, cue) in enumerate(cues):
        if any(q.start <= cs < q.end for q in doc.quotes[first:]) or \
                any(q.cue_start <= cs < q.cue_end for q in doc.quotes[first:]):
            continue  # speech reported inside a quote, or part of an attribution read already
        nxt = cues[k + 1][0] if k + 1 < len(cues) else e
        if cue.cls == "attr":
            _attribution(doc, s, e, cs, ce, first)
        else:
            _verb(doc, s, e, cs, ce, cue, nxt, first)
            if len(doc.quotes) > first and doc.quotes[-1].cue_start == cs:
                for later in cues[k + 1:]:
                    if _cut_at_next_cue(doc, doc.quotes[-1], later[0]):
                        break


def _verb(doc: _Doc, s: int, e: int, cs: int, ce: int, cue, nxt: int, first: int) -> None:
    """A speech verb at [cs, ce) of the sentence [s, e); `nxt` is where the next cue starts."""
    f = doc.f
    part = cue.cls == "part"
    limit = min(e, ce + (MAX_PART_CLAUSE if part else MAX_CLAUSE))
    via_span = None
    clause_start = ce
    # «ونقلت عنه وكالة رويترز أن»: the speaker is whom the pronoun stands for, so the
    # earlier speaker it goes back to agrees with the pronoun, not with the verb
    said_of = _SAID_OF_RE.match(f, ce) if cue.cls == "naql" else None
    if cue.cls == "naql":  # «نقلت X عن Y قوله: ...»: X is the outlet, Y the speaker
        m = _AN_WORD_RE.search(f, ce, limit)
        if m is not None:
            via_span = (ce, m.start())
            clause_start = m.end()
        elif f[cs:ce].lstrip("وف").startswith("ن") and (out := _outlet(doc, ce, limit)):
            # «ونقلت وكالة سبوتنيك بيان الوزارة:»
            via_span = (out[0], out[1])
            clause_start = out[1]
        else:
            return  # «وتنقل القناة فعاليات ...» broadcasts; it reports nobody
    elif cue.cls == "ilm":  # «علمت الوطن من مصادر مطلعة أن ...»
        m = _MIN_WORD_RE.search(f, ce, limit)
        intro = _intro(f, ce, limit)
        if m is not None and (intro is None or m.start() < intro.start()):
            via_span = (ce, m.start())
            clause_start = m.end()
    intro = _intro(f, clause_start, limit)
    prev_word = f[max(s, cs - 8):cs].split()[-1:]
    if prev_word and (prev_word[0] in ("مما", "عدم", "دون") or (
            prev_word[0] in ("ان", "لن", "لم", "ولم", "لا", "ولا", "قد")
            and f[cs:ce].lstrip("وف")[:1] in "يت")):
        return  # «مما يشير إلى أن», «لم تؤكد أبل», «عدم كشف اسمه»: nobody is reported
    if cue.lemma in _EN_LEMMAS and not (prev_word and prev_word[0] in _RELATIVES):
        en = _AN_WORD_RE.search(f, clause_start, limit)
        if en is not None and (intro is None or en.start() < intro.start()):
            intro = en
    if intro is not None and nxt < intro.start() and nxt < e:
        return  # another cue comes first («وتابع قائلا:»): it reads this clause itself
    if intro is None:
        if cue.cls == "frag":
            _fragment(doc, s, e, cs, ce, cue, first)
        elif not part:
            _postposed(doc, s, cs, ce, cue, e, first)
        return
    clause_end = intro.start()
    if cue.cls == "ilm" and via_span is None:
        via_span = (ce, clause_end)
    span = _content(doc, intro, e)
    if span is None:
        return
    qs, qe, kind = span
    q = Quote(qs, qe, doc.text[qs:qe], kind, doc.text[cs:ce], cs, ce)
    doc.register(q, _PRONOUN_AGREE[said_of.group(1)] if said_of else _agree(cue),
                 (clause_start, clause_end))
    _speaker(doc, q, clause_start, clause_end, cue, s, first)
    if via_span is not None:
        _set_via(doc, q, *via_span)
        if cue.cls == "ilm" and q.speaker is None:
            q.speaker, q.speaker_start, q.speaker_end = q.via, q.via_start, q.via_end
    if q.speaker is None and f[cs] in "تو" and f[cs:ce].lstrip("و").startswith("ت") \
            and cue.cls != "part" and not doc.quotes[first:]:
        return  # «وتذكر أن ...» with no subject is an imperative, not a report
    if doc.pending is not None and doc.pending[0] == e:
        src = doc.pending[1]
        if q.via is None and src.via is not None:
            q.via, q.via_start, q.via_end = src.via, src.via_start, src.via_end
        doc.pending = None
    doc.quotes.append(q)


def _intro(f: str, a: int, b: int) -> re.Match | None:
    """The first introducer in f[a:b] that is not the quotation marks of an outlet's name."""
    while True:
        m = _INTRO_RE.search(f, a, b)
        if m is None or m.lastgroup != "mark":
            return m
        close = f.find(_CLOSE[m.group()], m.end(), min(b, m.end() + 90))
        inner = len(f[m.end():close].split()) if close > 0 else 99
        if inner > 10:
            return m
        before = f[max(0, m.start() - 12):m.start()].split()
        prev = _bare(before[-1]) if before else ""
        later = _INTRO_RE.search(f, close + 1, b)
        named = prev in lex.OUTLET_HEADS or prev in lex.NAME_HEADS or prev in ("ل", "لـ") \
            or f[m.start() - 1] == "\u0640" or (prev.startswith("ل") and prev[1:] in lex.OUTLET_HEADS)
        if later is not None and later.lastgroup != "mark" and (
                not f[a:m.start()].strip() or len(f[close + 1:later.start()].split()) <= 3):
            named = True  # «وقالت "فتح" في بيان إن», «أحمد «رئيس المركز» إن»
        if not named or inner > 4 and not (later is not None and later.lastgroup != "mark"):
            if f[max(a, m.start() - 3):m.start()].strip() != ":" and \
                    len(f[a:m.start()].split()) > MAX_CLAUSE_WORDS:
                return None  # a quotation deep inside a sentence is not this cue's content
            return m  # a short quotation, not a name in quotes: «أشاد بـ"أقوى معاهدة"»
        a = close + 1


def _content(doc: _Doc, intro: re.Match, e: int) -> tuple[int, int, str] | None:
    """(start, end, kind) of what the introducer opens, up to the sentence end `e`."""
    f, text = doc.f, doc.text
    i = intro.end() if intro.lastgroup != "mark" else intro.start()
    while i < e and f[i] in " \t\u0640":
        i += 1
    if i >= e:
        return None
    if intro.lastgroup == "colon" and _AN_RE.match(f, i - 1) is not None:
        an = _INTRO_RE.match(f, i)
        if an is not None and an.lastgroup == "an":
            return _content(doc, an, e)  # «قال X: إن ...»
    if f[i] in _CLOSE:
        close = _close(f, i, _para_end(f, e))
        if close < 0:  # unbalanced: up to the sentence end
            return _trimmed(text, i + 1, e, "direct")
        rest = f[close + 1:e].lstrip(" \t\u0640»\"")
        if intro.lastgroup != "an" or not rest or rest[0] in "،,.؛;:" or \
                lex.cues().get(_bare(rest.split()[0])) is not None:
            return _trimmed(text, i + 1, close, "direct")
    return _trimmed(text, i, e, "direct" if intro.lastgroup == "colon" else "indirect")


def _close(f: str, i: int, end: int) -> int:
    """Index of the mark closing the one at f[i], or -1.

    A straight quote " opens as often as it closes: one with a space before and a letter
    after opens a quotation nested inside («"... حملة "نقف معا"."»), so its pair is skipped.
    """
    if f[i] != '"':
        return f.find(_CLOSE[f[i]], i + 1, end)
    j = f.find('"', i + 1, end)
    while j > 0 and f[j - 1] in " \t" and j + 1 < end and f[j + 1] not in " \t.,،:؛\n":
        inner = f.find('"', j + 1, end)
        if inner < 0:
            return j
        nxt = f.find('"', inner + 1, end)
        if nxt < 0:
            return inner
        j = nxt
    return j


def _para_end(f: str, e: int) -> int:
    nl = f.find("\n", e)
    return len(f) if nl < 0 else nl


def _cut_at_next_cue(doc: _Doc, q: Quote, nxt: int) -> bool:
    """End an indirect quote before «، مضيفا أن» / «، وفق رويترز» / «، وأضاف أن»."""
    if q.kind != "indirect" or not (q.start < nxt < q.end):
        return False
    f = doc.f
    j = nxt
    while j > q.start and f[j - 1] in " \t":
        j -= 1
    if j > q.start and f[j - 1] in "،,":
        j -= 1
    elif f[max(q.start, j - 4):j] == "وذلك":
        j -= 4
    elif f[nxt] != "و":  # «... وأضاف أن»: a new verb with its own conjunction
        return False
    if f.count("«", q.start, j) != f.count("»", q.start, j) or f.count('"', q.start, j) % 2:
        return False  # the cue is inside a quotation within the clause
    span = _trimmed(doc.text, q.start, j, "indirect")
    if span is None:
        return False
    q.start, q.end = span[0], span[1]
    q.text = doc.text[q.start:q.end]
    return True


def _fragment(doc: _Doc, s: int, e: int, cs: int, ce: int, cue, first: int) -> None:
    """«أشاد كيم بالاتفاق باعتباره "أقوى معاهدة"»: the quoted words are the quote."""
    f = doc.f
    m = _MARK_RE.search(f, ce, e)
    if m is None:
        return
    close = f.find(_CLOSE[m.group()], m.end(), e + 1)
    if close < 0 or close - m.end() > 200:
        return
    span = _trimmed(doc.text, m.end(), close, "direct")
    if span is None:
        return
    q = Quote(span[0], span[1], doc.text[span[0]:span[1]], "direct", doc.text[cs:ce], cs, ce)
    doc.register(q, _agree(cue))
    _speaker(doc, q, ce, m.start(), cue, s, first)
    doc.quotes.append(q)


def _postposed(doc: _Doc, s: int, cs: int, ce: int, cue, e: int, first: int) -> None:
    """«"...", قال فلان.»: a sentence that opens with a quotation its cue follows."""
    f = doc.f
    if f[s] not in _CLOSE or doc.quotes[first:]:
        return
    close = f.find(_CLOSE[f[s]], s + 1, cs)
    if close < 0 or f[close + 1:cs].strip(_TRIM + "»\"") not in ("", "و"):
        return
    span = _trimmed(doc.text, s + 1, close, "direct")
    if span is None:
        return
    q = Quote(span[0], span[1], doc.text[span[0]:span[1]], "direct", doc.text[cs:ce], cs, ce)
    doc.register(q, _agree(cue))
    _speaker(doc, q, ce, e, cue, s, first)
    doc.quotes.append(q)
