"""Connections that never finish a request are cut (issue 15, defect 12).

uvicorn keeps a connection that sent part of a request's headers, or nothing at all,
open for as long as the client likes: 19,990 such half-open connections exhausted the
server's file descriptors. This protocol (uvicorn's own h11 one, plus two bounds) closes
a connection that has not completed its first request's headers within HEADER_TIMEOUT_S,
and, when more than MAX_PENDING connections are waiting for headers at once, the oldest
of them first: a flood costs those connections, never the server's ability to accept.
Idle keep-alive connections after a response are uvicorn's own business (5 s).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

# What a slow but real client on a bad mobile link needs to send its request headers.
HEADER_TIMEOUT_S = 10.0
# Connections waiting for their first request at once (a browser opens ~6 per host).
MAX_PENDING = 1000

_pending: OrderedDict[int, Any] = OrderedDict()  # id(protocol) -> protocol, oldest first


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline and a cap on waiting connections."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _pending[id(self)] = self
        while len(_pending) > MAX_PENDING:
            _, oldest = _pending.popitem(last=False)
            oldest._cut()
        self._header_timer: asyncio.TimerHandle | None = self.loop.call_later(HEADER_TIMEOUT_S, self._cut_if_waiting)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None:  # a request's headers arrived: no longer waiting
            self._done_waiting()

    def connection_lost(self, exc: Exception | None) -> None:
        self._done_waiting()
        super().connection_lost(exc)

    def _done_waiting(self) -> None:
        _pending.pop(id(self), None)
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _cut_if_waiting(self) -> None:
        if self.cycle is None:
            self._cut()

    def _cut(self) -> None:
        self._done_waiting()
        if not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """What `marsad serve` passes to uvicorn for its connections (the tests use it too)."""
    return {"http": GuardedH11Protocol}
