"""One catalogue of the errors a user can cause, each with a stable code and a hint."""
from __future__ import annotations


class FrontwatchError(Exception):
    """Base: `code` is stable (scripts may match on it); str(err) is one line for the user."""

    code = "FW000"

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.source = source

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.source}: {msg}" if self.source else msg


class InputError(FrontwatchError):
    """A source could not be read or is not usable text."""

    code = "FW100"


class FetchError(InputError):
    """A URL could not be fetched (timeout, status, size, redirect loop, content type)."""

    code = "FW110"


class BlockedAddressError(FetchError):
    """A URL resolves to a private, loopback or link-local address, or uses a refused scheme."""

    code = "FW120"


class TooLargeError(InputError):
    code = "FW130"


class DataFileError(FrontwatchError):
    """A bundled or user-supplied data file is invalid (names the file, line and field)."""

    code = "FW200"


class StoreError(FrontwatchError):
    code = "FW300"


class QueryError(FrontwatchError):
    """A filter or query parameter is malformed."""

    code = "FW400"
