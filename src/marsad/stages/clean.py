"""The clean stage: residue out of extracted text, metadata lines lifted, glued articles split.

`clean(doc)` reads `doc.raw` and sets `doc.text`: the kept lines, stripped, one paragraph
per line, joined with "\\n" (blank lines dropped, so runs of them collapse), NFC. Kept lines
are not otherwise changed, except that "**" runs are cut out (recorded as "artefact"):
later stages store character offsets into `doc.text`.

Every removed line is kept in `doc.removed` as a RemovedLine(text, reason, line_no), where
line_no indexes `doc.raw.split("\\n")` after "\\r\\n"/"\\r" became "\\n". Reason codes:

  ad_marker        [ad_1], "إعلان", "advertisement"
  hash_garbage     a UUID/hex hash line ("3f2a9c1e 77b0 4d2e ...": dashes read as spaces)
  punctuation      a lone bullet, rule or punctuation line
  related_header   "مقالات ذات صلة", "اقرأ أيضا", "متعلقات" standing alone
  related_inline   "اقرأ أيضا: <headline>" on one line
  related_list     list items under a related header
  keywords         "كلمات دلالية: ..." and tag lists
  comment_form     "اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني", form labels
  navigation       "زر الذهاب إلى الأعلى", share/print/app/follow lines, "©", rights
  repeated_caption a short non-sentence line repeated on the next line (both copies)
  duplicate_line   a paragraph (>= 12 words) repeated on the next line (second copy)
  orphan_tail      a 1-4 word non-sentence line after the body, behind residue (site brand)
  artefact         "**" cut from a kept line (text = the characters cut)
  metadata:title   the title line (now in doc.title), or a repeat of doc.title
  metadata:byline  "<outlet>/خاص" under the title (now in doc.source or doc.author)
  metadata:date    a publication-date line (now in doc.published)
  metadata:source  "المصدر: وكالات" (now in doc.source when it was empty)
  appended_article the headline (or first line) of a glued article split into a new doc

Glued articles: a page scraped to text may carry a second article after a related marker.
It is split off only when the host had *closed* (source credit, keyword line or comment
form after the host's last paragraph) before the marker, and real body follows
(>= APPENDED_MIN_BODY_WORDS words in paragraph-shaped lines). Mid-article related links —
the ANT/BBC pattern "اقرأ أيضاً:" + 1-4 headlines + more host paragraphs — never split.
The glued article becomes a new Document (origin "<host origin>#appended-N", the host's
input_format/url/source/encoding, title = its headline, raw = the host's lines from the
headline on, cleaned the same way; its line_no values index its own raw) with
appended_to = the host's uid, or its origin while the host has no uid yet.

Measured on ../shared (whole sets, one core, ~5,000 docs/s on 3.1 KB articles):
  SaudiNewsNet, 31,030 articles: 3,676 of 168,121 non-blank lines removed (2.2%): 1,678
    bylines opening the text («<writer> – عين اليوم», «الرياض - واس»; lifted to author),
    1,190 «رابط الخبر بصحيفة الوئام: <title>» link-backs, 388 divider lines with no
    letter, 394 "**" cuts, 14 first lines equal to the given title. No split.
  ANT multi-source, 31,523 articles: 0.86% of lines, mostly "-----" rules (933) and the
    BBC app promo (880); every "اقرأ أيضا" marker in the 105 articles that carry one is
    removed, no article is split, no line >= 12 words is removed as a list item.
  ANT JawharaFM, 10,138 articles: 3 lines ("المصدر : وات" credits).
"""

from __future__ import annotations

import re
from typing import Any

from marsad.arabic import residue as rs
from marsad.arabic import residue_markers as rm
from marsad.arabic.normalize import display
from marsad.arabic.textdates import MAX_DATE_LINE_CHARS, date_line, date_stamp
from marsad.records import Document, RemovedLine

__all__ = ["clean"]

