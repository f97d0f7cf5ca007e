"""Line features and a marker lexicon for text left over after extraction.

Pure functions, stdlib only. `stages/clean.py` decides what to do with a line; this
module only says what a line *looks like*: which residue marker it carries (if any) and
its shape (length, Arabic share, final punctuation, bullet, headline shape).

Markers are matched on a light key of the line: diacritics and tatweel out, أإآٱ→ا,
ى→ي, ة→ه, Persian ک/ی → ك/ي, Latin casefolded, punctuation (: * • - « » " …) out and
whitespace collapsed. So "إقرأ أيضاً:" and "اقرا ايضا" share the key "اقرا ايضا".

Calibration: the lexicon and the constants below were set on the five seed pages in
../shared/seeds, the 105 ANT multi-source articles (BBC, CNN) whose TEXT holds
"اقرأ أيضا", and checked against a SaudiNewsNet sample (already clean text) for false
positives; the numbers are in stages/clean.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import replacer

__all__ = [
    "LineFeatures",
    "features",
    "fold",
    "key",
    "marker",
    "related_inline",
    "source_value",
    "keywords_inline",
    "strip_artefacts",
    "is_hash_garbage",
    "is_punctuation_only",
]

# ---------------------------------------------------------------- light normalisation

# fmt: off
_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي",
        "ۀ": "ه", "ـ": None, "\u0670": None,
        **{chr(c): None for c in range(0x064B, 0x0660)},  # harakat, tanween, shadda, sukun
        **{chr(c): None for c in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF)},
        **{chr(c): None for c in range(0x202A, 0x202F)},
        **{chr(c): None for c in range(0x2066, 0x206A)},
        "\u00a0": " ",
    }
)
# fmt: on
# Everything that is not a letter or a digit becomes a space in the key ("_" too).
_NON_WORD = re.compile(r"[\W_]+")


# translate() with a sparse dict costs ~4x more than this on Arabic lines
_fold_chars = replacer(_FOLD)


def fold(text: str) -> str:
    """Letters folded, punctuation kept (used where separators matter)."""
    return _fold_chars(text).casefold()


def key(text: str) -> str:
    """The light matching key: folded, punctuation out, single spaces."""
    return _NON_WORD.sub(" ", fold(text)).strip()


# ---------------------------------------------------------------- line shape

# Marks that end an Arabic sentence or a quoted one: . ؟ ! : » " … (and ”).
_ENDS_SENTENCE = re.compile(r"[.؟?!:»\"”…]\s*$")
# A "full stop" ending for the never-drop rule: . ! … or : (a line introducing a quote),
# possibly followed by closing quotes/brackets. A final "؟" is left out on purpose:
# related headlines are often questions ("ماذا تعرف عن ...؟").
_FULL_STOP = re.compile(r"[.!…:][\"”»’')\]]*\s*$")
_BULLET = re.compile(r"^\s*[•·▪●◦■□►▸‣⁃∙*–—-]+\s*")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FC]")
_LETTER = re.compile(r"[^\W\d_]")
# A line opening with a speech verb ("وقال ...، ...") is reported speech, not a headline.
_SPEECH_OPENING = re.compile(
    r"^(?:و|ف)?(?:قال|قالت|اضاف|اضافت|اوضح|اوضحت|تابع|تابعت|اشار|اشارت|اكد|اكدت|ذكر|ذكرت)\b"
)

# Headline shape (used to recognise a title line): 3..20 words covers every seed title
# and every ANT related link (<= 16 words); no final full stop and no Arabic comma.
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 20


@dataclass(slots=True)
class LineFeatures:
    text: str  # the line, stripped
    key: str  # light matching key (of the first HEAD_CHARS characters)
    words: int
    chars: int
    ends_sentence: bool  # ends with . ؟ ! : » " …
    full_stop: bool  # ends with . ! … : (quotes after it allowed)
    bullet: bool  # starts with • · - – * ▪ ●
    headline: bool  # title-like: 3..20 words, no full stop, no "،", not reported speech

    @property
    def arabic_ratio(self) -> float:
        """Arabic letters / all letters in the head (0.0 when no letter); computed on
        demand, as only the title test needs it."""
        head = self.text[:HEAD_CHARS]
        letters = len(_LETTER.findall(head))
        return len(_ARABIC_LETTER.findall(head)) / letters if letters else 0.0


# Markers are short (the longest lexicon entry is 40 characters), so the key and the
# Arabic share are taken on the line's first HEAD_CHARS characters: a 1,000-character
# paragraph costs the same as a short line (this keeps the stage well above 2,000 docs/s
# on 3 KB articles).
HEAD_CHARS = 120


def features(line: str) -> LineFeatures:
    text = line.strip()
    head = text[:HEAD_CHARS]
    k = key(head)
    words = len(text.split())
    full_stop = bool(_FULL_STOP.search(text))
    headline = (
        HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS
        and not full_stop
        and "،" not in text
        and not _SPEECH_OPENING.match(k)
    )
    return LineFeatures(
        text=text,
        key=k,
        words=words,
        chars=len(text),
        ends_sentence=bool(_ENDS_SENTENCE.search(text)),
        full_stop=full_stop,
        bullet=bool(_BULLET.match(text)) and not text.startswith("**"),
        headline=headline,
    )


# ---------------------------------------------------------------- marker lexicon

AD = "ad_marker"
RELATED = "related_header"
KEYWORDS = "keywords"
COMMENT = "comment_form"
# A form field label ("الاسم", "البريد الإلكتروني") standing alone: residue only inside a
# comment form, i.e. after a COMMENT line; elsewhere it may label a contact block.
COMMENT_FIELD = "comment_field"
NAVIGATION = "navigation"
# Kinds of the residue guideline (eval/residue/GUIDELINE.md) the seeds never showed: an
# end-of-copy marker, a credit or byline line on its own, the outlet's disclaimer.
END_MARKER = "end_marker"
CREDIT = "credit"
DISCLAIMER = "disclaimer"

# Whole-line markers: the line's key equals the entry (after a trailing ":" is dropped,
# which the key does anyway). Short generic words ("شارك", "الاسم") are only ever matched
# as the whole line, so a sentence beginning with them is untouched.
_EXACT: dict[str, str] = {}
for _cls, _entries in (
    (AD, "إعلان|إعلانات|الإعلان|مساحة إعلانية|advertisement|advertising|ads|sponsored|محتوى ممول"),
    (
        RELATED,
        "متعلقات|مقالات ذات صلة|مقالات مشابهة|مقالات متعلقة|اقرأ أيضا|اقرأ أيضاً|إقرأ أيضاً"
        "|اقرأ كذلك|طالع أيضا|أخبار ذات صلة|أخبار متعلقة|أخبار مشابهة|مواضيع ذات صلة"
        "|موضوعات ذات صلة|موضوعات متعلقة|مواضيع متعلقة|قد يعجبك|قد يعجبك أيضا|قد يهمك"
        "|قد يهمك أيضا|المزيد من الأخبار|شاهد أيضا|شاهد أيضاً|اقرأ المزيد|اخترنا لك"
        "|الأكثر قراءة|الأكثر مشاهدة|آخر الأخبار|أخبار ذات علاقة|read also|read more|related"
        "|related articles|related news|related posts|see also|you may also like|more news",
    ),
    (KEYWORDS, "كلمات دلالية|الكلمات الدلالية|الكلمات المفتاحية|كلمات مفتاحية|وسوم|الوسوم|tags"),
    (
        COMMENT_FIELD,
        "الاسم|البريد الإلكتروني|الموقع الإلكتروني|التعليق|تعليق|إرسال|أرسل|name|email"
        "|website|comment|submit",
    ),
    (COMMENT, "التعليقات|post comment|comments"),
    (AD, "أوافق|موافق|قبول|رفض|قبول الكل|accept|accept all|i agree"),
    (
        NAVIGATION,
        "زر الذهاب إلى الأعلى|الذهاب إلى الأعلى|العودة إلى الأعلى|إلى الأعلى|أعلى الصفحة"
        "|شارك|مشاركة|شارك الخبر|شارك المقال|مشاركة الخبر|طباعة|طباعة الخبر|أرسل لصديق"
        "|الرئيسية|فيسبوك|تويتر|واتساب|تلجرام|تيليجرام|لينكدإن|انستجرام|إنستغرام"
        "|facebook|twitter|whatsapp|telegram|linkedin|pinterest|print|share|back to top|tweet"
        "|next|previous|السابق|التالي|اضغط هنا|انقر هنا|المزيد|للمزيد|لمزيد من التفاصيل",
    ),
    (END_MARKER, "انتهى|انتهى الخبر|نهاية الخبر|end"),
    (
        CREDIT,
        # an agency, a desk or a photo credit standing alone on its line
        "واس|أ ف ب|ا ف ب|أ.ف.ب|رويترز|د ب أ|د.ب.أ|يو بي آي|وكالات|وكالات الأنباء"
        "|متابعات|خاص|صورة|صورة أرشيفية|صورة من الأرشيف|صور أرشيفية|أرشيفية|صورة تعبيرية"
        "|صورة توضيحية|فيديو",
    ),
):
    for _entry in _entries.split("|"):
        _EXACT[key(_entry)] = _cls

# Prefix markers: the key starts with the entry and the line is short. The word cap is
# per class and keeps long sentences that open the same way ("تابعونا على ..." in a
# quote) in the text. Calibrated: the longest forms are the WordPress consent sentence
# "حفظ اسمي ..." (16 words) and the BBC Arabic app-notification promo (17 words).
PREFIX_MAX_WORDS = {COMMENT: 20, NAVIGATION: 20, DISCLAIMER: 30}
_PREFIX: list[tuple[str, str]] = []
for _cls, _entries in (
    (
        COMMENT,
        "اترك تعليقاً|اترك تعليقا|اترك تعليق|اترك رداً|اترك ردا|اترك رد|أضف تعليق|أضف تعليقك"
        "|إضافة تعليق|اكتب تعليقك|لن يتم نشر عنوان بريدك الإلكتروني|لن يتم نشر بريدك"
        "|الحقول الإلزامية مشار إليها|الحقول المطلوبة|حفظ اسمي|إرسال التعليق|أرسل التعليق"
        "|leave a reply|leave a comment|your email address will not be published",
    ),
    (
        NAVIGATION,
        "تابع أحدث الأخبار عبر تطبيق|تابع آخر الأخبار عبر|تابعونا على|تابعنا على|تابعوا"
        " آخر الأخبار|اشترك في النشرة|اشترك في نشرتنا|اشترك في قناة|اشترك الآن|حمل تطبيق"
        "|حمل التطبيق|حملوا تطبيق|انضم إلى قناتنا|انضموا إلى قناتنا|جميع الحقوق محفوظة"
        "|كل الحقوق محفوظة|حقوق النشر محفوظة|يمكنكم استلام إشعارات|يمكنكم تسلم إشعارات"
        "|all rights reserved|follow us on|subscribe to"
        # issue 13: share and copy-link bars, cookie and consent banners, newsletter
        # sign-ups, app downloads (kinds the seeds do not show)
        "|شارك على|شارك عبر|شارك هذا|شارك المقال على|انسخ الرابط|نسخ الرابط|تم نسخ الرابط"
        "|الرابط المختصر|رابط مختصر|نستخدم ملفات تعريف الارتباط|نستخدم ملفات الكوكيز"
        "|نستخدم الكوكيز|يستخدم هذا الموقع ملفات|يستخدم موقعنا ملفات|ملفات تعريف الارتباط"
        "|بمواصلة تصفح|بالاستمرار في تصفح|باستمرارك في تصفح|باستخدامك هذا الموقع"
        "|النشرة البريدية|النشرة الإخبارية|سجل بريدك|أدخل بريدك الإلكتروني|اشترك ليصلك"
        "|تحميل تطبيق|حمل تطبيقنا|نزل تطبيق|متوفر على متجر|we use cookies|this website uses cookies"
        "|accept cookies|sign up for our newsletter|copy link"
        # a pager left above or below the text («Next Previous عين اليوم – واس»: the residue
        # dev gold, 3alyoum)
        "|next previous|previous next|السابق التالي|التالي السابق|المقال السابق|المقال التالي"
        "|الخبر السابق|الخبر التالي|older posts|newer posts"
        # promo lines of the guideline: SMS subscriptions, live streams
        "|للاشتراك أرسل|للاشتراك في خدمة|للاشتراك بخدمة|للاشتراك ارسل|شاهد البث المباشر"
        "|تابعوا البث المباشر",
    ),
    (
        DISCLAIMER,
        "المقالات تعبر عن رأي|المقال يعبر عن رأي|المقالة تعبر عن رأي|هذا المقال يعبر عن رأي"
        "|الآراء الواردة في|الآراء المنشورة|الآراء والمواد المنشورة|ما ورد في المقال يعبر"
        "|المواد المنشورة تعبر عن رأي|المقالات المنشورة تعبر عن",
    ),
):
    for _entry in _entries.split("|"):
        _PREFIX.append((key(_entry), _cls))
_PREFIX_RE = re.compile(
    "|".join(f"(?P<p{i}>{re.escape(k)}\\b)" for i, (k, _) in enumerate(_PREFIX))
)
# Share bars flattened into one line ("شارك الخبر: فيسبوك تويتر واتساب"): a short line
# whose words are mostly social-network names. Two names at least, so a sentence that
# mentions "تويتر" once stays; 60% so a label word or two ("شارك الخبر") may precede.
_SOCIAL = frozenset(
    key(w)
    for w in (
        "فيسبوك فيس بوك تويتر إكس واتساب واتس اب تلجرام تيليجرام تليجرام لينكدإن لينكد إن"
        " انستجرام إنستغرام انستغرام يوتيوب تيك توك سناب شات ماسنجر بريد facebook twitter x"
        " whatsapp telegram linkedin instagram youtube tiktok snapchat pinterest reddit email"
        " messenger"
    ).split()
)
SOCIAL_MIN_NAMES, SOCIAL_MIN_SHARE, SOCIAL_MAX_WORDS = 2, 0.6, 12


def _is_share_bar(f: LineFeatures) -> bool:
    words = re.findall(r"\w+", f.key)
    if not words or len(words) > SOCIAL_MAX_WORDS:
        return False
    names = sum(w in _SOCIAL for w in words)
    return names >= SOCIAL_MIN_NAMES and names / len(words) >= SOCIAL_MIN_SHARE


# A link back to the article under its headline («رابط الخبر بصحيفة …: <title>»): the label
# and its colon, so a sentence about a link («رابط الخبر الذي نشرته …») stays.
_LINK_BACK = re.compile(r"^[\W_]*رابط\s+(?:الخبر|المقال|الموضوع|الماده)\b[^:：.،]{0,40}[:：]")
_AD_TOKEN = re.compile(r"^\[?\s*ad[_ -]?\d*\s*\]?$", re.IGNORECASE)  # [ad_1], [ad_2]
# A comment counter: «التعليقات (0)», «عدد التعليقات: 12», «5 تعليقات», «comments (3)».
_COMMENT_COUNT = re.compile(
    r"^(?:(?:عدد )?(?:ال)?تعليقات?|comments?)\s*[:(]?\s*\d+\s*\)?$"
    r"|^\d+\s*(?:تعليق|تعليقات|comments?)$", re.IGNORECASE)


# «الرياض - واس», «دبي – وام»: a place and an agency, nothing after (a lead that goes on
# into its sentence, «الرياض - واس: أعلن …», is text).
_AGENCY_BYLINE = re.compile(
    r"^[^\W\d_]+(?:\s+[^\W\d_]+)?\s*[-–—/|]+\s*(?:واس|ا ف ب|رويترز|د ب ا|الاناضول|وكالات"
    r"|قنا|وام|بنا|كونا|سبا|سانا|واج|وات|العمانيه)\s*[.)]?$")
# «تصوير: …», «عدسة: …», «نقلا عن صحيفة …» as a short line of their own («المصدر: …» is
# the source line clean.py reads as metadata).
_CREDIT_LINE = re.compile(r"^[\W_]*(?:تصوير|عدسه|بعدسه|نقلا عن)\s*[:：]?\s*")
CREDIT_MAX_WORDS = 6
# Only hashtags on the line: the page's tags (#وسم #وسم).
_HASHTAGS_ONLY = re.compile(r"^\s*(?:#[^\s#]+\s*)+$")


def marker(f: LineFeatures) -> str | None:
    """The residue class a whole line belongs to, or None."""
    if not f.key:
        return None
    cls = _EXACT.get(f.key)
    if cls:
        return cls
    if _HASHTAGS_ONLY.match(f.text):
        return KEYWORDS
    if f.words <= CREDIT_MAX_WORDS and not f.ends_sentence:
        folded = fold(f.text).strip()
        credit = _CREDIT_LINE.match(folded)
        if _AGENCY_BYLINE.match(folded) or (credit and (":" in folded or "نقلا" in credit[0])):
            return CREDIT
    if _AD_TOKEN.match(f.text):
        return AD
    if _COMMENT_COUNT.match(f.text.strip()):
        return NAVIGATION  # a counter, not a form: it closes nothing (clean.py's in_form)
    if _is_share_bar(f):
        return NAVIGATION
    if f.words <= PREFIX_MAX_WORDS[NAVIGATION] and _LINK_BACK.match(fold(f.text)):
        return NAVIGATION
    if f.text.startswith("©") or f.text.endswith("©"):
        return NAVIGATION if f.words <= PREFIX_MAX_WORDS[NAVIGATION] else None
    m = _PREFIX_RE.match(f.key)
    if m:
        cls = _PREFIX[int((m.lastgroup or "p0")[1:])][1]
        if f.words <= PREFIX_MAX_WORDS[cls]:
            return cls
    return None


# "اقرأ أيضا: <headline>" on one line. Markers that are distinctive phrases may be
# followed by a space alone; the bare "أيضا" (a CNN form) needs an explicit separator.
_INLINE_RELATED = re.compile(
    r"^[\W_]*(?:(?:اقرا|طالع|شاهد)\s+(?:ايضا|كذلك)(?:\s+في\s+[^:|]{1,30})?|قد\s+(?:يهمك|يعجبك)"
    r"(?:\s+ايضا)?|read\s+(?:also|more)|see\s+also)\b\s*(?:[:|：\-–—]+|\.{2,}|…)?\s*(?P<rest>.*)$"
    r"|^\s*(?:ايضا|للمزيد)\s*(?:[:|：]+|\.{2,}|…)\s*(?P<rest2>.+)$"
)


def related_inline(f: LineFeatures) -> str | None:
    """The headline after an inline related marker ("اقرأ أيضا: X" → "X"), else None."""
    m = _INLINE_RELATED.match(fold(f.text))
    if not m:
        return None
    rest = (m["rest"] if m["rest"] is not None else m["rest2"] or "").strip()
    return rest or None


# Not after "(" or "[": "(المصدر: ...)" credits a figure or a table, not the article.
_SOURCE = re.compile(
    r"^[^\w(\[]*(?:المصدر|مصدر الخبر|source)\s*[:：\-–—]\s*[\W_]*(?P<v>.+?)[\W_]*$"
)
# "المصدر: وكالات", "المصدر: <paper>": an outlet name of a few words, never a sentence
# (a body line opening "المصدر: ..." runs longer).
SOURCE_MAX_WORDS = 6


def source_value(f: LineFeatures) -> str | None:
    """The outlet named by a source-credit line ("المصدر: وكالات" → "وكالات"), else None."""
    if f.words > SOURCE_MAX_WORDS + 1:  # + 1 for the label
        return None
    m = _SOURCE.match(f.text)
    if not m:
        return None
    return m["v"].strip() or None


_KEYWORDS_INLINE = re.compile(
    r"^[\W_]*(?:كلمات\s+دلاليه|الكلمات\s+الدلاليه|الكلمات\s+المفتاحيه|كلمات\s+مفتاحيه|الوسوم"
    r"|وسوم|tags|هاشتاغ|هاشتاج)\s*[:：|]"
)


def keywords_inline(f: LineFeatures) -> bool:
    """True for "كلمات دلالية: a b c" (a keyword line with its tags on it)."""
    return bool(_KEYWORDS_INLINE.match(fold(f.text[:40])))


# ---------------------------------------------------------------- garbage and artefacts

# UUID or hex hash, dashes possibly turned into spaces: "3f2a9c1e 77b0 4d2e 9a1f 0c6d..."
_HEX_LINE = re.compile(r"^[0-9a-f]+(?:[\s\-_:]+[0-9a-f]+)*$", re.IGNORECASE)
# 16 hex digits = a 64-bit id; shorter runs are plausible numbers or years.
HASH_MIN_HEX = 16


def is_hash_garbage(f: LineFeatures) -> bool:
    """A UUID/hex-hash line: only hex groups, ≥16 hex digits, digits and a-f letters."""
    t = f.text
    if not _HEX_LINE.match(t):
        return False
    hexdigits = sum(c.isalnum() for c in t)
    return (
        hexdigits >= HASH_MIN_HEX
        and any(c.isdigit() for c in t)
        and any(c in "abcdefABCDEF" for c in t)
    )


def is_punctuation_only(f: LineFeatures) -> bool:
    """A lone bullet, rule or punctuation line ("•", "----", "**", "…")."""
    return bool(f.text) and not f.key


# "**" left by a Markdown-ish exporter around or inside real paragraphs.
_ARTEFACT = re.compile(r"\*{2,}")
_ARTEFACT_EDGE = re.compile(r"^(?P<lead>\s*\*{2,}\s*)|(?P<trail>\s*\*{2,}\s*)$")


def strip_artefacts(text: str) -> tuple[str, list[str]]:
    """(text without "**" runs, the removed fragments in order). Text is unchanged if none."""
    if "**" not in text:
        return text, []
    removed: list[str] = []

    def cut(m: re.Match[str]) -> str:
        removed.append(m.group(0))
        return ""

    text = _ARTEFACT_EDGE.sub(cut, text)
    text = _ARTEFACT.sub(cut, text)
    return text, removed
