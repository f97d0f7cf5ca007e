"""What every part of the service layer shares: the page of a listing and its cap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A listing never returns more than this per page; exports are the uncapped path.
MAX_PAGE = 1000


@dataclass(slots=True)
class Page:
    """One page of a listing, with what a client needs to ask for the next one."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit,
                "offset": self.offset}
