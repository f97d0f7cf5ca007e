"""Replay the writer over processed batches and fingerprint every table it writes, so a
change to the writer can be shown to store exactly the same corpus (docs/writer.md).

    python benchmarks/writer_replay.py 3000 /tmp/batches.pkl > before.txt
    (change the writer)
    python benchmarks/writer_replay.py 3000 /tmp/batches.pkl > after.txt
    diff before.txt after.txt    # only the ms/article line may differ

The first run processes the first N ANT articles with the stages and saves the batches;
later runs replay them through the writer alone (seconds). The replay is valid while the
writer sends the workers the same template lines and leads: a change that alters them
changes the tables too, and the diff shows it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time

from _common import SHARED, need

from marsad.ingest import ReadOptions, iter_inputs
from marsad.runners.base import IngestSummary
from marsad.runners.local import BATCH_SIZE, _batches, _process_batch, fewer_collections
from marsad.stages import entities
from marsad.store import SQLiteStore
from marsad.writer import Writer

ANT = need(SHARED / "data/news/ant_multisource/articles.jsonl.gz", "writer_replay")
TABLES = {
    "articles": "SELECT id, uid, duplicate_of, dup_kind, dup_similarity, appended_to, "
                "annotated_with FROM articles",
    "removed": "SELECT * FROM removed_lines",
    "fts": "SELECT rowid FROM articles_fts",
    "buckets": "SELECT * FROM lsh_buckets",
    "mentions": "SELECT article_id, seq, entity_id, start, end, type, role, confidence "
                "FROM mentions",
    "entities": "SELECT id, type, name, latin, mentions, articles, first_seen, last_seen "
                "FROM entities",
    "aliases": "SELECT entity_id, alias, count FROM entity_aliases",
    "keys": "SELECT key, entity_id FROM entity_keys",
    "latin_keys": "SELECT key, entity_id FROM entity_latin_keys",
    "roles": "SELECT entity_id, role, count FROM entity_roles",
    "members": "SELECT article_id, story_id, similarity FROM story_members",
    "stories": "SELECT id, title, title_score, first_seen, last_seen, last_day, size, "
               "articles, hex(centroid_ids), hex(centroid_weights), hex(topic), entities, "
               "touched, follows FROM stories",
    "story_terms": "SELECT term, story_id FROM story_terms",
    "stream": "SELECT * FROM story_stream",
    "quotes": "SELECT * FROM quotes",
    "timexes": "SELECT * FROM timexes",
    "events": "SELECT * FROM events",
    "templates": "SELECT source, key, count, learned_at FROM template_lines",
    "leads": "SELECT * FROM source_leads",
}


def main(limit: int, cache: str) -> None:
    entities.warm()
    cached = None
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            cached = pickle.load(f)  # noqa: S301 - our own file, written below
    saved = []
    reads = iter_inputs([str(ANT)], ReadOptions(preset="ant"))
    with tempfile.TemporaryDirectory() as tmp, fewer_collections():
        store = SQLiteStore(os.path.join(tmp, "replay.db"))
        writer = Writer(store, annotations=True, lag=1)
        summary = IngestSummary(run_id=store.begin_run(["replay"]))
        writer.begin()
        spent, n = 0.0, 0
        for ordinal, batch in enumerate(_batches(reads, BATCH_SIZE)):
            if n >= limit:
                break
            n += len(batch)
            t0 = time.perf_counter()
            docs = writer.admit(batch, summary)
            learned = writer.templates_for(batch, docs)
            t1 = time.perf_counter()
            if cached is not None:
                results = cached[ordinal]
            else:
                results = _process_batch(docs, True, learned)
                saved.append(results)
            t2 = time.perf_counter()
            writer.write(results, [d.uid for d in docs], ordinal, len(batch), summary, None)
            spent += (t1 - t0) + (time.perf_counter() - t2)
        for name, sql in TABLES.items():
            rows = sorted(repr(tuple(r)) for r in store.conn.execute(sql))
            digest = hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()[:12]
            print(f"{name:12s} {len(rows):8d} {digest}")
        store.close()
    if cached is None:
        with open(cache, "wb") as f:
            pickle.dump(saved, f)
    print(f"writer ms/article {1000 * spent / max(summary.read, 1):.3f} ({summary.read} articles)")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
