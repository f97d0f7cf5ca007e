"""Extract stage: article text and metadata from HTML, and never an exception."""

import pytest

from marsad.records import Document
from marsad.stages.extract import NO_TEXT_ERROR, extract, extract_html

# Our own article, in paragraphs, plus boilerplate blocks that must not reach the text.
PARAS = [
    "أعلنت وزارة المياه اليوم عن خطة جديدة لتحلية مياه البحر في المدن الساحلية، تهدف إلى مضاعفة الإنتاج خلال خمس سنوات.",
    "وقال المتحدث باسم الوزارة إن المشروع يشمل بناء ثلاث محطات كبرى، تعمل بالطاقة الشمسية لتقليل التكاليف والانبعاثات.",
    "وأضاف أن الدراسات الأولية أظهرت أن المحطات الجديدة ستوفر المياه لأكثر من مليوني نسمة في المناطق التي تعاني من الجفاف.",
    "من جهتهم، رحب خبراء البيئة بالخطة، لكنهم طالبوا بمراقبة أثر المياه المالحة المعادة إلى البحر على الشعاب المرجانية.",
    "ومن المتوقع أن تبدأ أعمال البناء في الربع الأول من العام المقبل، على أن تدخل المحطة الأولى الخدمة بعد عامين.",
]
SHORT = ["الرياض - مراسلنا", "وتابع: «لن نتأخر».", "المصدر: وكالة الأنباء"]
BOILERPLATE = [
    "اقرأ أيضا",
    "الأكثر قراءة",
    "شارك على فيسبوك",
    "جميع الحقوق محفوظة",
    "أضف تعليقك",
    "الرئيسية",
    "النشرة البريدية",
]
TITLE = "خطة لمضاعفة تحلية المياه خلال خمس سنوات"
HEAD = (
    f'<head><meta charset="utf-8"><title>{TITLE} | جريدة المثال</title>'
    '<meta property="og:site_name" content="جريدة المثال">'
    '<meta property="article:published_time" content="2024-03-05T09:30:00+03:00">'
    '<link rel="canonical" href="https://news.example.com/a/1"></head>'
)
NAV = '<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">رياضة</a></li></ul></nav>'
FOOT = '<footer><p>جميع الحقوق محفوظة © 2024 جريدة المثال</p><a href="/nl">النشرة البريدية</a></footer>'
SIDE = (
    "<aside><h3>الأكثر قراءة</h3><ol>"
    + "".join(f'<li><a href="/p/{i}">عنوان خبر شائع رقم {i} في الموقع</a></li>' for i in range(6))
    + "</ol></aside>"
)
SHARE = '<div class="share"><a href="#">شارك على فيسبوك</a> <a href="#">تويتر</a></div>'
COMMENTS = (
    '<section id="comments"><h3>أضف تعليقك</h3><div class="comment">'
    "<p>تعليق من قارئ يقول إن الخبر مهم جدا ويستحق المتابعة.</p></div></section>"
)
RELATED = (
    '<div class="related"><h3>اقرأ أيضا</h3><ul>'
    + "".join(
        f'<li><a href="/n/{i}">خبر ذو صلة رقم {i} عن موضوع آخر مختلف</a></li>' for i in range(5)
    )
    + "</ul></div>"
)


def _p(paragraphs):
    return "".join(f"<p>{t}</p>" for t in paragraphs)


