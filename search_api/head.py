"""HEAD for every GET route: answer as GET would, headers only (uptime checks use HEAD; FastAPI routes lack it)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: a HEAD request runs as GET; the body is dropped, the headers (Content-Length too) kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        done = False

        async def send_headers_only(message: Message) -> None:
            nonlocal done
            if message["type"] == "http.response.body":
                if done:
                    return
                done = True
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
