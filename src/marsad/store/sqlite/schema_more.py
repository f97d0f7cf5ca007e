"""Schema steps 10-18: link confidence, user overrides, quote stance, story threads,
template lines, watches, feeds, teaser leads. Add new steps here, numbered on."""

from __future__ import annotations

import sqlite3

from marsad.store.sqlite.registry import migration, script


@migration(10, "mentions.confidence: how sure the link of each mention to its entity is")
def _mention_confidence(conn: sqlite3.Connection) -> None:
    # NULL for mentions linked before confidences existed (shown as sure, as they were)
    conn.execute("ALTER TABLE mentions ADD COLUMN confidence REAL")


@migration(11, "entity_overrides: user corrections (merge, split, rename, block) by name")
def _entity_overrides(conn: sqlite3.Connection) -> None:
    # Keyed by names and type, not by entity ids: `annotate --rebuild` makes new ids, and
    # every later link decision must still honour what a user said (writer/overrides.py).
    script(
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
    script(
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
    script(
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
    script(
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
    script(
        conn,
        """
        ALTER TABLE template_lines ADD COLUMN learned_at INTEGER;
        UPDATE template_lines SET learned_at = 0 WHERE count >= 10;
        """
    )


@migration(18, "source_leads: each stored article's lead key, by source (teasers)")
def _source_leads(conn: sqlite3.Connection) -> None:
    # stages/teasers.py: a paragraph that opens another article of its source is a teaser
    script(
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


@migration(19, "articles_dups: the duplicate rows alone, for search's duplicate groups")
def _duplicate_rows(conn: sqlite3.Connection) -> None:
    # A search reads the duplicate group of each of up to fts.RANK_CAP hits. Without a
    # filter only the few hits that are copies differ from their own id: probing this
    # index (a tenth of the rows or fewer) instead of every hit's row cost 1.7 ms instead
    # of 11.6 ms for 5,000 hits at a million articles (issue 15).
    script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS articles_dups ON articles(id, duplicate_of)
            WHERE duplicate_of IS NOT NULL;
        """
    )
