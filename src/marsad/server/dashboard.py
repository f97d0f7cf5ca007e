"""The dashboard: server-rendered, right-to-left Arabic pages over `marsad.service`.

Everything that comes from an article (titles, outlets, URLs, text, removed lines) is
untrusted: Jinja2 autoescapes it, highlights are built by escaping text segments and
wrapping the hit segments (never by passing HTML through), links are only made from
http(s) URLs, and chart data goes into `<script type="application/json">` with `<`, `>`
and `&` escaped so a title holding `</script>` cannot end the element. A strict
Content-Security-Policy (scripts from our own static files only) is a second wall.
"""

from __future__ import annotations

import html
import json
import math
import re
import time
from collections.abc import Callable
from datetime import date
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from marsad import service
from marsad.errors import NotFound
from marsad.server.newsroom_pages import add_newsroom_pages
from marsad.server.readers import ReaderPool

# Results per page: what fits two screens of snippets on a laptop.
PAGE_SIZE = 20
# Articles in the home page's "latest" list and outlets in its outlet list.
HOME_LATEST = 12
HOME_OUTLETS = 15
HOME_ENTITIES = 15
HOME_STORIES = 6
# A "story" of one article is only an article: the story lists start at two, so the
# home page's block is not filled by singletons the article list already shows.
STORY_MIN_ARTICLES = 2
# Quotes and dated events shown on an entity page; the JSON API pages through the rest.
ENTITY_QUOTES = 20
ENTITY_EVENTS = 15
# The edges drawn on the full actor-graph page: past a few hundred a force-free layout
# is a hairball; the strongest (most often seen) edges are kept.
GRAPH_PAGE_MIN_COUNT = 2
GRAPH_MAX_EDGES = 300
# Above this many days of published dates, the volume chart counts per month, not per
# day: ~3 months of daily bars is the most that stays readable at laptop width.
DAILY_CHART_MAX_DAYS = 92
# Seconds the outlets' display names are kept between two reads (a rename shows this late).
OUTLET_NAMES_TTL_S = 5.0
# The largest page number we accept; deeper than this nobody pages by hand.
MAX_PAGE_NO = 100_000

STATIC_DIR = str(resources.files("marsad.server") / "static")
TEMPLATE_DIR = str(resources.files("marsad.server") / "templates")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # outbound links to article URLs must not tell the outlet what the analyst browsed
    "Referrer-Policy": "no-referrer",
}

MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر"]
LANGS = {"ar": "العربية", "en": "الإنجليزية", "fr": "الفرنسية", "fa": "الفارسية",
         "ur": "الأردية", "tr": "التركية", "he": "العبرية"}
# Arabic labels for the residue reason codes of stages/clean.py (the code stays visible).
REASONS = {
    "related_list": "روابط ذات صلة", "related_header": "عنوان قسم ذي صلة",
    "navigation": "تنقّل الموقع", "artefact": "بقايا تقنية", "keywords": "كلمات مفتاحية",
    "comment_form": "نموذج تعليق", "ad_marker": "إعلان", "repeated_caption": "تعليق صورة مكرر",
    "hash_garbage": "رموز عشوائية", "appended_article": "مقال ملتصق",
    "orphan_tail": "ذيل يتيم", "metadata:title": "العنوان", "metadata:byline": "اسم الكاتب",
    "metadata:source": "المصدر", "metadata:date": "التاريخ",
    "template": "قالب متكرر للمصدر", "punctuation": "علامات ترقيم", "duplicate_line": "سطر مكرر",
    "related_inline": "رابط ذو صلة", "teaser": "مقدمة خبر آخر للمصدر",
}
ENTITY_TYPES = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى"}
# CAMEO quad classes of the actor graph, as the legend and edge table name them.
QUADS = {1: "تعاون لفظي", 2: "تعاون مادي", 3: "صراع لفظي", 4: "صراع مادي"}
# Languages written right to left; an article in any other known language is laid out
# left to right inside the RTL page. Unknown (None) stays RTL: the corpus is Arabic-first.
RTL_LANGS = {"ar", "fa", "ur", "he", "ps", "ku", "ckb", "sd", "ug", "dv", "yi", "arz"}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


