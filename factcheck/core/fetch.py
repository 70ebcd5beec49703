"""Fetching a web page for the desk, safely (no database here).

The fetcher is an SSRF target: whoever can type a URL could make the server
ask its own network (a database port, the cloud metadata service at
169.254.169.254) for something. So by default it only ever connects to public
addresses, and it checks the address it actually connects to: the host name
is resolved ONCE inside the connection (`PublicOnlyBackend.connect_tcp`),
every address it resolves to is checked, and the socket is opened to that
checked IP. httpx keeps the URL's host name for the Host header, for TLS's SNI
and for certificate checks, so nothing else changes. A name that resolves to a
private address a second time (DNS rebinding) cannot slip through, since there
is no second resolution. Redirects are followed by hand, each new URL checked
again the same way. `FACTCHECK_FETCH_ALLOW` (comma-separated CIDRs) allows more
addresses: the tests' local servers on 127.0.0.1.

Every limit is enforced while reading: the size (streamed, stopped at the limit,
so a 100 MB page costs at most the limit), a total deadline over the whole fetch
(a server that drips a byte a second is stopped by it, not only by a read
timeout), and the number of redirects.
"""

import functools
import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

from .ingest import decode_bytes

MAX_REDIRECTS = 5
USER_AGENT = "Factcheck archiver (+https://github.com/factcheck)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = (*HTML_TYPES, "text/plain")


class FetchError(Exception):
    """A URL could not be fetched; `code` is short (for the record), str() is for people."""

    def __init__(self, code, message, *, status=None):
        super().__init__(message)
        self.code, self.status = code, status


def not_allowed(address):
    return FetchError(
        "not_allowed",
        f"The address {address} is not a public address: the fetcher does not connect to "
        "local, private, link-local or reserved addresses.",
    )


@dataclass
class Fetched:
    """What a fetch brought back: the final response and its body (decoded of any
    Content-Encoding, at most the size limit)."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    reason: str
    http_version: str
    headers: list  # [(name, value)] as received
    body: bytes
    fetched_at: datetime
    redirects: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def content_type(self):
        return self.header("content-type").split(";")[0].strip().lower()

    @property
    def charset(self):
        for part in self.header("content-type").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset":
                return value.strip().strip("\"'").lower()
        return ""

    def header(self, name):
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), "")


def allowed_networks():
    raw = getattr(settings, "FACTCHECK_FETCH_ALLOW", "") or ""
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    return [ipaddress.ip_network(part.strip(), strict=False) for part in raw]


def is_public(ip):
    """Whether `ip` is a globally routable unicast address. IPv4-mapped and
    6to4/NAT64-style IPv6 forms are judged by the IPv4 address inside them."""
    ip = ipaddress.ip_address(ip)
    if ip.version == 6:
        if ip.ipv4_mapped:
            return is_public(ip.ipv4_mapped)
        if ip.sixtofour:
            return is_public(ip.sixtofour)
        if ip in ipaddress.ip_network("64:ff9b::/96"):
            return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


def check_address(ip):
    """Refuse `ip` unless it is public or in FACTCHECK_FETCH_ALLOW."""
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in network for network in allowed_networks()):
        return
    if not is_public(address):
        raise not_allowed(address)


def resolve(host, port):
    """The addresses `host` resolves to (a seam for tests)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def checked_address(host, port):
    """Resolve `host` once and return one address to connect to, having
    checked every address it resolves to (one bad address refuses the name:
    which one the system would pick is not ours to guess)."""
    host = host.strip("[]")
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError):
            raise FetchError("dns", f"The name {host} could not be found (DNS).")
        if not addresses:
            raise FetchError("dns", f"The name {host} could not be found (DNS).")
    for address in addresses:
        check_address(address.split("%")[0])
    return addresses[0]


def check_url(url):
    """Refuse what is not an absolute http(s) URL with a host, before any network."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise FetchError("bad_url", "This is not a valid URL.")
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError("bad_url", "Only http:// and https:// addresses can be fetched.")
    if not parts.hostname:
        raise FetchError("bad_url", "The URL has no host name.")
    try:
        ipaddress.ip_address(parts.hostname)
    except ValueError:
        return url.strip()
    check_address(parts.hostname)  # a literal address is refused at once
    return url.strip()


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write is bounded by one total deadline."""

    def __init__(self, stream, deadline):
        self.stream, self.deadline = stream, deadline

    def _timeout(self, timeout):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("total deadline")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes, timeout=None):
        return self.stream.read(max_bytes, self._timeout(timeout))

    def write(self, buffer, timeout=None):
        self.stream.write(buffer, self._timeout(timeout))

    def close(self):
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        stream = self.stream.start_tls(ssl_context, server_hostname, self._timeout(timeout))
        return DeadlineStream(stream, self.deadline)

    def get_extra_info(self, info):
        return self.stream.get_extra_info(info)


