"""JSON Lines (and JSON arrays) of articles → jsonl Documents, streamed record by record."""

from __future__ import annotations

import codecs
import json
import zlib
from collections.abc import Iterator, Mapping
from typing import IO

from marsad.errors import ConfigError, first_line
from marsad.ingest.dates import normalize_date
from marsad.ingest.decode import decode_detailed
from marsad.ingest.sources import format_size
from marsad.records import Document, Failure

CANONICAL_FIELDS = ("id", "url", "title", "text", "source", "published", "author", "lang")

# Named mappings (our field -> input field) for the corpora we test against.
PRESETS: dict[str, dict[str, str]] = {
    "ant": {
        "id": "docno",
        "source": "src",
        "published": "time",
        "text": "text",
        "title": "title",
        "url": "url",
        "author": "author",
    },
    "saudinewsnet": {
        "text": "content",
        "published": "date_extracted",
        "source": "source",
        "title": "title",
        "url": "url",
        "author": "author",
    },
}

# Tried, in order, when neither a mapping nor the canonical name gives a field.
AUTO_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("content", "body", "article"),
    "published": ("date", "time", "pubDate", "date_extracted"),
    "source": ("src", "site", "outlet"),
    "id": ("docno", "guid"),
    "title": ("headline",),
    "url": ("link",),
    "lang": ("language",),
}

# Room for the metadata of one record on top of the article-size limit.
LINE_OVERHEAD_BYTES = 1_000_000
# Read size for the JSON-array streamer; one chunk is held at a time besides the record.
ARRAY_CHUNK_BYTES = 1_048_576

_GZIP_ERRORS = (EOFError, zlib.error, OSError)


def resolve_field_map(field_map: Mapping[str, str], preset: str | None) -> dict[str, str]:
    """Merge a preset with explicit mappings (explicit wins); raise ConfigError on bad names."""
    if preset is not None and preset not in PRESETS:
        raise ConfigError(f"unknown preset {preset!r}; choose from {', '.join(sorted(PRESETS))}")
    merged = dict(PRESETS[preset]) if preset else {}
    for ours, theirs in field_map.items():
        if ours not in CANONICAL_FIELDS:
            raise ConfigError(f"cannot map {ours!r}: fields are {', '.join(CANONICAL_FIELDS)}")
        merged[ours] = theirs
    return merged


def iter_jsonl(
    stream: IO[bytes], origin: str, field_map: Mapping[str, str], max_doc_bytes: int
) -> Iterator[Document | Failure]:
    """Stream a JSON Lines byte stream; one Document or Failure per non-blank line."""
    max_line = max_doc_bytes + LINE_OVERHEAD_BYTES
    line_no = 0
    try:
        while True:
            line = stream.readline(max_line + 1)
            if not line:
                return
            line_no += 1
            if len(line) > max_line and not line.endswith(b"\n"):
                _skip_rest_of_line(stream)
                size = format_size(max_line)
                yield Failure(
                    f"{origin}#L{line_no}",
                    f"line {line_no}: record over {size}; raise the size limit or split the text",
                )
                continue
            if line_no == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            if not line.strip():
                continue
            yield _from_line(line, line_no, origin, field_map)
    except _GZIP_ERRORS as exc:
        yield Failure(origin, f"truncated or corrupt gzip after line {line_no}: {first_line(exc, with_type=True)}")


def iter_json_array(
    stream: IO[bytes], origin: str, field_map: Mapping[str, str], max_doc_bytes: int
) -> Iterator[Document | Failure]:
    """Stream the objects of a top-level JSON array without loading the whole file."""
    index = 0
    try:
        values = _array_values(stream, max_doc_bytes + LINE_OVERHEAD_BYTES)
        for index, value in enumerate(values, 1):
            yield _from_value(value, f"{origin}#R{index}", f"record {index}", field_map)
    except _ArrayError as exc:
        yield Failure(origin, f"{exc} after {index} records; stopped")
    except UnicodeDecodeError as exc:
        yield Failure(
            origin, f"JSON file is not UTF-8 ({exc.reason}) after {index} records; stopped"
        )
    except _GZIP_ERRORS as exc:
        yield Failure(origin, f"truncated or corrupt gzip after record {index}: {first_line(exc, with_type=True)}")