# A line of >= 12 words ending with . ! … or : is a paragraph, never a list item.
# (Seed and ANT related headlines are 2..20 words and end without a full stop.)
NEVER_DROP_MIN_WORDS = 12
# Past this many words a line is a paragraph whatever its ending. In the 196 ANT articles
# with "اقرأ أيضا"/"قد يهمك", list items are <= 16 words and inline links <= 20 (marker
# included); the unpunctuated paragraphs right after a related block are 37 and 80 words.
LIST_ITEM_MAX_WORDS = 24
# A glued article needs this much body (in paragraph-shaped lines) under its headline:
# two short news paragraphs. Seed 003's glued article has ~100 words, seed 004's ~800;
# a single one-sentence teaser under a link list stays below it.
APPENDED_MIN_BODY_WORDS = 40
# Site-brand orphans left after the body (a shop or site name under "[ad_2]") are 1-4 words.
ORPHAN_MAX_WORDS = 4
# A longer unpunctuated line is residue only as an island: after the last paragraph with
# residue on both sides (ad copy between "[ad_2]" and "مقالات ذات صلة"). Headline-sized.
ISLAND_MAX_WORDS = 12
# Image captions are short; a repeated line longer than this is a repeated sentence.
# Under 3 words a repeated line is more likely a refrain or a label than a caption.
CAPTION_MIN_WORDS = 3
CAPTION_MAX_WORDS = 20
# A line that is only a date (no label) is a publication date only among the first
# lines (title, byline, date) and above the first paragraph; below it, JawharaFM match
# schedules use bare date lines (weekday, day, month, year, colon) as headings.
DATE_HEAD_LINES = 3
# "<outlet>/خاص", "<city> - <name>", "كتب: <name>": a byline is at most 5 words.
BYLINE_MAX_WORDS = 5

# Residue that marks the tail of a page (a lone "***" or "." does not: poems and columns
# use them as dividers, and the lines after them are text).
_RESIDUE_REASONS = frozenset(
    (
        "ad_marker",
        "hash_garbage",
        "related_header",
        "related_inline",
        "related_list",
        "keywords",
        "comment_form",
        "navigation",
        "metadata:source",
    )
)
# A tatweel standing alone between spaces is a dash («عبدالكريم الحمد ـ الرياض»); folding
# drops tatweel, so it is read before the fold.
_TATWEEL_DASH = re.compile(r"\sـ+\s")
_BYLINE_HINT = re.compile(r"/|\s[-–—]\s|(?:^|\s)خاص(?:\s|$)|^(?:كتب|كتبت|بقلم|اعداد|متابعه)\b")
_BYLINE_SPLIT = re.compile(r"\s*(?:/|\s[-–—ـ]+\s)\s*")
_BYLINE_LEAD = re.compile(r"^(?:كتب|كتبت|بقلم|إعداد|اعداد|متابعة)\s*[:：]?\s*")
_EXCLUSIVE = frozenset(("خاص", "حصري", "حصريا", "خاص ب"))


# per raw line: features (None for a blank line) and the removal reason (None = kept)
_Feats = list[Any]
_Reasons = list[str | None]

_QUESTION_END = re.compile(r"[؟?][\"”»’')\]]*\s*$")


def _body_like(f: rs.LineFeatures) -> bool:
    """A paragraph by shape: never removed as a list item.

    Long (> LIST_ITEM_MAX_WORDS), or >= NEVER_DROP_MIN_WORDS and ending a sentence. A
    question counts as a sentence only with an Arabic comma inside: question headlines
    ("ماذا تعرف عن ...؟") are comma-free; a 17-word BBC body question with two clauses
    right after a related link in the ANT set is not.
    """
    if f.words > LIST_ITEM_MAX_WORDS:
        return True
    if f.words < NEVER_DROP_MIN_WORDS:
        return False
    return f.full_stop or ("،" in f.text and bool(_QUESTION_END.search(f.text)))


def _paragraph(f: rs.LineFeatures) -> bool:
    """A kept line that is article text (ends the host's tail / a related block)."""
    return _body_like(f) or (f.full_stop and f.words >= 3)


def clean(doc: Document) -> list[Document]:
    """Clean `doc` in place; return [doc, *glued articles split off it]."""
    out = [doc]
    current = doc
    while True:
        split = _clean_one(current, _lines(current.raw))
        if split is None:
            for d in out:
                _display_metadata(d)
            return out
        raw_tail, headline = split
        child = Document(
            origin=f"{doc.origin}#appended-{len(out)}",
            input_format=doc.input_format,
            raw=raw_tail,
            url=doc.url,
            source=doc.source,
            title=headline,
            # its own date line, if it has one, is read by _clean_one below; the host's
            # date is not its date (issue 13: a glued story from years before took the
            # page's date and joined the wrong stories)
            published=None,
            encoding=doc.encoding,
            # the host's origin; the fingerprint stage maps it to the host's uid
            appended_to=doc.uid or doc.origin,
        )
        out.append(child)
        current = child


def _display_metadata(doc: Document) -> None:
    """Metadata shown to users gets the same display normalisation as the text."""
    for name in ("title", "source", "author"):
        value = getattr(doc, name)
        if value:
            setattr(doc, name, display(value).strip() or None)