class PublicOnlyBackend(httpcore.SyncBackend):
    """Resolve, check and connect to the checked IP, in one place."""

    def __init__(self, deadline):
        self.deadline = deadline
        self.connected = []  # (host, ip, port) of each connection made

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        ip = checked_address(host, port)
        self.connected.append((host, ip, port))
        stream = super().connect_tcp(ip, port, timeout, local_address, socket_options)
        return DeadlineStream(stream, self.deadline)


@functools.cache
def ssl_context():
    """Certificate checks on (loading the CA bundle takes about 0.1 s: once a process)."""
    return httpx.create_ssl_context()


def make_client(deadline):
    timeout = settings.FACTCHECK_FETCH_TIMEOUT
    pool = httpcore.ConnectionPool(
        network_backend=PublicOnlyBackend(deadline),
        ssl_context=ssl_context(),
        max_connections=1,
    )
    transport = httpx.HTTPTransport(verify=ssl_context())
    transport._pool = pool  # httpx has no public way to give its transport a network backend
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(min(10.0, timeout), read=min(10.0, timeout)),
        follow_redirects=False,
        trust_env=False,  # no proxy from the environment: we connect where we checked
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"},
    )


def fetch(url, *, max_bytes=None, timeout=None, accept=None):
    """GET `url` and return a Fetched, or raise FetchError saying why not.

    `accept` (content types, e.g. TEXT_TYPES) refuses other types before the
    body is read. A 4xx/5xx answer is an error (its status is kept)."""
    max_bytes = max_bytes or settings.FACTCHECK_FETCH_MAX_BYTES
    timeout = timeout or settings.FACTCHECK_FETCH_TIMEOUT
    started = time.monotonic()
    deadline = started + timeout
    url = check_url(url)
    seen, current = [], url
    with make_client(deadline) as client:
        for _ in range(MAX_REDIRECTS + 1):
            seen.append(current)
            response = _get(client, current, max_bytes, accept)
            if response.status not in (301, 302, 303, 307, 308):
                break
            location = response.header("location")
            if not location:
                break
            current = check_url(urljoin(current, location))
            if current in seen:
                raise FetchError(
                    "redirect_loop", "The page redirects in a loop; nothing could be fetched."
                )
        else:
            raise FetchError(
                "redirects", f"The page redirects more than {MAX_REDIRECTS} times; stopped."
            )
    if response.status >= 400:
        raise FetchError(
            "http_status",
            f"The server answered {response.status} {response.reason}".strip() + ".",
            status=response.status,
        )
    response.url, response.redirects = url, seen[1:]
    response.seconds = time.monotonic() - started
    return response


def _get(client, url, max_bytes, accept):
    try:
        with client.stream("GET", url) as response:
            fetched = Fetched(
                url=url,
                final_url=url,
                status=response.status_code,
                reason=response.reason_phrase,
                http_version=response.http_version,
                headers=list(response.headers.multi_items()),
                body=b"",
                fetched_at=datetime.now(UTC),
            )
            if 300 <= fetched.status < 400 or fetched.status >= 400:
                return fetched
            if accept and fetched.content_type not in accept:
                raise FetchError(
                    "content_type",
                    f"This is not a web page: the server says it is "
                    f"“{fetched.content_type or 'of no type'}”.",
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise too_large(max_bytes)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(max_bytes)
                chunks.append(chunk)
            fetched.body = b"".join(chunks)
            return fetched
    except FetchError:
        raise
    except httpx.TimeoutException:
        raise FetchError("timeout", "The server took too long to answer; stopped.")
    except httpx.DecodingError:
        raise FetchError("bad_response", "The server's answer could not be decoded.")
    except (httpx.HTTPError, httpcore.ProtocolError, OSError) as error:
        cause = error.__cause__ or error.__context__
        if isinstance(cause, FetchError):
            raise cause
        raise FetchError("connection", f"The server could not be reached ({error}).")


def too_large(max_bytes):
    return FetchError(
        "too_large", f"The page is larger than the {max_bytes // (1024 * 1024) or 1} MB limit."
    )


def decode_page(fetched):
    """The page's text as str. The declared charset (header, then <meta>) is
    tried strictly; a page that lies about it (bytes that do not fit) is decoded
    by detection like an upload, which also refuses binary content."""
    body = fetched.body
    for charset in (fetched.charset, _meta_charset(body)):
        if charset:
            try:
                return body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_bytes(body)


def _meta_charset(body):
    match = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", body[:4096], re.I)
    return match.group(1).decode("ascii") if match else ""
