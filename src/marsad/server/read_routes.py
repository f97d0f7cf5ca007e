"""The read routes of the JSON API: listings, single items, search and counts, each a
thin call into `marsad.service` on a kept read-only store (`server/readers.py`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi import Path as PathParam

from marsad import service
from marsad.server.params import MAX_INT, Limit, Offset, known_query_only
from marsad.server.readers import ReaderPool


def add_read_routes(app: FastAPI, reader: ReaderPool, extra: list[tuple[str, Any]]) -> None:
    """GET routes over `reader`; `extra`: more (path, function) read routes of the caller."""
    def list_articles(
        limit: Limit = 50, offset: Offset = 0, source: str | None = None,
        lang: str | None = None, canonical: bool = False,
        since: Annotated[str | None, Query(description="Published on or after (YYYY-MM-DD).")]
        = None,
        until: Annotated[str | None, Query(description="Published on or before (YYYY-MM-DD).")]
        = None,
    ) -> dict[str, Any]:
        """Stored articles (metadata only), oldest first; `canonical` hides duplicates."""
        with reader() as store:
            return service.list_articles(store, limit, offset, source=source, lang=lang,
                                         canonical_only=canonical, since=since,
                                         until=until).as_dict()

    def get_article(article_id: Annotated[int, PathParam(ge=1, le=MAX_INT)]) -> dict[str, Any]:
        """One article: clean text, removed lines with reasons, its duplicate group."""
        with reader() as store:
            return service.article(store, article_id)

    def search(
        q: Annotated[str, Query(description="Query: words, \"phrase\", a OR b, -word.")],
        limit: Limit = 20, offset: Offset = 0, since: str | None = None,
        until: str | None = None, source: str | None = None, lang: str | None = None,
        show_all: Annotated[bool, Query(alias="all",
                                        description="Every copy of a duplicate group.")]
        = False,
        entity: Annotated[str | None, Query(description="Entity id or name.")] = None,
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    ) -> dict[str, Any]:
        """Ranked matches with highlighted snippets; bad syntax yields a note, not an error.
        `total` counts results exactly up to 10,000 matching articles; past that it is a
        lower bound and `total_exact` is false."""
        with reader() as store:
            return service.search(store, q, limit, offset, since=since, until=until,
                                  source=source, lang=lang, collapse_duplicates=not show_all,
                                  entity=entity, story_id=story)

    def stats() -> dict[str, Any]:
        """Counts over the whole store."""
        with reader() as store:
            return service.stats(store)

    def latest(
        limit: Limit = 20, offset: Offset = 0, source: str | None = None,
        lang: str | None = None, canonical: bool = False,
    ) -> dict[str, Any]:
        """Stored articles (metadata only), newest published first."""
        with reader() as store:
            return service.latest_articles(store, limit, offset, source=source, lang=lang,
                                           canonical_only=canonical).as_dict()

    def volume(
        by: Annotated[str, Query(pattern="^(day|month|year)$")] = "day",
        source: str | None = None, lang: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Articles (and canonical articles) per period of publication; undated left out."""
        with reader() as store:
            return service.volume(store, by, source=source, lang=lang, since=since,
                                  until=until)

    def outlets() -> list[dict[str, Any]]:
        """Named outlets with article counts and first/last publication dates."""
        with reader() as store:
            return service.outlets(store)

    def list_entities(
        limit: Limit = 50, offset: Offset = 0,
        type: Annotated[str | None, Query(pattern="^(?i:PER|ORG|LOC|MISC)$",
                                          description="Only this type (any case).")] = None,
        q: Annotated[str | None, Query(description="A name in any spelling, or Latin.")]
        = None,
        sort: Annotated[str, Query(pattern="^(mentions|recent)$",
                                   description="mentions (default) or recent.")] = "mentions",
    ) -> dict[str, Any]:
        """People, organisations, places: most mentioned (or latest seen) first, with
        aliases and roles."""
        with reader() as store:
            return service.entities(store, type.upper() if type else None, q, limit,
                                    offset, sort).as_dict()

    def get_entity(
        entity_id: Annotated[int, PathParam(ge=1, le=MAX_INT)],
        mentions: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """One entity: aliases, Latin name, mentions in context, co-occurring entities."""
        with reader() as store:
            return service.entity(store, entity_id, mentions, offset)

    def lookup_entity(
        name: Annotated[str, Query(min_length=1, description="كيم جونج أون, Kim Jong Un…")],
        mentions: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 20,
    ) -> dict[str, Any]:
        """The entity a name refers to (any Arabic spelling or Latin script); 404 if none."""
        with reader() as store:
            return service.entity(store, name, mentions)

    def list_stories(
        limit: Limit = 50, offset: Offset = 0,
        min_articles: Annotated[int, Query(ge=1, le=MAX_INT)] = 2,
        order: Annotated[str, Query(pattern="^(recent|size)$")] = "recent",
    ) -> dict[str, Any]:
        """Stories (articles clustered as they arrive), latest activity or biggest first."""
        with reader() as store:
            return service.stories(store, limit, offset, min_articles, order).as_dict()

    def rising_stories(
        hours: Annotated[int, Query(ge=1, le=8760, description="The window, in hours.")] = 24,
        limit: Limit = 20,
        now: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$",
                                         description="End of the window (default: the "
                                         "latest article stored).")] = None,
    ) -> dict[str, Any]:
        """Stories whose coverage grows fastest: articles and outlets in the last `hours`
        against the `hours` before (score = articles × outlets / (1 + before))."""
        with reader() as store:
            return service.rising(store, hours, limit, now)

    def get_story(story_id: Annotated[int, PathParam(ge=1, le=MAX_INT)]) -> dict[str, Any]:
        """One story: summary, timeline, outlets, articles, entities, quotes."""
        with reader() as store:
            return service.story(store, story_id)

    def list_quotes(
        limit: Limit = 50, offset: Offset = 0,
        speaker: Annotated[str | None, Query(description="Name in any spelling, or Latin.")]
        = None,
        via: Annotated[str | None, Query(description="Outlet it was reported through.")]
        = None,
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    ) -> dict[str, Any]:
        """Who said what: quotations with speaker, cue and the outlet that carried them."""
        with reader() as store:
            return service.quotes(store, speaker, via, story, limit, offset).as_dict()

    def get_timeline(
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
        entity: Annotated[str | None, Query(min_length=1, description="Id or name.")] = None,
        limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 200,
    ) -> dict[str, Any]:
        """Dated events of a story or an entity, merged across outlets (give exactly one)."""
        with reader() as store:
            return service.timeline(store, story, entity, limit)

    def get_graph(
        story: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
        entity: Annotated[str | None, Query(min_length=1, description="Id or name.")] = None,
        since: str | None = None, until: str | None = None,
        min_count: Annotated[int, Query(ge=1, le=MAX_INT)] = 1,
        quad: Annotated[list[int] | None, Query(description="Quad classes 1..4.")] = None,
    ) -> dict[str, Any]:
        """The actor graph: nodes (entities) and edges (quad class, Goldstein, evidence)."""
        if quad and any(q not in (1, 2, 3, 4) for q in quad):
            raise HTTPException(422, "quad classes are 1..4")
        with reader() as store:
            return service.graph_dict(store, story_id=story, entity=entity, since=since,
                                      until=until, min_count=min_count, quads=quad or None)

    def runs(limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        """Ingest runs, newest first."""
        with reader() as store:
            return service.run_page(store, limit, offset).as_dict()

    def failures(
        limit: Limit = 100, offset: Offset = 0,
        run: Annotated[int | None, Query(ge=1, le=MAX_INT, description="Only this run.")]
        = None,
    ) -> dict[str, Any]:
        """Inputs that could not be ingested, with the reason."""
        with reader() as store:
            return service.failure_page(store, run, limit, offset).as_dict()

    def templates(
        limit: Limit = 50, offset: Offset = 0,
        source: Annotated[str | None, Query(max_length=200,
                                            description="Only this source (host or outlet).")]
        = None,
    ) -> dict[str, Any]:
        """Lines learned as a source's template (cut from its later articles)."""
        from marsad.recheck import template_page

        with reader() as store:
            return template_page(store, source, limit, offset).as_dict()

    reads: list[tuple[str, Any]] = [
        ("/api/articles", list_articles),
        ("/api/articles/{article_id}", get_article),
        ("/api/search", search),
        ("/api/stats", stats),
        ("/api/latest", latest),
        ("/api/volume", volume),
        ("/api/outlets", outlets),
        ("/api/entities", list_entities),
        ("/api/entities/{entity_id}", get_entity),
        ("/api/entity", lookup_entity),
        ("/api/stories", list_stories),
        ("/api/stories/rising", rising_stories),
        ("/api/stories/{story_id}", get_story),
        ("/api/quotes", list_quotes),
        ("/api/timeline", get_timeline),
        ("/api/graph", get_graph),
        ("/api/runs", runs),
        ("/api/failures", failures),
        ("/api/templates", templates),
        *extra,
    ]
    for path, fn in reads:
        app.add_api_route(path, fn, methods=["GET"], tags=["read"],
                          dependencies=[Depends(known_query_only)])