def _lines(raw: str) -> list[str]:
    return raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _clean_one(doc: Document, lines: list[str]) -> tuple[str, str | None] | None:
    """Fill doc.text/removed/metadata. Returns (raw of a glued article, its headline)."""
    n = len(lines)
    fixed: list[str] = [""] * n
    cut: list[list[str]] = [[] for _ in range(n)]
    feats: list[rs.LineFeatures | None] = [None] * n
    for i, line in enumerate(lines):
        if line.strip():
            fixed[i], cut[i] = rs.strip_artefacts(line)
            if not fixed[i].strip():  # "***" alone: a punctuation line, not an artefact
                fixed[i], cut[i] = line, []
            feats[i] = rs.features(fixed[i])
    nonblank = [i for i in range(n) if feats[i] is not None]
    reason: list[str | None] = [None] * n
    limit = n  # lines at and after `limit` belong to a glued article
    glued: tuple[str, str | None] | None = None

    _head(doc, feats, nonblank, reason)
    tail = _stamp_tail(feats, nonblank)

    closed = False  # the host's closing metadata came after its last paragraph
    block: str | None = None  # "related" | "keywords" while inside a marker-led block
    items: list[int] = []  # list items of the current related block
    published_kind = None
    in_form = False  # a comment form has started: its field labels are residue too
    seen_body = False  # a paragraph has been kept
    for pos, i in enumerate(nonblank):
        if reason[i]:
            continue
        f = feats[i]
        assert f is not None
        why = _whole_line(f)
        if why == rm.COMMENT_FIELD:
            why = "comment_form" if in_form else None
        if why:
            reason[i] = why
            if why == "related_header":
                block, items = "related", []
            elif why == "keywords":
                closed = True
                block = "keywords" if rm.marker(f) == rm.KEYWORDS else None
            elif why == "comment_form":
                closed = in_form = True
            continue
        value = rs.source_value(f)
        if value:
            reason[i] = "metadata:source"
            if doc.source is None:
                doc.source = value
            closed = True
            continue
        if f.chars <= MAX_DATE_LINE_CHARS:
            found = date_line(f.text)
            dated = found is not None
            if found:
                iso, kind = found
                if kind == "date" and (seen_body or pos >= DATE_HEAD_LINES) and pos < tail:
                    found = None  # a bare date in the body heads a schedule, it is text
            if found:
                reason[i] = "metadata:date"
                # a publish date beats an update date; a date set upstream is kept
                if doc.published is None or (published_kind == "updated" and kind != "updated"):
                    doc.published, published_kind = iso, kind
                continue
            if date_stamp(f.text, dated):  # residue; in the body maybe a related item's date
                reason[i] = "metadata:date"
                continue
        if not _body_like(f) and rs.related_inline(f):
            reason[i] = "related_inline"
            block, items = "related", []
            continue
        if block and not _paragraph(f):
            reason[i] = "related_list" if block == "related" else "keywords"
            if block == "related":
                items.append(i)
            continue
        if _paragraph(f):
            if block == "related" and closed:
                body_words = sum(
                    fj.words for j in nonblank[pos:]
                    if (fj := feats[j]) is not None and _body_like(fj))
                if body_words >= APPENDED_MIN_BODY_WORDS:
                    start = items[-1] if items else i
                    headline = feats[start].text if items else None  # type: ignore[union-attr]
                    limit = start
                    glued = ("\n".join(lines[start:]), headline)
                    break
            block, items, closed, seen_body = None, [], False, True

    _captions(feats, nonblank, reason, limit)
    _orphans(feats, nonblank, reason, limit)

    kept: list[str] = []
    for i in range(limit):
        if feats[i] is None:
            continue
        why = reason[i]
        if why:
            doc.removed.append(RemovedLine(lines[i].strip(), why, i))
            continue
        for fragment in cut[i]:
            doc.removed.append(RemovedLine(fragment, "artefact", i))
        kept.append(fixed[i].strip())
    if glued:
        doc.removed.append(RemovedLine(lines[limit].strip(), "appended_article", limit))
    # display(): NFC, and invisible bidi/zero-width controls and tatweel out (issue #2 §2)
    doc.text = "\n".join(line for k in kept if (line := display(k).strip()))
    return glued


def _stamp_tail(feats: _Feats, nonblank: list[int]) -> int:
    """Position (in `nonblank`) where the page's closing stamps start: the last lines that
    are all residue by themselves or bare dates. A date there stamps the page («الأحد 12
    يوليو 2015 - 10:30» under the last paragraph); one with text after it heads a
    schedule."""
    pos = len(nonblank)
    while pos > 0:
        f = feats[nonblank[pos - 1]]
        assert f is not None
        if not (_whole_line(f) or (f.chars <= MAX_DATE_LINE_CHARS and date_line(f.text))):
            break
        pos -= 1
    return pos


def _whole_line(f: rs.LineFeatures) -> str | None:
    if rs.is_punctuation_only(f):
        return "punctuation"
    if rs.is_hash_garbage(f):
        return "hash_garbage"
    cls = rm.marker(f)
    if cls:
        return cls
    if rs.keywords_inline(f):
        return "keywords"
    return None


