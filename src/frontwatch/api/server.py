"""Running the app under uvicorn with a deadline for request headers, so slow-loris clients (that open
connections and send their headers a byte at a time, or nothing at all) are cut off instead of holding
a connection, and a file descriptor, for ever."""
from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HEADER_TIMEOUT", "server_config"]

HEADER_TIMEOUT = 15.0  # seconds a connection may take to send a request's headers
_TIMEOUT_ANSWER = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                   b"connection: close\r\ncontent-length: 36\r\n\r\nrequest headers not received in time")


def _guarded_protocol(header_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with a timer, armed on connect and after each response, that answers 408 and
    closes the connection unless a request's headers have arrived by then. A request being answered is
    never cut (the timer only fires while no response is in progress)."""

    class HeaderDeadline(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None
        deadline_seconds = header_timeout

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(self.deadline_seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _waiting_for_headers(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def _too_slow(self) -> None:
            self._deadline = None
            if self._waiting_for_headers() and not self.transport.is_closing():
                self.transport.write(_TIMEOUT_ANSWER)
                self.transport.close()

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def handle_events(self) -> None:
            super().handle_events()
            if not self._waiting_for_headers():
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self._waiting_for_headers() and not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeaderDeadline


def server_config(app, *, host: str = "127.0.0.1", port: int = 8765, header_timeout: float = HEADER_TIMEOUT,
                  log_level: str = "info") -> uvicorn.Config:
    """The uvicorn configuration `frontwatch serve` runs the app with."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, http=_guarded_protocol(header_timeout))
