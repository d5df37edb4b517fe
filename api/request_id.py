"""Every request has an id: the client's X-Request-ID when it is a sane token, otherwise a new
random one. It goes back in the X-Request-ID header of every answer and is stamped, as
`request_id`, on every log record written while serving the request, so that a person who
quotes it from an answer (a 500 carries it in its body too) leads straight to the log lines.

Plain ASGI middleware, like api/security_headers.py: it only adds a header to the response's
start message.
"""

import logging
import re
import secrets
from contextvars import ContextVar
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
# Letters, digits, dot, underscore and hyphen: safe in a header, a log line and a JSON body.
SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
OUTSIDE_A_REQUEST = "-"

_current: ContextVar[str | None] = ContextVar("nishan_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served; None outside a request."""
    return _current.get()


def new_request_id() -> str:
    return secrets.token_hex(16)


def request_id_for(given: str | None) -> str:
    """The client's id when it is a sane token; a new one when it is absent or malformed."""
    return given if given is not None and SANE.fullmatch(given) else new_request_id()


class RequestId:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(Headers(scope=scope).get(HEADER))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        # Deliberately not reset afterwards. Each request is served in a task of its own (by
        # uvicorn, and by the TestClient), whose context ends with it; an exception that
        # escapes the app is answered by the 500 handler in Starlette's ServerErrorMiddleware,
        # outside every middleware, and then logged again by the server: both still need the id.
        _current.set(request_id)
        await self.app(scope, receive, send_with_id)


def install_request_id_logging() -> None:
    """Stamp every log record, from whichever logger (uvicorn's, Nishan's, a library's), with
    the current request's id, or "-" outside a request; a log format shows it with
    %(request_id)s.

    A record factory rather than a logging.Filter: a filter on a logger does not see the
    records of its child loggers (api.errors, projections.updater, ...), and one on a handler
    misses the handlers configured after it was installed. Installed once per process."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "stamps_request_id", False):
        return

    def stamped(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = _current.get() or OUTSIDE_A_REQUEST
        return record

    stamped.stamps_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(stamped)
