"""Readers: targets (files, folders, globs, "-", URLs) → Document | Failure, one input at a time.

Every problem with one input becomes a `Failure` with a one-line reason; nothing here stops
a batch. html Documents (from .html files, WARC records, URLs, followed feed links) carry
their markup in `doc.html` and need `marsad.stages.extract.extract` before cleaning.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import urlsplit

from marsad.errors import ConfigError, InputError
from marsad.ingest.feed import iter_feed
from marsad.ingest.fetch import Fetched, fetch
from marsad.ingest.html import read_html_bytes, too_large_reason
from marsad.ingest.jsonl import (
    iter_json_array,
    iter_json_document,
    iter_jsonl,
    resolve_field_map,
    spans_lines,
)
from marsad.ingest.sources import (
    FORMATS,
    SNIFF_BYTES,
    Target,
    detect_format,
    expand_targets,
    format_from_name,
    format_size,
)
from marsad.ingest.text import text_document
from marsad.ingest.warc import iter_warc
from marsad.records import Document, Failure

__all__ = ["ReadOptions", "iter_inputs", "FORMATS"]

LOGGER = logging.getLogger(__name__)

# Feeds are read whole (feedparser needs all of it); a feed beyond this is not a feed.
MAX_FEED_BYTES = 100_000_000
# A URL may serve a JSONL or WARC dump rather than one page; it is downloaded whole, so
# the ceiling is generous but bounded.
MAX_URL_BYTES = 200_000_000
GZIP_MAGIC = b"\x1f\x8b"
STDIN_ORIGIN = "<stdin>"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How targets are read; shared by the CLI, the service and the tests."""

    field_map: dict[str, str] = field(default_factory=dict)  # our field -> input field (JSONL)
    preset: str | None = None  # named field mapping: "ant" | "saudinewsnet"
    follow_links: bool = False  # feeds: fetch each item's page instead of using its summary
    timeout: float = 10.0  # network timeout in seconds
    max_doc_bytes: int = 20_000_000  # larger single documents fail instead of being read
    format: str | None = None  # force a format: text | html | warc | rss | jsonl

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise ConfigError(f"unknown format {self.format!r}; choose from {', '.join(FORMATS)}")
        if self.timeout <= 0 or self.max_doc_bytes <= 0:
            raise ConfigError("timeout and max_doc_bytes must be positive")
        resolve_field_map(self.field_map, self.preset)  # raises ConfigError on bad names


