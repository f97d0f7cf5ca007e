"""Streaming writers for `marsad export`: every article, uncapped, in bounded memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from marsad.errors import ConfigError, require

FORMATS = ("jsonl", "csv", "parquet")

# The export contract (README "Export contract"): later issues add fields, never remove.
FIELDS = (
    "id", "url", "source", "title", "published", "lang", "text", "removed",
    "duplicate_of", "dup_kind", "dup_similarity", "appended_to",
    "author", "origin", "input_format", "encoding",
    "entities", "story_id", "dates", "quotes",
)
_LISTS = ("removed", "entities", "dates", "quotes")
# Rows per Parquet row group: ~5 MB of text per group keeps memory flat on any corpus.
PARQUET_ROWS_PER_GROUP = 2_000


def export_record(row: dict[str, Any]) -> dict[str, Any]:
    """Shape one stored article as an export record (the contract's field order)."""
    rec = {name: row.get(name) for name in FIELDS}
    for name in _LISTS:
        if rec[name] is None:
            rec[name] = []
    return rec


def write_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    """One JSON object per line; Arabic kept as-is (UTF-8), not \\u-escaped."""
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def write_csv(records: Iterable[dict], out: IO[str]) -> int:
    """CSV with a header; list fields (`removed`, `entities`) become JSON string columns."""
    csv.DictWriter(out, fieldnames=FIELDS).writeheader()
    return write_csv_rows(records, out)


def write_csv_rows(records: Iterable[dict], out: IO[str]) -> int:
    """The rows of `write_csv` without its header (a stream written record by record)."""
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    n = 0
    for rec in records:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                         for k, v in rec.items()})
        n += 1
    return n


def write_parquet(records: Iterable[dict], path: str) -> int:
    """Parquet file written row group by row group (needs the `parquet` extra)."""
    require("pyarrow", "parquet", "export --format parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    removed = pa.list_(pa.struct([("text", pa.string()), ("reason", pa.string())]))
    entities = pa.list_(pa.struct([
        ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("type", pa.string()), ("entity_id", pa.int64()), ("canonical", pa.string())]))
    dates = pa.list_(pa.struct([
        ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("type", pa.string()), ("value", pa.string()), ("granularity", pa.string())]))
    quotes = pa.list_(pa.struct([
        ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("kind", pa.string()), ("cue", pa.string()), ("speaker", pa.string()),
        ("speaker_entity_id", pa.int64()), ("via", pa.string())]))
    types = {"id": pa.int64(), "duplicate_of": pa.int64(), "appended_to": pa.int64(),
             "dup_similarity": pa.float64(), "removed": removed, "entities": entities,
             "story_id": pa.int64(), "dates": dates, "quotes": quotes}
    schema = pa.schema([(name, types.get(name, pa.string())) for name in FIELDS])
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for chunk in _chunks(records, PARQUET_ROWS_PER_GROUP):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def _chunks(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for rec in records:
        chunk.append(rec)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_format(fmt: str, to_stdout: bool) -> None:
    """Refuse combinations that cannot work before any work is done."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if to_stdout:
            raise ConfigError("parquet is a binary file format: give --output FILE")
        require("pyarrow", "parquet", "export --format parquet")
