"""HTTP(S) fetching for URL targets and feed links, with one-line failure reasons."""

from __future__ import annotations

import time
from typing import NamedTuple

import httpx

from marsad.errors import InputError, first_line
from marsad.ingest.sources import format_size

USER_AGENT = "marsad/0.1"
# A page that keeps trickling bytes never trips httpx's per-read timeout; this caps the
# whole download at a multiple of the per-operation timeout.
TOTAL_TIME_FACTOR = 3.0
CHUNK_BYTES = 65_536


class Fetched(NamedTuple):
    """A downloaded body with the response's content type and the URL after redirects."""

    body: bytes
    content_type: str
    final_url: str


def make_client(timeout: float) -> httpx.Client:
    """An httpx client with our user agent, redirects followed and the given timeout."""
    return httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT},
    )


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 20_000_000,
    client: httpx.Client | None = None,
) -> Fetched:
    """Download url; return (bytes, content_type, final_url) or raise InputError."""
    own_client = client is None
    client = client or make_client(timeout)
    try:
        return _fetch(client, url, timeout, max_bytes)
    except InputError:
        raise
    except httpx.TimeoutException:
        raise InputError(f"timed out after {timeout:g}s fetching {url}") from None
    except httpx.TooManyRedirects:
        raise InputError(f"too many redirects fetching {url}") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise InputError(f"invalid URL {url}: {first_line(exc)}") from None
    except httpx.ConnectError as exc:
        raise InputError(f"cannot connect fetching {url}: {first_line(exc)}") from None
    except httpx.HTTPError as exc:
        raise InputError(f"fetch failed for {url}: {first_line(exc)}") from None
    finally:
        if own_client:
            client.close()


def _fetch(client: httpx.Client, url: str, timeout: float, max_bytes: int) -> Fetched:
    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    with client.stream("GET", url) as response:
        if response.status_code >= 400:
            raise InputError(f"http {response.status_code} from {url}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise InputError(
                f"response too large ({format_size(int(declared))} > {format_size(max_bytes)} limit) from {url}"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes(CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise InputError(
                    f"response too large (> {format_size(max_bytes)} limit) from {url}"
                )
            if time.monotonic() > deadline:
                raise InputError(f"timed out after {timeout * TOTAL_TIME_FACTOR:g}s fetching {url}")
            chunks.append(chunk)
        content_type = response.headers.get("content-type", "")
        return Fetched(b"".join(chunks), content_type, str(response.url))


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