def _same(a: str, b: str) -> bool:
    return rs.key(a) == rs.key(b)


def _is_byline(f: rs.LineFeatures) -> bool:
    return (
        f.words <= BYLINE_MAX_WORDS
        and not f.ends_sentence
        and bool(_TATWEEL_DASH.search(f.text) or _BYLINE_HINT.search(rs.fold(f.text)))
        and rm.marker(f) is None
    )


def _head(doc: Document, feats: _Feats, nonblank: list[int], reason: _Reasons) -> None:
    """Title line (and repeats of it) and a byline right under it."""
    if not nonblank:
        return
    first = feats[nonblank[0]]
    took_title = False
    if doc.title:
        if _same(first.text, doc.title):
            reason[nonblank[0]] = "metadata:title"
            took_title = True
    elif (
        first.headline
        and first.arabic_ratio >= 0.5
        and not _is_byline(first)  # "المدينة - جدة" opens the text: outlet and city
        and any(_body_like(feats[j]) for j in nonblank[1:])
    ):
        doc.title = first.text
        reason[nonblank[0]] = "metadata:title"
        took_title = True
    if not took_title:
        # A byline opening the text ("<writer> – <outlet>", "<outlet> – <city>": 1.6k
        # SaudiNewsNet articles) names who wrote it, not what happened: metadata, as the
        # residue gold labels it (eval/residue), when paragraphs follow.
        # Under a kicker line too («تعتيم على تشكيلة الاتحاد..» then «ناصر الطميحي - جدة»).
        for k, j in enumerate(nonblank[:2]):
            if k and _body_like(first):
                break
            if _is_byline(feats[j]) and any(_body_like(feats[i]) for i in nonblank[k + 1:]):
                reason[j] = "metadata:byline"
                _take_byline(doc, feats[j].text)
                break
        return
    for j in nonblank[1:3]:
        f = feats[j]
        if doc.title and _same(f.text, doc.title):
            reason[j] = "metadata:title"
        elif _is_byline(f):
            reason[j] = "metadata:byline"
            _take_byline(doc, f.text)
            return
        elif date_line(f.text) is None:
            return  # body starts; a date line under the title is left to the main pass


def _take_byline(doc: Document, text: str) -> None:
    parts = [p for p in _BYLINE_SPLIT.split(text) if p]
    named = [p for p in parts if rs.key(p) not in _EXCLUSIVE]
    if len(named) < len(parts) and named:  # "<outlet>/خاص": an outlet credit
        if doc.source is None:
            doc.source = " ".join(named)
    elif doc.author is None:
        doc.author = _BYLINE_LEAD.sub("", text).strip() or None


def _captions(feats: _Feats, nonblank: list[int], reason: _Reasons, limit: int) -> None:
    """A line repeated exactly once on the next line: an image caption pair goes whole,
    a repeated sentence loses its second copy. Runs of 3+ (poem refrains) are kept."""
    kept = [i for i in nonblank if i < limit and reason[i] is None]
    for k, (a, b) in enumerate(zip(kept, kept[1:], strict=False)):
        fa, fb = feats[a], feats[b]
        if fa.text != fb.text or reason[a] or reason[b]:
            continue
        if (k > 0 and feats[kept[k - 1]].text == fa.text) or (
            k + 2 < len(kept) and feats[kept[k + 2]].text == fa.text
        ):
            continue
        if CAPTION_MIN_WORDS <= fa.words <= CAPTION_MAX_WORDS and not fa.full_stop:
            reason[a] = reason[b] = "repeated_caption"
        elif fa.words >= NEVER_DROP_MIN_WORDS:  # a paragraph the extractor emitted twice
            reason[b] = "duplicate_line"
        # a short repeated sentence (a refrain in a SaudiNewsNet poem) is text


def _orphans(feats: _Feats, nonblank: list[int], reason: _Reasons, limit: int) -> None:
    """Short brand lines left in the tail after residue ("[ad_2]" then a shop name)."""
    body = [i for i in nonblank if i < limit and reason[i] is None and _paragraph(feats[i])]
    last = body[-1] if body else -1
    residue_seen = False
    for i in nonblank:
        if i <= last or i >= limit:
            continue
        if reason[i] in _RESIDUE_REASONS:
            residue_seen = True
        elif reason[i] is None and residue_seen:
            f = feats[i]
            if f.ends_sentence:
                continue
            if f.words <= ORPHAN_MAX_WORDS or (
                f.words <= ISLAND_MAX_WORDS and _next_is_residue(i, nonblank, reason)
            ):
                reason[i] = "orphan_tail"


def _next_is_residue(i: int, nonblank: list[int], reason: _Reasons) -> bool:
    later = [j for j in nonblank if j > i]
    return bool(later) and reason[later[0]] in _RESIDUE_REASONS
