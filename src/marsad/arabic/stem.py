"""Index terms for search: key-folded, clitic-free, lightly stemmed words.

analyze() is what the search index stores and what a query is turned into, so the two
always agree; a term only has to be the same for the variants of one word and
different from other common words, not a real Arabic stem. Per word:

  1. split_clitics on the display word (و ف ب ل ك، ال and compounds, pronoun suffixes);
     a trailing alef after tanwin fatha (اتفاقاً) goes, a bare final alef stays
     (كوريا، روسيا are not accusatives);
  2. key() folds spelling variants (أ/ا، ى/ي، ة/ه، ک/ك، فى/في، ٤/4, diacritics);
  3. broken plurals: a table of common news plurals, then the فواعيل → فاعول pattern
     (صواريخ → صاروخ، قوانين → قانون، طوابير → طابور) on six-letter words;
  4. light suffixes, once each: ات (stem ≥ 3) or ون/ين (stem ≥ 4) or ة (stem ≥ 3), then
     a nisba ي when ≥ 4 letters remain. So اتفاقية، اتفاقيات، الاتفاق share اتفاق;
     حكومة، حكومات، الحكومية share حكوم. Dual ان is never stripped (البرلمان، رمضان،
     باكستان outnumber duals in news; the oblique dual ين is caught by ين).

Decisions: the country and its adjective stay apart (كوريا ≠ كوري/كورية, since no
bare-alef rule is safe), while كوري = كورية. Latin words are casefolded and split at
apostrophes and hyphens (Al-Qaeda → al qaeda); numbers lose thousands commas
(1,000 → 1000) and split at a decimal point (2.4 → 2 4, matched as a phrase).
Every term is letters and digits only, so the index tokenizer never splits one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain, islice

from .charsets import ARABIC_LETTERS
from .normalize import key
from .tokenize import TOKEN_RE, split_clitics

# Stems shorter than this are never cut further: 2-letter remains of a 3-letter root
# collide with unrelated words (قوات → قو).
MIN_STEM = 3
# ون/ين need a 4-letter remainder: 3-letter remainders are mostly words that merely
# end in those letters (كانون → كان، زيتون → زيت، قانون، تشرين), checked on ANT vocabulary.
MIN_STEM_PLURAL = 4
# A nisba ي goes only when 4 letters remain: دولي، مصري، عربي (3) stay whole so they do
# not collide with دول، مصر، عرب; اقتصادي → اقتصاد، اتفاقي → اتفاق.
MIN_STEM_NISBA = 4

TANWIN_FATHA = "\u064b"

# Whole words (key form, clitics removed) the suffix rules would mangle into a
# collision with another common word or away from their own adjective.
_KEEP = frozenset(
    key(w)
    for w in (
        "فلسطين الله ثلاثين أربعين خمسين ستين سبعين ثمانين تسعين عشرين"
    ).split()
)

# Common news broken plurals (plural → singular), written for Marsad. Both sides go
# through the same rules, so the plural gets exactly the singular's term.
_BROKEN_PAIRS = """
دول:دولة مدن:مدينة قرى:قرية أحزاب:حزب جيوش:جيش أسلحة:سلاح صواريخ:صاروخ قذائف:قذيفة
مشاريع:مشروع مصانع:مصنع أسواق:سوق أسعار:سعر بنوك:بنك شركات:شركة أموال:مال قروض:قرض
ضرائب:ضريبة شهور:شهر أشهر:شهر أيام:يوم أعوام:عام سنوات:سنة أسابيع:أسبوع ساعات:ساعة
وزراء:وزير رؤساء:رئيس زعماء:زعيم قادة:قائد أمراء:أمير ملوك:ملك نواب:نائب سفراء:سفير
خبراء:خبير علماء:عالم أطباء:طبيب شهداء:شهيد قتلى:قتيل جرحى:جريح أسرى:أسير معتقلين:معتقل
لاجئين:لاجئ أطفال:طفل نساء:امرأة رجال:رجل شباب:شاب طلاب:طالب عمال:عامل فلاحين:فلاح
مزارعين:مزارع جنود:جندي ضباط:ضابط مسلحين:مسلح حقوق:حق قوانين:قانون قرارات:قرار
مناطق:منطقة مواقع:موقع مراكز:مركز مستشفيات:مستشفى مدارس:مدرسة جامعات:جامعة شوارع:شارع
بيوت:بيت منازل:منزل مباني:مبنى أراضي:أرض بحار:بحر أنهار:نهر جبال:جبل حدود:حد طرق:طريق
موانئ:ميناء مطارات:مطار سفن:سفينة طائرات:طائرة دبابات:دبابة أسلحة:سلاح حروب:حرب
معارك:معركة هجمات:هجوم غارات:غارة انفجارات:انفجار ضحايا:ضحية أحداث:حدث أخبار:خبر
تقارير:تقرير بيانات:بيان مصادر:مصدر وثائق:وثيقة صحف:صحيفة كتب:كتاب مقالات:مقال
أفلام:فيلم ألعاب:لعبة أندية:نادي فرق:فريق لاعبين:لاعب مباريات:مباراة بطولات:بطولة
أهداف:هدف جوائز:جائزة ألقاب:لقب دروس:درس مواد:مادة أسئلة:سؤال أجوبة:جواب آراء:رأي
أفكار:فكرة مشاكل:مشكلة مشكلات:مشكلة أزمات:أزمة حلول:حل شروط:شرط بنود:بند عقود:عقد
مفاوضات:مفاوضة اتفاقات:اتفاق اتفاقيات:اتفاقية علاقات:علاقة مصالح:مصلحة أطراف:طرف
أعضاء:عضو أصوات:صوت مقاعد:مقعد انتخابات:انتخاب مدراء:مدير مديرين:مدير موظفين:موظف
سكان:ساكن مواطنين:مواطن أسر:أسرة عائلات:عائلة أهالي:أهل شعوب:شعب قبائل:قبيلة أجانب:أجنبي
عرب:عربي أمم:أمة ديون:دين رسوم:رسم أجور:أجر رواتب:راتب أرباح:ربح خسائر:خسارة أسهم:سهم
مياه:ماء أمطار:مطر رياح:ريح سيول:سيل فيضانات:فيضان أمواج:موج عواصف:عاصفة حرائق:حريق
أمراض:مرض أدوية:دواء لقاحات:لقاح أجهزة:جهاز أنظمة:نظام برامج:برنامج خطط:خطة أساليب:أسلوب
مراحل:مرحلة أجزاء:جزء أنواع:نوع أشكال:شكل أرقام:رقم نتائج:نتيجة أسباب:سبب أعمال:عمل
جهود:جهد خطوات:خطوة مواقف:موقف أوضاع:وضع ظروف:ظرف أمور:أمر أشياء:شيء أماكن:مكان
"""

# فواعيل → فاعول: C1 و ا C3 ي C4 (six letters in key form) → C1 ا C3 و C4. Not after
# م or ي (مواعيد، مواليد are مفاعيل of مفعول; يواخيم is a name) and not before ة/ا
# (روائية، موازية are feminine adjectives): on 8k ANT articles the unrestricted pattern
# fired on 71 word types, a third of them such adjectives or مفاعيل plurals.
_FAWAEEL = re.compile(r"^([^مي])وا(.)ي([^ها])$")
_NUMBER_SEP = re.compile(r"[.,]")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_LATIN_PART = re.compile(r"[^\W_]+")


def _suffixes(s: str) -> str:
    """Strip ات / ون / ين / ة once, then a nisba ي, within the minimum stem lengths."""
    if s in _KEEP:
        return s
    n = len(s)
    if s.endswith("ات") and n - 2 >= MIN_STEM:
        s = s[:-2]
    elif s.endswith(("ون", "ين")) and n - 2 >= MIN_STEM_PLURAL:
        s = s[:-2]
    elif s.endswith("ه") and n - 1 >= MIN_STEM:
        s = s[:-1]
    if s.endswith("ي") and len(s) - 1 >= MIN_STEM_NISBA:
        s = s[:-1]
    return s


def _broken_table() -> dict[str, str]:
    """Plural key → singular key (before suffix rules), from the table above."""
    table: dict[str, str] = {}
    for pair in _BROKEN_PAIRS.split():
        plural, singular = pair.split(":")
        table[key(plural)] = key(singular)
    return table


_BROKEN = _broken_table()


def _stem_key(s: str) -> str:
    """Term of a clitic-free word in key form."""
    single = _BROKEN.get(s)
    if single is not None:
        s = single
    elif len(s) == 6:
        m = _FAWAEEL.match(s)
        if m:
            s = f"{m[1]}ا{m[2]}و{m[3]}"
    return _suffixes(s)


def word_term(word: str) -> str:
    """Index term of one Arabic-script word token ('' when nothing is left)."""
    _pre, stem, post = split_clitics(word)
    k = key(stem)
    if post and len(k) > MIN_STEM and k[-1] == "ت" and k[-2] != "ا":
        k = k[:-1] + "ه"  # ta marbuta before a pronoun: وزارته → وزارة (but قراراته, بيته)
    if len(k) > MIN_STEM and k.endswith("ا") and TANWIN_FATHA in stem[-3:]:
        k = k[:-1]  # accusative tanwin alef: اتفاقاً → اتفاق
    return _stem_key(k) if k.isalpha() else "".join(c for c in k if c.isalnum())


@lru_cache(maxsize=1 << 15)
def _number_terms(text: str) -> tuple[str, ...]:
    k = key(text)
    if _THOUSANDS.match(k):
        k = k.replace(",", "")
    return tuple(p for p in _NUMBER_SEP.split(k) if p)


def analyze_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """Index terms of `text` with the [start, end) span of the source each came from.

    The tokens are _TERM_TOKEN_RE's (exactly TOKEN_RE's number, word and latin tokens) and
    their terms the cached ones analyze() uses: search builds a snippet for each result
    from this, and the uncached per-word path was most of a search's time at a million
    articles (issue 15)."""
    out: list[tuple[str, int, int]] = []
    append = out.append
    for m in _TERM_TOKEN_RE.finditer(text):
        tok, start, end = m.group(), m.start(), m.end()
        if tok[0] in ARABIC_LETTERS or tok[0].isdecimal():
            for term in _token_terms(tok):
                append((term, start, end))
        else:
            for term, a, b in part_spans(tok):
                append((term, start + a, start + b))
    return out


# The term-bearing alternatives of TOKEN_RE, in its order and without groups. Punctuation
# and symbol tokens only ever consume characters none of these can start with, so the
# number, word and latin tokens found are exactly TOKEN_RE's.
_TERM_TOKEN_RE = re.compile(TOKEN_RE.pattern.split("|(?P<dots>")[0].replace("?P<number>", "?:")
                            .replace("?P<word>", "?:").replace("?P<latin>", "?:"))
assert _TERM_TOKEN_RE.groups == 0, "TOKEN_RE changed shape: rebuild _TERM_TOKEN_RE"
# Distinct tokens kept with their terms: an article has ~500 tokens and a few new ones.
TOKEN_CACHE_SIZE = 1 << 17


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _token_terms(token: str) -> tuple[str, ...]:
    """Index terms of one number, word or latin token (what analyze() appends for it)."""
    # TOKEN_RE's alternative is told by the first character: \d (Unicode Nd, as
    # str.isdecimal) is a number, an Arabic letter a word, any other letter latin
    first = token[0]
    if first.isdecimal():
        return _number_terms(token)
    if first in ARABIC_LETTERS:
        term = word_term(token)
        return (term,) if term else ()
    parts = ("".join(c for c in key(p) if c.isalnum()) for p in _LATIN_PART.findall(token))
    return tuple(p for p in parts if p)


def token_terms(text: str) -> list[tuple[str, ...]]:
    """The terms of each number, word and latin token of `text`, in order (no offsets).

    What analyze_with_offsets gives, grouped by token and without a Python step per token
    (findall and the cached map run in C): a search builds 20 snippets from this, and the
    per-token offsets were most of a query's time (issue 15). token_spans() gives the
    offsets of the few tokens a snippet shows."""
    return list(map(_token_terms, _TERM_TOKEN_RE.findall(text)))


def token_spans(text: str, first: int, last: int) -> list[tuple[int, int]]:
    """[start, end) of tokens first..last (indices into token_terms(text))."""
    return [m.span() for m in islice(_TERM_TOKEN_RE.finditer(text), first, last + 1)]


def part_spans(token: str) -> list[tuple[str, int, int]]:
    """(term, start, end) within a token for each of its terms, as analyze_with_offsets
    gives them: latin parts have their own spans, a number's parts share the token's."""
    if token[0] in ARABIC_LETTERS or token[0].isdecimal():
        return [(term, 0, len(token)) for term in _token_terms(token)]
    out = []
    for part in _LATIN_PART.finditer(token):
        term = "".join(c for c in key(part.group()) if c.isalnum())
        if term:
            out.append((term, part.start(), part.end()))
    return out


def analyze(text: str) -> list[str]:
    """Index terms of `text`, in order (see the module docstring for the rules).

    The terms of analyze_with_offsets() without building tokens or spans: every article
    is analysed for the index and the story vector, so tokens are found by findall and
    their (cached) terms chained in C, with no Python step per token.
    """
    return list(chain.from_iterable(map(_token_terms, _TERM_TOKEN_RE.findall(text))))
