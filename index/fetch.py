"""Fetching an article by URL, safely: public addresses only, bounded size and time.

A moderator's URL is untrusted input aimed at our network, so every hop is checked:

    parse URL ─ http(s)? no credentials? ─ host → addresses (literal or resolved)
        ─ every address public? ─ connect to exactly those addresses (no second lookup)
        ─ redirect? → repeat for the new URL; else check type, read at most max_bytes

Connecting to the address that was checked, rather than handing the host name to the HTTP
client to resolve again, is what defeats DNS rebinding. The URL keeps its host name, so the
Host header, TLS SNI and certificate check all use the name.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import httpx

from .errors import BadInput

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], Iterable[IPAddress]]

ALLOWED_SCHEMES = ("http", "https")
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
REDIRECTS = (301, 302, 303, 307, 308)
HEADERS = {
    "User-Agent": "Parley/0.1 (article fetcher)",
    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9",
    # Only the codings httpx decodes incrementally; the size cap counts decoded bytes.
    "Accept-Encoding": "gzip, deflate",
}

# Ranges refused by name, checked before ipaddress's own flags so messages say what they are.
_BLOCKED = [
    (ipaddress.ip_network(net), label)
    for net, label in [
        ("0.0.0.0/8", "an unspecified ('this network') address"),
        ("127.0.0.0/8", "a loopback address"),
        ("10.0.0.0/8", "a private address"),
        ("172.16.0.0/12", "a private address"),
        ("192.168.0.0/16", "a private address"),
        ("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
        ("169.254.0.0/16", "a link-local address"),
        ("192.0.0.0/24", "a reserved address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a reserved address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("::/128", "an unspecified address"),
        ("::1/128", "a loopback address"),
        ("::/96", "a reserved address"),  # deprecated IPv4-compatible addresses
        ("64:ff9b:1::/48", "a private address"),
        ("100::/64", "a reserved address"),
        ("2001::/23", "a reserved address"),  # Teredo, benchmarking, ORCHID…
        ("2001:db8::/32", "a documentation address"),
        ("fc00::/7", "a private address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a private address"),
        ("ff00::/8", "a multicast address"),
    ]
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NO_KEEPALIVE = httpx.Limits(max_keepalive_connections=0)
_HOST_CHARS = re.compile(r"[a-z0-9._-]+")
_NUMBER = re.compile(r"[0-9]+|0x[0-9a-f]*")


@dataclass
class FetchedPage:
    url: str  # as requested
    final_url: str  # after redirects
    content_type: str  # media type only, e.g. "text/html"
    data: bytes
    charset: str | None = None  # as declared in the Content-Type header, if at all


def system_resolver(host: str) -> list[IPAddress]:
    """Every address the system resolver gives for `host` (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise BadInput(f"Could not find the site {host}: no such host name.") from exc
    return [ipaddress.ip_address(info[4][0]) for info in infos]


def check_address(
    host: str,
    allow_private: bool = False,
    *,
    resolver: Resolver = system_resolver,
    allow_networks: Iterable[IPNetwork] = (),
) -> list[IPAddress]:
    """The addresses of `host`, refusing with BadInput unless every one of them is public.

    `host` is a URL's host in any spelling (`[::1]`, `0x7f000001`, `example.com.`). Literal
    addresses are parsed, never looked up. `allow_networks` are treated as public: a seam for a
    known internal mirror, or for tests playing a public site on loopback.
    """
    name = _normalise_host(host)
    literal = _parse_literal(name)
    if literal is not None:
        addresses = [literal]
    else:
        if not allow_private and (name == "localhost" or name.endswith(".localhost")):
            # RFC 6761: these always mean this machine, whatever a resolver says.
            raise BadInput(f"Refusing {host}: it is this machine, not a public web site.")
        addresses = list(dict.fromkeys(resolver(name)))
        if not addresses:
            raise BadInput(f"Could not find the site {host}: it has no addresses.")
    if not allow_private:
        allowed = tuple(allow_networks)
        for address in addresses:
            reason = _not_public(address)
            if reason and not any(address in net for net in allowed):
                raise BadInput(
                    f"Refusing {host}: it leads to {address}, {reason}; "
                    "only public web sites can be added."
                )
    return addresses


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = 5_000_000,
    timeout: float = 15.0,
    max_redirects: int = 5,
    resolver: Resolver = system_resolver,
    allow_networks: Iterable[IPNetwork] = (),
    transport: httpx.BaseTransport | None = None,
) -> FetchedPage:
    """Download a web page or text document, following redirects, each hop checked.

    `resolver` and `allow_networks` are passed to `check_address` for every hop. `transport`
    carries the requests once pinned to their checked addresses (default: a plain
    `httpx.HTTPTransport`; tests pass one that trusts their own certificate).
    """
    deadline = time.monotonic() + timeout
    allow_networks = tuple(allow_networks)
    # No httpx.Client: it would follow its own redirect logic and honour proxy variables from
    # the environment (a proxy resolves the name itself). The transport is all we need.
    with _PinnedTransport(transport or httpx.HTTPTransport(limits=_NO_KEEPALIVE)) as pinned:
        current = _parse_url(url)
        for hop in range(max_redirects + 1):
            host, addresses = _check_url(current, allow_private, resolver, allow_networks)
            current = current.copy_with(host=host)
            pinned.pin(host, addresses)
            log.debug("fetching %s via %s (hop %d)", current, addresses[0], hop)
            location, page = _get(pinned, current, deadline, timeout, max_bytes)
            if page is not None:
                page.url = url
                return page
            current = _parse_url(location, base=current)
    raise BadInput(f"Too many redirects (more than {max_redirects}) from {url}.")


