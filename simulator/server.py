"""SimulatorServer: all simulated portals on one loopback port, served from a background thread."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from simulator.corpus import Corpus
from simulator.pages import Response, Router
from simulator.render import Renderer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def _respond(self, with_body: bool) -> None:
        sim = self.server.sim
        resp = sim.handle(self.path)
        if resp.delay:
            time.sleep(resp.delay)
        if resp.not_modified(self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")):
            sim.count_not_modified()
            self.send_response(304)
            self._validators(resp)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = resp.body.encode("utf-8")
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Server", "Microsoft-IIS/10.0" if "aspx" in self.path else "Apache")
        self._validators(resp)
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def _validators(self, resp: Response) -> None:
        if resp.etag:
            self.send_header("ETag", resp.etag)
        if resp.last_modified:
            self.send_header("Last-Modified", format_datetime(resp.last_modified.astimezone(UTC), usegmt=True))

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet; SimulatorServer.hits records every request."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    sim: SimulatorServer


class SimulatorServer:
    """Context manager: starts the portals on host:port (0 = any free port), stops on exit."""

    def __init__(
        self,
        count: int = 1000,
        seed: int = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        slow_delay: float = 5.0,
        capacity: int | None = None,
    ) -> None:
        self.corpus = Corpus(count, seed, capacity=capacity)
        self.slow_delay = slow_delay
        self.hits: Counter[str] = Counter()
        self.disallowed_hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._total = 0
        self.not_modified = 0
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.sim = self
        self.host, self.port = host, int(self._httpd.server_address[1])
        self.base_url = f"http://{host}:{self.port}"
        self.router = Router(self.corpus, Renderer(self.corpus, self.total_hits), self.base_url, slow_delay)
        self._thread: threading.Thread | None = None

    def total_hits(self) -> int:
        """Requests served so far (feeds the visitor counter, so page bytes change between fetches)."""
        return self._total

    def handle(self, path: str) -> Response:
        """Route one request and record it."""
        resp = self.router.route(path)
        with self._lock:
            self.hits[path] += 1
            self._total += 1
            if resp.disallowed:
                self.disallowed_hits[path] += 1
        return resp

    def publish(self, n: int) -> None:
        """Publish the next `n` articles (needs `capacity`): they appear on page 1 of listings and in feeds."""
        with self._lock:
            self.corpus.grow(self.corpus.count + n)

    def count_not_modified(self) -> None:
        """Record one 304 answer (a conditional GET whose validators still match)."""
        with self._lock:
            self.not_modified += 1

    def start(self) -> SimulatorServer:
        """Serve in a daemon thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name="govnews-simulator", daemon=True)
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
