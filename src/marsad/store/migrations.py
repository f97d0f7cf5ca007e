"""Numbered schema migrations, applied in order and recorded in `schema_migrations`.

Each migration is a function registered with `@migration(N)`; it runs inside the
transaction that also records it, so a crash mid-migration leaves nothing half-applied.
Never edit a migration that has shipped: add a new number.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register `fn` as migration `number`."""

    def register(fn: Migration) -> Migration:
        if number in MIGRATIONS:
            raise ValueError(f"migration {number} is registered twice")
        MIGRATIONS[number] = (name, fn)
        return fn

    return register


@migration(1, "core tables: sources, articles, removed lines, duplicate groups, runs")
def _core(conn: sqlite3.Connection) -> None:
    _script(
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
    from marsad.store import fts

    conn.execute(fts.FTS_TABLE_SQL)
    conn.execute(fts.COVER_INDEX_SQL)
    fts.backfill(conn)


@migration(3, "entities: canonical entities, their match keys, aliases, roles and mentions")
def _entities(conn: sqlite3.Connection) -> None:
    _script(
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
    _script(
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
    _script(
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


@migration(10, "mentions.confidence: how sure the link of each mention to its entity is")
def _mention_confidence(conn: sqlite3.Connection) -> None:
    # NULL for mentions linked before confidences existed (shown as sure, as they were)
    conn.execute("ALTER TABLE mentions ADD COLUMN confidence REAL")


@migration(11, "entity_overrides: user corrections (merge, split, rename, block) by name")
def _entity_overrides(conn: sqlite3.Connection) -> None:
    # Keyed by names and type, not by entity ids: `annotate --rebuild` makes new ids, and
    # every later link decision must still honour what a user said (stages/overrides.py).
    _script(
        conn,
        """
        CREATE TABLE entity_overrides (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename', 'block')),
            type TEXT,                      -- entity type it applies to (NULL: any; block)
            names TEXT NOT NULL,            -- JSON list: the names it is about
            other TEXT,                     -- JSON list: merge: the target's names;
                                            --   split: the names the old entity keeps
            other_type TEXT,                -- merge: the target's type
            name TEXT,                      -- rename: the fixed display name;
                                            --   merge: the target's display name
            latin TEXT,                     -- rename: the fixed Latin name
            created_at TEXT NOT NULL
        );
        """
    )


@migration(12, "quotes.stance and quotes.speaker_confidence: denied/dismissed quotes, sure speakers")
def _quote_stance(conn: sqlite3.Connection) -> None:
    # NULL stance on quotes stored before: they were all shown as asserted
    conn.execute("ALTER TABLE quotes ADD COLUMN stance TEXT")
    conn.execute("ALTER TABLE quotes ADD COLUMN speaker_confidence REAL")


@migration(13, "stories.follows: a later development starts a story linked to the one it follows")
def _story_follows(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE stories ADD COLUMN follows INTEGER REFERENCES stories(id)")
    conn.execute("CREATE INDEX stories_follows ON stories(follows)")


@migration(14, "template_lines: per-source counts of head and foot lines (template learning)")
def _template_lines(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE template_lines (
            source TEXT NOT NULL,       -- outlet name, or the URL's host
            key INTEGER NOT NULL,       -- stages/template.segment_key of the line
            count INTEGER NOT NULL,     -- canonical articles it headed or closed
            sample TEXT NOT NULL,       -- the line as first seen
            PRIMARY KEY (source, key)
        ) WITHOUT ROWID;
        CREATE INDEX template_lines_count ON template_lines(count);
        """
    )


@migration(15, "watches, alerts and webhook deliveries (saved searches and entities)")
def _watches(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE watches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            query TEXT,                 -- search syntax, or NULL for an entity watch
            entity_id INTEGER,          -- the watched entity, or NULL for a search watch
            filters TEXT NOT NULL DEFAULT '{}',  -- JSON: source, lang
            webhook TEXT,               -- URL that gets a signed POST per run with alerts
            secret TEXT,                -- HMAC-SHA256 key of the webhook's signature
            created TEXT NOT NULL,
            seen_article INTEGER NOT NULL DEFAULT 0  -- articles up to this id were checked
        );
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL,
            story_id INTEGER,
            new_story INTEGER NOT NULL DEFAULT 0,  -- the article opened its story
            created TEXT NOT NULL,
            UNIQUE (watch_id, article_id)
        );
        CREATE INDEX alerts_watch ON alerts(watch_id, id);
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
            first_alert INTEGER NOT NULL,
            last_alert INTEGER NOT NULL,
            status TEXT NOT NULL,       -- pending | sent | failed
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try TEXT,              -- UTC time of the next attempt (pending only)
            error TEXT,
            updated TEXT NOT NULL
        );
        CREATE INDEX deliveries_due ON deliveries(status, next_try);
        """
    )


@migration(16, "feeds polled on a schedule; outlets' display names")
def _feeds(conn: sqlite3.Connection) -> None:
    _script(
        conn,
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            every_s INTEGER NOT NULL,    -- polling interval
            follow_links INTEGER NOT NULL DEFAULT 0,
            etag TEXT,                   -- validators of the last 200, for a conditional GET
            last_modified TEXT,
            last_fetch TEXT,             -- UTC time of the last attempt
            last_status TEXT,            -- ok | not_modified | error
            last_error TEXT,
            last_new INTEGER NOT NULL DEFAULT 0,   -- new articles from the last fetch
            total_new INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,     -- consecutive failed fetches
            next_fetch TEXT NOT NULL,
            created TEXT NOT NULL
        );
        ALTER TABLE sources ADD COLUMN display TEXT;  -- e.g. alarabia → العربية
        """
    )


@migration(17, "template_lines.learned_at: the article id a line became template at")
def _template_learned_at(conn: sqlite3.Connection) -> None:
    # which batch may strip a line must not depend on when a run was killed and resumed:
    # lines already learned count as learned from the start
    _script(
        conn,
        """
        ALTER TABLE template_lines ADD COLUMN learned_at INTEGER;
        UPDATE template_lines SET learned_at = 0 WHERE count >= 10;
        """
    )


@migration(18, "source_leads: each stored article's lead key, by source (teasers)")
def _source_leads(conn: sqlite3.Connection) -> None:
    # stages/teasers.py: a paragraph that opens another article of its source is a teaser
    _script(
        conn,
        """
        CREATE TABLE source_leads (
            source TEXT NOT NULL,       -- outlet name, or the URL's host (as template_lines)
            article_id INTEGER NOT NULL,
            key INTEGER NOT NULL,       -- stages/teasers.lead_key of its first paragraph
            PRIMARY KEY (source, article_id)
        ) WITHOUT ROWID;
        """
    )


def _script(conn: sqlite3.Connection, sql: str) -> None:
    """Run several statements inside the caller's transaction.

    `executescript` would COMMIT first, which breaks the one-transaction-per-migration rule.
    """
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            conn.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:60]}")


def applied(conn: sqlite3.Connection) -> set[int]:
    """Numbers of the migrations already applied to this database."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return {row[0] for row in conn.execute("SELECT number FROM schema_migrations")}


def pending(conn: sqlite3.Connection) -> list[int]:
    """Numbers of the migrations still to apply, in order."""
    done = applied(conn)
    return [n for n in sorted(MIGRATIONS) if n not in done]


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every pending migration, each in its own transaction; return their numbers."""
    ran = []
    for number in pending(conn):
        name, fn = MIGRATIONS[number]
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the write lock
            if number in applied(conn):
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))", (number, name)
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        ran.append(number)
    return ran
