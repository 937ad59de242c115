"""Refuse request bodies over the size limit (413) before they are read into memory."""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bqw.errors import InputTooLarge


class BodyLimit:
    """ASGI middleware: 413 for a declared Content-Length over ``max_bytes``; a chunked body
    that grows past it raises InputTooLarge inside the route, which the error handlers turn
    into 413 as well."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                response = PlainTextResponse(f"request body larger than {self.max_bytes} bytes\n", status_code=413)
                await response(scope, receive, send)
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise InputTooLarge(f"request body larger than {self.max_bytes} bytes")
            return message

        await self.app(scope, limited, send)