# ---------------------------------------------------------------- template helpers
def json_script(data: Any) -> Markup:
    """JSON safe inside a <script> element: no `<`, `>` or `&` survives literally."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - every markup-significant character is escaped above


def ar_date(value: str | None) -> str:
    """'2026-03-09T11:10:00+00:00' -> '9 مارس 2026'; a month period -> 'مارس 2026'."""
    m = _ISO_DAY.match(value or "")
    if not m or not 1 <= int(m[2]) <= 12:
        return value or ""
    month = MONTHS[int(m[2]) - 1]
    return f"{int(m[3])} {month} {m[1]}" if m[3] else f"{month} {m[1]}"


def text_dir(lang: str | None) -> str:
    """The base direction of text in `lang`."""
    return "rtl" if not lang or lang in RTL_LANGS else "ltr"


def lang_name(code: str | None) -> str:
    """The language's Arabic name; the code itself when we have no name for it."""
    if code in (None, "", "unknown"):
        return "غير معروفة"
    return LANGS.get(code, code)


def safe_url(url: str | None) -> str | None:
    """The URL when it is a web address, else None: never a javascript: or data: link."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE):
        return url
    return None


def marked_segments(snippet_html: str) -> list[tuple[str, bool]]:
    """(text, is_hit) runs of a service snippet, as plain text to be escaped again.

    The service escapes the text before adding <mark>, so a literal "<mark>" can only
    be ours; the runs are unescaped back to plain text and Jinja escapes them on output.
    """
    out: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(r"</?mark>", snippet_html)):
        if part:
            out.append((html.unescape(part), i % 2 == 1))
    return out


def text_segments(text: str, marks: list[dict[str, Any]]) -> list[list[tuple[str, Any]]]:
    """Paragraphs of `text`, each a list of (text, mark or None) runs.

    `marks` carry character offsets into `text` (`start`, `end`); overlapping or
    out-of-range marks are dropped so the text itself is always shown whole.
    """
    ordered = sorted((m for m in marks if 0 <= m["start"] < m["end"] <= len(text)),
                     key=lambda m: (m["start"], -m["end"]))
    paragraphs, pos, k = [], 0, 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        runs: list[tuple[str, Any]] = []
        cur = start
        while k < len(ordered) and ordered[k]["start"] < end:
            m = ordered[k]
            k += 1
            if m["start"] < cur or m["end"] > end:
                continue  # overlaps the previous mark or crosses a paragraph break
            runs += [(text[cur:m["start"]], None), (text[m["start"]:m["end"]], m)]
            cur = m["end"]
        runs.append((text[cur:end], None))
        if line.strip():
            paragraphs.append([r for r in runs if r[0]])
        pos = end + 1
    return paragraphs


def _clean(value: str | None) -> str | None:
    """A form field: empty means 'no filter'."""
    value = (value or "").strip()
    return value or None


def _pages(request: Request, page: int, total: int) -> dict[str, Any]:
    """Page numbers and links that keep every other query parameter."""
    last = max(1, math.ceil(total / PAGE_SIZE))
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}

    def link(n: int) -> str:
        return f"{request.url.path}?{urlencode({**params, 'page': n})}"

    return {"page": page, "last": last, "total": total,
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < last else None}


def _chart_period(published_range: list[str | None]) -> str:
    lo, hi = published_range if published_range else (None, None)
    try:
        days = (date.fromisoformat(hi[:10]) - date.fromisoformat(lo[:10])).days  # type: ignore[index]
    except (TypeError, ValueError):
        return "month"
    return "day" if days <= DAILY_CHART_MAX_DAYS else "month"


def graph_view(graph: dict[str, Any], max_edges: int = GRAPH_MAX_EDGES) -> dict[str, Any]:
    """What the browser draws: the strongest edges and their nodes, without evidence.

    Evidence (article offsets) stays in the page's table and the JSON API; the canvas
    only needs names, types and counts, so less untrusted text reaches the script.
    """
    edges = sorted(graph.get("edges") or [], key=lambda e: -(e.get("count") or 0))[:max_edges]
    used = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [n for n in graph.get("nodes") or [] if n["id"] in used or not edges]
    return {
        "nodes": [{k: n.get(k) for k in ("id", "name", "type", "mentions")} for n in nodes],
        "edges": [{k: e.get(k) for k in ("source", "target", "quad", "count", "mutual")}
                  for e in edges],
        "names": {n["id"]: n["name"] for n in nodes},
        "edge_rows": edges,
    }


def _optional(name: str) -> Callable[..., Any] | None:
    """A service function that a later issue adds (entities, stories), when present."""
    return getattr(service, name, None)


def by_outlet(sources: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(outlet, its items) in order of first appearance; an unnamed outlet is ""."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for s in sources:
        groups.setdefault(s.get("source") or "", []).append(s)
    return list(groups.items())


# ---------------------------------------------------------------- the pages
def mount_dashboard(app: FastAPI, db_path: str, token: str | None = None,
                    writer: Callable[[], Any] | None = None) -> None:
    """Add the HTML pages and their static files to `app` (`token` and `writer`: for the
    pages' few writes, such as saving a watch)."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(ar_date=ar_date, safe_url=safe_url, json_script=json_script,
                       marked=marked_segments, text_dir=text_dir,
                       lang_name=lang_name, by_outlet=by_outlet,
                       reason=lambda c: REASONS.get(c, c), num=lambda n: f"{n or 0:,}",
                       etype=lambda t: ENTITY_TYPES.get(t or "", t or ""),
                       quad=lambda q: QUADS.get(q, str(q)))

    reader = ReaderPool(db_path)  # one kept read-only store per server thread

    names: dict[str, Any] = {"at": -1e9, "map": {}}

    def outlet_name(name: str | None) -> str | None:
        return names["map"].get(name, name)

    env.filters["outlet_name"] = outlet_name

    def render(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        if time.monotonic() - names["at"] > OUTLET_NAMES_TTL_S:  # users rename outlets rarely
            with reader() as store:
                names["map"] = service.outlet_names(store)
            names["at"] = time.monotonic()
        body = env.get_template(name).render(request=request, **ctx)
        return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)

    def not_found(request: Request, message: str) -> HTMLResponse:
        return render("not_found.html", request, status=404, message=message)

    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    @router.get("/")
    def home(request: Request) -> HTMLResponse:
        with reader() as store:
            stats = service.stats(store)
            by = _chart_period(stats["published_range"])
            ctx: dict[str, Any] = {
                "stats": stats, "by": by, "volume": service.volume(store, by),
                "latest": service.latest_articles(store, HOME_LATEST,
                                                  canonical_only=True).items,
                "outlets": service.outlets(store)[:HOME_OUTLETS],
            }
            entities = _optional("entities")
            if entities is not None:
                ctx["entities"] = entities(store, limit=HOME_ENTITIES).items
            if _optional("stories") is not None:
                ctx["stories"] = service.stories(store, HOME_STORIES,
                                                 min_articles=STORY_MIN_ARTICLES).items
        return render("home.html", request, **ctx)

    @router.get("/search")
    def search(
        request: Request, q: str = "", since: str | None = None, until: str | None = None,
        source: str | None = None, lang: str | None = None, show_all: Annotated[
            str | None, Query(alias="all")] = None,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE_NO)] = 1,
    ) -> HTMLResponse:
        filters: dict[str, Any] = {"since": _clean(since), "until": _clean(until),
                                   "source": _clean(source), "lang": _clean(lang)}
        with reader() as store:
            result = None
            if q.strip():
                result = service.search(store, q, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                        collapse_duplicates=not show_all, **filters)
            outlets = service.outlets(store)
            langs = service.stats(store)["languages"]
        pages = _pages(request, page, result["total"]) if result else None
        return render("search.html", request, q=q, result=result, filters=filters,
                      show_all=bool(show_all), outlets=outlets, langs=langs, pages=pages)

    @router.get("/articles")
    def articles(
        request: Request, source: str | None = None, lang: str | None = None,
        since: str | None = None, until: str | None = None,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE_NO)] = 1,
    ) -> HTMLResponse:
        filters = {"source": _clean(source), "lang": _clean(lang), "since": _clean(since),
                   "until": _clean(until)}
        with reader() as store:
            listing = service.latest_articles(store, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                              **filters)
        return render("articles.html", request, listing=listing, filters=filters,
                      pages=_pages(request, page, listing.total))

    @router.get("/article/{article_id}")
    def article(request: Request,
                article_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)]) -> HTMLResponse:
        with reader() as store:
            try:
                art = service.article(store, article_id)
            except NotFound:
                return not_found(request, f"لا يوجد مقال بالرقم {article_id}")
        linkable = _optional("entity") is not None
        marks = [m for m in art.get("entities") or []
                 if linkable and m.get("entity_id") is not None]
        return render("article.html", request, art=art,
                      paragraphs=text_segments(art["text"], marks))

    @router.get("/entity/{entity_ref}")
    def entity(request: Request, entity_ref: str) -> HTMLResponse:
        """One entity by id, or by any spelling of its name (/entity/بوتين)."""
        fn = _optional("entity")
        if fn is None:
            return not_found(request, "صفحات الكيانات غير متاحة بعد")
        ref: int | str = entity_ref
        if entity_ref.isascii() and entity_ref.isdigit():
            if len(entity_ref) > 18:  # beyond SQLite's integers: no such id
                return not_found(request, "لا يوجد كيان بهذا الاسم أو المعرّف")
            ref = int(entity_ref)
        with reader() as store:
            try:
                ent = fn(store, ref)
            except NotFound:
                return not_found(request, "لا يوجد كيان بهذا الاسم أو المعرّف")
            extra: dict[str, Any] = {}
            if _optional("quotes") is not None:
                # a numeric speaker is an entity id to find_entities: no spelling guesswork
                extra["quotes"] = service.quotes(store, speaker=str(ent["id"]),
                                                 limit=ENTITY_QUOTES).items
                extra["events"] = service.timeline(store, entity_ref=ent["id"],
                                                   limit=ENTITY_EVENTS)["events"]
                extra["graph"] = graph_view(service.graph_dict(store, entity=ent["id"]))
        return render("entity.html", request, ent=ent, quote_limit=ENTITY_QUOTES, **extra)

    @router.get("/entities")
    def entities(request: Request, type: str = "", q: str = "", sort: str = "mentions",
                 page: Annotated[int, Query(ge=1, le=MAX_PAGE_NO)] = 1) -> HTMLResponse:
        etype = type.upper() if type.upper() in ENTITY_TYPES else None
        sort = sort if sort in service.ENTITY_SORTS else "mentions"
        with reader() as store:
            listing = service.entities(store, etype, q.strip() or None, PAGE_SIZE,
                                       (page - 1) * PAGE_SIZE, sort)
        return render("entities.html", request, listing=listing, etype=etype or "",
                      q=q, sort=sort, types=ENTITY_TYPES,
                      pages=_pages(request, page, listing.total))

    @router.get("/stories")
    def stories(request: Request, order: str = "recent",
                page: Annotated[int, Query(ge=1, le=MAX_PAGE_NO)] = 1,
                hours: Annotated[int, Query(ge=1, le=8760)] = 24) -> HTMLResponse:
        order = order if order in ("recent", "size", "rising") else "recent"
        if order == "rising":
            with reader() as store:
                found = service.rising(store, hours, PAGE_SIZE)
            return render("stories.html", request, rising=found, order=order, hours=hours,
                          listing=None, pages=None)
        with reader() as store:
            listing = service.stories(store, PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                      min_articles=STORY_MIN_ARTICLES, order=order)
        return render("stories.html", request, listing=listing, order=order,
                      pages=_pages(request, page, listing.total))

    @router.get("/story/{story_id}")
    def story(request: Request,
              story_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)]) -> HTMLResponse:
        with reader() as store:
            try:
                st = service.story(store, story_id)
            except NotFound:
                return not_found(request, f"لا توجد قصة بالرقم {story_id}")
        arts = {a["id"]: a for a in st["articles_list"]}
        return render("story.html", request, st=st, arts=arts, graph=graph_view(st["graph"]))

    @router.get("/graph")
    def graph(request: Request, since: str | None = None,
              until: str | None = None) -> HTMLResponse:
        filters = {"since": _clean(since), "until": _clean(until)}
        with reader() as store:
            full = service.graph_dict(store, min_count=GRAPH_PAGE_MIN_COUNT, **filters)
        return render("graph.html", request, graph=graph_view(full), filters=filters,
                      min_count=GRAPH_PAGE_MIN_COUNT)

    add_newsroom_pages(router, render, reader, writer, token)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