def iter_json_document(
    stream: IO[bytes], origin: str, field_map: Mapping[str, str], max_doc_bytes: int
) -> Iterator[Document | Failure]:
    """A .json file holding one pretty-printed object (a record, or a manifest beside the
    news): one Document or one Failure for the file, not one failure per line of it."""
    data = stream.read(max_doc_bytes + LINE_OVERHEAD_BYTES + 1)
    if len(data) > max_doc_bytes + LINE_OVERHEAD_BYTES:
        yield Failure(origin, f"JSON document over {format_size(max_doc_bytes)}; "
                              "write one record per line (JSON Lines)")
        return
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield Failure(origin, f"JSON file is not UTF-8 ({exc.reason})")
        return
    except json.JSONDecodeError as exc:
        yield Failure(origin, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield Failure(origin, "JSON nested too deeply to read")
        return
    except ValueError as exc:  # a number past int()'s digit limit
        yield Failure(origin, f"unreadable JSON value: {first_line(exc)}")
        return
    yield _from_value(value, origin, "JSON document", field_map)


def spans_lines(head: bytes) -> bool:
    """The first line of `head` starts a JSON value that does not end on it: a document
    written over several lines, not JSON Lines."""
    first, sep, _ = head.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")
    if not sep or first.lstrip()[:1] != b"{":
        return False
    try:
        json.loads(first.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        return True
    except (RecursionError, ValueError):
        return False
    return False


class _ArrayError(ValueError):
    """The JSON array cannot be read further (syntax error, truncation, oversize record)."""


def _array_values(stream: IO[bytes], max_chars: int) -> Iterator[object]:
    decoder = json.JSONDecoder()
    reader = codecs.getincrementaldecoder("utf-8-sig")()
    buffer, pos, eof, started = "", 0, False, False

    def refill() -> None:
        nonlocal buffer, pos, eof
        data = stream.read(ARRAY_CHUNK_BYTES)
        eof = not data
        buffer, pos = buffer[pos:] + reader.decode(data, final=eof), 0

    while True:
        while pos < len(buffer) and (buffer[pos].isspace() or (started and buffer[pos] == ",")):
            pos += 1
        if pos == len(buffer):
            if eof:
                raise _ArrayError(
                    "truncated JSON array (no closing ']')" if started else "empty JSON file"
                )
            refill()
            continue
        if not started:
            if buffer[pos] != "[":
                raise _ArrayError("not a JSON array (expected '[')")
            started, pos = True, pos + 1
            continue
        if buffer[pos] == "]":
            return
        try:
            value, end = decoder.raw_decode(buffer, pos)
        except RecursionError:
            raise _ArrayError("a record nested too deeply to read") from None
        except json.JSONDecodeError as exc:
            if eof:
                raise _ArrayError(f"invalid or truncated JSON ({exc.msg})") from None
            if len(buffer) - pos > max_chars:
                # Without this a syntax error would make us buffer the rest of the file.
                raise _ArrayError(f"invalid JSON or record over {format_size(max_chars)}") from None
            refill()
            continue
        if end == len(buffer) and not eof:
            refill()  # a bare number or literal may go on in the next chunk
            continue
        pos = end
        yield value


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        piece = stream.readline(ARRAY_CHUNK_BYTES)
        if not piece or piece.endswith(b"\n"):
            return


def _from_line(
    line: bytes, line_no: int, origin: str, field_map: Mapping[str, str]
) -> Document | Failure:
    where = f"{origin}#L{line_no}"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        # JSON must be UTF-8, but exports from Windows tools are sometimes cp1256.
        try:
            text = decode_detailed(line).text
        except Exception as exc:  # InputError: report per line and keep going
            return Failure(where, f"line {line_no}: {exc}")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return Failure(where, f"line {line_no}: invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Failure(where, f"line {line_no}: JSON nested too deeply to read")
    except ValueError as exc:  # an integer past Python's 4,300-digit limit
        return Failure(where, f"line {line_no}: unreadable JSON value: {first_line(exc)}")
    return _from_value(value, where, f"line {line_no}", field_map)


def _from_value(
    value: object, where: str, label: str, field_map: Mapping[str, str]
) -> Document | Failure:
    if not isinstance(value, dict):
        return Failure(where, f"{label}: expected a JSON object, got {type(value).__name__}")
    fields, keys = _pick_fields(value, field_map)
    text = fields.get("text")
    if text is None or not text.strip():
        return Failure(where, _no_text_reason(value, field_map, label))
    doc = Document(
        origin=where,
        input_format="jsonl",
        raw=text.replace("\r\n", "\n"),
        url=fields.get("url"),
        title=fields.get("title"),
        source=fields.get("source"),
        author=fields.get("author"),
        lang=fields.get("lang"),
        record_id=fields.get("id"),
        encoding="utf-8",
    )
    doc.published, date_error = _published(fields.get("published"), keys.get("published"))
    if date_error:
        doc.errors.append(date_error)
    return doc


def _pick_fields(
    record: dict, field_map: Mapping[str, str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Our fields from one record, and which input key each came from."""
    lowered = {str(k).lower(): k for k in record}
    fields: dict[str, str | None] = {}
    keys: dict[str, str] = {}
    for name in CANONICAL_FIELDS:
        # An explicit mapping is the only place looked at: silent fallbacks would hide typos.
        candidates = (
            (field_map[name],) if name in field_map else (name, *AUTO_ALIASES.get(name, ()))
        )
        for candidate in candidates:
            key = candidate if candidate in record else lowered.get(candidate.lower())
            if key is None or record[key] is None:
                continue
            fields[name] = _as_str(record[key], keep_space=(name == "text"))
            keys[name] = str(key)
            break
    return fields, keys


def _as_str(value: object, keep_space: bool = False) -> str | None:
    if isinstance(value, list):
        # Author lists and similar: a readable joined form rather than a Python repr.
        value = ", ".join(str(v) for v in value if v is not None)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if keep_space:
        return text
    text = text.strip()
    return text or None


def _published(value: str | None, key: str | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    iso = normalize_date(value)
    if iso is None:
        return None, f"published: could not parse date {value[:60]!r} in field {key!r}"
    return iso, None


def _no_text_reason(record: dict, field_map: Mapping[str, str], label: str) -> str:
    present = [
        str(k) for k, v in record.items() if v is not None and (not isinstance(v, str) or v.strip())
    ]
    wanted = field_map.get("text")
    names = (wanted,) if wanted else ("text", *AUTO_ALIASES["text"])
    for name in names:
        if name in record:
            return f"{label}: text field {name!r} is empty (non-empty fields: {', '.join(present) or 'none'})"
    have = ", ".join(str(k) for k in record) or "none"
    missing = f" {wanted!r}" if wanted else ""
    return f"{label}: no text field{missing} (have: {have}; use --map text=FIELD)"