def _pages():
    """Six layouts seen on Arabic news sites, each with its gold paragraphs."""
    with_short = [SHORT[0], *PARAS[:2], SHORT[1], *PARAS[2:], SHORT[2]]
    rows = "".join(f"<tr><td>{t}</td></tr>" for t in PARAS)
    return {
        "article": (
            f"<html lang='ar' dir='rtl'>{HEAD}<body>{NAV}<main><article><h1>{TITLE}</h1>{SHARE}"
            f"{_p(PARAS)}{RELATED}</article>{SIDE}</main>{COMMENTS}{FOOT}</body></html>",
            PARAS,
        ),
        "cms-divs": (
            f"<html>{HEAD}<body>{NAV}<div class='post'><h1>{TITLE}</h1><div class='post-content'>"
            f"{_p(PARAS[:3])}{RELATED}{_p(PARAS[3:])}</div>{SHARE}</div>{SIDE}{FOOT}</body></html>",
            PARAS,
        ),
        "short-lines": (
            f"<html>{HEAD}<body>{NAV}<div id='content'><h1>{TITLE}</h1><div class='entry'>"
            f"{_p(with_short)}</div>{COMMENTS}</div>{SIDE}{FOOT}</body></html>",
            with_short,
        ),
        "table-layout": (
            f"<html>{HEAD}<body><table><tr><td>{NAV}</td></tr><tr><td><font size=5>{TITLE}</font>"
            f"</td></tr>{rows}<tr><td>{SIDE}</td></tr></table>{FOOT}</body></html>",
            PARAS,
        ),
        "br-separated": (
            f"<html>{HEAD}<body>{NAV}<div class='article-body'>{'<br><br>'.join(PARAS)}</div>"
            f"{RELATED}{FOOT}</body></html>",
            PARAS,
        ),
        "brief": (
            f"<html>{HEAD}<body>{NAV}<article><h1>{TITLE}</h1>{_p(PARAS[:2])}</article>{SIDE}{FOOT}</body></html>",
            PARAS[:2],
        ),
    }


@pytest.mark.parametrize("layout", list(_pages()))
def test_article_text_without_boilerplate(layout):
    html, gold = _pages()[layout]
    doc = extract(Document(origin="t", input_format="html", html=html))
    assert doc.raw.split("\n") == gold  # every paragraph, in order, one per line, nothing else
    assert not [b for b in BOILERPLATE if b in doc.raw]
    assert doc.html is None
    assert doc.title == TITLE
    assert doc.published == "2024-03-05"
    assert doc.source == "جريدة المثال"
    assert doc.url == "https://news.example.com/a/1"
    assert doc.errors == []


def test_data_tables_are_kept():
    table = (
        "<table><tr><th>الحزب</th><th>المقاعد</th></tr><tr><td>الأول</td><td>52</td></tr></table>"
    )
    html = f"<html><body><article><p>{PARAS[0]}</p>{table}<p>{PARAS[1]}</p></article></body></html>"
    raw = extract_html(html).raw
    assert "| الحزب | المقاعد |" in raw and "| الأول | 52 |" in raw


def test_metadata_already_set_wins():
    html = _pages()["article"][0]
    doc = Document(
        origin="feed#1",
        input_format="html",
        html=html,
        title="عنوان من الخلاصة",
        published="2024-03-05T06:30:00+00:00",
        source="قناة الخلاصة",
        url="https://feed.example/x",
    )
    extract(doc)
    assert (doc.title, doc.published, doc.source, doc.url) == (
        "عنوان من الخلاصة",
        "2024-03-05T06:30:00+00:00",
        "قناة الخلاصة",
        "https://feed.example/x",
    )
    assert doc.raw.split("\n") == PARAS


def test_hostname_is_the_source_without_a_site_name():
    html = f"<html><body><article><p>{PARAS[0]}</p><p>{PARAS[1]}</p></article></body></html>"
    doc = extract_html(html, url="https://www.city-news.example/a/2")
    assert doc.source == "city-news.example"
    assert doc.url == "https://www.city-news.example/a/2"


def test_documents_without_html_pass_through():
    doc = Document(origin="x.txt", raw="نص كما هو")
    assert extract(doc) is doc and doc.raw == "نص كما هو" and doc.errors == []


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<html></html>",
        "<html><body></body></html>",
        "\x00\x01\x02garbage\ufffd\ufffd<<>>",
        "<<<>>><p",
        "<html><body>" + "<div>" * 5000 + "نص",
        "<html><head><title>عنوان فقط</title></head><body><script>var a = 1;</script></body></html>",
    ],
)
def test_broken_or_empty_markup_never_raises(markup):
    doc = extract_html(markup)
    assert doc.html is None
    assert doc.raw == ""
    assert any(e.startswith(NO_TEXT_ERROR) for e in doc.errors)


def test_truncated_markup_keeps_what_is_there():
    html = _pages()["article"][0]
    cut = html[: html.index(PARAS[2]) + 20]
    doc = extract_html(cut)
    assert doc.raw.startswith(PARAS[0])
    assert PARAS[1] in doc.raw
