"""HTTP(S) fetching for URL targets and feed links, with one-line failure reasons."""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import httpx

from marsad.errors import InputError, first_line
from marsad.ingest.sources import format_size

USER_AGENT = "marsad/0.1"
# A page that keeps trickling bytes never trips httpx's per-read timeout; this caps the
# whole download at a multiple of the per-operation timeout.
TOTAL_TIME_FACTOR = 3.0
# Redirect hops followed, each one checked against the address policy like the first URL.
MAX_REDIRECTS = 10
# Set (to anything but "" or "0") to let fetches reach loopback and private networks: for
# users who mean to ingest from their own intranet (`marsad ingest --allow-private`).
ALLOW_PRIVATE_ENV = "MARSAD_ALLOW_PRIVATE"


def private_allowed() -> bool:
    return os.environ.get(ALLOW_PRIVATE_ENV, "") not in ("", "0")


def check_url(url: str, allow_private: bool | None = None) -> None:
    """Refuse (InputError) a URL that is not http(s) or whose host resolves to a loopback,
    private, link-local, multicast, reserved or unspecified address, IPv4 or IPv6, in any
    spelling (2130706433, 0x7f000001, 127.1, [::ffff:127.0.0.1]): the resolver reads them
    all, so every address it returns is checked (issue 15: SSRF)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"invalid URL {url}: only http and https URLs with a host")
    if private_allowed() if allow_private is None else allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise InputError(f"cannot resolve host of {url}: {first_line(exc)}") from None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global or ip.is_multicast:
            raise InputError(f"refused to fetch {url}: {parts.hostname} is a private or local "
                             f"address ({ip}); pass --allow-private to allow it")


class Fetched(NamedTuple):
    """A downloaded body with the response's content type and the URL after redirects."""

    body: bytes
    content_type: str
    final_url: str
    status: int = 200  # 304: not modified since the validators sent (the body is empty)
    etag: str | None = None
    last_modified: str | None = None


def make_client(timeout: float) -> httpx.Client:
    """An httpx client with our user agent, redirects followed and the given timeout."""
    return httpx.Client(
        follow_redirects=False,  # _fetch follows them itself, checking every hop
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT},
    )


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 20_000_000,
    client: httpx.Client | None = None,
    allow_private: bool | None = None,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """Download url; return (bytes, content_type, final_url) or raise InputError.

    Private and local addresses are refused unless `allow_private` (default: the
    MARSAD_ALLOW_PRIVATE environment variable) says otherwise, at every redirect hop.
    `headers` go with the request (If-None-Match / If-Modified-Since for a conditional GET:
    a 304 answer comes back as an empty body with status 304)."""
    own_client = client is None
    client = client or make_client(timeout)
    try:
        return _fetch(client, url, timeout, max_bytes, allow_private, headers)
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


def _fetch(client: httpx.Client, url: str, timeout: float, max_bytes: int,
           allow_private: bool | None, headers: dict[str, str] | None = None) -> Fetched:
    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        check_url(current, allow_private)
        with client.stream("GET", current, follow_redirects=False,
                           headers=headers or None) as response:
            if response.is_redirect and response.headers.get("location"):
                current = urljoin(str(response.url), response.headers["location"])
                continue
            if response.status_code == 304:
                return Fetched(b"", response.headers.get("content-type", ""),
                               str(response.url), 304, response.headers.get("etag"),
                               response.headers.get("last-modified"))
            return _read(response, url, max_bytes, deadline, timeout)
    raise InputError(f"too many redirects fetching {url}")


def _read(response: httpx.Response, url: str, max_bytes: int, deadline: float,
          timeout: float) -> Fetched:
    if response.status_code >= 400:
        raise InputError(f"http {response.status_code} from {url}")
    declared = response.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > max_bytes:
        raise InputError(
            f"response too large ({format_size(int(declared))} > {format_size(max_bytes)} limit) from {url}"
        )
    chunks: list[bytes] = []
    size = 0
    # each network read as it comes (not 64 KB at a time): a server trickling a byte at
    # a time is cut off at the deadline, not after the whole chunk (issue 15, defect 6)
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError(
                f"response too large (> {format_size(max_bytes)} limit) from {url}"
            )
        if time.monotonic() > deadline:
            raise InputError(f"timed out after {timeout * TOTAL_TIME_FACTOR:g}s fetching {url}")
        chunks.append(chunk)
    content_type = response.headers.get("content-type", "")
    return Fetched(b"".join(chunks), content_type, str(response.url), response.status_code,
                   response.headers.get("etag"), response.headers.get("last-modified"))


def charset_of(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
