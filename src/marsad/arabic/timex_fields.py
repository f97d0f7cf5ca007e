"""Fields of each kind of time expression, read from a match of `marsad.arabic.timex`.

One function per kind takes the regex match on the folded text and returns the numbers a
calendar needs (day, month, year, offset, relation...), or None when the words, read
closely, are no time expression after all ("مارس الرياضة", "اليوم الوطني", "بيومي").
"""

from __future__ import annotations

import re

from marsad.arabic.timex_lexicon import lexicon

__all__ = ["FIELDS"]

# Bare four-digit numbers are years only in this range (news mentions 19th-century years;
# counts of 1000-1799 people, pages or riyals are far more frequent than such years).
BARE_YEAR_MIN, BARE_YEAR_MAX = 1800, 2099
# How far back (folded characters) a future-tense cue may sit before a weekday.
TENSE_WINDOW = 60
# How far back a count word ("نحو", "أكثر من") is looked for before a bare year.
COUNT_WINDOW = 40


_HIJRI_ERA = frozenset({"ه", "هجري", "هجريه", "للهجره"})
_NEXT_WORD = re.compile(r" ?([^\s]+)")
_PREV_WORDS = re.compile(r"([^\s]+(?: [^\s]+)?) ?$")


def _prefix_entry(table: dict, s: str):
    for w in sorted(table, key=len, reverse=True):  # tables are small; called per match
        if s.startswith(w):
            return table[w]
    return None


def _number(s: str | None) -> int | None:
    if s is None:
        return None
    if s.isdecimal():
        return int(s)
    nums = lexicon().numbers
    values = []
    for part in s.replace(" و", " ").split():
        value = nums.get(part) or nums.get(part.removeprefix("و"))
        if value is None:
            return None
        values.append(value)
    # a compound adds a smaller part to a larger round one: 8 + 70, 5 + 10, 100 + 50;
    # "خمس وست سنوات" (five or six years) is two numbers, not eleven
    for a, b in zip(values, values[1:], strict=False):
        if not (b == 10 and a < 10 or b >= 20 and a < 10 or a >= 100 and b < a):
            return None
    return sum(values)


def _era(m: re.Match) -> str | None:
    era = m.group("era")
    return None if era is None else ("hijri" if era in _HIJRI_ERA else "greg")


def _date(m, k):
    lx = lexicon()
    cal, month, need = _prefix_entry(lx.months, m["mon"])
    day = int(m["d"]) if m["d"] else lx.ordinals.get(m["do"], 0)
    year = int(m["y"]) if m["y"] else None
    if not 1 <= day <= 31 or (cal == "hijri" and need and year is None):
        return None
    return {"kind": "date", "cal": cal, "y": year, "m": month, "d": day,
            "wd": lx.weekdays.get(m["wd"]) if m["wd"] else None,
            "rel": lx.refs["rel"].get(m["rel"]) if m["rel"] else None,
            "yoff": _year_offset(m)}


def _year_offset(m) -> int | None:
    """«... من العام الماضي» → -1, «العام المقبل» → 1 (None: no such words)."""
    if not m["yrel"] or m["yrel"] in ("هذا", "هذه"):
        return None
    return lexicon().refs["rel"].get(m["yrel"])


def _numeric(m, k):
    if m["y2"]:
        year, month, day = int(m["y2"]), int(m["m2"]), int(m["d2"])
    else:
        day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
        if len(m["y"]) == 2:
            if m["s"] != "/":
                return None  # 1.5.10 is a version or a score more often than a date
            year += 2000 if year < 50 else 1900
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1000 <= year <= 2200):
        return None
    return {"kind": "date", "cal": _era(m) or ("hijri" if 1300 <= year <= 1500 else "greg"),
            "y": year, "m": month, "d": day}


def _month(m, k):
    lx = lexicon()
    cal, month, need = _prefix_entry(lx.months, m["mon"])
    rel = lx.refs["rel"].get(m["rel"]) if m["rel"] else None
    if need and not (m["y"] or m["rel"] or m["shahr"] or m["yrel"]):
        return None
    if m["rel"] and m["rel"] in ("هذا", "هذه"):
        return None
    return {"cal": "hijri" if _era(m) == "hijri" else cal, "y": int(m["y"]) if m["y"] else None,
            "m": month, "rel": rel, "yoff": _year_offset(m)}


