"""Real HTTP servers on loopback for tests and benchmarks: served from a thread for the length of a block."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

Server = TypeVar("Server", bound=socketserver.TCPServer)


@contextmanager
def running(*servers: Server) -> Iterator[tuple[Server, ...]]:
    """Serve each bound server from its own thread; shut every one down and close it after the block."""
    threads = []
    for server in servers:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        threads.append(thread)
    try:
        yield servers
    finally:
        for server, thread in zip(servers, threads, strict=True):
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


def base_url(server: socketserver.TCPServer) -> str:
    """http://host:port of a bound server."""
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


@contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler], host: str = "127.0.0.1") -> Iterator[str]:
    """`handler` served by a ThreadingHTTPServer on a free port of `host`; yields the server's base URL."""
    server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    with running(server):
        yield base_url(server)


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and sends a whole answer in one call."""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def reply(self, status: int, body: bytes | str, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        """Status, Content-Type, Content-Length, `headers` (underscores become dashes) and the body."""
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)
