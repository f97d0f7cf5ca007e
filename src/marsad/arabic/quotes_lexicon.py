"""Lexicon of reported speech: cue verbs, attribution words, outlets, role nouns.

The tables live in `data/quote_cues.tsv`, `data/quote_outlets.tsv` and
`data/quote_roles.txt` (our own lists). Matching runs on `fold(text)`, a copy of the text
of the SAME LENGTH in which spelling variants meet (أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و,
ئ → ي) and diacritics and tatweel become a tatweel placeholder, so an offset found in the
folded text is an offset into the original. `fold_word` also drops the placeholders, for
dictionary look-ups of one token.

The last section reads an attribution clause with these tables: `find_outlet` and
`speaker_phrase` (the speaker noun phrase when no NER mention is given). They work on
offsets into `fold(text)`, so they are pure text functions the extractor can call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
TATWEEL = "\u0640"

_FOLD = {ord(a): b for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"),
                                ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"), ("ی", "ي"), ("ک", "ك"))}
_FOLD.update({c: TATWEEL for c in range(0x064B, 0x0653)})  # harakat, tanween, shadda, sukun
_FOLD[0x0670] = TATWEEL  # superscript alef
_FOLD.update({ord(c): " " for c in "\u00a0\u200b\u200c\u200d\u200e\u200f\u2028\u2029\ufeff"})
# Typographic quotes fold to the two kinds the extractor pairs: « » stay, “ ” become « ».
_FOLD[ord("“")] = "«"
_FOLD[ord("”")] = "»"
_FOLD_TABLE = str.maketrans(_FOLD)
# str.replace per character is ~15x faster than translate() with a dict on news text,
# where each of these characters is either absent or common.
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())

# Proclitics a cue may carry: و and ف (وقال، فقال); ل only before attribution words is
# handled by the patterns, not here.
_PROCLITICS = ("", "و", "ف")
# Object pronouns a past-tense cue may carry (أجابها، أكدته، أسماهم).
_OBJECTS = ("", "ه", "ها", "هم")


def fold(text: str) -> str:
    """Same-length matching copy of `text` (see the module docstring)."""
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


def fold_word(word: str) -> str:
    """Folded token without diacritic placeholders (for dictionary look-ups)."""
    word = word.translate(_FOLD_TABLE)
    return word.replace(TATWEEL, "") if TATWEEL in word else word


@dataclass(frozen=True, slots=True)
class Cue:
    """One surface form of a cue: its class, lemma, and the speaker it agrees with."""

    cls: str  # say | frag | part | naql | ilm | attr
    lemma: str
    gender: str  # "m", "f" or "" (unknown)
    plural: bool


def _past(p: str) -> list[tuple[str, str, bool]]:
    return [(p, "m", False), (p + "ت", "f", False), (p + "وا", "m", True), (p + "ا", "m", True),
            (p + "تا", "f", True)]


def _present(s: str) -> list[tuple[str, str, bool]]:
    return [("ي" + s, "m", False), ("ت" + s, "f", False), ("ي" + s + "ون", "m", True),
            ("ي" + s + "ان", "m", True), ("ت" + s + "ان", "f", True), ("ي" + s + "ن", "f", True)]


def _participle(m: str) -> list[tuple[str, str, bool]]:
    return [(m + "ا", "m", False), (m + "ه", "f", False), (m + "ين", "m", True),
            (m + "تين", "f", True), (m + "ان", "m", True), (m + "ون", "m", True)]


def _gender_of(form: str) -> tuple[str, bool]:
    """Best guess for an irregular form listed as is."""
    if form.endswith(("وا", "ون")):
        return "m", True
    if form.endswith(("ت", "تا")) or form.startswith("ت"):
        return "f", False
    return "", False


@cache
def cues() -> dict[str, Cue]:
    """Folded surface form (with proclitics and object pronouns) → Cue."""
    table: dict[str, Cue] = {}
    for line in (DATA / "quote_cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + ["", "", "", ""]
        cls, past, stem, part, extra = (c.strip() for c in cols[:5])
        lemma = past if past != "-" else extra.split()[0]
        forms: list[tuple[str, str, bool, str]] = []
        if past != "-":
            forms += [(f, g, pl, cls) for f, g, pl in _past(past)]
        if stem != "-":
            forms += [(f, g, pl, cls) for f, g, pl in _present(stem)]
        if part != "-":
            forms += [(f, g, pl, "part") for f, g, pl in _participle(part)]
        for f in extra.split():
            is_part = f.startswith("*")
            f = f.lstrip("*")
            g, pl = _gender_of(fold_word(f))
            forms.append((f, g, pl, "part" if is_part else cls))
        for form, gender, plural, c in forms:
            base = fold_word(form)
            cue = Cue(c, fold_word(lemma), gender, plural)
            objects = _OBJECTS if base in ("اجاب", "اجابت") else ("",)
            for pre in _PROCLITICS:
                for obj in objects:
                    table.setdefault(pre + base + obj, cue)
    # A handful of forms are everyday words far more often than cues.
    for word in ("بين", "وبين", "تبين", "يبين", "مبين", "كتب", "حسبما", "يذكر", "ويذكر",
                 "تذكر", "وتذكر"):
        table.pop(word, None)
    return table


# What a cue says the speaker did with the reported content: «نفى أن ...» reports a claim
# the speaker denied, «قلل من أهمية تكهنات بأن ...» / «استبعد أن ...» one they dismissed.
# Shown apart from what was asserted: a reader must not take it as the speaker's claim.
STANCES = {fold_word("نفى"): "denied", fold_word("قلل"): "dismissed",
           fold_word("استبعد"): "dismissed"}


def stance(cue_surface: str) -> str:
    """"asserted", "denied" or "dismissed" for the cue word as written."""
    cue = cues().get(fold_word(cue_surface).replace(TATWEEL, ""))
    return STANCES.get(cue.lemma, "asserted") if cue is not None else "asserted"


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet: the display name and whether it needs context to count."""

    name: str
    ambiguous: bool


