"""index.fetch against a real web server on 127.0.0.1, started and stopped by each test.

A test plays a public site on loopback with a fake resolver (`news.example` → 127.0.0.1) and
`allow_networks=[127.0.0.1/32]`; every other private address stays refused, so redirects
into them can be tested without leaving this machine.
"""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote

import httpx
import pytest

from index.errors import BadInput
from index.fetch import FetchedPage, check_address, fetch_url

PAGE = b"<!doctype html><html><head><title>Talks</title></head><body><p>Hello.</p></body></html>"
ARTICLE_PAGE = (
    b"<!doctype html><html><head><title>Envoys meet in Geneva</title></head><body><article>"
    + b"<p>Envoys from both delegations met in Geneva on Tuesday to discuss corridors. "
    + b"\xe2\x80\x9cWe agreed on two corridors,\xe2\x80\x9d said Mykola Tochytskyi, the deputy "
    + b"foreign minister who led the talks.</p>" * 4
    + b"</article></body></html>"
)
PLAYS_PUBLIC = [ipaddress.ip_network("127.0.0.1/32")]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        site = self.server.site
        site.hosts.append(self.headers.get("Host", ""))
        path, _, query = self.path.partition("?")
        # The client hangs up mid-answer on refusals, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ssl.SSLError):
            site.route(self, path, parse_qs(query))

    def reply(self, body: bytes, content_type: str | None = "text/html; charset=utf-8") -> None:
        self.send_response(200)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _Server(http.server.ThreadingHTTPServer):
    site: Site

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        self.site.connections += 1
        super().process_request(request, client_address)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client closing mid-response is expected here


