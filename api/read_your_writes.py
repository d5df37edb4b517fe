"""Read your writes: a command's answer says how far it wrote into each log
(`Nishan-Written: Inspections=120,Traceability=87`); a query that sends that value back as
`Nishan-Read-After` is answered only once every view has read that far, waiting up to
NISHAN_READ_WAIT_SECONDS, or with 503 and Retry-After when the views are further behind.

On SQLite the views are current when a command answers, so the wait is nil; on PostgreSQL the
projection worker catches up within moments of the commit. A command whose answer is read from a
view (the visits a role grant leaves without an inspector) waits the same way, `wait_for_view`.
"""

import asyncio
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from typing import Any

from eventsourcing.persistence import Recording
from fastapi import FastAPI, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response

WRITTEN_HEADER = "Nishan-Written"
READ_AFTER_HEADER = "Nishan-Read-After"
POLL_SECONDS = 0.02
TOKEN = re.compile(r"(\w+)=([0-9]{1,18})")

# The positions written while serving the current request; None outside a request.
_written: ContextVar[dict[str, int] | None] = ContextVar("nishan_written", default=None)


@cache  # one listener per log, however many apps are made on one system
def track_written(application: str) -> Callable[[list[Recording[Any]]], None]:
    """A save listener noting how far a request's commands wrote into `application`'s log."""

    def note(recordings: list[Recording[Any]]) -> None:
        written = _written.get()
        ids = [r.notification.id for r in recordings if r.notification.id is not None]
        if written is not None and ids:
            written[application] = max(written.get(application, 0), *ids)

    return note


def parse_read_after(value: str, applications: set[str]) -> dict[str, int] | None:
    """The positions in a Nishan-Read-After value; None when it is not one."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    matches = [TOKEN.fullmatch(part) for part in parts]
    if not parts or not all(matches):
        return None
    positions = {m.group(1): int(m.group(2)) for m in matches if m}
    return positions if set(positions) <= applications else None


def install_read_your_writes(app: FastAPI) -> None:
    app.add_middleware(ReadYourWrites)


class ReadYourWrites:
    """Plain ASGI rather than @app.middleware("http"): that runs each request's endpoint in a
    task of its own and passes the answer through a memory stream, a cost paid on every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = Headers(scope=scope).get(READ_AFTER_HEADER)
        if wanted is not None and scope["method"] in ("GET", "HEAD"):
            refusal = await _wait_for_views(scope["app"].state.nishan, wanted)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        written: dict[str, int] = {}

        async def send_with_written(message: Message) -> None:
            # The headers go out after the endpoint returns, so its writes are all noted by now.
            if message["type"] == "http.response.start" and written:
                MutableHeaders(scope=message)[WRITTEN_HEADER] = ",".join(
                    f"{name}={position}" for name, position in sorted(written.items())
                )
            await send(message)

        # Set in this task, the dict is shared with the copies of the context that sync
        # endpoints run in on the threadpool, so their save listeners fill it in place.
        token = _written.set(written)
        try:
            await self.app(scope, receive, send_with_written)
        finally:
            _written.reset(token)


def wait_for_view(nishan: Any, view: str, application: str, position: int) -> bool:
    """Whether the view has read `application`'s log up to `position`, waiting for it up to
    NISHAN_READ_WAIT_SECONDS: for a command whose answer reads a view, on its worker thread."""
    deadline = time.monotonic() + nishan.settings.read_wait_seconds
    while not nishan.updater.reached(application, position, views=(view,)):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


async def _wait_for_views(nishan: Any, wanted: str) -> Response | None:
    positions = parse_read_after(wanted, {"Accounts", "Inspections", "Traceability"})
    if positions is None:
        return error_response(
            422,
            "invalid_read_after",
            f"{READ_AFTER_HEADER} takes the value of a command's {WRITTEN_HEADER} header, such "
            "as Inspections=120,Traceability=87.",
        )
    deadline = time.monotonic() + nishan.settings.read_wait_seconds
    while True:
        reached = await asyncio.to_thread(
            lambda: all(nishan.updater.reached(app, n) for app, n in positions.items())
        )
        if reached:
            return None
        if time.monotonic() >= deadline:
            response = error_response(
                503,
                "views_behind",
                "The record has not caught up with your change yet; try again in a moment.",
            )
            response.headers["Retry-After"] = "1"
            return response
        await asyncio.sleep(POLL_SECONDS)
