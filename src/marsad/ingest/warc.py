"""WARC / ARC archives (plain or gzip) → html Documents for the HTML pages they captured."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.errors import InputError
from marsad.ingest.html import read_html_bytes
from marsad.ingest.sources import format_size
from marsad.records import Document, Failure

LOGGER = logging.getLogger(__name__)

# Read size when draining records we skip and when checking the tail of an archive.
CHUNK_BYTES = 1_048_576
# Bytes after the last record that we inspect for leftovers (uncompressed archives).
TAIL_SCAN_BYTES = 65_536
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Some writers pad archives with NUL bytes or newlines after the last member.
_PADDING = b"\x00\r\n\t "


class _Truncated(Exception):
    """The archive ends (or breaks) inside a record."""


def iter_warc(stream: IO[bytes], origin: str, max_doc_bytes: int) -> Iterator[Document | Failure]:
    """HTML documents from the 200-status response records of a WARC/ARC stream."""
    complete = 0  # records read to their declared end
    skipped = 0
    last: tuple[int, int] | None = None  # (offset, length) of the last complete record
    gzipped = _is_gzipped(stream)
    iterator = ArchiveIterator(stream, arc2warc=True)
    try:
        for record in iterator:
            if record.length is None or record.rec_type is None:
                # What warcio makes of a header cut before its Content-Length line.
                raise _Truncated(f"record header at byte {iterator.offset} is incomplete")
            result = _read_record(record, origin, max_doc_bytes)
            if getattr(record.raw_stream, "limit", 0) > 0:
                # warcio stops quietly when bytes run out; a record that got fewer bytes
                # than its Content-Length is how a cut archive shows.
                raise _Truncated(f"record at byte {iterator.offset} ends early")
            last = (iterator.get_record_offset(), iterator.get_record_length())
            complete += 1
            if result is None:
                skipped += 1
                continue
            result.origin = f"{origin}#{last[0]}"
            yield result
    except ArchiveLoadFailed as exc:
        if complete == 0:
            yield Failure(origin, f"not a WARC/ARC archive: {_describe(exc)}")
        else:
            yield Failure(origin, f"truncated WARC after {complete} records: {_describe(exc)}")
        return
    except Exception as exc:  # warcio raises assorted errors on damaged input; all mean the same
        yield Failure(
            origin, f"truncated WARC after {complete} records: {_describe(exc, iterator.offset)}"
        )
        return
    problem = _tail_problem(stream, last, gzipped)
    if problem:
        yield Failure(origin, f"truncated WARC after {complete} records: {problem}")
    LOGGER.debug("%s: %d records, %d skipped (not 200 HTML responses)", origin, complete, skipped)


def _read_record(record, origin: str, max_doc_bytes: int) -> Document | Failure | None:
    """The Document for a wanted record, a Failure for a bad one, None for one we skip."""
    if not _is_html_response(record):
        _drain(record.raw_stream)
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
    content = record.content_stream()
    data = content.read(max_doc_bytes + 1)
    oversize = len(data) > max_doc_bytes
    _drain(content)
    if oversize:
        return Failure(
            origin, f"record for {url} is over the {format_size(max_doc_bytes)} limit; skipped"
        )
    content_type = record.http_headers.get_header("Content-Type") or ""
    try:
        return read_html_bytes(data, origin, url=url, content_type=content_type)
    except InputError as exc:
        return Failure(origin, f"record for {url}: {exc}")


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return any(kind in content_type for kind in HTML_TYPES)


def _drain(stream) -> None:
    while stream.read(CHUNK_BYTES):
        pass


def _is_gzipped(stream: IO[bytes]) -> bool:
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return peek(2)[:2] == b"\x1f\x8b"
    if stream.seekable():
        start = stream.tell()
        head = stream.read(2)
        stream.seek(start)
        return head == b"\x1f\x8b"
    return False


def _tail_problem(stream: IO[bytes], last: tuple[int, int] | None, gzipped: bool) -> str | None:
    """What is wrong after the last complete record (a cut or unreadable tail), or None."""
    try:
        if gzipped:
            return _gzip_tail_problem(stream, last[0] if last else 0, 1 if last else 0)
        end = last[0] + last[1] if last else 0
        stream.seek(end)
        rest = stream.read(TAIL_SCAN_BYTES)
    except (OSError, ValueError):
        return None  # a pipe cannot be re-read; the per-record checks have to do
    if rest.strip():
        return f"unreadable bytes at byte {end} (cut inside a record header?)"
    return None


def _gzip_tail_problem(stream: IO[bytes], offset: int, expected_members: int) -> str | None:
    """Check that from offset there are exactly expected_members whole gzip members."""
    # warcio takes a gzip member that stops early for the end of the file, so the members
    # from the last good record on are re-read to see that each one really ends.
    stream.seek(offset)
    buffer = stream.read(CHUNK_BYTES)
    members = 0
    while True:
        if not buffer.strip(_PADDING):
            buffer = stream.read(CHUNK_BYTES)
            if not buffer:
                return None
            continue
        start = offset
        decompressor = zlib.decompressobj(wbits=31)
        while True:
            try:
                decompressor.decompress(buffer)  # output dropped: only the framing matters
            except zlib.error as exc:
                return f"corrupt gzip data at byte {start}: {exc}"
            if decompressor.eof:
                break
            offset += len(buffer)
            buffer = stream.read(CHUNK_BYTES)
            if not buffer:
                return f"gzip member at byte {start} is cut short"
        offset += len(buffer) - len(decompressor.unused_data)
        buffer = decompressor.unused_data or stream.read(CHUNK_BYTES)
        members += 1
        if members > expected_members:
            return f"unreadable data at byte {start} after the last record"


def _describe(exc: BaseException, offset: int | None = None) -> str:
    lines = str(exc).strip().splitlines()
    message = lines[0] if lines else ""
    if isinstance(exc, _Truncated | ArchiveLoadFailed):
        return message
    if isinstance(exc, EOFError | zlib.error | OSError):
        return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    # Anything else comes from warcio tripping over a half-written header.
    return f"unreadable record at byte {offset}" if offset is not None else type(exc).__name__
