"""Small URL helpers shared by readers and stages."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str | None) -> str | None:
    """The host of a URL without a leading "www.", as a fallback outlet name."""
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None
