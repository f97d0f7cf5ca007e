"""Arabic time expressions in text: pure, rule-based matching (HeidelTime-style).

`find_timexes(text)` returns the spans of absolute dates (12 سبتمبر 2023، 12/9/2023،
كانون الثاني 2020، 15 رمضان 1444 هـ، عام 2003), relative ones (الأربعاء، أمس، الشهر
المقبل، العام الماضي، أوائل الستينيات، القرن التاسع عشر), durations (ثلاثة أعوام، 24
ساعة، أسبوعين), frequencies (يوميا، كل عامين) and vague references (حاليا، مؤخرا), each
with the parsed fields a calendar needs. Turning fields into TimeML values (relative →
absolute, Hijri → Gregorian) is `marsad.stages.dates`' job: this module knows words, not
calendars, and stays stdlib only.

Matching runs on `normalize.key` of the text (hamza, taa marbuta, alef maqsura, diacritics
and Eastern digits folded) and maps spans back to the source, so "بالأمسِ" and "١٢/٩/٢٠٢٣"
match like their plain forms. A leading clitic (و ف ب ل ك) is allowed before every
expression and left out of the span. The lexicon lives in `data/timex_*.tsv` (loaded by
`timex_lexicon`); reading each kind's fields from a match is `timex_fields`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from marsad.arabic.normalize import source_span
from marsad.arabic.timex_fields import FIELDS
from marsad.arabic.timex_lexicon import UNIT_DEF, after_any, alt, fold, lexicon

__all__ = ["TimexMatch", "find_timexes", "lexicon"]

# How far back (folded characters) a part word (أوائل، منتصف) may sit before a match.
PART_WINDOW = 24


@dataclass(slots=True)
class TimexMatch:
    """A time expression: [start, end) in the source text, its kind and parsed fields."""

    start: int
    end: int
    kind: str  # date month year weekday day unit decade century ref duration set time
    fields: dict = field(default_factory=dict)


@cache
def _patterns() -> dict[str, re.Pattern]:
    lx = lexicon()
    wd = alt(lx.weekdays)
    mon = alt(lx.months)
    mon2 = rf"{mon}(?: ?[/(-] ?{mon}(?: ?\))?)?"
    numw = alt(w for w in lx.numbers if not w.startswith("ال"))
    numws = rf"{numw}(?:(?: و ?| ){numw}){{0,3}}"
    num = rf"(?:\(?\d{{1,4}}\)?(?!\w)|{numws})"
    ordw = alt(lx.ordinals)
    rel = alt(lx.refs["rel"])
    tod = alt(lx.refs["tod"])
    dayref = alt(lx.refs["day"])
    # «سبتمبر من العام الماضي»: the year is counted from the article's
    year_rel = rf"|,? (?:من )?(?:العام|السنه) (?P<yrel>{rel})"
    era = r"(?: ?(?P<era>م|ميلادي|ميلاديه|للميلاد|ه|هجري|هجريه|للهجره)(?!\w))?"
    year = rf"(?: ?,? ?(?:من )?(?:عام |العام |سنه )?(?P<y>[12]\d{{3}})(?!\d){era})"
    units_counted = alt(w for w, (_, c) in lx.units.items() if not w.startswith("ال"))
    # (عقد alone is far more often "a contract" or "holding" than "a decade")
    units_one = alt(w for w, (_, c) in lx.units.items()
                     if c == 1 and not w.startswith(("ال", "عقد")))
    units_dual = alt(w for w, (_, c) in lx.units.items() if c == 2)
    units_plural = alt(w for w, (_, c) in lx.units.items() if c == 0)
    unit_def = alt(UNIT_DEF)
    century = (rf"القرن (?:(?P<co>{ordw})(?: (?P<teen>عشر))?(?: ?و ?(?P<co2>{ordw}))?"
               rf"|ال ?(?P<cn>\d{{1,2}})(?!\d)|(?P<crel>{rel}))"
               r"(?: (?P<cera>الميلادي|للميلاد|الهجري|للهجره)(?!\w))?")
    decade = alt(lx.decades)
    setw = alt(lx.refs["set"])
    bare_wd = "(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)(?!\\w)"
    table = {
        # 12 سبتمبر 2023، الثلاثاء 12 سبتمبر، 15 رمضان 1444 هـ
        "date": rf"(?:(?:يوم )?(?P<wd>{wd}) ?,? ?(?:الموافق )?|يوم )?"
                rf"(?:(?:ال ?)?(?P<d>[0-3]?\d) ?(?:من )?|(?P<do>{ordw}) من )"
                rf"(?:شهر )?(?P<mon>{mon2})(?:{year}| (?P<rel>{rel}){year_rel})?",
        # 12/9/2023 (day first, the Arab convention), 2023-09-12
        "numeric": rf"(?:(?P<d>\d{{1,2}})(?P<s>[/.-])(?P<m>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}})"
                   rf"|(?P<y2>\d{{4}})(?P<s2>[/-])(?P<m2>\d{{1,2}})(?P=s2)(?P<d2>\d{{1,2}}))"
                   rf"(?![\d/.-]\d){era}",
        # سبتمبر 2023، شهر رمضان، نوفمبر الماضي، ابريل الجاري
        "month": rf"(?P<shahr>شهر )?(?P<mon>{mon2})(?:{year}| (?P<rel>{rel}){year_rel})?",
        # عام 2003، العام 2002، 1881، 1444 هـ
        "year": rf"(?:(?P<yw>عام|العام|سنه|السنه|عامي) )?(?P<y>[12]\d{{3}})(?![\d%]){era}",
        # الستينيات، ستينيات القرن الماضي
        "decade": rf"(?:عقد )?(?P<dec>{decade})(?: (?:من )?(?:{century}))?",
        "century": century,
        # اليوم، أمس، مساء أمس، بعد غد، أمس الجمعة
        "day": rf"(?:(?P<tod>{tod}) (?:يوم )?|يوم )?(?P<dref>{dayref})(?: (?:يوم )?(?P<wd>{wd}))?",
        # الأربعاء، يوم الأربعاء المقبل، صباح الثلاثاء
        "weekday": rf"(?:(?P<tod>{tod}) )?(?:يوم )?(?P<wd>{wd})(?: (?P<rel>{rel}))?",
        # العام الماضي، هذا الأسبوع، الأيام الماضية، الأسابيع التي مضت
        "unit": rf"(?:(?P<this>هذا|هذه) (?P<u1>{unit_def})|(?P<u2>{unit_def}) (?P<rel>{rel}))",
        # ثلاثة أعوام، 24 ساعة، الـ15 عاما الماضية، أسبوعين، السنوات الخمس، عدة أيام
        "duration": rf"(?:(?:ال ?)?(?P<n>{num}) (?P<u>{units_counted})"
                    rf"|(?P<pl>ال{units_plural}) (?P<nd>{alt(w for w in lx.numbers if w.startswith('ال'))})"
                    rf"|(?P<q>عده|بضعه|بضع|عشرات|مئات) (?P<qu>(?:ال)?{units_plural})"
                    rf"|(?P<half>نصف|ربع) (?P<hu>ساعه|قرن|عقد|شهر|سنه|عام|يوم)(?!\w)"
                    rf"|(?P<du>(?:ال)?{units_dual})"
                    # a lone singular after بعد، قبل، منذ، خلال: "بعد أسبوع" is one week
                    rf"|(?:{after_any(('بعد', 'قبل', 'منذ', 'خلال', 'لمده', 'طوال'))})"
                    rf"(?P<one>{units_one})"
                    # HeidelTime's convention, kept by the gold: "يوما" (one day), "في يوم
                    # من الأيام", "يوم الحصار" are P1D
                    rf"|(?P<day1>يوما|يوم)(?!\w)(?! ?\d)(?! ال ?\d))(?: (?P<rel>{rel}))?",
        # يوميا، اليومية، كل عامين، كل 4 سنوات، كل خميس
        "set": rf"(?:(?P<sw>{setw})|كل (?:(?P<sn>{num}) )?(?P<su>{units_counted}|{units_dual}"
               rf"|{bare_wd}))",
        "ref": alt(lx.refs["ref"]),
        # الساعة 10:30، الساعة العاشرة صباحا
        "time": rf"الساعه (?:(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d\d))?(?!\d)|(?P<ho>{ordw})"
                rf"(?: (?P<teen>عشره?))?(?: ?و ?(?P<frac>النصف|الربع|نصف|ربع)(?!\w))?)"
                rf"(?: (?P<tod>{tod}))?",
    }
    clitic = r"(?<!\w)(?P<cl>[وف]?[بلك]?)(?P<core>"
    return {kind: re.compile(clitic + body + ")") for kind, body in table.items()}


_WORDS = re.compile(r"\w+")
_DIGITS = "0"


@cache
def _triggers() -> dict[str, tuple[str, ...]]:
    """First word (clitic off) → the kinds of expression that may start with it."""
    lx = lexicon()

    def first(words) -> set[str]:
        return {w.split()[0] for w in words}

    tod = first(lx.refs["tod"])
    digits = {_DIGITS}
    units = set(lx.units)
    by_kind = {
        "date": set(lx.weekdays) | {"يوم", "ال"} | digits | set(lx.ordinals),
        "numeric": digits,
        "month": {"شهر"} | first(lx.months),
        "year": {"عام", "العام", "سنه", "السنه", "عامي"} | digits,
        "decade": {"عقد"} | set(lx.decades),
        "century": {"القرن"},
        "day": tod | first(lx.refs["day"]) | {"يوم"},
        "weekday": tod | {"يوم"} | set(lx.weekdays),
        "unit": {"هذا", "هذه"} | set(UNIT_DEF),
        "duration": digits | {"ال"} | units | {w for w in lx.numbers if not w.startswith("ال")}
        | {"عده", "بضعه", "بضع", "عشرات", "مئات", "نصف", "ربع"},
        "set": set(lx.refs["set"]) | {"كل"},
        "ref": first(lx.refs["ref"]),
        "time": {"الساعه"},
    }
    out: dict[str, tuple[str, ...]] = {}
    for kind, words in by_kind.items():
        for w in words:
            out[w] = (*out.get(w, ()), kind)
    return out


def _kinds_of(w: str, triggers: dict) -> tuple[str, ...]:
    """The kinds of expression that may start at word `w`, with or without its clitics."""
    variants = [w]
    if w[0] in "وف" and len(w) > 1:
        variants.append(w := w[1:])
    if w[0] in "بلك" and len(w) > 1:
        variants.append(w[1:])
    kinds: set[str] = set()
    for v in variants:
        if v[0].isdigit():
            kinds.update(triggers[_DIGITS])
        elif v.startswith("ال") and v[2:3].isdigit():
            kinds.update(triggers["ال"])
        else:
            kinds.update(triggers.get(v, ()))
    return tuple(sorted(kinds))


@cache
def _trigger_words() -> dict[str, tuple[str, ...]]:
    """Every word that _kinds_of gives kinds through the trigger table, with those kinds:
    a trigger behind each proclitic pair it strips (و/ف, then ب/ل/ك). News words outside
    it are found by one set intersection in C (the rest can only be numbers)."""
    triggers = _triggers()
    out: dict[str, tuple[str, ...]] = {}
    for t in triggers:
        for conj in ("", "و", "ف"):
            for prep in ("", "ب", "ل", "ك"):
                w = conj + prep + t
                kinds = _kinds_of(w, triggers)
                if kinds:
                    out[w] = kinds
    return out


# Words holding a digit (or "_"), whose kinds _kinds_of works out: numbers repeat across
# articles, so they are remembered, up to this many.
_KINDS_OF_NUMBER: dict[str, tuple[str, ...]] = {}
KNOWN_NUMBERS_MAX = 100_000


# Up to this many distinct candidate words, each is found by str.find (fast in C when a
# news article has a handful); past it, one regex pass over all words.
FIND_PER_WORD_MAX = 64


def _candidates(k: str):
    """(position, kinds) of every word of `k` an expression may start at."""
    words = set(_WORDS.findall(k))
    table = _trigger_words()
    found = {w: table[w] for w in words & table.keys()}
    # a word all letters starts an expression only as a trigger behind clitics (above);
    # any other needs a digit in reach of _kinds_of's number rules
    for w in words:
        if not w.isalpha():
            kinds = _KINDS_OF_NUMBER.get(w)
            if kinds is None:
                if len(_KINDS_OF_NUMBER) > KNOWN_NUMBERS_MAX:
                    _KINDS_OF_NUMBER.clear()
                kinds = _KINDS_OF_NUMBER[w] = _kinds_of(w, _triggers())
            if kinds:
                found[w] = kinds
    end = len(k)
    if len(found) > FIND_PER_WORD_MAX:
        # many distinct candidates (a table of numbers): one pass over the words, not a
        # scan of the text per word, which was quadratic (issue 15: 20k numbered lines)
        for m in _WORDS.finditer(k):
            kinds = found.get(m.group())
            if kinds:
                yield m.start(), kinds
        return
    for w, kinds in found.items():
        i = k.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not _is_word(k[i - 1])) and (j == end or not _is_word(k[j])):
                yield i, kinds
            i = k.find(w, j)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches


def find_timexes(text: str) -> list[TimexMatch]:
    """Time expressions in `text`, leftmost-longest, non-overlapping, in text order."""
    if not text or not text.strip():
        return []
    k, offsets = fold(text)
    patterns = _patterns()
    found: list[tuple[int, int, str, re.Match]] = []
    # Every expression starts at a word (after its clitic) from a known set, so patterns are
    # tried only there: 13 scans of the whole text cost ten times more.
    for pos, kinds in _candidates(k):
        starts = (pos, pos - 1) if pos and k[pos - 1] == "(" else (pos,)  # "(15) عاما"
        for kind in kinds:
            for at in starts:
                m = patterns[kind].match(k, at)
                if m is not None:
                    found.append((m.start("core"), m.end(), kind, m))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    picked: list[TimexMatch] = []
    last_end = -1
    for start, _end, kind, m in found:
        if start < last_end:
            continue
        fields = FIELDS[kind](m, k)
        if fields is None:
            continue
        picked.append(TimexMatch(start, m.end(), fields.pop("kind", kind), fields))
        last_end = m.end()
    picked = _merge(picked, k)
    out = []
    for t in picked:
        t.start, t.end = source_span(text, offsets, t.start, t.end)
        if t.fields.get("bare") and "ؤ" in text[t.start:t.end]:
            continue  # the key folds يؤم ("leads the prayer") into يوم
        out.append(t)
    return out


# ---------------------------------------------------------------- merges


@cache
def _part_before() -> re.Pattern:
    """A part word (أوائل، منتصف) just before a match, with its clitics and an optional من."""
    return re.compile(rf"(?<!\w)[وف]?[بلك]?(?P<p>{alt(lexicon().refs['part'])})(?: من)? $")


_FIRST_DAY = re.compile(r"(?<![\w/.-])(\d{1,2}) ?(?:و|-|الي|حتي) ?$")
_JOIN = re.compile(r" ?[,-]? ?(?:(?:الموافق|من|يوم|في) ?)?")


def _merge(found: list[TimexMatch], k: str) -> list[TimexMatch]:
    """Widen matches over a part word before them; join a weekday to its date and a clock
    time to its day; split off the first day of "10 و11 أبريل"."""
    part_before, parts = _part_before(), lexicon().refs["part"]
    out: list[TimexMatch] = []
    for t in found:
        if t.kind in ("year", "month", "decade", "century", "unit"):
            lo = out[-1].end if out else 0
            m = part_before.search(k, max(lo, t.start - PART_WINDOW), t.start)
            if m:
                t.start, t.fields["mod"] = m.start("p"), parts[m["p"]]
        if t.kind == "date":
            # the first day of "10 و11 أبريل", "من 3 إلى 5 مايو" shares the month
            lo = out[-1].end if out else 0
            m = _FIRST_DAY.search(k, max(lo, t.start - 12), t.start)
            if m and 1 <= int(m[1]) <= 31:
                out.append(TimexMatch(m.start(1), m.end(1), "date", t.fields | {"d": int(m[1])}))
        if out and _JOIN.fullmatch(k, out[-1].end, t.start):
            a = out[-1]
            if a.kind in ("weekday", "day") and t.kind == "date" and not t.fields.get("wd"):
                t.fields["wd"] = a.fields.get("wd")
                t.start = a.start
                out[-1] = t
                continue
            if a.kind == "time" and t.kind in ("date", "day", "weekday"):
                a.fields["anchor"] = t
                a.end = t.end
                continue
            if t.kind == "time" and a.kind in ("date", "day", "weekday"):
                t.fields["anchor"] = a
                t.start = a.start
                out[-1] = t
                continue
        out.append(t)
    return out
