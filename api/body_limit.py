"""A request body larger than MAX_BODY_BYTES is refused with 413 `body_too_large` before it is
read whole: at once when its Content-Length says so, otherwise as soon as the chunks received
add up to more. Nishan's largest honest body (a transform of a hundred lots) is a few KiB.

Plain ASGI middleware, like api/security_headers.py: it never buffers the body, it only counts.
"""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response

MAX_BODY_BYTES = 64 * 1024
# Nishan reads no body of these: buyers' phones asking for pages pay nothing for the limit.
READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


def too_large_message(limit: int) -> str:
    return (
        f"The request body is larger than {limit // 1024} KiB, the most Nishan accepts; "
        "send less at a time."
    )


def too_large(limit: int) -> Response:
    return error_response(413, "body_too_large", too_large_message(limit))


class BodyTooLarge(HTTPException):
    """Raised from `receive` once the chunks exceed the limit. An HTTPException, so that FastAPI
    passes it on from the body it was reading and api/errors.py answers it as 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READ_ONLY:
            await self.app(scope, receive, send)  # no route that reads reads a body
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await too_large(self.max_bytes)(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def noted_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, noted_send)
        except BodyTooLarge:
            # Normally answered by the exception handlers already; this covers a reader outside
            # FastAPI's routes.
            if started:
                raise
            await too_large(self.max_bytes)(scope, receive, send)
