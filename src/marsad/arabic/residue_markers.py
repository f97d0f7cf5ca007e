"""The marker lexicon: which residue class a whole line belongs to (ads, related-article
headers, keywords, comment forms, navigation and share bars, end markers, credits,
disclaimers). Matched on `residue.key` of the line; `residue.features` gives the shape.
Pure stdlib, like the rest of `arabic/`."""

from __future__ import annotations

import re

from .residue import LineFeatures, fold, key

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
    (KEYWORDS, "كلمات دلالية|الكلمات الدلالية|الكلمات الدالة|كلمات دالة|الكلمات المفتاحية"
               "|كلمات مفتاحية|وسوم|الوسوم|tags"),
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
    folded = fold(f.text).strip() if f.words <= PREFIX_MAX_WORDS[NAVIGATION] else ""
    if f.words <= CREDIT_MAX_WORDS and not f.ends_sentence:
        credit = _CREDIT_LINE.match(folded)
        if _AGENCY_BYLINE.match(folded) or (credit and (":" in folded or "نقلا" in credit[0])):
            return CREDIT
    if _AD_TOKEN.match(f.text):
        return AD
    if _COMMENT_COUNT.match(f.text.strip()):
        return NAVIGATION  # a counter, not a form: it closes nothing (clean.py's in_form)
    if _is_share_bar(f):
        return NAVIGATION
    if folded and _LINK_BACK.match(folded):
        return NAVIGATION
    if f.text.startswith("©") or f.text.endswith("©"):
        return NAVIGATION if f.words <= PREFIX_MAX_WORDS[NAVIGATION] else None
    m = _PREFIX_RE.match(f.key)
    if m:
        cls = _PREFIX[int((m.lastgroup or "p0")[1:])][1]
        if f.words <= PREFIX_MAX_WORDS[cls]:
            return cls
    return None
