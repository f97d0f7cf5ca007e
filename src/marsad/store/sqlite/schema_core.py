"""Schema steps 1-9: articles, search, entities, stories, events and their indexes.
Shipped steps are never edited: a change is a new number (schema_more.py)."""

from __future__ import annotations

import sqlite3

from marsad.store.sqlite import fts
from marsad.store.sqlite.registry import migration, script


@migration(1, "core tables: sources, articles, removed lines, duplicate groups, runs")
def _core(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE ingest_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'done', 'interrupted', 'failed')),
            targets TEXT NOT NULL,          -- JSON list of what the user asked to ingest
            counts TEXT                     -- JSON summary, written when the run ends
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,       -- identity of the input: re-ingesting it adds nothing
            origin TEXT NOT NULL,
            input_format TEXT NOT NULL,
            encoding TEXT,
            url TEXT,
            source_id INTEGER REFERENCES sources(id),
            title TEXT,
            published TEXT,                 -- ISO 8601 date or datetime
            author TEXT,
            lang TEXT,
            text TEXT NOT NULL,
            key_hash TEXT NOT NULL,         -- hash of the matching key: exact duplicates share it
            signature BLOB,                 -- MinHash values (uint32 little-endian)
            duplicate_of INTEGER REFERENCES articles(id),
            dup_kind TEXT CHECK (dup_kind IN ('exact', 'near')),
            dup_similarity REAL,
            appended_to INTEGER REFERENCES articles(id),
            errors TEXT,                    -- JSON list of non-fatal notes
            run_id INTEGER REFERENCES ingest_runs(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX articles_key_hash ON articles(key_hash);
        CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
        CREATE INDEX articles_source ON articles(source_id);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE removed_lines (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            line_no INTEGER,
            reason TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE duplicate_groups (
            canonical_id INTEGER PRIMARY KEY REFERENCES articles(id),
            size INTEGER NOT NULL,          -- canonical included
            updated_at TEXT NOT NULL
        );
        CREATE TABLE lsh_buckets (           -- MinHash LSH band keys of non-duplicate articles
            band INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        );
        CREATE INDEX lsh_buckets_key ON lsh_buckets(band, bucket);
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
            origin TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        CREATE INDEX failures_run ON failures(run_id);
        """
    )


@migration(2, "full-text search: articles_fts of analysed title and body terms, backfilled")
def _fts(conn: sqlite3.Connection) -> None:
    # Imported here: the index code pulls in the Arabic analyser, which migration 1 and
    # readers of `MIGRATIONS` do not need.

    conn.execute(fts.FTS_TABLE_SQL)
    conn.execute(fts.COVER_INDEX_SQL)
    fts.backfill(conn)


@migration(3, "entities: canonical entities, their match keys, aliases, roles and mentions")
def _entities(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,             -- PER | ORG | LOC | MISC
            name TEXT NOT NULL,             -- display name: the fullest form seen
            latin TEXT,                     -- Latin-script name from the transliteration model
            mentions INTEGER NOT NULL DEFAULT 0,   -- in canonical (non-duplicate) articles
            articles INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT,                -- earliest / latest publication date mentioning it
            last_seen TEXT
        );
        CREATE INDEX entities_rank ON entities(type, mentions DESC);
        CREATE TABLE entity_keys (          -- match keys (name, phonetic, alias): cross-doc linking
            key TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            PRIMARY KEY (key, entity_id)
        ) WITHOUT ROWID;
        CREATE TABLE entity_latin_keys (    -- Latin lookup keys: "Kim Jong Un" finds the entity
            key TEXT NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            PRIMARY KEY (key, entity_id)
        ) WITHOUT ROWID;
        CREATE TABLE entity_aliases (       -- every display form seen, with how often
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            alias TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (entity_id, alias)
        ) WITHOUT ROWID;
        CREATE TABLE entity_roles (         -- titles split off the name: الرئيس الروسي
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            role TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (entity_id, role)
        ) WITHOUT ROWID;
        CREATE TABLE mentions (             -- offsets into articles.text
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            type TEXT NOT NULL,
            role TEXT,
            PRIMARY KEY (article_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX mentions_entity ON mentions(entity_id, article_id);
        ALTER TABLE articles ADD COLUMN annotated_with TEXT;  -- NER model that annotated it
        """
    )


@migration(4, "stories (online clusters of articles), time expressions, quotations")
def _stories(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            title TEXT,                     -- title of the member closest to the centroid
            title_score REAL NOT NULL DEFAULT 0,
            first_seen TEXT,                -- earliest / latest publication date of a member
            last_seen TEXT,
            last_day REAL,                  -- last_seen as a day number (time window)
            size INTEGER NOT NULL DEFAULT 0,      -- member articles, duplicates included
            articles INTEGER NOT NULL DEFAULT 0,  -- canonical member articles
            centroid_ids BLOB,              -- sparse TF-IDF centroid: uint32 term ids ...
            centroid_weights BLOB,          -- ... and float32 weights (sum of members)
            topic BLOB,                     -- float32 sum of member LSA vectors
            entities TEXT,                  -- JSON [[name, type, weight], ...] of members
            updated_at TEXT NOT NULL
        );
        CREATE INDEX stories_last_day ON stories(last_day);
        CREATE TABLE story_members (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL REFERENCES stories(id),
            similarity REAL                 -- to the story when it joined (NULL: founder/copy)
        );
        CREATE INDEX story_members_story ON story_members(story_id);
        CREATE TABLE story_terms (          -- postings of each story's top centroid terms
            term INTEGER NOT NULL,
            story_id INTEGER NOT NULL REFERENCES stories(id),
            PRIMARY KEY (term, story_id)
        ) WITHOUT ROWID;
        CREATE TABLE timexes (              -- time expressions, offsets into articles.text
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            type TEXT,                      -- DATE | TIME | DURATION | SET
            value TEXT,                     -- TimeML value: 2023-09-12, 2023-09, P3D, PAST_REF
            granularity TEXT,
            PRIMARY KEY (article_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX timexes_value ON timexes(value);
        CREATE TABLE quotes (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            kind TEXT,                      -- direct | indirect
            cue TEXT,
            speaker TEXT,
            speaker_entity_id INTEGER REFERENCES entities(id),
            via TEXT,                       -- the outlet it was reported through
            PRIMARY KEY (article_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);
        """
    )


@migration(5, "events: coded actor-to-actor event sentences (the actor graph)")
def _events(conn: sqlite3.Connection) -> None:
    script(
        conn,
        """
        CREATE TABLE events (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,         -- the sentence, offsets into articles.text
            end INTEGER NOT NULL,
            trigger TEXT NOT NULL,
            cameo TEXT NOT NULL,            -- three-digit CAMEO code
            quad INTEGER NOT NULL,          -- 1 verbal coop, 2 material coop, 3/4 conflict
            goldstein REAL NOT NULL,
            source_entity_id INTEGER NOT NULL REFERENCES entities(id),
            target_entity_id INTEGER NOT NULL REFERENCES entities(id),
            mutual INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (article_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX events_source ON events(source_entity_id);
        CREATE INDEX events_target ON events(target_entity_id);
        """
    )


@migration(6, "index story_terms by story: re-indexing a story scanned the whole table")
def _story_terms_index(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX story_terms_story ON story_terms(story_id)")


@migration(7, "story stream: document frequencies of the articles clustered so far")
def _story_stream(conn: sqlite3.Connection) -> None:
    # similarity.restream() pools these with the background IDF; kept in the store so an
    # incremental ingest weighs terms as one long run would. Row term = -1 holds the
    # number of articles counted (term ids are crc32 values, never negative).
    conn.execute("CREATE TABLE story_stream (term INTEGER PRIMARY KEY, df INTEGER NOT NULL)")


@migration(8, "stories.touched: the last article that joined, to order candidates by")
def _story_touched(conn: sqlite3.Connection) -> None:
    # Candidate stories were ordered by updated_at, a wall-clock time in seconds: ties
    # broke by id, so two runs over the same input could keep different candidates
    # under the limit (one story in 14k on ANT). Article ids order arrivals exactly.
    conn.execute("ALTER TABLE stories ADD COLUMN touched INTEGER NOT NULL DEFAULT 0")
    conn.execute("UPDATE stories SET touched = coalesce((SELECT max(article_id) FROM "
                 "story_members WHERE story_id = stories.id), 0)")


@migration(9, "stories_head: covering index of what candidate stories are filtered and ordered by")
def _stories_head(conn: sqlite3.Connection) -> None:
    # story_candidates() reads last_day, touched, articles and size of ~100 stories an
    # article; from the table each read parsed a ~2 KB row of centroid blobs. This index
    # answers them alone (ANT, 6,000 articles: ~130 -> ~90 us a query).
    conn.execute("CREATE INDEX stories_head ON stories(id, last_day, touched, articles, size)")