class _PinnedTransport(httpx.BaseTransport):
    """Sends each request to an address checked for its host, never to a fresh lookup.

    The URL's host is swapped for the address just before sending; the Host header, already
    written from the name, stays, and `sni_hostname` makes TLS use and verify the name.
    The default inner transport keeps no connection alive, so one opened with a name's SNI is
    never reused for another name on the same address; a transport passed in should do the same.
    """

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner
        self._pins: dict[str, list[IPAddress]] = {}

    def pin(self, host: str, addresses: Sequence[IPAddress]) -> None:
        self._pins[host] = list(addresses)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.raw_host.decode("ascii")
        addresses = self._pins.get(host)
        if not addresses:  # only reachable through a bug; never connect unchecked
            raise httpx.ConnectError(f"no checked address for {host}", request=request)
        extensions = dict(request.extensions)
        if _parse_literal(host) is None:
            extensions["sni_hostname"] = host
        error: httpx.ConnectError | None = None
        for address in addresses:  # every one was checked, so falling back is safe
            direct = httpx.Request(
                request.method,
                request.url.copy_with(host=str(address)),
                headers=request.headers,
                stream=request.stream,
                extensions=extensions,
            )
            try:
                return self._inner.handle_request(direct)
            except httpx.ConnectError as exc:
                error = exc
        assert error is not None
        raise error

    def close(self) -> None:
        self._inner.close()


def _get(
    transport: httpx.BaseTransport,
    url: httpx.URL,
    deadline: float,
    timeout: float,
    max_bytes: int,
) -> tuple[str, FetchedPage | None]:
    """One request: (Location, None) for a redirect, else ("", the page)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _too_slow(url, timeout)
    request = httpx.Request(
        "GET", url, headers=HEADERS, extensions={"timeout": httpx.Timeout(remaining).as_dict()}
    )
    try:
        with contextlib.closing(transport.handle_request(request)) as response:
            if response.status_code in REDIRECTS:
                location = response.headers.get("location", "")
                if not location:
                    raise BadInput(f"{url.host} answered with a redirect to nowhere.")
                return location, None
            if response.status_code != 200:
                reason = response.reason_phrase or "error"
                raise BadInput(f"{url.host} answered {response.status_code} {reason} for {url}.")
            content_type = _check_type(response, url)
            data = _read_capped(response, url, deadline, timeout, max_bytes)
            if not response.headers.get("content-type"):
                content_type = _sniff(data, url)
            return "", FetchedPage(
                url="",
                final_url=str(url),
                content_type=content_type,
                data=data,
                charset=response.charset_encoding,
            )
    except httpx.TimeoutException as exc:
        raise _too_slow(url, timeout) from exc
    except httpx.ConnectError as exc:
        raise BadInput(f"Could not connect to {url.host}: {exc or 'connection failed'}.") from exc
    except httpx.HTTPError as exc:
        raise BadInput(f"Could not fetch {url}: {exc or type(exc).__name__}.") from exc


def _read_capped(
    response: httpx.Response, url: httpx.URL, deadline: float, timeout: float, max_bytes: int
) -> bytes:
    too_big = BadInput(f"The page at {url} is larger than {_size(max_bytes)}, the limit.")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise too_big
        # httpx's timeout is per read; this bounds a server that drips bytes forever.
        if time.monotonic() > deadline:
            raise _too_slow(url, timeout)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_type(response: httpx.Response, url: httpx.URL) -> str:
    """The media type, refused before the body is read if it is not a page or text."""
    header = response.headers.get("content-type", "")
    media = header.split(";", 1)[0].strip().lower()
    if not media or media in TEXT_TYPES:
        return media
    raise BadInput(
        f"{url} is {_describe(media)} ({media}), not a web page or text; "
        "only web pages and text documents can be added."
    )


def _sniff(data: bytes, url: httpx.URL) -> str:
    """A type for a body sent without one: HTML or UTF-8 text, else refused."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if b"\x00" not in data:
            return "text/plain"
    raise BadInput(f"{url} did not say what it is and does not look like a web page or text.")


