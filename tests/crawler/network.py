"""Raw-socket HTTP servers on loopback for the crawler's network caps: each route writes bytes as it likes.

A route is `(conn, path) -> None` writing straight to the socket, so a server can send headers that never end,
trickle a body a byte at a time, answer 429 with Retry-After, or serve a 10 MB robots.txt. Every request is
recorded (path, start and end time, bytes written); every response closes its connection.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from core.source import Politeness, Source
from tests.crawler.hostile import article_html
from tests.crawler.support import loopback_source
from tests.support.loopback import running

Route = Callable[["Conn", str], None]


@dataclass
class Hit:
    """One request as the server saw it."""

    path: str
    started: float
    ended: float = 0.0
    sent: int = 0


class Conn:
    """The socket of one request, counting what is written into its Hit."""

    def __init__(self, sock: socket.socket, hit: Hit) -> None:
        self.sock = sock
        self.hit = hit

    def write(self, data: bytes) -> bool:
        """Send `data` in 64 KiB pieces, counting each one sent; False once the client has gone."""
        for start in range(0, len(data), 65536):
            piece = data[start : start + 65536]
            try:
                self.sock.sendall(piece)
            except OSError:
                return False
            self.hit.sent += len(piece)
        return True

    def respond(self, status: str, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        """A whole response."""
        lines = [f"HTTP/1.1 {status}", f"Content-Type: {ctype}", f"Content-Length: {len(body)}", "Connection: close"]
        lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
        self.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)


@dataclass
class RawServer:
    """A loopback server whose routes are looked up by exact path, then by the longest prefix."""

    host: str = "127.0.0.1"
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: socketserver.ThreadingTCPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://{self.host}:{self.server.server_address[1]}"

    def paths(self, prefix: str = "") -> list[Hit]:
        """Hits whose path starts with `prefix`, in arrival order."""
        with self.lock:
            return [h for h in self.hits if h.path.startswith(prefix)]

    def route(self, path: str) -> Route:
        if path in self.routes:
            return self.routes[path]
        prefixes = sorted((p for p in self.routes if p.endswith("/") and path.startswith(p)), key=len)
        return self.routes[prefixes[-1]] if prefixes else _not_found


def _not_found(conn: Conn, path: str) -> None:
    conn.respond("404 Not Found", b"<html><body>Not found</body></html>")


class _Handler(socketserver.BaseRequestHandler):
    server: Any

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(30)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                return
            data += chunk
        path = data.split(b" ", 2)[1].decode("latin-1") if data.count(b" ") >= 2 else "/"
        owner: RawServer = self.server.owner
        hit = Hit(path, time.monotonic())
        with owner.lock:
            owner.hits.append(hit)
        try:
            owner.route(path)(Conn(sock, hit), path)
        finally:
            hit.ended = time.monotonic()


@contextmanager
def raw_servers(*servers: RawServer) -> Iterator[tuple[RawServer, ...]]:
    """Start each server on a free port of its host; stop them all after the block."""
    tcps = []
    for srv in servers:
        tcp = socketserver.ThreadingTCPServer((srv.host, 0), _Handler, bind_and_activate=False)
        tcp.daemon_threads = True
        tcp.allow_reuse_address = True
        tcp.server_bind()
        tcp.server_activate()
        tcp.owner = srv  # type: ignore[attr-defined]
        srv.server = tcp
        tcps.append(tcp)
    with running(*tcps):
        yield servers


# -- routes -----------------------------------------------------------------------------------------------------


def listing(links: list[str]) -> Route:
    """A listing page linking to `links`."""
    html = "".join(f'<a href="{href}">{href}</a>' for href in links)
    body = f"<html><body><h1>Tin tức</h1>{html}</body></html>".encode()
    return lambda conn, path: conn.respond("200 OK", body)


def article(conn: Conn, path: str) -> None:
    """A plain article page named after its path."""
    conn.respond("200 OK", article_html(f"Bài viết {path} về hội nghị tỉnh", None).encode())


def robots(text: str) -> Route:
    """A robots.txt."""
    body = text.encode()
    return lambda conn, path: conn.respond("200 OK", body, "text/plain")


def sitemap_index(nested: int, per: int) -> dict[str, Route]:
    """A sitemap index of `nested` sitemaps of `per` article URLs each (articles answered as plain text: archived, not
    cleaned), with an empty robots.txt."""

    def index(conn: Conn, path: str) -> None:
        locs = "".join(f"<sitemap><loc>/sm/{n}.xml</loc></sitemap>" for n in range(nested))
        conn.respond("200 OK", f"<sitemapindex>{locs}</sitemapindex>".encode(), "application/xml")

    def one(conn: Conn, path: str) -> None:
        n = path.rsplit("/", 1)[1].split(".")[0]
        locs = "".join(f"<url><loc>/tin/{n}-{i}.html</loc></url>" for i in range(per))
        body = f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{locs}</urlset>"
        conn.respond("200 OK", body.encode(), "application/xml")

    def plain(conn: Conn, path: str) -> None:
        conn.respond("200 OK", b"x", "text/plain")

    return {"/robots.txt": robots("User-agent: *\n"), "/sitemap.xml": index, "/sm/": one, "/tin/": plain}


def source(server: RawServer, sid: str = "net", **update: Any) -> Source:
    """A loopback Source over `server`: articles under /tin/, listings under /muc/."""
    fields: dict[str, Any] = {
        "id": sid,
        "name": f"Cổng thử {sid}",
        "province": "ha-noi",
        "listing_patterns": [r"/muc/"],
        "article_patterns": [r"/tin/"],
        "politeness": Politeness(download_delay=0.0, concurrency=4, autothrottle=False),
    }
    return loopback_source(server.base, **(fields | update))
