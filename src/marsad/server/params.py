"""Parameter types every JSON API module shares, and the unknown-parameter check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import HTTPException, Query, Request

from marsad import service

# SQLite integers are signed 64-bit; a larger id or offset would overflow in the driver
# (a 500), so the API refuses it up front as a validation error.
MAX_INT = 2**63 - 1

Limit = Annotated[int, Query(ge=1, le=service.MAX_PAGE, description="Page size (1..1000).")]
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="Items to skip.")]


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_query_only(request: Request) -> None:
    """422 for a query parameter the route does not take: `/api/export.jsonl?since=…`
    returned every article, silently, as if the filter had applied (issue 16)."""
    route = request.scope.get("route")
    if route is None:
        return
    known = getattr(route, "_known_query", None)
    if known is None:  # walked once per route, not per request
        known = route._known_query = frozenset(_query_names(route.dependant))
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(422, f"unknown query parameter(s) for {route.path}: "
                                 f"{', '.join(unknown)}")
