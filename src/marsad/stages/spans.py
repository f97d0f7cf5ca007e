"""Tagger spans cleaned before resolution: no function words, currencies or hashtag marks.

The tagger's spans come out with words around the name that are not part of it
(«فإن ترامب», «على جدول كيم جونج أون»), two people in one span («ليروي ساني وكيفين دي
بروينه»), a title's adjective without its title («الأسبق حسني مبارك», «التعاون الدولي
سحر نصر») and currencies typed MISC or ORG («الدولار»). Each of those becomes an entity
name a user reads. `tidy_spans` repairs them:

- an acronym's letters are gathered («لبي [بي سي]» → «بي بي سي»), a lone letter or a
  bare head noun («منظمة») is dropped (span_fragments.py);
- a compound given name cut in half gets its opener back («فتح [الله غولن]»,
  span_compounds.py);
- a title cut in half gets its head back (the span grows to «الرئيس الأسبق حسني مبارك»),
  so `split_role` makes it the role, as for any other title;
- leading and trailing words that are never part of a name are cut; a span with nothing
  left is dropped. Which words: the hand lists below (prepositions, particles, verbs,
  adjectives), plus, before a person's name, the data-built list
  arabic/data/span_nonname.txt (scripts/build_span_words.py: words ANERcorp and our
  tagger on dev news both almost never put inside a name);
- two names joined by و are split into two spans;
- a currency or unit (optionally with its nationality: «جنيه إسترليني») is dropped,
  except «الريال» where the document speaks of Real Madrid (the club, ORG);
- a span the club list marks (…سيتي، …يونايتد، ريال …) is an ORG, never a LOC.

`tagger_text` is what the tagger reads: hashtags (#محمد_بن_سلمان) spelled as the words
they are, at the same offsets.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from marsad.arabic.names import alias_entry, strip_clitic
from marsad.arabic.normalize import key
from marsad.arabic.quotes_lexicon import cues, fold_word
from marsad.arabic.roles import _is_nisba, _modifiers, _openers, split_role
from marsad.stages.first_word import listed_word, person_word
from marsad.stages.relation import given_name
from marsad.stages.span_compounds import (
    compound_edge,
    generation_edge,
    joined_names,
    territory_edge,
)
from marsad.stages.span_fragments import fragment_edge, place_after_name, spelled

Span = tuple[int, int, str]

_HASHTAG = re.compile(r"#(\w+)")
_DIAC = re.compile("[\u064b-\u0652\u0640\u0670]")
_WORD = re.compile(r"\S+")
_PUNCT = frozenset("،,.:;؛!?؟\"«»()[]“”")

# Never part of a name, wherever they stand: prepositions, conjunctions, particles and
# reporting verbs, with the و/ف/ب/ل clitics they take in news (hand list, closed class).
FUNCTION_WORDS = frozenset("""
على علی عن إلى الى في فى من منذ مع بين لدى لدي عند ضد حول خلال عبر نحو تجاه سوى غير
مثل كمثل وفق وفقا حسب بحسب بعد قبل أمام وراء فوق تحت حتى لكن بل ثم إما
فإن وإن وأن بأن لأن كأن إنه أنه بأنه لأنه إنها أنها بأنها ولكن كما بينما فيما إذ إذا
لقد قد كانت يكون ليس لم لن هو هي هم هذا هذه ذلك تلك الذي التي الذين
قال قالت وقال وقالت فقال يقول تقول أكد أكدت وأكد وأكدت أعلن أعلنت وأعلن أضاف وأضاف أضافت
أشار وأشار أوضح وأوضح ذكر وذكر رأى يرى اعتبر واعتبر دعا ودعا زار وزار التقى
والتقى استقبل واستقبل بحث وبحث أجرى شدد وشدد نفى ونفى يا أيها
""".split())
# Before a name only when no letter-spelled acronym follows («إن بي سي» is NBC).
BEFORE_PERSON = frozenset("إن أن ان".split())
# Adjectives and participles a title leaves behind when the tagger drops its head
# (hand list; a title before them wins: «الرئيس الأسبق» becomes the role).
ADJECTIVES = frozenset("""
الأسبق الاسبق السابق السابقة البارز البارزة المحبوب المحبوبة الشهير الشهيرة المعروف
المعروفة الراحل الراحلة الفائز الفائزة الجديد الجديدة الحالي الحالية المقبل المقبلة
الأول الأولى الثاني الثانية الأخير الأخيرة المخضرم المخضرمة الشاب الشابة النجم النجمة
سيدنا ركن
""".split())
# Participles whose complement follows with ب («الفائزة بقلب ...»): it goes with them.
PARTICIPLES = frozenset("الفائز الفائزة الحائز الحائزة المتوج المتوجة".split())
_NAME_LINKS = frozenset("بن ابن بنت أبو ابو".split())
_ALI_MISSPELT = frozenset({"على", "علی"})  # the one function word that is also a first name
_SPELLED = frozenset("بي سي إس اس إم ام إيه ايه إف اف جي دي تي إن ان كيه إل ال واي يو".split())

# After a person's name these start what is said of the name, never its last part: a
# role or kinship noun without its article («... بن عبدالعزيز [أمير] منطقة جازان»,
# «محمد مصطفى [والد] الضحية»), a blessing («محمد [صلى] الله عليه وسلم»). The span ends
# before the first of them (resolution DEV gold: 7 of 31 junk spans still tagged).
AFTER_NAME_STOPS = frozenset("""
أمير والد والدة نجل نجلة شقيق شقيقة زوج زوجة أرملة ابنة حفيد رئيس وزير وزيرة نائب مدير
مديرة قائد مستشار سفير مندوب محافظ عضو أول صلى رضي رحمه حفظه عليه عليها
المعلق المعلقة المحلل المحللة الكاتب الكاتبة الصحفي الصحفية الخبير الخبيرة الباحث الباحثة
المتحدث المتحدثة الناطق الناطقة المدرب اللاعب المهاجم المدافع الحارس الممثل الممثلة
المغني المغنية الفنان الفنانة المخرج المخرجة
""".split())
# A day or «yesterday» after a person's name says when, never who («ناليس [الجمعة]»);
# so does a part of the day before one («سامر القباني [صباح] الأحد»: صباح alone may be a
# name, so only when a day follows).
WHEN_WORDS = frozenset("السبت الأحد الاحد الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس "
                       "الجمعة أمس امس اليوم".split())
DAY_PARTS = frozenset("صباح مساء ظهر عصر فجر ليلة".split())
# «لي» is «to me» far more often than the Korean family name Lee: it leads or ends an
# Arabic-shaped span only as the preposition («قال [لي] أحمد عطيف», «شمس الدين [لي]»).
_LI = "لي"
# Commodities the tagger takes for names (MISC/ORG) on market pages.
COMMODITIES = frozenset("النيكل النحاس الألمنيوم الألومنيوم الزنك البلاتين البلاديوم".split())

# God in the formulas of news Arabic, tagged MISC: the top MISC «entity» of ANT (245
# mentions in 6k articles), never what a user looks for. Names holding the word
# («عبد الله», «حزب الله», «رام الله», «فضل الله» as a person) are other spans or types.
DIVINE = frozenset(("الله", "لله", "والله", "فضل الله", "بفضل الله", "الله تعالى",
                    "الله سبحانه وتعالى", "سبحانه وتعالى"))

# Formulas of praise and hope that the tagger takes for a name of any type («قالت لي
# [الحمد لله] على السلامة» became the person «الحمد»). Only a span that is the formula,
# with function words around it: «الملك سلمان حفظه الله» is a name and its blessing.
FORMULAS = frozenset(("الحمد لله", "إن شاء الله", "ان شاء الله", "ما شاء الله", "بسم الله",
                      "سبحان الله", "الله أكبر", "الله اكبر", "بإذن الله", "باذن الله",
                      "لا إله إلا الله", "لا اله الا الله"))


def _formula(words: list[str]) -> bool:
    ws = [_light(w) for w in words]
    while ws and (ws[0] in FUNCTION_WORDS or ws[0] == _LI):
        ws = ws[1:]
    while ws and ws[-1] in FUNCTION_WORDS:
        ws = ws[:-1]
    return " ".join(ws) in FORMULAS


def _commodity(w: str) -> bool:
    """A metal or crop traded as a commodity, with a clitic or not («[و]النيكل»)."""
    return w in COMMODITIES or (w[:1] in "وبل" and w[1:] in COMMODITIES)


# Currencies and units: the word itself (clitic and article off, plural or not).
UNITS = frozenset("""
دولار دولارات جنيه جنيهات ريال ريالات يورو درهم دراهم دينار دنانير ليرة ليرات روبل
ين يوان روبية روبيات فرنك فرنكات شيكل شيكلات إسترليني استرليني بيزو كرونة
دولارا جنيها ريالا درهما دينارا يوروهات استرلينيا إسترلينيا
برميل براميل كيلومتر كيلومترات كيلوغرام كيلوجرام طن أطنان أميال أمتار
هكتار ميغاواط ميجاوات جيجاوات بوصة لتر لترات
""".split())
# Units that are also names (ين: Allen ألين, Yen): alone, a unit unless tagged a person
# (over ANT outside May 2018, «ين» and «الين» typed MISC were the yen 75 times).
_SHORT_UNITS = frozenset({"ين"})
# A currency word that is also a club when the club's city is in the document.
_CLUB_CURRENCY = {"ريال": "مدريد"}
# Words that make a several-word name a football club, which the tagger may type LOC
# («مانشستر يونايتد»). Not «سيتي»: «غاردن سيتي», «مكسيكو سيتي» are cities.
CLUB_LAST = frozenset("يونايتد هوتسبير ألبيون".split())
CLUB_FIRST = frozenset("ريال أتلتيكو اتلتيكو نادي بوروسيا".split())


_UNDERSCORED = re.compile(r"(?<=[\u0621-\u064a])_(?=[\u0621-\u064a])")
# A hyphen inside a Korean or Chinese name as Arabic news spells it («كيم جونغ-أون»): the
# tagger, reading «جونغ-أون» as three tokens, tagged «أون» or «جونغ» alone (resolution
# DEV gold: 2 of 67 junk spans). Only between Arabic letters with no space around it.
_HYPHENATED = re.compile(r"(?<=[\u0621-\u064a])-(?=[\u0621-\u064a])")
# a dot inside a letter-spelled acronym: «سي.إن.إن», «بي.دبليو.سي»
_DOTTED = re.compile(r"(?<![\u0621-\u064a])([\u0621-\u064a]{2,5})\.(?=[\u0621-\u064a]{2,5}\b)")


def tagger_text(text: str) -> str:
    """`text` with each hashtag's # and _ turned to spaces (also an _ between Arabic
    letters left from a hashtag whose # was lost: «محمد_بن_سلمان») and a hyphen joining
    two Arabic words made a space («جونغ-أون»), and so is a dot after a spelled letter
