"""HTTP(S) fetching of sources the user named: size and time limits, redirects checked hop by hop,
private, loopback and link-local addresses refused unless allowed."""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from frontwatch.errors import BlockedAddressError, FetchError, TooLargeError

USER_AGENT = "frontwatch/0.1 (+conflict reporting research; respects robots of named sources)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/rss+xml",
                  "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")


@dataclass
class FetchLimits:
    timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


@dataclass
class Fetched:
    url: str  # final URL after redirects
    content: bytes
    content_type: str
    charset: str | None


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified)


def check_url(url: str, *, allow_private: bool = False) -> str | None:
    """Refuses non-http(s) schemes and hosts resolving to private, loopback or link-local addresses. Returns
    the address to connect to (the first of the host's addresses, all of them checked), or None when private
    addresses are allowed and nothing was resolved."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedAddressError(f"scheme {parts.scheme or '(none)'!r} refused: only http and https",
                                  source=url)
    host = parts.hostname
    if not host:
        raise FetchError("no host in URL", source=url)
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   proto=socket.IPPROTO_TCP)
    except socket.gaierror as e:
        raise FetchError(f"cannot resolve host {host!r}: {e.strerror}", source=url) from e
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for ip in addresses:
        if _blocked(ip):
            raise BlockedAddressError(
                f"host {host!r} resolves to {ip}, a private/loopback/link-local address "
                "(use --allow-private to permit)", source=url)
    return str(addresses[0]) if addresses else None


def _pinned(url: str, address: str | None) -> tuple[str, dict]:
    """The request for `url` aimed at the `address` that was checked, so that a second DNS answer (DNS
    rebinding) cannot send it elsewhere; the Host header and the TLS server name keep the URL's host."""
    u = httpx.URL(url)
    if address is None or u.host == address:
        return url, {}
    extra: dict = {"headers": {"Host": u.netloc.decode("ascii")}}
    try:
        ipaddress.ip_address(u.host)
    except ValueError:  # a name: the server's certificate is checked against it
        extra["extensions"] = {"sni_hostname": u.raw_host.decode("ascii")}
    return str(u.copy_with(host=address)), extra


def fetch(url: str, limits: FetchLimits | None = None, *, client: httpx.Client | None = None) -> Fetched:
    """Fetches one URL, following redirects itself so every hop passes `check_url`."""
    limits = limits or FetchLimits()
    own = client is None
    client = client or httpx.Client(timeout=limits.timeout, follow_redirects=False,
                                    headers={"User-Agent": USER_AGENT})
    seen: set[str] = set()
    deadline = time.monotonic() + limits.timeout  # for the whole fetch: httpx's timeout is per read
    try:
        current = url
        for _ in range(limits.max_redirects + 1):
            if current in seen:
                raise FetchError("redirect loop", source=url)
            if time.monotonic() > deadline:
                raise httpx.ConnectTimeout("redirects not followed in time")
            seen.add(current)
            try:
                address = check_url(current, allow_private=limits.allow_private)
            except FetchError as e:
                if current == url:
                    raise
                raise type(e)(f"redirected to {current}: {e.args[0]}", source=url) from e
            target, extra = _pinned(current, address)
            with client.stream("GET", target, **extra) as resp:
                if resp.is_redirect:
                    location = resp.headers.get("location")
                    if not location:
                        raise FetchError(f"redirect {resp.status_code} without a Location", source=url)
                    current = urljoin(current, location)
                    continue
                if resp.status_code != 200:
                    raise FetchError(f"HTTP {resp.status_code}", source=url)
                ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype and not ctype.startswith(ACCEPTED_TYPES):
                    raise FetchError(f"not HTML, text or a feed (content-type {ctype})", source=url)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                    raise TooLargeError(f"larger than the {limits.max_bytes} byte limit", source=url)
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > limits.max_bytes:
                        raise TooLargeError(f"larger than the {limits.max_bytes} byte limit", source=url)
                    if time.monotonic() > deadline:  # a server that drips its answer
                        raise httpx.ReadTimeout("answer not complete in time")
                return Fetched(url=str(httpx.URL(current)), content=bytes(body), content_type=ctype,
                               charset=resp.charset_encoding)
        raise FetchError(f"more than {limits.max_redirects} redirects", source=url)
    except httpx.TimeoutException as e:
        raise FetchError(f"timed out after {limits.timeout:g} s", source=url) from e
    except httpx.HTTPError as e:
        raise FetchError(f"request failed: {e}", source=url) from e
    finally:
        if own:
            client.close()