def _describe(media: str) -> str:
    if media == "application/pdf":
        return "a PDF document"
    if media.startswith("image/"):
        return "an image"
    if media.startswith(("audio/", "video/")):
        return "audio or video"
    if media == "application/octet-stream":
        return "a binary file"
    return "not a page"


def _too_slow(url: httpx.URL, timeout: float) -> BadInput:
    return BadInput(f"{url.host} took too long to answer (limit {timeout:g} s).")


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def _parse_url(text: str, base: httpx.URL | None = None) -> httpx.URL:
    """An absolute http(s) URL without credentials, or BadInput."""
    shown = text if len(text) <= 200 else text[:200] + "…"
    try:
        url = base.join(text) if base is not None else httpx.URL(text.strip())
    except (httpx.InvalidURL, ValueError, TypeError) as exc:
        raise BadInput(f"Not a valid URL: {shown} ({exc}).") from exc
    where = "redirected to" if base is not None else "given"
    if url.scheme not in ALLOWED_SCHEMES:
        scheme = f"{url.scheme}:" if url.scheme else "no scheme"
        raise BadInput(f"Only http:// and https:// links can be added; {where} {scheme} ({shown}).")
    if url.userinfo:
        raise BadInput(f"Links with a user name or password are refused ({where} one).")
    if not url.raw_host:
        raise BadInput(f"Not a valid URL: {shown} has no host.")
    return url


def _check_url(
    url: httpx.URL, allow_private: bool, resolver: Resolver, allow_networks: tuple[IPNetwork, ...]
) -> tuple[str, list[IPAddress]]:
    """The host to request (canonical spelling) and its checked addresses."""
    raw = url.raw_host.decode("ascii")
    addresses = check_address(raw, allow_private, resolver=resolver, allow_networks=allow_networks)
    name = _normalise_host(raw)
    literal = _parse_literal(name)
    return (str(literal) if literal is not None else name), addresses


def _normalise_host(host: str) -> str:
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name.endswith(".") and not name.endswith(".."):
        name = name[:-1]  # the root label: "example.com." is "example.com"
    if not name:
        raise BadInput("Not a valid URL: it has no host.")
    if ":" not in name and not _HOST_CHARS.fullmatch(name):
        # Percent-escapes and the like: browsers decode them, so refuse rather than guess.
        raise BadInput(f"Not a valid host name: {host}.")
    return name


def _parse_literal(name: str) -> IPAddress | None:
    """The address a literal host spells, or None for a host name.

    IPv4 follows the WHATWG URL standard (as browsers and inet_aton do): 1 to 4 parts, each
    decimal, octal (leading 0) or hex (0x), the last filling the remaining bytes, so
    `2130706433`, `0x7f000001`, `0177.0.0.1` and `127.1` are all 127.0.0.1. A name whose last
    label is a number is an address or invalid, never a name to look up.
    """
    if ":" in name:
        try:
            return ipaddress.IPv6Address(name)
        except ValueError as exc:
            raise BadInput(f"Not a valid IPv6 address: [{name}].") from exc
    parts = name.split(".")
    if not _NUMBER.fullmatch(parts[-1]):
        return None
    invalid = BadInput(f"Not a valid address: {name}.")
    if len(parts) > 4:
        raise invalid
    numbers = [_ipv4_number(part, invalid) for part in parts]
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        raise invalid
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _ipv4_number(part: str, invalid: BadInput) -> int:
    try:
        if part.startswith("0x"):
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        raise invalid from None


def _not_public(address: IPAddress) -> str | None:
    """Why `address` is not a public unicast address, or None if it is."""
    if isinstance(address, ipaddress.IPv6Address):
        # Addresses that carry an IPv4 address are judged by it (mapped, NAT64, 6to4).
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return _not_public(embedded)
        address = ipaddress.IPv6Address(int(address))  # drop any %scope
    for network, label in _BLOCKED:
        if address in network:
            return label
    if not address.is_global or address.is_reserved or address.is_multicast:
        return "not a public address"
    return None