(«سي.إن.إن»): same length, same offsets."""
    if "#" in text:
        text = _HASHTAG.sub(lambda m: " " + m.group(1).replace("_", " "), text)
    if "_" in text:
        text = _UNDERSCORED.sub(" ", text)
    if "-" in text:
        text = _HYPHENATED.sub(" ", text)
    if "." in text:
        text = _DOTTED.sub(_undot, text)
    return text


def _undot(m: re.Match[str]) -> str:
    return m.group(1) + " " if spelled(m.group(1)) else m.group(0)


def _light(word: str) -> str:
    return _DIAC.sub("", word).strip("".join(_PUNCT))


@cache
def _derived() -> frozenset[str]:
    text = resources.files("marsad.arabic").joinpath("data", "span_nonname.txt").read_text(
        encoding="utf-8")
    return frozenset(ln.strip() for ln in text.splitlines()
                     if ln.strip() and not ln.startswith("#"))


def _title_word(word: str) -> bool:
    """A word `split_role` may take as (part of) a title: never cut, it becomes the role."""
    k = key(strip_clitic(word))
    return k in _openers() or k in _modifiers() or _is_nisba(k)


def _non_name(word: str, label: str, *, leading: bool, nxt: str | None = None) -> bool:
    w = _light(word)
    if not w:
        return True
    if leading and nxt is not None and _light(nxt) in _SPELLED:
        return False  # a letter-spelled acronym: «إن بي سي», «أو إم دي»
    if leading and nxt is not None and _light(nxt) in _NAME_LINKS and (
            w not in FUNCTION_WORDS or w in _ALI_MISSPELT):
        return False  # «طالب بن ...», «على أبو ...» (علي spelled على): a first name
    if w in FUNCTION_WORDS:
        return True
    if label != "PER":
        return False
    if leading and w in BEFORE_PERSON:
        return True
    if leading and w == "لسان" and (nxt is None or _light(nxt) != "الدين"):
        return True  # «على [لسان] يوليا» (in Yulia's words); «لسان الدين» is a name
    if leading and w in ADJECTIVES:
        return True
    if not leading:
        # after a person's name: a title's head («محمد بن سلمان [ولي] العهد»), a word with
        # tanween (names never take it: «[ميتاً]»), an «لل» compound («[للنصر]»), a word
        # carrying both a conjunction or preposition and a pronoun («[وكلمني]»,
        # «[بتعبئتها]»), or و + a definite noun («[والجزائري] عبدالحق»)
        return ("\u064b" in word or w.startswith("لل") or key(w) in _openers()
                or _clitic_both(w) or w in WHEN_WORDS or _with_bi(w) or _reporting(word)
                or place_after_name(w))
    return w in _derived() and not _title_word(word)


# How a speaker said it, after the name and before the words («وقال جون كيري [مازحا]»);
# the reporting participles themselves come from the quote lexicon.
MANNER_WORDS = frozenset(fold_word(w) for w in (
    "مازحا ضاحكا مبتسما ساخرا متهكما متسائلا مستغربا غاضبا متأثرا باكيا مستنكرا "
    "متحسرا معترفا مستدركا").split())


def _reporting(word: str) -> bool:
    """A reporting participle («مؤكدا», «قائلا») or a manner adverb after a name:
    what the name said, never its last word. Left in, «كيري مازحا» was a second speaker
    beside «كيري» (quote DEV)."""
    w = fold_word(_light(word))
    if w in MANNER_WORDS:
        return True
    # participles in the accusative only («مؤكدا», «قائلا»): other cue forms are also
    # names («طالب», «رايت» Wright, «فيرون» Verón, «بينوا» Benoît)
    cue = cues().get(w)
    return cue is not None and cue.cls == "part" and w.endswith("ا")


def _with_bi(w: str) -> bool:
    """ب + a noun after a person's name: the verb's object, never the name's last word
    («أمر الشيخ محمد بن زايد [بإيجاد]», «[بالتركيز]»); names that start so («بالوتيلي»,
    «بالدوين») are in the tagger's lists. The glued span made «محمد بن زايد» fit two
    people of its article, and he became two entities of one name (ANT)."""
    return len(w) >= 5 and w.startswith(("بال", "بإ", "بأ")) and not listed_word(w)


_OBJECT_PRONOUNS = ("ني", "ها", "هم", "هما", "هن", "نا", "كم")


def _clitic_both(w: str) -> bool:
    """A word with a proclitic and an enclitic, or و + ال: a verb or a noun phrase, never a
    name's last word (a name never takes a pronoun suffix; one that starts with و or ب,
    «ويلسون», «بيرني», is in the tagger's person list and kept)."""
    if len(w) < 5 or w[0] not in "وفب" or person_word(w):
        return False
    if w.startswith("وال"):
        return True
    suffixes = ("ها", "هم") if w[0] == "ب" else _OBJECT_PRONOUNS
    return w.endswith(suffixes)