def _year(m, k):
    year, era = int(m["y"]), _era(m)
    if not m["yw"] and era is None:
        if not BARE_YEAR_MIN <= year <= BARE_YEAR_MAX:
            return None
        lx = lexicon()
        nxt = _NEXT_WORD.match(k, m.end())
        if nxt and nxt.group(1).removeprefix("ال") in lx.counted_after:
            return None
        prev = _PREV_WORDS.search(k, max(0, m.start() - COUNT_WINDOW), m.start())
        if prev and (prev.group(1) in lx.counted_before
                     or prev.group(1).split()[-1] in lx.counted_before):
            return None
    return {"cal": era or "greg", "y": year}


def _century_fields(m) -> dict | None:
    lx = lexicon()
    hijri = bool(m["cera"]) and m["cera"] in ("الهجري", "للهجره")
    if m["co"]:
        n = lx.ordinals[m["co"]] + (10 if m["teen"] else 0)
        n += lx.ordinals[m["co2"]] if m["co2"] else 0
    elif m["cn"]:
        n = int(m["cn"])
    elif m["crel"]:
        rel = lx.refs["rel"][m["crel"]]
        return None if m["crel"] in ("هذا", "هذه") else {"crel": rel, "hijri": hijri}
    else:
        return None
    return {"n": n, "hijri": hijri} if 1 <= n <= 30 else None


def _decade(m, k):
    fields = {"digit": lexicon().decades[m["dec"]]}
    if m["co"] or m["cn"] or m["crel"]:
        century = _century_fields(m)
        if century is None:
            return None
        fields |= century
    return fields


def _century(m, k):
    return _century_fields(m)


def _day(m, k):
    lx = lexicon()
    word = m["dref"]
    if word in ("اليوم", "الليله") and not m["wd"] and not m["tod"]:
        # "اليوم الوطني", "اليوم الأول", "الليلة الختامية" name a day; they are no deixis
        nxt = _NEXT_WORD.match(k, m.end())
        if nxt and nxt.group(1).startswith("ال") and nxt.group(1) not in lx.refs["rel"]:
            return None
    return {"off": lx.refs["day"][word], "tod": lx.refs["tod"].get(m["tod"]) if m["tod"] else
            ("NI" if word.startswith("الليله") else None)}


def _weekday(m, k):
    lx = lexicon()
    rel = lx.refs["rel"].get(m["rel"]) if m["rel"] else None
    if m["wd"] == "الاحد" and k.startswith(" عشر", m.end()):
        return None  # "الأحد عشر": eleven
    return {"wd": lx.weekdays[m["wd"]], "rel": rel or None, "tense": _tense(k, m.start()),
            "tod": lx.refs["tod"].get(m["tod"]) if m["tod"] else None}


_UNIT_OF = {"الاسبوع": "W", "الشهر": "M", "العام": "Y", "السنه": "Y"}


def _unit(m, k):
    lx = lexicon()
    word = m["u1"] or m["u2"]
    rel = 0 if m["this"] else lx.refs["rel"][m["rel"]]
    if word not in _UNIT_OF:  # plurals: الأيام الماضية, الأسابيع التي مضت
        if m["this"] and word != "الايام":
            return None
        return {"kind": "ref", "value": ("PAST_REF", "PRESENT_REF", "FUTURE_REF")[rel + 1]}
    if m["rel"] in ("هذا", "هذه"):
        return None
    return {"unit": _UNIT_OF[word], "rel": rel}


_HALF = {("نصف", "ساعه"): "PT30M", ("ربع", "ساعه"): "PT15M", ("نصف", "يوم"): "PT12H",
         ("نصف", "شهر"): "P2W", ("ربع", "شهر"): "P1W", ("نصف", "سنه"): "P6M",
         ("نصف", "عام"): "P6M", ("ربع", "سنه"): "P3M", ("ربع", "عام"): "P3M",
         ("نصف", "عقد"): "P5Y", ("ربع", "عقد"): "P2Y6M", ("نصف", "قرن"): "P50Y",
         ("ربع", "قرن"): "P25Y"}


def _period(n, unit: str) -> str:
    return f"PT{n}{unit[0]}" if unit in ("H", "MIN", "S") else f"P{n}{unit}"


