"""RSS / Atom feeds → one Document per item (the item text, or the linked page)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree
from lxml import html as lxml_html

from marsad.errors import InputError, first_line
from marsad.ingest.dates import from_struct_time
from marsad.ingest.fetch import fetch, make_client
from marsad.ingest.html import read_html_bytes
from marsad.records import Document, Failure
from marsad.urls import host_of

# Elements that end a line of text when an item's HTML summary is flattened.
BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "tr", "table", "section", "article", "header", "footer", "figure",
    "figcaption", "pre", "hr", "dd", "dt",
)  # fmt: skip
_TAG_RE = re.compile(r"<[^>]+>")
_HTML_HINT_RE = re.compile(r"<(?:[a-zA-Z][\w:-]*|/[a-zA-Z])[^>]*>")


def iter_feed(
    data: bytes,
    origin: str,
    *,
    base_url: str | None = None,
    follow_links: bool = False,
    timeout: float = 10.0,
    max_doc_bytes: int = 20_000_000,
) -> Iterator[Document | Failure]:
    """Documents for the items of an RSS/Atom feed given as bytes.

    With follow_links each item's link is fetched and yielded as an html Document carrying
    the feed's title/date/author (the extract stage only fills what is missing). When the
    fetch fails the item's own summary is yielded instead, with the reason in doc.errors;
    an item with neither becomes a Failure. So every item gives exactly one result.
    """
    # Bytes, never a str: feedparser treats a str that looks like a URL or path as one to open.
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            yield Failure(origin, f"malformed feed: {first_line(parsed.get('bozo_exception'))}")
        else:
            yield Failure(origin, "feed has no items")
        return
    feed_info = parsed.get("feed") or {}
    base = base_url or feed_info.get("link") or None
    source = _clean(feed_info.get("title")) or host_of(feed_info.get("link")) or host_of(base_url)
    encoding = parsed.get("encoding") or None
    with ExitStack() as stack:
        client = stack.enter_context(make_client(timeout)) if follow_links else None
        for index, entry in enumerate(entries, 1):
            item = _item_document(entry, index, origin, base, source)
            if isinstance(item, Document):
                item.encoding = encoding
            if follow_links:
                item = _followed(entry, item, source, client, timeout, max_doc_bytes)
            yield item


def _item_document(
    entry: Any, index: int, origin: str, base: str | None, source: str | None
) -> Document | Failure:
    link = entry.get("link")
    url = urljoin(base, link) if base and link else link
    item_origin = url or f"{origin}#item-{index}"
    text = html_to_text(_item_markup(entry))
    if not text:
        return Failure(
            item_origin, f"feed item {index} has no text (use --follow-links to fetch its page)"
        )
    return Document(
        # The link, not the item's position, names the item: feeds are re-read as they move.
        origin=item_origin,
        input_format="rss",
        raw=text,
        url=url,
        title=_clean(entry.get("title")),
        published=from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=_clean(entry.get("author")),
        source=source,
        record_id=entry.get("id") or None,
    )


def _followed(
    entry: Any,
    summary: Document | Failure,
    source: str | None,
    client: Any,
    timeout: float,
    max_doc_bytes: int,
) -> Document | Failure:
    url = summary.url if isinstance(summary, Document) else summary.origin
    try:
        if not url or not url.startswith(("http://", "https://")):
            raise InputError(f"item has no http(s) link ({url!r})")
        fetched = fetch(url, timeout=timeout, max_bytes=max_doc_bytes, client=client)
        if (
            "html" not in fetched.content_type.lower()
            and b"<html" not in fetched.body[:4096].lower()
        ):
            raise InputError(
                f"not an HTML page ({fetched.content_type or 'no content type'}) at {url}"
            )
        doc = read_html_bytes(
            fetched.body, url, url=fetched.final_url, content_type=fetched.content_type
        )
    except InputError as exc:
        if isinstance(summary, Document):
            summary.errors.append(f"follow-links: {exc}; kept the feed summary")
            return summary
        return Failure(summary.origin, str(exc))
    doc.title = _clean(entry.get("title"))
    doc.published = from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
    doc.author = _clean(entry.get("author"))
    doc.source = source
    doc.record_id = entry.get("id") or None
    return doc


def _item_markup(entry: Any) -> str:
    # Atom <content> (or RSS content:encoded) holds the full text; summary is a teaser.
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def html_to_text(markup: str) -> str:
    """Flatten an HTML fragment to text, one line per paragraph or block."""
    if not markup or not markup.strip():
        return ""
    if not _HTML_HINT_RE.search(markup):
        return _tidy_lines(markup)
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy_lines(_TAG_RE.sub(" ", markup))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return _tidy_lines(root.text_content())


def _tidy_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(str(value).split()) or None