def name_rest(rest: str, name: str) -> bool:
    """Whether `rest`, what split_role left of a title + `name`, is a name: `name` itself
    (less a clitic), or `name` after words that may open a name (the first name the
    tagger missed: «المهندس [فادي] محمد البطش»), never after words that cannot
    («الخطط العسكرية [على جدول] كيم جونج أون», «الرئيس [المقال] محمد مرسي»)."""
    if len(rest) <= len(name):
        return True
    extra = rest[:len(rest) - len(name)].split()
    # one word the tagger's name list knows, not a definite one: «[المقال] محمد مرسي»,
    # «[لحقوق الإنسان] رامي ..», «[تعيين] بومبيو» stay out (resolution DEV gold: without
    # the name-list test 6 of 67 labelled junk spans came back)
    return (len(extra) == 1 and not extra[0].startswith("ال") and person_word(extra[0])
            and not _non_name(extra[0], "PER", leading=True))


def _words(view: str, a: int, b: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(view, a, b)]


def _title_before(view: str, a: int, b: int) -> int | None:
    """Start of a title right before a person span whose first words continue it
    («[الرئيس] الأسبق حسني مبارك», «[وزيرة] التعاون الدولي سحر نصر»): with it,
    split_role takes those words into the role and leaves a name inside the span. Only
    definite or title words may go (a bare first name is a title's genitive only in
    appearance: «مستشار جاريد كوشنر»). None when there is no such title."""
    before = view[max(0, a - 80):a].split()[-4:]
    starts: list[int] = []
    pos = a
    for w in reversed(before):
        if not _PUNCT.isdisjoint(w) or not any(c.isalpha() for c in w):
            break
        pos = view.rfind(w, 0, pos)
        starts.insert(0, pos)
    name = view[a:b]
    for s in starts:  # longest title first
        role, rest = split_role(view[s:b])
        if not (role and rest and len(rest) < len(name) and name.endswith(rest)):
            continue
        taken = name[:len(name) - len(rest)].split()
        if all(w.startswith("ال") or _title_word(w) for w in taken):
            return s
    return None