@cache
def outlets() -> tuple[dict[str, Outlet], re.Pattern[str]]:
    """Folded variant → Outlet, and one regex matching any variant as whole words."""
    table: dict[str, Outlet] = {}
    for line in (DATA / "quote_outlets.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("\t") if n.strip()]
        ambiguous = names[0].startswith("?")
        canonical = names[0].lstrip("?")
        for n in [canonical, *names[1:]]:
            table[fold_word(n).casefold()] = Outlet(canonical, ambiguous)
    alts = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(?:ال|لل|ل|ب|و)?(" + "|".join(re.escape(a) for a in alts)
                         + r")(?![\w])", re.IGNORECASE)
    return table, pattern


# Words that head the name of an outlet («صحيفة واشنطن بوست», «لوكالة إنترفاكس»).
OUTLET_HEADS = frozenset(fold_word(w) for w in (
    "صحيفة", "جريدة", "وكالة", "شبكة", "قناة", "موقع", "إذاعة", "مجلة", "تلفزيون", "التلفزيون",
    "محطة", "الصحيفة", "الوكالة", "الشبكة", "القناة", "الموقع", "المجلة", "الإذاعة", "الجريدة",
    "وكاله", "نشرة", "برنامج", "صحف", "الصحف", "للصحيفة", "للوكالة", "للشبكة", "للقناة",
    "للموقع", "للمجلة", "للإذاعة", "لصحيفة", "لوكالة", "لشبكة", "لقناة", "لموقع", "لمجلة",
    "لإذاعة", "لجريدة", "لتلفزيون"))
# Outlet heads that refer back to an outlet named earlier («وفق الصحيفة», «للوكالة»).
OUTLET_ANAPHORS = frozenset(fold_word(w) for w in (
    "الصحيفة", "الوكالة", "الشبكة", "القناة", "الموقع", "المجلة", "الإذاعة", "الجريدة",
    "للصحيفة", "للوكالة", "للشبكة", "للقناة", "للموقع", "للمجلة", "للإذاعة", "للجريدة"))
# Speakers that are the media in general: such a speaker is also the outlet (via).
MEDIA_WORDS = frozenset(fold_word(w) for w in (
    "وسائل", "تقارير", "الصحافة", "الصحف", "الإعلام", "صحف", "الإعلامية", "إعلامية"))


@cache
def role_nouns() -> frozenset[str]:
    """Folded role nouns that head a speaker phrase or split a title off a name."""
    words: set[str] = set()
    for line in (DATA / "quote_roles.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.update(fold_word(w) for w in line.split())
    words.update("و" + w for w in list(words))
    return frozenset(words)


# Words that end the speaker phrase after a cue: time words, and the prepositions that
# open a setting («في بيان», «خلال مؤتمر», «للصحفيين»).
TIME_WORDS = frozenset(fold_word(w) for w in (
    "اليوم", "أمس", "الليلة", "مساء", "صباح", "ظهر", "فجر", "الأحد", "الاثنين", "الإثنين",
    "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "يوم", "أيضا", "كذلك", "مؤخرا",
    "سابقا", "لاحقا", "حينها", "آنذاك", "الأسبوع", "الشهر", "العام", "هذا", "الماضي", "في",
    "خلال", "أثناء", "على", "عبر", "أمام", "بعد", "عقب", "قبل", "من", "إلى", "الى", "عن", "مع",
    "منذ", "حول", "بشأن", "تعليقا", "ردا", "وفي", "لدى", "اول", "أول", "قد", "كان", "وكان", "قبيل",
    "بدوره", "بدورها", "بدورهم", "بدوره،"))

# Titles before a name: a speaker phrase keeps the name after them («العقيد تركي المالكي»).
TITLES = frozenset(fold_word(w) for w in (
    "العقيد", "العميد", "اللواء", "الفريق", "المشير", "الدكتور", "الدكتورة", "د", "الشيخ",
    "الأستاذ", "الأستاذة", "المهندس", "السيد", "السيدة", "الركن", "المستشار", "القاضي",
    "النائب", "الكابتن", "المحامي", "الزميل", "الزميلة"))
# Nouns that head a name which may follow in quotation marks («منظمة "تل ماما"»).
NAME_HEADS = frozenset(fold_word(w) for w in (
    "منظمة", "حركة", "جماعة", "حزب", "جمعية", "شركة", "نادي", "فريق", "مجموعة", "برنامج",
    "مؤسسة", "مركز", "هيئة", "ائتلاف", "تحالف", "مبادرة", "حملة", "تنظيم", "اتحاد", "لجنة",
    "بعنوان", "اسم", "كتاب", "فيلم", "رواية", "مسلسل", "مشروع", "عملية", "تطبيق"))
# Broken plurals that head a speaker phrase; a later «وأضافوا» continues them.
PLURAL_SPEAKERS = frozenset(fold_word(w) for w in (
    "مصادر", "خبراء", "شهود", "وسائل", "تقارير", "مسؤولو", "مسؤولي", "أعضاء", "نشطاء", "سكان",
    "أهالي", "اهالي", "قادة", "محللو", "وزراء", "علماء", "الخبراء", "المصادر", "نواب", "خبيران",
    # broken plurals of people (quote dev gold, round 4: «وقال أولياء أمور ... وأضافوا»)
    "أولياء", "آباء", "أمهات", "طلاب", "عمال", "أطباء", "زعماء", "سفراء", "رجال", "أبناء",
    "أقارب", "جيران", "ممثلو", "لاعبو", "مشجعو", "محامو", "مسؤولون", "عائلات", "أسر"))


# ---------------------------------------------------------------- reading a clause
# Readers of the attribution clause built on the tables above; `f` is fold(text).

# A speaker phrase read without NER keeps at most this many words.
MAX_SPEAKER_WORDS = 6

# What opens a cue's content: إن/أن (with a pronoun, بأن), a colon, a quotation mark.
INTRO_RE = re.compile(
    "(?<![\u0621-\u064a\u0640])(?P<an>(?:ب|ل|ف)?ان\u0640*(?:ه|ها|هم|هما|هن|ني|نا)?)"
    "(?![\u0621-\u064a\u0640])|(?P<colon>:)|(?P<mark>[«\"])")
AN_RE = re.compile("(?:\\s|^)(?:ف|و)?(?:ب|ل)?ان\u0640*(?:ه|ها|هم|هما|هن)?\\s+")
QOL_WORDS = frozenset({"قوله", "قولها", "قولهم", "قولهما", "بقوله", "بقولها", "قولا"})
PREPOSITIONS = frozenset(fold_word(w) for w in (
    "في", "وفي", "خلال", "على", "عبر", "أمام", "بعد", "عقب", "قبل", "من", "منذ", "حول", "بشأن",
    "لدى", "مع", "عن", "إلى", "ردا", "تعليقا"))
TRIM = " \t\r\n،,.;:؛-–—\u0640"
CLOSE = {"«": "»", '"': '"'}


HEAD_RE = re.compile("(?<![\u0621-\u064a])(?P<l>ل|لل|و|ب)?(?P<h>صحيفه|جريده|وكاله|شبكه|قناه|موقع"
                      "|اذاعه|مجله|تلفزيون|محطه)(?![\u0621-\u064a])")
NEWS_WORDS = frozenset({"انباء", "الانباء", "للانباء", "الاخباريه", "الاخبارية"})
SOURCE_NOUNS = frozenset(fold_word(w) for w in (
    "تصريحات", "تأكيدات", "بيان", "تقرير", "معلومات", "تعبير", "رواية", "إفادة", "أرقام"))
PRONOUN_SOURCE_RE = re.compile("^(?:تعبير|قول|وصف|زعم|تصريح|روايه)(?:ه|ها|هم)$")


_NON_SPACE = re.compile(r"\S+")


def words(f: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """(start, end, word) of the whitespace-separated words of f[a:b]."""
    if a < 0 or b < 0:  # slice semantics (from the end), which finditer's bounds lack
        return [(a + m.start(), a + m.end(), m.group()) for m in _NON_SPACE.finditer(f[a:b])]
    return [(m.start(), m.end(), m.group()) for m in _NON_SPACE.finditer(f, a, b)]


def bare(w: str) -> str:
    """A word without punctuation, quotation marks, hashtag sign and diacritic placeholders."""
    return w.strip(TRIM + "«»\"#()").replace("\u0640", "")


def find_outlet(text: str, f: str, a: int, b: int,
                recent: dict[str, str]) -> tuple[int, int, str, bool, str] | None:
    """The first outlet named in f[a:b]: (start, end, name, prefixed by ل, kind).

    Three ways, in order: a head word and its name («صحيفة واشنطن بوست», «لوكالة أنباء
    إنترفاكس», «قناة "العربية"»), a name from the outlet table, or a back-reference
    («للصحيفة») resolved through `recent` (kind → latest name; "" for any), with kind
    "anaphor". Kind is "paper", "agency", "tv", "site" or "" (unknown).
    """
    table, pattern = outlets()
    m = HEAD_RE.search(f, a, b)
    if m is not None:
        j = m.end()
        while j < b and f[j] == " ":
            j += 1
        head, pre = m.group("h"), bool(m.group("l"))
        kind = KINDS.get(head, "")
        nxt = words(f, j, min(b, j + 80))
        news = False
        while nxt and bare(nxt[0][2]) in NEWS_WORDS:  # «وكالة أنباء إنترفاكس»
            j, nxt, news = nxt[0][1] + 1, nxt[1:], True
        known = pattern.match(f, j, b) if j < b else None
        if known is not None:
            return m.start(), known.end(), table[known.group(1).casefold()].name, pre, kind
        if j < b and f[j] in CLOSE:
            close = f.find(CLOSE[f[j]], j + 1, min(b + 1, j + 50))
            known = pattern.match(f, j + 1, close) if close > j + 1 else None
            if known is not None:
                return m.start(), close + 1, table[known.group(1).casefold()].name, pre, kind
            if close > j + 1:
                return m.start(), close + 1, text[j + 1:close].strip(), pre, kind
        if (head not in ("وكاله", "موقع") or news) and nxt:
            out: list[tuple[int, int]] = []
            for ws, we, w in nxt[:4 if news else 3]:
                bw = bare(w)
                if not bw or bw in TIME_WORDS or INTRO_RE.fullmatch(bw) or \
                        (out and bw.endswith("يه") and not news):
                    break
                out.append((ws, we))
                if w[-1] in "،,":
                    break
            if out:
                lo = m.start() + len(m.group("l") or "") if news else out[0][0]
                return m.start(), out[-1][1], clean(text[lo:out[-1][1]]), pre, kind
    for k in pattern.finditer(f, a, b):
        outlet = table[k.group(1).casefold()]
        lam = f[k.start():k.start(1)] in ("ل", "لل")  # «لرويترز»: told to the outlet
        quoted = k.start() > 0 and f[k.start() - 1] in "«\""
        if not outlet.ambiguous or lam or quoted:
            return k.start(), k.end() + (1 if k.end() < b and f[k.end()] in "»\"" else 0), \
                outlet.name, lam, ""
    for ws, we, w in words(f, a, b):
        bw = bare(w)
        if bw in OUTLET_ANAPHORS:
            kind = KINDS.get(bw.removeprefix("لل").removeprefix("ال"), "")
            name = recent.get(kind) or recent.get("")
            if name:
                return ws, we, name, w.startswith("ل"), "anaphor"
    return None


KINDS = {"صحيفه": "paper", "جريده": "paper", "مجله": "paper", "وكاله": "agency",
          "شبكه": "tv", "قناه": "tv", "تلفزيون": "tv", "محطه": "tv", "اذاعه": "tv",
          "موقع": "site"}


def clean(s: str) -> str:
    return s.strip(TRIM + "«»\"“”")


# Subjects that are events, not speakers: «أكد اللقاء على التحالف» reports no speech.
EVENT_NOUNS = frozenset(fold_word(w) for w in (
    "اللقاء", "الاجتماع", "الزيارة", "القمة", "الاتفاق", "الاتفاقية", "المباراة", "الهجوم",
    "الحادث", "الخطوة", "المحادثات", "المفاوضات", "الحرب", "الأزمة", "الانفجار"))
# Words that cannot begin a speaker: particles, quantities and prepositions carrying a
# pronoun («أعلن أكثر من مرة», «وقال عنها», «صرح لي بأن»). Quote dev gold, round 3.
NOT_SPEAKERS = frozenset(fold_word(w) for w in (
    "إما", "أكثر", "أقل", "مرارا", "مجددا", "مرة", "ذلك", "هذه", "هؤلاء", "عنه", "عنها",
    "عنهم", "لي", "لنا", "لك", "منه", "منها", "منهم", "فيه", "فيها", "إليه", "إليها", "إنه",
    "إنها", "أنه", "أنها", "بأنه", "بأنها", "إتها", "وإن", "كما",
    # «وأضاف وهو محاط بالأعلام»: a circumstance; the subject is the one before
    "وهو", "وهي", "وهم", "وهما", "وهن"))
# Who was spoken to, after the speaker («قال البابا لرواد الفضاء», «قال حقي لشخص يدعى
# حبيب»): ل + one of these ends the speaker phrase (quote dev gold, round 6).
ADDRESSEES = frozenset(fold_word(w) for w in (
    "شخص", "رجل", "امرأة", "رواد", "مراسل", "مراسلي", "أعضاء", "نواب", "طلاب", "أنصار",
    "مؤيدي", "جمهور", "مواطني", "سكان", "أهالي", "زوار", "مسؤولي", "قادة", "زعماء", "ممثلي",
    "عائلات", "أسر", "ذوي", "جنود", "ضباط", "صحفيين", "صحافيين", "إعلاميين", "وفد"))
# A relative clause after the speaker («الوزير الإماراتي، الذي يتولى رئاسة أوبك»)
# describes it: never the speaker's name.
RELATIVES = frozenset(fold_word(w) for w in ("الذي", "التي", "الذين", "اللذان", "اللتان",
                                              "اللواتي", "اللاتي"))
_ISSUED = frozenset(fold_word(w) for w in ("صادر", "الصادر", "صادرة", "الصادرة"))
# Words that end a speaker phrase once it has started: what follows is the setting.
PHRASE_STOPS = frozenset(fold_word(w) for w in (
    "عند", "بوجود", "خلال", "أثناء", "لدى", "أمام", "عقب", "إثر", "وسط", "حين", "عندما"))


def speaker_phrase(text: str, f: str, a: int, b: int) -> tuple[int, int] | None:
    """The speaker noun phrase of an attribution clause read without NER.

    Comma-separated appositions («الرئيس الصيني، شي جينبينغ،») are candidates; the first
    that looks like a name (no role noun first, at most one ال- word) wins, else the first.
    A title inside a phrase («قائد الشرطة الفريق رائد جودت») leaves the name after it.
    """
    roles, titles = role_nouns(), TITLES
    segments: list[list[tuple[int, int, str]]] = [[]]
    started = skipping = False
    skipped: list[tuple[int, int, str]] = []
    for ws, we, w in words(f, a, b):
        bw = bare(w)
        if skipping:  # a setting («في المعهد الكوري») runs to the next comma
            if w[-1] in "،,":
                skipping = False
                skipped = []
                segments.append([])
            elif bw:
                skipped.append((ws, we, bw))
            continue
        if not bw:
            continue
        if started and bw in ("عن", "من") and segments[-1] and segments[-1][-1][2] in _ISSUED:
            segments[-1].append((ws, we, bw))  # «بيان صادر عن ...»: the issuer follows
            continue
        if not started and bw in PREPOSITIONS and not _ali(text, ws, we):
            return None  # «وقال في بيان: ...» has no subject
        if started and (bw in QOL_WORDS or (bw[:1] == "ل" and bw[1:] in ADDRESSEES)):
            break
        if started and (bw in PHRASE_STOPS or (bw.startswith("لل") and len(bw) > 4)):
            # «بحاح للصحافيين عند وصوله»: a setting, to the next comma (an apposition
            # after it may still be the name: «الزميل بالمعهد الكوري للتحليلات، جو بي يون»)
            skipping = True
            continue
        if bw.startswith(("بال", "باعتبار")) or (bw.startswith("لل") and len(bw) > 4) \
                or bw in ("له", "لها", "لـ", "ل"):
            continue
        if bw in TIME_WORDS:
            if started:
                if w[-1] in "،,":
                    segments.append([])
                else:
                    skipping = True
            continue
        if bw.startswith("ل") and bw[1:] in OUTLET_HEADS:
            break
        started = True
        segments[-1].append((ws, we, bw))
        if w[-1] in "،," or (w[-1] in ")" and "(" not in w):
            segments.append([])
    segments = [g for g in segments if g and g[0][2] not in RELATIVES]
    if not segments:
        return None

    def role_led(g: list) -> bool:
        w = g[0][2]
        return w in roles or w.removeprefix("ال") in roles or w in SOURCE_NOUNS

    def name_like(g: list) -> bool:
        return not role_led(g) and sum(w.startswith("ال") for _, _, w in g) <= 1

    pick = next((g for g in segments if name_like(g)),
                next((g for g in segments if not role_led(g)), segments[0]))
    cut = next((i for i, (_, _, w) in enumerate(pick) if i and w in RELATIVES), None)
    if cut is not None:  # «المفوضية التي حدثت ارقامها»
        pick = pick[:cut]
        # what follows inside the relative clause is no name closing a setting: «متحدثة
        # باسم الفيفا الذي يتخذ من [زوريخ مقرا له]» (quote dev gold, round 4)
        skipped = []
    while len(pick) > 1 and pick[0][2] in SOURCE_NOUNS:  # «بيان الدفاع الروسية»
        pick = pick[1:]
    if len(pick) > 2 and pick[0][2] in _ISSUED and pick[1][2] in ("عن", "من"):
        pick = pick[2:]  # «بيان صادر عن الاتحاد الأوروبي»: the issuer (quote dev, round 4)
    for i, (_, _, w) in enumerate(pick):
        if w in titles and i + 1 < len(pick):  # «... الفريق رائد شاكر جودت»
            pick = pick[i + 1:]
            while len(pick) > 1 and pick[0][2] in titles:
                pick = pick[1:]
            break
    else:
        if not role_led(pick):
            for i, (_, _, w) in enumerate(pick[1:], 1):
                if w in roles:  # «رافينا شمداسني المتحدثة باسم ...»
                    pick = pick[:i]
                    break
    if role_led(pick) and skipped and (tail := _trailing_name(text, skipped)):
        pick = tail  # «المسؤول الكبير في الشرطة شير أكبر خان لوكالة»: the name ends the clause
    if len(pick) >= 3 and pick[0][2] in roles and _name_word(text[pick[1][0]:pick[1][1]]):
        pick = pick[1:]  # «الوزير سمير عادل» → the name; «مصدر أمني» keeps its adjective
    pick = pick[:MAX_SPEAKER_WORDS]
    return trim_span(text, pick[0][0], pick[-1][1])


def _ali(text: str, ws: int, we: int) -> bool:
    """«علي» written with ي is the name Ali («وقال علي الريشان :»), which folding makes the
    preposition «على» (quote dev gold, round 4)."""
    return text[ws:we].strip(TRIM) == "علي"


def _trailing_name(text: str, seq: list[tuple[int, int, str]]) -> list | None:
    """Two or three name-like words closing a skipped setting, or None."""
    if any(w in PREPOSITIONS for _, _, w in seq):
        return None  # «في بلدة أبوت آباد على بعد 50 كلم عن إسلام آباد»: places, not a name
    tail: list[tuple[int, int, str]] = []
    for i in range(len(seq) - 1, -1, -1):
        w = text[seq[i][0]:seq[i][1]]
        if len(tail) == 3 or (w.startswith("ال") and tail):
            break
        tail.insert(0, seq[i])
    while tail and not _name_word(text[tail[0][0]:tail[0][1]]):
        tail.pop(0)
    return tail if len(tail) >= 2 else None


def _name_word(w: str) -> bool:
    """A word that can start a personal name (not an article, preposition or adjective).

    A final ي is a name (فادي، علي) unless the word is an adjective that follows source
    nouns (مصدر أمني، مسؤول أميركي): those, and nationality adjectives (-اني، -كي) are listed.
    """
    w = w.strip(TRIM + "#«»\"")
    if w.startswith(("ال", "وال", "بال", "لل", "ب", "و")) or w.endswith(("ية", "ون", "ين", "ة")):
        return False
    return not (w.endswith("ي") and (fold_word(w) in SOURCE_ADJECTIVES
                                     or w.endswith(("اني", "كي", "ري", "سي", "لي"))))


# Adjectives that follow a source noun and end in ي («مصدر أمني», «مسؤول رسمي»).
SOURCE_ADJECTIVES = frozenset(fold_word(w) for w in (
    "أمني", "عسكري", "سياسي", "دبلوماسي", "حكومي", "رسمي", "قضائي", "طبي", "محلي", "إعلامي",
    "أوروبي", "غربي", "عربي", "روسي", "سوري", "مصري", "سعودي", "عراقي", "يمني", "ليبي",
    "فلسطيني", "إسرائيلي", "تونسي", "جزائري", "مغربي", "خليجي", "إماراتي", "قطري", "كويتي",
    "صيني", "هندي", "شرطي", "برلماني", "حزبي", "نقابي", "ميداني", "محلي", "أممي", "دولي"))


def trim_span(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a] in TRIM + "«»\"“”#(":
        a += 1
    while b > a and text[b - 1] in TRIM + "«»\"“”)":
        b -= 1
    return (a, b) if a < b else None
