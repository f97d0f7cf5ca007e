"""Typed records that flow through the pipeline.

A `Document` is created by a reader (`marsad.ingest`), filled in by the per-document
stages (`marsad.stages`), and written by the store. Annotations added by later stages
are character offsets into `Document.text`, which is fixed once `clean` has run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a worker's result, typed only: records stay free of the story code
    from marsad.stories.similarity import StoryVector


def compact_pickle(cls):
    """Pickle a slotted dataclass as (class, field values): a worker's results cross to
    the writer this way. The default for slotted classes builds a dict per object, and
    mentions, entities and documents were a quarter of an annotated batch's transfer
    cost (ANT, 256 articles: 0.98 ms per article round trip before, measured)."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self):
        return cls, tuple([getattr(self, n) for n in names])

    cls.__reduce__ = __reduce__
    return cls


@compact_pickle
@dataclass(slots=True)
class RemovedLine:
    """A line the cleaner took out of the text, kept so a user can audit the decision."""

    text: str
    reason: str
    line_no: int = -1  # 0-based index into the lines of `Document.raw`; -1 when unknown


@compact_pickle
@dataclass(slots=True)
class Document:
    """One article on its way from a reader to the store."""

    origin: str  # where it came from: absolute path, URL, "path#record-N", "warc#offset"
    input_format: str = "text"  # text | html | warc | rss | jsonl
    raw: str = ""  # body text as read, before cleaning (for HTML: filled by extraction)
    html: str | None = None  # markup still to extract; cleared by the extract stage
    url: str | None = None
    source: str | None = None  # outlet name or host
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    author: str | None = None
    lang: str | None = None
    encoding: str | None = None  # encoding the bytes were decoded from, when read as bytes
    record_id: str | None = None  # id given by the input itself (JSONL id, feed guid)
    text: str = ""  # clean body, fixed after the clean stage
    removed: list[RemovedLine] = field(default_factory=list)
    appended_to: str | None = None  # uid of the host article this one was glued under
    uid: str = ""  # stable identity: same input gives the same uid (set by fingerprint)
    key_hash: str = ""  # hash of the matching key of `text` (exact-duplicate test)
    signature: bytes | None = None  # MinHash hash values, uint32 little-endian
    # analysed search terms (title, body), space-joined: computed by a worker, so the
    # single writer only inserts them
    index_terms: tuple[str, str] | None = None
    # time expressions (`marsad.stages.dates.Timex`, offsets into `text`), resolved
    # against `published`
    dates: list = field(default_factory=list)
    # named-entity mentions (`marsad.stages.resolve.Mention`, offsets into `text`) and the
    # document's own entities they point into (`LocalEntity`); linked to stored entities
    # across documents by the single writer
    mentions: list = field(default_factory=list)
    entities: list = field(default_factory=list)
    # what story clustering compares (`marsad.stories.similarity.StoryVector`), computed
    # by a worker; the writer decides which story the article joins
    story: StoryVector | None = None
    errors: list[str] = field(default_factory=list)
    quotes: list = field(default_factory=list)  # `marsad.stages.quotes.Quote`, offsets into `text`
    events: list = field(default_factory=list)  # `marsad.stages.events.Event`, offsets into `text`


@compact_pickle
@dataclass(slots=True)
class Failure:
    """A per-input problem: counted and reported, never fatal to a batch."""

    origin: str
    reason: str  # one line a user can act on
    stage: str = "read"