def _is_unit(words: list[str], label: str) -> bool:
    head = strip_clitic(_light(words[0]))
    head = key(head[2:] if head.startswith("ال") and len(head) > 3 else head)
    if head not in _UNIT_KEYS() or (head in _SHORT_UNITS and len(words) == 1
                                    and label == "PER"):
        return False
    return all(_is_nisba("ال" + key(w).removeprefix("ال")) or key(w) in _UNIT_KEYS()
               for w in words[1:])


@cache
def _UNIT_KEYS() -> frozenset[str]:  # noqa: N802 - a constant built once
    return frozenset(key(u) for u in UNITS)


def _club_city(text: str, words: list[str]) -> bool:
    head = key(strip_clitic(words[0])).removeprefix("ال")
    city = next((c for u, c in _CLUB_CURRENCY.items() if key(u) == head), None)
    return city is not None and city in text


def _split_pair(view: str, ws: list[tuple[int, int]], label: str,
                surnames: dict[str, set[str]] | None = None) -> list[tuple[int, int]]:
    """Word index ranges of the names in a span «A وB» (two names), else the whole span.
    Two names: both of two words or more, both in the person list, or B (less its و) the
    last word of another person span of the document («ترامب [وكومي]»: جيمس كومي)."""
    if label != "PER" or len(ws) < 2:
        return [(0, len(ws))]
    for i in range(1, len(ws)):
        w = view[ws[i][0]:ws[i][1]]
        if not w.startswith("و") or len(_light(w)) < 4:
            continue
        if person_word(w) or _title_word(w[1:]):
            continue  # a name that starts with و (ويلسون، وليام), or «و[الأمير] ...»
        left, right = i, len(ws) - i
        both_long = left >= 2 and right >= 2
        first_l = view[ws[0][0]:ws[0][1]]
        known = surnames is not None and right == 1 and _light(w[1:]) in surnames
        if both_long or known or (person_word(first_l) and person_word(w[1:])):
            return [(0, i), (i, len(ws))]
    return [(0, len(ws))]