class Site:
    """A loopback web server with one route per case; stops at the end of its `with`."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.site = self
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.connections = 0
        self.hosts: list[str] = []
        self.sent = 0
        self.stop = threading.Event()
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,))

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()  # releases handlers still waiting or dripping
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, h: _Handler, path: str, query: dict[str, list[str]]) -> None:
        if path == "/page":
            h.reply(PAGE)
        elif path == "/host":
            h.reply(h.headers.get("Host", "").encode(), "text/plain")
        elif path == "/latin1":
            h.reply("Zelensky’s café".encode("cp1252"), "text/plain; charset=windows-1252")
        elif path == "/markdown":
            h.reply(b"# Talks\n\nHello.\n", "text/markdown")
        elif path == "/xhtml":
            h.reply(PAGE, "application/xhtml+xml")
        elif path == "/untyped-html":
            h.reply(PAGE, None)
        elif path == "/untyped-binary":
            h.reply(b"\x89\x00\x01\x02" * 64, None)
        elif path == "/pdf":
            h.reply(b"%PDF-1.7\n" + b"\x00" * 64, "application/pdf")
        elif path == "/png":
            h.reply(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif path == "/octet":
            h.reply(b"\x00" * 64, "application/octet-stream")
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            h.redirect(f"/redirect/{n - 1}" if n > 1 else "/page")
        elif path == "/relative":
            h.redirect("page")
        elif path == "/to":
            h.redirect(query["url"][0])
        elif path == "/missing":
            h.send_error(404, "Not Found")
        elif path in ("/big", "/big-declared"):
            self._stream(h, declared=path == "/big-declared")
        elif path == "/slow":
            self.stop.wait(10)
            h.reply(PAGE)
        elif path == "/slow-article":
            self.stop.wait(10)
            h.reply(ARTICLE_PAGE)
        elif path == "/drip":
            self._drip(h)
        else:
            h.send_error(500, f"no route {path}")

    def _stream(self, h: _Handler, declared: bool) -> None:
        """A 1 GB body, produced lazily and cut off when the client goes away."""
        total, chunk = 1_000_000_000, b"x" * 65536
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        if declared:
            h.send_header("Content-Length", str(total))
        h.end_headers()  # without Content-Length the body ends when the connection closes
        while self.sent < total and not self.stop.is_set():
            h.wfile.write(chunk)
            self.sent += len(chunk)

    def _drip(self, h: _Handler) -> None:
        """One byte every 50 ms: each read is quick, the whole takes 50 s."""
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(1000):
            if self.stop.wait(0.05):
                return
            h.wfile.write(b"x")
            h.wfile.flush()


class FakeDNS:
    """A resolver with fixed answers that records what it was asked."""

    def __init__(self, records: dict[str, list[str]]) -> None:
        self.records = records
        self.lookups: list[str] = []

    def __call__(self, host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        self.lookups.append(host)
        if host not in self.records:
            raise BadInput(f"Could not find the site {host}.")
        return [ipaddress.ip_address(a) for a in self.records[host]]


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


@pytest.fixture
def dns() -> FakeDNS:
    return FakeDNS(
        {
            "news.example": ["127.0.0.1"],
            "intranet.example": ["10.0.0.5"],
            "mixed.example": ["127.0.0.1", "192.168.1.1"],
        }
    )


def fetch_public(url: str, dns: FakeDNS, **kwargs: object) -> FetchedPage:
    """Fetch with news.example (really 127.0.0.1) counted as a public site."""
    return fetch_url(url, resolver=dns, allow_networks=PLAYS_PUBLIC, **kwargs)  # type: ignore[arg-type]


# --- fetching -------------------------------------------------------------------------------


def test_fetches_a_page_from_loopback_when_private_allowed(site: Site) -> None:
    page = fetch_url(site.url("/page"), allow_private=True)
    assert page == FetchedPage(
        url=site.url("/page"),
        final_url=site.url("/page"),
        content_type="text/html",
        data=PAGE,
        charset="utf-8",
    )


def test_loopback_is_refused_by_default(site: Site) -> None:
    with pytest.raises(BadInput, match="loopback"):
        fetch_url(site.url("/page"))
    assert site.connections == 0


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/markdown", "text/markdown"),
        ("/xhtml", "application/xhtml+xml"),
        ("/untyped-html", "text/html"),
    ],
)
def test_accepts_pages_and_text(site: Site, path: str, content_type: str) -> None:
    assert fetch_url(site.url(path), allow_private=True).content_type == content_type


def test_reports_the_declared_charset(site: Site) -> None:
    page = fetch_url(site.url("/latin1"), allow_private=True)
    assert (page.content_type, page.charset) == ("text/plain", "windows-1252")
    assert page.data.decode(page.charset) == "Zelensky’s café"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/pdf", "a PDF document"),
        ("/png", "an image"),
        ("/octet", "a binary file"),
        ("/untyped-binary", "does not look like a web page or text"),
    ],
)
def test_refuses_content_that_is_not_a_page(site: Site, path: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        fetch_url(site.url(path), allow_private=True)


def test_refuses_an_error_status(site: Site) -> None:
    with pytest.raises(BadInput, match="answered 404"):
        fetch_url(site.url("/missing"), allow_private=True)


# --- redirects ------------------------------------------------------------------------------


def test_follows_a_redirect_chain_to_its_end(site: Site) -> None:
    page = fetch_url(site.url("/redirect/5"), allow_private=True, max_redirects=5)
    assert (page.url, page.final_url, page.data) == (
        site.url("/redirect/5"),
        site.url("/page"),
        PAGE,
    )
    assert site.connections == 6


def test_follows_a_relative_redirect(site: Site) -> None:
    assert fetch_url(site.url("/relative"), allow_private=True).final_url == site.url("/page")


def test_refuses_too_many_redirects(site: Site) -> None:
    with pytest.raises(BadInput, match="Too many redirects"):
        fetch_url(site.url("/redirect/6"), allow_private=True, max_redirects=5)
    assert site.connections == 6


def test_a_public_site_is_fetched_by_name_from_the_checked_address(
    site: Site, dns: FakeDNS
) -> None:
    # news.example exists only in the fake resolver: success means the connection went to
    # the address that was checked, with the name kept in the Host header.
    page = fetch_public(site.url("/host", "news.example"), dns)
    assert page.data == f"news.example:{site.port}".encode()
    assert dns.lookups == ["news.example"]


def test_a_trailing_dot_name_is_the_same_site(site: Site, dns: FakeDNS) -> None:
    page = fetch_public(site.url("/host", "News.Example."), dns)
    assert page.data == f"news.example:{site.port}".encode()
    assert page.final_url == site.url("/host", "news.example")


@pytest.mark.parametrize(
    "target",
    [
        "http://intranet.example:{port}/page",
        "http://mixed.example:{port}/page",
        "http://127.0.0.2:{port}/page",
        "http://0x7f000002:{port}/page",
        "http://[::1]:{port}/page",
        "http://localhost:{port}/page",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_refuses_a_redirect_from_a_public_site_to_a_private_one(
    site: Site, dns: FakeDNS, target: str
) -> None:
    start = site.url("/to?url=" + quote(target.format(port=site.port), safe=""), "news.example")
    with pytest.raises(BadInput, match="Refusing"):
        fetch_public(start, dns)
    assert site.connections == 1  # the public hop only


def test_each_hop_is_checked_again_so_dns_rebinding_is_caught(site: Site) -> None:
    answers = iter([["127.0.0.1"], ["10.0.0.5"]])  # public first, then "rebound"

    def rebinding(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return [ipaddress.ip_address(a) for a in next(answers)]

    with pytest.raises(BadInput, match=r"10\.0\.0\.5, a private address"):
        fetch_url(
            site.url("/redirect/1", "news.example"),
            resolver=rebinding,
            allow_networks=PLAYS_PUBLIC,
        )
    assert site.connections == 1


@pytest.mark.parametrize(
    "target",
    ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)", "http://u:p@{host}/"],
)
def test_refuses_a_redirect_to_another_scheme_or_to_credentials(
    site: Site, dns: FakeDNS, target: str
) -> None:
    target = target.format(host=f"news.example:{site.port}")
    with pytest.raises(BadInput, match=r"Only http|user name or password"):
        fetch_public(site.url("/to?url=" + quote(target, safe=""), "news.example"), dns)
    assert site.connections == 1


# --- refusals made before any connection ---------------------------------------------------

LOOPBACK_AND_PRIVATE = [
    "127.0.0.1", "127.0.0.1.", "127.1", "127.0.1", "0x7f000001", "0X7F000001", "0x7f.0.0.1",
    "0x7f.1", "2130706433", "0177.0.0.1", "017700000001", "localhost", "localhost.",
    "LocalHost", "www.localhost", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]", "[::127.0.0.1]", "[64:ff9b::127.0.0.1]", "[2002:7f00:1::]",
    "0.0.0.0", "0", "[::]", "10.0.0.1", "172.16.5.4", "192.168.0.1", "169.254.169.254",
    "100.64.0.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
    "198.18.0.1", "192.0.0.170", "192.0.2.1", "[fe80::1]", "[fc00::1]", "[fd00:ec2::254]",
    "[fec0::1]", "[ff02::1]", "[2001:db8::1]", "[2001::1]", "%31%32%37.0.0.1", "1.2.3.256",
]  # fmt: skip


@pytest.mark.parametrize("host", LOOPBACK_AND_PRIVATE)
def test_refuses_every_spelling_of_loopback_and_private(site: Site, host: str) -> None:
    dns = FakeDNS({})
    with pytest.raises(BadInput, match=r"Refusing|Not a valid"):
        fetch_url(site.url("/page", host), resolver=dns, timeout=2)
    assert site.connections == 0
    assert dns.lookups == []  # literals and localhost are never looked up


@pytest.mark.parametrize(
    "host", ["127.1", "0x7f000001", "2130706433", "017700000001", "127.0.0.1."]
)
def test_odd_spellings_mean_the_address_they_spell(site: Site, host: str) -> None:
    page = fetch_url(site.url("/host", host), allow_private=True)
    assert page.data == f"127.0.0.1:{site.port}".encode()
    assert page.final_url == site.url("/host")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "gopher://example.com/",
        "example.com/article",
        "//example.com/article",
        "http://",
        "",
    ],
)
def test_refuses_urls_that_are_not_http(url: str) -> None:
    dns = FakeDNS({"example.com": ["93.184.215.14"]})
    with pytest.raises(BadInput):
        fetch_url(url, resolver=dns)
    assert dns.lookups == []


@pytest.mark.parametrize("userinfo", ["user:secret@", "user@", ":secret@"])
def test_refuses_credentials_in_the_url(site: Site, userinfo: str) -> None:
    with pytest.raises(BadInput, match="user name or password"):
        fetch_url(f"http://{userinfo}127.0.0.1:{site.port}/page", allow_private=True)
    assert site.connections == 0


def test_check_address_needs_every_address_public(dns: FakeDNS) -> None:
    with pytest.raises(BadInput, match=r"192\.168\.1\.1, a private address"):
        check_address("mixed.example", resolver=dns, allow_networks=PLAYS_PUBLIC)
    with pytest.raises(BadInput, match=r"10\.0\.0\.5"):
        check_address("intranet.example", resolver=dns)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("93.184.215.14", "93.184.215.14"),
        ("[2606:4700::1111]", "2606:4700::1111"),
        ("[::ffff:8.8.8.8]", "::ffff:8.8.8.8"),
        ("0x08080808", "8.8.8.8"),
    ],
)
def test_check_address_accepts_public_literals(host: str, expected: str) -> None:
    assert check_address(host, resolver=FakeDNS({})) == [ipaddress.ip_address(expected)]


def test_check_address_resolves_names_and_allows_private_when_asked(dns: FakeDNS) -> None:
    assert check_address("intranet.example", allow_private=True, resolver=dns) == [
        ipaddress.ip_address("10.0.0.5")
    ]
    # The real resolver, answering from /etc/hosts: localhost is this machine.
    assert all(a.is_loopback for a in check_address("localhost", allow_private=True))


# --- size and time --------------------------------------------------------------------------


def test_refuses_a_body_declared_too_big_before_reading_it(site: Site) -> None:
    with pytest.raises(BadInput, match="larger than 100 kB"):
        fetch_url(site.url("/big-declared"), allow_private=True, max_bytes=100_000)


def test_stops_reading_a_body_past_the_cap(site: Site) -> None:
    started = time.monotonic()
    with pytest.raises(BadInput, match="larger than 100 kB"):
        fetch_url(site.url("/big"), allow_private=True, max_bytes=100_000)
    assert time.monotonic() - started < 5
    assert site.sent < 50_000_000  # of the 1 GB on offer: the rest was never sent


def test_accepts_a_body_exactly_at_the_cap(site: Site) -> None:
    assert fetch_url(site.url("/page"), allow_private=True, max_bytes=len(PAGE)).data == PAGE
    with pytest.raises(BadInput, match="larger than"):
        fetch_url(site.url("/page"), allow_private=True, max_bytes=len(PAGE) - 1)


def test_gives_up_on_a_server_that_does_not_answer(site: Site) -> None:
    started = time.monotonic()
    with pytest.raises(BadInput, match="took too long"):
        fetch_url(site.url("/slow"), allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 3


def test_the_timeout_bounds_the_whole_download_not_each_read(site: Site) -> None:
    started = time.monotonic()
    with pytest.raises(BadInput, match="took too long"):
        fetch_url(site.url("/drip"), allow_private=True, timeout=1.0)
    assert time.monotonic() - started < 3


# --- TLS: the pinned connection still speaks to the name ------------------------------------


@pytest.fixture
def tls(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting it) for a certificate naming news.example."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


def test_https_uses_the_name_for_sni_and_the_certificate(
    tls: tuple[ssl.SSLContext, ssl.SSLContext], dns: FakeDNS
) -> None:
    server_ctx, client_ctx = tls
    sni: list[str | None] = []
    server_ctx.sni_callback = lambda _sock, name, _ctx: sni.append(name)
    with Site(tls=server_ctx) as site:
        url = f"https://news.example:{site.port}/host"
        page = fetch_public(url, dns, transport=httpx.HTTPTransport(verify=client_ctx))
        assert page.data == f"news.example:{site.port}".encode()
        assert sni == ["news.example"]
        # The same server by address: the certificate does not name it, so it is refused.
        with pytest.raises(BadInput, match="Could not connect"):
            fetch_url(
                f"https://127.0.0.1:{site.port}/host",
                allow_private=True,
                transport=httpx.HTTPTransport(verify=client_ctx),
            )


async def test_a_build_started_during_a_download_is_refused_at_once(
    site: Site, tmp_path: Path, clean_env: None
) -> None:
    # The page is fetched inside the build slot: a reindex asked for meanwhile is told a build
    # is running, and the page the moderator asked for is still added.
    import asyncio

    from conftest import copy_corpus, make_settings

    from index.embed import FakeEmbedder
    from index.errors import Busy
    from index.service import Parley

    copy_corpus(tmp_path)
    parley = Parley(make_settings(tmp_path, allow_private_urls=True), FakeEmbedder())
    await parley.open()
    try:
        adding = asyncio.create_task(parley.add_url(site.url("/slow-article")))
        for _ in range(100):
            if parley.building:
                break
            await asyncio.sleep(0.02)
        assert parley.building
        with pytest.raises(Busy):
            await parley.build()
        site.stop.set()  # the slow page answers now
        result = await adding
        assert [a["title"] for a in result.articles] == ["Envoys meet in Geneva"]
    finally:
        await parley.close()