def _duration(m, k):
    units = lexicon().units
    if m["half"]:
        return {"value": _HALF[m["half"], m["hu"]]}
    if m["q"]:
        return {"value": _period("X", units[m["qu"].removeprefix("ال")][0])}
    if m["du"]:
        return {"value": _period(2, units[m["du"]][0])}
    if m["one"]:
        return {"value": _period(1, units[m["one"]][0])}
    if m["day1"]:
        if m["day1"] == "يوما" or k.startswith((" واحد", " من الايام"), m.end("day1")):
            return {"value": "P1D"}
        # "يوم الحصار", "يوم قام فيه": a day named by an event, not a length
        return {"kind": "date", "value": "XXXX-XX-XX", "bare": True}
    if m["pl"]:
        return {"value": _period(lexicon().numbers[m["nd"]], units[m["pl"][2:]][0])}
    n = _number(m["n"].strip("()"))
    if not n or n > 10_000:
        return None
    if BARE_YEAR_MIN <= n <= BARE_YEAR_MAX and units[m["u"]][0] == "D":
        return None  # «2018 يوم الخميس»: a year before a weekday, not 2,018 days
    return {"value": _period(n, units[m["u"]][0])}


def _set(m, k):
    lx = lexicon()
    if m["sw"]:
        if m["cl"] not in ("", "و") and not m["sw"].startswith("ال"):
            return None  # "بيومي" is the name Bayoumi far more often than "with my day"
        return {"value": lx.refs["set"][m["sw"]]}
    if m["su"] in lx.units:
        unit, count = lx.units[m["su"]]
        n = _number(m["sn"]) if m["sn"] else (2 if count == 2 else 1)
        return {"value": _period(n, unit)} if n else None
    return {"value": f"XXXX-WXX-{lx.weekdays['ال' + m['su']]}"}


def _ref(m, k):
    return {"value": lexicon().refs["ref"][m["core"]]}


def _time(m, k):
    lx = lexicon()
    if m["h"]:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
    else:
        if not m["ho"].endswith("ه") or m["ho"] == "الاولي":
            return None  # clock hours are feminine and "one" is الواحدة: "الساعة الأولى" is no time
        hour = lx.ordinals[m["ho"]] + (10 if m["teen"] else 0)
        minute = {"النصف": 30, "نصف": 30, "الربع": 15, "ربع": 15}.get(m["frac"] or "", 0)
    tod = lx.refs["tod"].get(m["tod"]) if m["tod"] else None
    if tod in ("AF", "EV", "NI") and hour < 12 and not (tod == "NI" and hour < 5):
        hour += 12
    if hour > 24 or minute > 59:
        return None
    return {"h": hour, "mi": minute, "tod": tod}


FIELDS = {"date": _date, "numeric": _numeric, "month": _month, "year": _year,
           "decade": _decade, "century": _century, "day": _day, "weekday": _weekday,
           "unit": _unit, "duration": _duration, "set": _set, "ref": _ref, "time": _time}

# Future-tense cues before a weekday: "سوف", "غدا", and the prefix س on an imperfect verb
# (سيقام، ستنظم). Nouns that start the same way are listed out.
_FUTURE = re.compile(r"(?<!\w)[وف]?(سوف|غدا|المقبل|القادم|(?:سي|ست|سن)\w{3,})(?!\w)")
_NOT_FUTURE_STEMS = ("سياس", "سيار", "سياح", "سينم", "سيطر", "سيول", "ستاد", "سنوا", "سنوي",
                     "سنتي", "ستراتيج", "سيناري", "سيرت", "سيرا")
_NOT_FUTURE_WORDS = frozenset({"سيد", "سيده", "سيف", "سيل", "سير", "سيره", "ستين", "ستون",
                               "ستار", "ستاره", "سنه", "سنا", "سند", "سنغافوره", "سيدني"})
_CLAUSE_END = re.compile(r"[.!?;:\n]")


def _tense(k: str, pos: int) -> int:
    window = k[max(0, pos - TENSE_WINDOW):pos]
    cut = list(_CLAUSE_END.finditer(window))
    if cut:
        window = window[cut[-1].end():]
    for m in _FUTURE.finditer(window):
        word = m.group(1)
        if word not in _NOT_FUTURE_WORDS and not word.startswith(_NOT_FUTURE_STEMS):
            return 1
    return 0