def _surnames(view: str, spans: list[Span]) -> dict[str, set[str]]:
    """Last word of each several-word person span → the spans' texts it ends."""
    out: dict[str, set[str]] = {}
    for a, b, label in spans:
        words = view[a:b].split()
        if label == "PER" and len(words) > 1:
            out.setdefault(_light(words[-1]), set()).add(" ".join(words))
    return out


def _person_head(view: str, ws: list[tuple[int, int]], label: str,
                 people: set[str]) -> tuple[int, int] | None:
    """(first, end) word indices of a person the document names elsewhere at the head of
    a non-person span (after at most one function word: «زار»), when the span holds
    more than that person; None otherwise."""
    if label == "PER" or not people:
        return None
    words = [_light(view[s:e]) for s, e in ws]
    first = 1 if len(words) > 3 and words[0] in FUNCTION_WORDS else 0
    for end in range(len(words) - 1, first + 1, -1):
        if " ".join(words[first:end]) in people:
            return first, end
    return None


def _two_people(view: str, ws: list[tuple[int, int]], label: str,
                surnames: dict[str, set[str]]) -> bool:
    """Whether a two-word person span is two people's surnames side by side, as a verb
    and its object leave them («وأقال [ترامب كومي]», «وخير [غرينبلات عباس]»): each word
    ends another person span of the document."""
    if label != "PER" or len(ws) != 2:
        return False
    if any(given_name(_light(view[s:e])) for s, e in ws):
        return False  # a given name and a father's name («هادي حسين») is one name
    whole = " ".join(view[s:e] for s, e in ws)
    return all(surnames.get(_light(view[s:e]), set()) - {whole} for s, e in ws)


