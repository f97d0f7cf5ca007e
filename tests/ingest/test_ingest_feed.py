"""RSS and Atom files → one Document per item."""

from marsad.ingest import iter_inputs
from marsad.ingest.feed import html_to_text
from marsad.records import Document, Failure

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>أخبار المدينة</title>
  <link>https://city.example.net/</link>
  <item>
    <title>افتتاح جسر المشاة الجديد</title>
    <link>https://city.example.net/news/1</link>
    <guid>city-1</guid>
    <pubDate>Tue, 05 Mar 2024 09:30:00 +0300</pubDate>
    <author>مكتب التحرير</author>
    <description>ملخص قصير</description>
    <content:encoded><![CDATA[<p>افتتح المحافظ جسر المشاة فوق الطريق السريع.</p><p>وقال إن الجسر <b>يخدم</b> آلاف الطلاب يوميا.<br>ويضم مصاعد لكبار السن.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>موعد سوق الكتب</title>
    <link>/news/2</link>
    <pubDate>Wed, 06 Mar 2024 18:00:00 GMT</pubDate>
    <description>يقام سوق الكتب المستعملة يوم الجمعة في الساحة العامة.</description>
  </item>
  <item>
    <title>عنوان بلا نص</title>
    <link>https://city.example.net/news/3</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>نشرة الطقس</title>
  <link href="https://weather.example.org/"/>
  <updated>2024-07-01T06:00:00Z</updated>
  <entry>
    <title>موجة حر متوقعة</title>
    <link href="https://weather.example.org/e/1"/>
    <id>tag:weather.example.org,2024:1</id>
    <updated>2024-07-01T06:00:00+02:00</updated>
    <author><name>قسم الأرصاد</name></author>
    <summary>توقعات بارتفاع الحرارة.</summary>
    <content type="html">&lt;p&gt;تتوقع الأرصاد ارتفاع درجات الحرارة إلى 45 درجة.&lt;/p&gt;&lt;p&gt;وتنصح بتجنب الشمس ظهرا.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items(tmp_path):
    path = tmp_path / "city.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third = iter_inputs([str(path)])
    assert isinstance(first, Document)
    assert first.input_format == "rss"
    assert first.title == "افتتاح جسر المشاة الجديد"
    assert first.url == first.origin == "https://city.example.net/news/1"
    assert first.published == "2024-03-05T06:30:00+00:00"  # UTC
    assert first.source == "أخبار المدينة"
    assert first.author == "مكتب التحرير"
    assert first.record_id == "city-1"
    # content:encoded wins over the short description; paragraphs and <br> become lines.
    assert first.raw == (
        "افتتح المحافظ جسر المشاة فوق الطريق السريع.\n"
        "وقال إن الجسر يخدم آلاف الطلاب يوميا.\n"
        "ويضم مصاعد لكبار السن."
    )
    assert second.raw == "يقام سوق الكتب المستعملة يوم الجمعة في الساحة العامة."
    assert second.url == "https://city.example.net/news/2"  # relative link resolved
    assert isinstance(third, Failure)
    assert third.origin == "https://city.example.net/news/3"
    assert third.reason == "feed item 3 has no text (use --follow-links to fetch its page)"


def test_atom_entries(tmp_path):
    path = tmp_path / "weather.atom"
    path.write_text(ATOM, encoding="utf-8")
    [doc] = iter_inputs([str(path)])
    assert doc.title == "موجة حر متوقعة"
    assert doc.published == "2024-07-01T04:00:00+00:00"
    assert doc.author == "قسم الأرصاد"
    assert doc.source == "نشرة الطقس"
    assert doc.raw == "تتوقع الأرصاد ارتفاع درجات الحرارة إلى 45 درجة.\nوتنصح بتجنب الشمس ظهرا."


def test_xml_extension_is_sniffed_as_feed_and_cp1256_feed(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(RSS.replace('encoding="utf-8"', 'encoding="windows-1256"').encode("cp1256"))
    results = list(iter_inputs([str(path)]))
    assert results[0].title == "افتتاح جسر المشاة الجديد"


def test_malformed_and_empty_feeds(tmp_path):
    (tmp_path / "bad.rss").write_text("<rss><channel><title>نص مكسور", encoding="utf-8")
    (tmp_path / "empty.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>ت</title></channel></rss>',
        encoding="utf-8",
    )
    results = {r.origin.rsplit("/", 1)[1]: r.reason for r in iter_inputs([str(tmp_path)])}
    assert results["bad.rss"].startswith("malformed feed: ")
    assert "\n" not in results["bad.rss"]
    assert results["empty.rss"] == "feed has no items"


def test_html_to_text_keeps_blocks_apart():
    assert html_to_text("<div>أ<p>ب</p>ج</div><ul><li>د</li><li>هـ</li></ul>") == "أ\nب\nج\nد\nهـ"
    assert html_to_text("نص   بلا وسوم\n\n") == "نص بلا وسوم"
    assert html_to_text("") == ""
