"""Dashboard pages of the newsroom tools: attention over time and watches (with a form
to save one). Mounted by `dashboard.mount_dashboard`, whose `render` and `reader` they use."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse

from marsad import service
from marsad.attention import MAX_SERIES
from marsad.errors import MarsadError

# An attention chart left to choose counts per day up to ~3 months (what stays readable at
# laptop width, as the home chart), per week up to two years, per month past that.
DAILY_MAX_DAYS = 92
WEEKLY_MAX_DAYS = 730
# Alerts listed under each watch on the watches page; the API and feed hold the rest.
WATCH_PAGE_ALERTS = 10


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def attention_period(filters: dict[str, Any], published_range: list[str | None]) -> str:
    """The period an attention chart counts by when the user did not choose one."""
    lo, hi = published_range if published_range else (None, None)
    lo, hi = filters.get("since") or lo, filters.get("until") or hi
    try:
        days = (date.fromisoformat(hi[:10]) - date.fromisoformat(lo[:10])).days  # type: ignore[index]
    except (TypeError, ValueError):
        return "month"
    return "day" if days <= DAILY_MAX_DAYS else "week" if days <= WEEKLY_MAX_DAYS else "month"


def attention_chart(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the browser draws: one line per series (label, counts, shares) on one axis."""
    if not result or not result["series"]:
        return None
    return {"by": result["by"], "periods": result["periods"],
            "series": [{"label": s["query"] + (f" · {s['source']}" if s["source"] else ""),
                        "counts": [p["count"] for p in s["points"]],
                        "shares": [round(100 * p["share"], 2) for p in s["points"]]}
                       for s in result["series"]]}


def add_newsroom_pages(router: APIRouter, render: Callable[..., HTMLResponse],
                       reader: Callable[[], Any], writer: Callable[[], Any] | None,
                       token: str | None) -> None:
    """/attention and /watches (GET), and the watch form's POSTs (token in the form)."""

    @router.get("/attention")
    def attention(
        request: Request, q: Annotated[list[str] | None, Query(max_length=MAX_SERIES)] = None,
        by: Annotated[str, Query(pattern="^(|day|week|month|year)$")] = "",
        by_source: str | None = None, since: str | None = None, until: str | None = None,
        source: str | None = None, lang: str | None = None,
    ) -> HTMLResponse:
        queries = [x for x in (q or []) if x.strip()]
        filters = {"since": _clean(since), "until": _clean(until), "source": _clean(source),
                   "lang": _clean(lang)}
        with reader() as store:
            stats = service.stats(store)
            period = by or attention_period(filters, stats["published_range"])
            result = (service.attention(store, queries, period, bool(by_source), **filters)
                      if queries else None)
            outlets = service.outlets(store)
        csv_link = "/api/attention.csv?" + urlencode(
            [("q", x) for x in queries] + [("by", period)]
            + ([("by_source", "true")] if by_source else [])
            + [(k, v) for k, v in filters.items() if v])
        # the listing export (JSONL, Parquet) takes the queries joined by «;»
        export_args = urlencode([("q", ";".join(queries)), ("by", period)]
                                + ([("by_source", "true")] if by_source else [])
                                + [(k, v) for k, v in filters.items() if v])
        return render("attention.html", request, queries=queries, result=result, by=period,
                      by_source=bool(by_source), filters=filters, outlets=outlets,
                      csv_link=csv_link, export_args=export_args, max_series=MAX_SERIES,
                      chart=attention_chart(result))

    def watches_page(request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        with reader() as store:
            items = service.watch_list(store)
            for w in items:
                w["recent"] = service.watch_alerts(store, w["id"], WATCH_PAGE_ALERTS)["items"]
        return render("watches.html", request, status=status, watches=items,
                      writes=token is not None and writer is not None, **ctx)

    @router.get("/watches")
    def watches(request: Request, q: str = "", entity: str = "") -> HTMLResponse:
        return watches_page(request, form={"query": q, "entity": entity})

    def allowed(given: str) -> bool:
        return token is not None and writer is not None and \
            hmac.compare_digest(given.encode(), token.encode())

    @router.post("/watches")
    def save_watch(request: Request, query: Annotated[str, Form(max_length=500)] = "",
                   entity: Annotated[str, Form(max_length=200)] = "",
                   name: Annotated[str, Form(max_length=200)] = "",
                   token_: Annotated[str, Form(alias="token", max_length=500)] = "") -> Any:
        form = {"query": query, "entity": entity, "name": name}
        if not allowed(token_):
            return watches_page(request, 403, form=form,
                                error="رمز الكتابة غير صحيح (MARSAD_TOKEN)")
        try:
            with writer() as store:  # type: ignore[misc]
                w = service.watch_add(store, query or None, entity or None, name=name or None)
        except MarsadError as exc:
            return watches_page(request, 400, form=form, error=str(exc))
        return RedirectResponse(f"/watches#watch-{w['id']}", status_code=303)

    @router.post("/watches/{watch_id}/delete")
    def delete_watch(request: Request, watch_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)],
                     token_: Annotated[str, Form(alias="token", max_length=500)] = "") -> Any:
        if not allowed(token_):
            return watches_page(request, 403, form={}, error="رمز الكتابة غير صحيح (MARSAD_TOKEN)")
        try:
            with writer() as store:  # type: ignore[misc]
                service.watch_remove(store, watch_id)
        except MarsadError as exc:
            return watches_page(request, 404, form={}, error=str(exc))
        return RedirectResponse("/watches", status_code=303)