def glued_people(view: str, ws: list[tuple[int, int]], label: str,
                 surnames: dict[str, set[str]], people: set[str]) -> int | None:
    """Where a person span of three words or more splits into two people run together
    by a verb and its object («اتهم [رجب طيب أردوغان غولن]»): the words before are a
    person's full name in the alias table, the words after are another person span of
    the document, or the surname ending one that shares no word with the first name.
    Left whole, Gülen's surname made him an alias of Erdogan (6k ANT)."""
    if label != "PER" or len(ws) < 3:
        return None
    words = [_light(view[s:e]) for s, e in ws]
    whole = " ".join(view[s:e] for s, e in ws)
    for k in range(len(ws) - 1, 1, -1):
        head = " ".join(words[:k])
        entry = alias_entry(head)
        if entry is None or entry.type != "PER":
            continue  # «عبد الله الثاني», «أبو زيد الرزامي»: a name and its family name
        own = set(words[:k])
        tail = words[k:]
        if len(tail) == 1:
            if any(own.isdisjoint(_light(w) for w in full.split()[:-1])
                   for full in surnames.get(tail[0], ()) if full != whole):
                return k
        elif " ".join(tail) in people:
            return k
    return None


def tidy_spans(text: str, spans: list[Span]) -> list[Span]:
    """The tagger's (start, end, label) spans cleaned for resolution (see the module)."""
    view = tagger_text(text)
    spans = joined_names(view, spans)
    surnames = _surnames(view, spans)
    people = {" ".join(_light(w) for w in view[a:b].split())
              for a, b, label in spans if label == "PER" and len(view[a:b].split()) > 1}
    out: list[Span] = []
    for k, (a, b, label) in enumerate(spans):
        nxt = spans[k + 1][0] if k + 1 < len(spans) else len(view)
        a, b = territory_edge(view, a, b, label, out[-1][1] if out else 0, nxt)
        a, b = generation_edge(view, a, b, label, nxt)
        a, b = compound_edge(view, a, b, label)
        edge = fragment_edge(view, a, b, label)
        if edge is None:
            continue
        a, b = edge
        ws = _words(view, a, b)
        if not ws:
            continue
        head = _person_head(view, ws, label, people)
        if head:
            # «زار [أبو خالد سوق الخضار المركزي]» typed ORG, where the document names أبو
            # خالد as a person elsewhere: the person, then the rest under the span's type
            out.append((ws[head[0]][0], ws[head[1] - 1][1], "PER"))
            ws = ws[head[1]:]
        if _two_people(view, ws, label, surnames):
            out.extend((s, e, label) for s, e in ws)
            continue
        cut = glued_people(view, ws, label, surnames, people)
        if cut:
            out.extend(p for p in (_trim(view, ws[:cut], label), _trim(view, ws[cut:], label))
                       if p)
            continue
        words = [view[s:e] for s, e in ws]
        if len(words) == 1 and _commodity(_light(words[0])):
            continue
        if label == "MISC" and " ".join(map(_light, words)) in DIVINE:
            continue  # «الحمد لله», «إن شاء الله», «بفضل الله»: a formula, not an entity
        if _formula(words):
            continue
        if label == "PER" and len(words) == 1 and _light(words[0]) == _LI \
                and not _lee_named(view, spans):
            continue  # «قال لي»: the preposition, unless the document names a Lee in full
        if _is_unit(words, label):
            if not _club_city(text, words):
                continue
            label = "ORG"
        if label == "LOC" and len(words) > 1 and (_light(words[-1]) in CLUB_LAST
                                                  or _light(words[0]) in CLUB_FIRST):
            label = "ORG"
        for lo, hi in _split_pair(view, ws, label, surnames):
            part = ws[lo:hi]
            if lo > 0:  # the second name starts after its و
                part = [(part[0][0] + 1, part[0][1]), *part[1:]]
            span = _trim(view, part, label)
            if span is not None:
                out.append(span)
    return out


