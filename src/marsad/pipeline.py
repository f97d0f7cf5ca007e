"""The per-document stage chain: extract → clean → fingerprint → index terms, then the
annotation stages: entities → dates → quotes → events → story vector.

`process` is a pure function of one document (no process-global state), so any runner
(a local process pool, Ray tasks) can map it over a stream. Corpus-level steps (dedup)
happen at the writer, in `marsad.runners`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import signal
import threading
from collections.abc import Callable, Collection, Mapping
from functools import partial

from marsad.records import Document, Failure
from marsad.stages import entities, teasers
from marsad.stages.clean import clean
from marsad.stages.dates import dates_stage
from marsad.stages.events import events_stage
from marsad.stages.extract import extract
from marsad.stages.fingerprint import fingerprint
from marsad.stages.index import index_terms
from marsad.stages.quotes import quotes_stage
from marsad.stages.segments import source_of
from marsad.stages.template import BatchMemory, strip

log = logging.getLogger(__name__)

STAGES = ("extract", "clean", "fingerprint", "index", "entities", "dates", "quotes", "events",
          "story")


def input_uid(doc: Document) -> str:
    """Stable identity of an input document: where it came from plus what it contained.

    The same file or record ingested again gets the same uid and is skipped; an edited
    file gets a new one.
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(doc.origin.encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update((doc.html if doc.html is not None else doc.raw).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


Templates = Mapping[str, Collection[int]]  # source -> learned template line keys


def _memory(templates: BatchMemory | Templates | None) -> BatchMemory:
    if isinstance(templates, BatchMemory):
        return templates
    return BatchMemory(lines=templates or {})

# Seconds one document may spend in the per-document stages before it is given up as a
# failure (reason "budget"): a page no stage was written for (100k <p>, where the HTML
# extractor grows faster than linearly: 40k <p> took 5.7 s, 100k would take ~40) must
# not hold its batch. ANT's slowest article takes ~0.2 s, so the budget never touches
# news. MARSAD_DOC_BUDGET sets it (0: none).
DOC_BUDGET_S = 30.0
BUDGET_ENV = "MARSAD_DOC_BUDGET"


# Characters of clean text the stages after cleaning read. The longest of 72k real
# articles (ANT, its Jawhara FM part, SaudiNewsNet) has 34k; a 5 MB text file read as one
# "article" (2.7M characters) ran past 300 s in them, some of which are not linear in the
# length (issue 15, 5); cleaning itself is (0.8 s on it), so the cap applies after it.
# Past the cap the text is cut at a line end, and the document says so in its errors
# ("truncated: ...") instead of failing on the budget.
MAX_DOC_CHARS = 200_000


def truncate(doc: Document, limit: int = MAX_DOC_CHARS) -> Document:
    """Cut the clean `doc.text` to at most `limit` characters, at the last line end."""
    if len(doc.text) <= limit:
        return doc
    cut = doc.text.rfind("\n", 0, limit)
    cut = cut if cut > limit // 2 else limit
    doc.errors.append(f"truncated: kept the first {cut:,} of {len(doc.text):,} characters")
    doc.text = doc.text[:cut].rstrip()
    return doc


class BudgetExceeded(BaseException):
    """A document ran past DOC_BUDGET_S. A BaseException, as KeyboardInterrupt is: the
    `except Exception` of a stage (or of the HTML extractor) must not swallow it."""


def _budget_seconds() -> float:
    try:
        return float(os.environ.get(BUDGET_ENV, DOC_BUDGET_S))
    except ValueError:
        return DOC_BUDGET_S


@contextlib.contextmanager
def budget(seconds: float):
    """Raise BudgetExceeded in this block after `seconds` of wall time. A timer signal, so
    only in a process's main thread (workers, the CLI); elsewhere (the API's writer
    thread) the block runs unbounded, as before."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):  # noqa: ARG001 - the signal handler's signature
        raise BudgetExceeded(f"over {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def process(doc: Document, annotations: bool = True,
            templates: BatchMemory | Templates | None = None) -> list[Document] | Failure:
    """Run every per-document stage; a host article may yield glued articles after it.

    `annotations=False` stops after the search terms (the core pipeline): entities,
    dates, quotes and stories can be added later with `marsad annotate`. `templates`:
    what the writer has learned of each source, its template lines (stages/template.py)
    and the leads of its stored articles (stages/teasers.py).
    """
    return process_many([doc], annotations, templates)[0]


def _bounded(doc: Document, step: Callable[[], list[Document] | Failure]
             ) -> list[Document] | Failure:
    try:
        with budget(_budget_seconds()):
            return step()
    except BudgetExceeded as exc:
        log.debug("budget exceeded on %s", doc.origin)
        return Failure(doc.origin, f"budget: document took {exc} in the per-document stages",
                       "budget")


def _prepare(doc: Document, memory: BatchMemory) -> list[Document] | Failure:
    """Extract and clean; the source's template lines out."""
    stage = "extract"
    try:
        if doc.html is not None:
            doc = extract(doc)
        if not doc.raw.strip():
            return Failure(doc.origin, "no article text found", stage)
        stage = "clean"
        docs = clean(doc)
        if memory.lines:
            for d in docs:
                src = source_of(d)
                if src is not None:
                    strip(d, memory.lines.get(src))
        if not docs[0].text.strip():
            return Failure(doc.origin, "nothing left after removing residue", stage)
        return [truncate(d) for d in docs]
    except Exception as exc:  # noqa: BLE001 - one bad document never stops a batch
        log.debug("stage %s failed on %s", stage, doc.origin, exc_info=True)
        return Failure(doc.origin, f"{stage} failed: {type(exc).__name__}: {exc}"[:300], stage)


def _finish(doc: Document, docs: list[Document]) -> list[Document] | Failure:
    """Identity, duplicate keys and search terms of a cleaned host and its glued articles."""
    try:
        host = docs[0]
        for i, extra in enumerate(docs[1:], start=1):
            extra.uid = f"{host.uid}:a{i}"
            extra.appended_to = host.uid
        return [index_terms(fingerprint(d)) for d in docs if d.text.strip()]
    except Exception as exc:  # noqa: BLE001
        log.debug("stage fingerprint failed on %s", doc.origin, exc_info=True)
        return Failure(doc.origin, f"fingerprint failed: {type(exc).__name__}: {exc}"[:300],
                       "fingerprint")


def process_many(docs: list[Document], annotations: bool = True,
                 templates: BatchMemory | Templates | None = None
                 ) -> list[list[Document] | Failure]:
    """`process` over a batch: the same results, with the tagger run once for all of it.

    Teasers are cut between cleaning and fingerprints, once every article of the batch
    is clean: an article's teasers may be the leads of articles beside it. The NER
    tagger's cost is mostly per call (a step of its recurrence, a product through its
    input layer), so one call over the batch's sentences is ~1.5x cheaper per article
    than one per article (ANT, 256 articles: 2.4 vs 3.7 ms).
    """
    memory = _memory(templates)
    results = [_bounded(d, partial(_prepare, d, memory)) for d in docs]
    teasers.strip_batch([d for r in results if isinstance(r, list) for d in r], memory.leads)
    results = [_bounded(d, partial(_finish, d, r)) if isinstance(r, list) else r
               for d, r in zip(docs, results, strict=True)]
    if annotations:
        if len(docs) == 1 and isinstance(results[0], list):
            one = results[0]
            done = _bounded(docs[0], lambda: [annotate(d) for d in one])
            results[0] = done if isinstance(done, Failure) else one
        elif len(docs) > 1:
            annotate_many([d for r in results if isinstance(r, list) for d in r])
    return results


def annotate_many(docs: list[Document]) -> list[Document]:
    """`annotate` over a batch (the entity tagger runs once over all of it)."""
    spans = entities.tag_many(docs)
    for doc, sp in zip(docs, spans, strict=True):
        annotate(doc, sp)
    return docs


def _story_vector(doc: Document) -> Document:
    from marsad.stories.similarity import represent
    from marsad.stories.terms import terms_from_index

    # the story model (stories/link.py) compares an article's entities with a story's by
    # name key and type: known in the worker, so the writer need not wait for linking
    ents = [(e.key, e.type) for e, _ in doc.entities] if doc.entities else None
    doc.story = represent(doc.title, doc.text, doc.published, ents,
                          terms=terms_from_index(doc.title, doc.text, doc.index_terms))
    return doc


# Annotation stages: each reads the clean text (and what earlier ones added) and fills
# its own fields. Annotations are extras on an article, so a failing one costs that
# annotation, noted in `errors`, never the article.
ANNOTATORS: tuple[tuple[str, Callable[[Document], Document]], ...] = (
    ("entities", entities.annotate),
    ("dates", dates_stage),
    ("quotes", quotes_stage),
    ("events", events_stage),
    ("story", _story_vector),
)


def annotate(doc: Document, ner_spans: list | Exception | None = None) -> Document:
    """Run every annotation stage on a cleaned document (`ner_spans`: the tagger's
    output for it when already computed in a batch, or the error the batch raised)."""
    for name, stage in ANNOTATORS:
        try:
            if name == "entities" and ner_spans is not None:
                entities.annotate(doc, ner_spans)
            else:
                stage(doc)
        except Exception as exc:  # noqa: BLE001
            log.debug("%s failed on %s", name, doc.origin, exc_info=True)
            note = entities.FAILED if name == "entities" else f"{name} failed"
            doc.errors.append(f"{note}: {type(exc).__name__}: {exc}"[:300])
            if name == "entities":
                doc.mentions, doc.entities = [], []
    return doc