def iter_inputs(
    targets: Iterable[str], opts: ReadOptions | None = None
) -> Iterator[Document | Failure]:
    """Read every target, yielding Documents and per-input Failures in target order."""
    opts = opts or ReadOptions()
    for target in expand_targets(targets):
        if isinstance(target, Failure):
            yield target
            continue
        origin = STDIN_ORIGIN if target.kind == "stdin" else target.location
        try:
            for item in _read_target(target, opts):
                yield _valid_text(item) if isinstance(item, Document) else item
        except InputError as exc:
            yield Failure(origin, str(exc))
        except OSError as exc:
            yield Failure(origin, f"cannot read: {exc.strerror or exc}")
        except Exception as exc:  # a reader bug must not end the batch; keep it visible
            LOGGER.exception("reader failed on %s", origin)
            yield Failure(
                origin,
                f"reader error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            )


_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("origin", "raw", "html", "url", "source", "title", "published", "author",
                "lang", "record_id", "encoding")


def _valid_text(doc: Document) -> Document:
    """Every string of `doc` made encodable once, here at the reader boundary: a lone
    surrogate («\\ud800» in JSON, a file name that is not UTF-8) becomes U+FFFD, counted
    in the document's notes, so no later stage or the store ever meets one (issue 15)."""
    replaced = 0
    for name in _TEXT_FIELDS:
        value = getattr(doc, name)
        if value and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                fixed, n = _SURROGATE.subn("\ufffd", value)
                setattr(doc, name, fixed)
                replaced += n
    if replaced:
        doc.errors.append(f"read: {replaced} invalid characters replaced by U+FFFD")
    return doc


def _read_target(target: Target, opts: ReadOptions) -> Iterator[Document | Failure]:
    if target.kind == "url":
        yield from _read_url(target.location, opts)
    elif target.kind == "stdin":
        if sys.stdin is None:
            raise InputError("no standard input to read (the process has none)")
        stream = sys.stdin.buffer
        if not hasattr(stream, "peek"):
            stream = io.BufferedReader(stream)
        yield from _read_stream(stream, STDIN_ORIGIN, "", opts)
    else:
        yield from _read_file(target.location, opts)


def _read_file(path: str, opts: ReadOptions) -> Iterator[Document | Failure]:
    with open(path, "rb") as raw:
        yield from _read_stream(
            raw, path, os.path.basename(path), opts, size=_plain_size(path, raw)
        )


# Bodies already downloaded, by URL, read instead of fetching again: `marsad poll` makes
# its own conditional GET and hands a changed feed to the ingest as its URL (so items
# keep the feed's URL as origin and base), without a second download.
_PREFETCHED: dict[str, Fetched] = {}


@contextmanager
def prefetched(url: str, body: Fetched) -> Iterator[None]:
    """Within the block, reading the target `url` uses `body` instead of fetching it."""
    _PREFETCHED[url] = body
    try:
        yield
    finally:
        _PREFETCHED.pop(url, None)


def _read_url(url: str, opts: ReadOptions) -> Iterator[Document | Failure]:
    fetched = _PREFETCHED.pop(url, None) or fetch(
        url, timeout=opts.timeout, max_bytes=max(MAX_URL_BYTES, opts.max_doc_bytes))
    name = urlsplit(fetched.final_url).path.rstrip("/").rsplit("/", 1)[-1]
    if "." not in name:
        name = ""  # "/news/123" says nothing about the format; let the bytes decide
    stream = io.BufferedReader(io.BytesIO(fetched.body))
    yield from _read_stream(
        stream, url, name, opts, size=len(fetched.body),
        url=fetched.final_url, content_type=fetched.content_type,
    )  # fmt: skip


def _read_stream(
    raw: IO[bytes],
    origin: str,
    name: str,
    opts: ReadOptions,
    *,
    size: int | None = None,
    url: str | None = None,
    content_type: str | None = None,
) -> Iterator[Document | Failure]:
    """Dispatch one byte stream to the reader for its format."""
    gzipped = _peek(raw, 2) == GZIP_MAGIC
    stream: IO[bytes] = raw
    if gzipped:
        # GzipFile peeks one chunk at a time; another BufferedReader on top would read
        # ahead to fill its buffer and hit a truncation before we have sniffed anything.
        stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        size = None  # the compressed size says nothing about the text's size
    fmt = opts.format or format_from_name(name)
    try:
        head = _peek(stream, SNIFF_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        if fmt is None:
            raise InputError(f"truncated or corrupt gzip: {exc}") from None
        head = b"?"  # the reader for the named format reports the damage in its own terms
    if not head:
        raise InputError("empty file")
    fmt = fmt or detect_format(name, head, content_type)
    if fmt == "warc":
        if gzipped and raw.seekable():
            # warcio reads gzip members itself, so record offsets are offsets in the file;
            # the sniffing above moved the raw stream, hence the rewind.
            raw.seek(0)
            stream = raw
        yield from iter_warc(stream, origin, opts.max_doc_bytes)
    elif fmt == "jsonl":
        field_map = resolve_field_map(opts.field_map, opts.preset)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"[":
            yield from iter_json_array(stream, origin, field_map, opts.max_doc_bytes)
        elif spans_lines(head):
            yield from iter_json_document(stream, origin, field_map, opts.max_doc_bytes)
        else:
            yield from iter_jsonl(stream, origin, field_map, opts.max_doc_bytes)
    elif fmt == "rss":
        data = _read_limited(stream, MAX_FEED_BYTES, size, what="feed")
        yield from iter_feed(
            data, origin, base_url=url, follow_links=opts.follow_links,
            timeout=opts.timeout, max_doc_bytes=opts.max_doc_bytes,
        )  # fmt: skip
    elif fmt == "html":
        data = _read_limited(stream, opts.max_doc_bytes, size)
        yield read_html_bytes(data, origin, url=url, content_type=content_type)
    else:
        doc = text_document(_read_limited(stream, opts.max_doc_bytes, size), origin)
        doc.url = url
        yield doc


def _read_limited(stream: IO[bytes], limit: int, size: int | None, what: str = "article") -> bytes:
    """Read a whole single-document input, failing early when it is over the limit."""
    if size is not None and size > limit:
        raise InputError(_too_large(size, limit, what))
    try:
        data = stream.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"truncated or corrupt gzip: {exc}") from None
    if len(data) > limit:
        raise InputError(_too_large(None, limit, what))
    return data


def _too_large(size: int | None, limit: int, what: str) -> str:
    if what == "article":
        return too_large_reason(size, limit)
    shown = format_size(size) if size is not None else "more"
    return f"{what} too large ({shown} > {format_size(limit)} limit)"


def _plain_size(path: str, raw: IO[bytes]) -> int | None:
    try:
        stat = os.fstat(raw.fileno())
    except (OSError, AttributeError):
        return None
    # FIFOs and character devices report 0; only a regular file's size means something.
    return stat.st_size if os.path.isfile(path) else None


def _peek(stream: IO[bytes], n: int) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return peek(n)[:n]
    return b""