def _lee_named(view: str, spans: list[Span]) -> bool:
    """Whether some span of the document is a several-word name holding «لي» (لي جاي ميونغ)."""
    for a, b, label in spans:
        words = [_light(w) for w in view[a:b].split()]
        if label == "PER" and len(words) > 1 and _LI in words:
            return True
    return False


def _li_edges(view: str, ws: list[tuple[int, int]], i: int, j: int) -> tuple[int, int]:
    """Drop a leading or trailing «لي» from a span whose other words read as an Arabic
    name (a common given name, a title, ال-, بن, الدين); «لي جاي ميونغ» keeps it."""
    def word(k: int) -> str:
        return _light(view[ws[k][0]:ws[k][1]])

    def arabic(lo: int, hi: int) -> bool:
        return any(_arabic_name_word(word(k)) for k in range(lo, hi))

    if j - i >= 2 and word(i) == _LI and arabic(i + 1, j):
        i += 1
    if j - i >= 2 and word(j - 1) == _LI and arabic(i, j - 1):
        j -= 1
    return i, j


def _arabic_name_word(w: str) -> bool:
    return (w.startswith("ال") or w in _NAME_LINKS or key(w) in _given_keys()
            or _title_word(w) or w.startswith("عبد")) if w else False


@cache
def _given_keys() -> frozenset[str]:
    from marsad.arabic.names import COMMON_GIVEN_NAMES

    return frozenset(key(n) for n in COMMON_GIVEN_NAMES)


def _trim(view: str, ws: list[tuple[int, int]], label: str) -> Span | None:
    a, b = ws[0][0], ws[-1][1]
    if label == "PER" and split_role(view[a:b])[0] is None:
        first = view[ws[0][0]:ws[0][1]]
        if first.startswith("ال") or _title_word(first):
            s = _title_before(view, a, b)
            if s is not None:
                return s, b, label
    i, j = 0, len(ws)
    while i < j and _non_name(view[ws[i][0]:ws[i][1]], label, leading=True,
                              nxt=view[ws[i + 1][0]:ws[i + 1][1]] if i + 1 < j else None):
        i += 1
        if (_light(view[ws[i - 1][0]:ws[i - 1][1]]) in PARTICIPLES and i < j
                and view[ws[i][0]] == "ب"):
            i += 1
    if label == "PER":
        i, j = _li_edges(view, ws, i, j)
        for k in range(i + 1, j):
            w = _light(view[ws[k][0]:ws[k][1]])
            if w in AFTER_NAME_STOPS or (
                    # «جانسون [لبي بي سي]»: ل + a letter-spelled outlet
                    w.startswith("ل") and w[1:] in _SPELLED and k + 1 < j
                    and _light(view[ws[k + 1][0]:ws[k + 1][1]]) in _SPELLED):
                j = k
                break
    if label == "PER" and j - 1 > i and _light(view[ws[j - 1][0]:ws[j - 1][1]]) in DAY_PARTS:
        after = view[ws[j - 1][1]:ws[j - 1][1] + 20].split()
        if after and _light(after[0]) in WHEN_WORDS:
            j -= 1
    while j - 1 > i and _non_name(view[ws[j - 1][0]:ws[j - 1][1]], label, leading=False):
        if j - 2 >= i and _light(view[ws[j - 2][0]:ws[j - 2][1]]) in _SPELLED:
            break  # «إي تي في» is ITV, not «إي تي» + في
        j -= 1
    if i == j:
        return None
    return ws[i][0], ws[j - 1][1], label
