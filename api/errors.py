"""Every refusal becomes a clear answer: a stable code and a sentence, never a stack trace.

Body shape, for every error: {"code": "...", "message": "...", "fields": [...]?}.
"""

import logging
import sqlite3
from typing import Any

import psycopg
from eventsourcing.persistence import ConnectionUnavailableError, IntegrityError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.boundary import NON_BLANK_TEXT, TEXT
from api.i18n.pages import render
from api.if_match import etag
from api.negotiation import prefers_html
from api.request_id import HEADER as REQUEST_ID_HEADER
from api.request_id import current_request_id, new_request_id
from domain.command_context import VersionMismatch
from domain.damaged_record import RecordDamaged
from domain.errors import AlreadyExists, DomainError, NotAllowed, NotFound

log = logging.getLogger(__name__)
# Field names longer than this are cut short, and at most this many fields are listed.
MAX_ECHOED_NAME = 100
MAX_LISTED_FIELDS = 20


class ApiError(Exception):
    """An error raised by the HTTP layer itself (authentication, roles, content types)."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


# What a pattern asks, in words: pydantic's own message shows the regular expression.
_PATTERNS_SAID = {
    TEXT: "may not hold control characters (such as NUL or ESC; tabs and line breaks are fine)",
    NON_BLANK_TEXT: "needs some text besides spaces, and no control characters (such as NUL)",
}


def _sentence(error: Any) -> str:
    if error["type"] == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        return _PATTERNS_SAID.get(pattern, "is not written the way this field is described")
    return error["msg"]


def error_response(status: int, code: str, message: str, **extra: object) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status)


DAMAGED = (
    "Part of Nishan's record could not be read, so nothing was changed or shown from it. "
    "The operators have been told; please try again later."
)


def damaged_response(method: str, path: str, error: RecordDamaged) -> JSONResponse:
    """503 for a record that cannot be read; the log gets where, the caller a sentence."""
    log.error("damaged record met on %s %s: %s", method, path, error)
    return error_response(503, "record_damaged", DAMAGED)


def unavailable(request: Request, code: str, response: JSONResponse) -> Response:
    """A 503 as a script gets it (its code and sentence), or, for a person's browser, a page
    in their language that says so and when to try again."""
    if not prefers_html(request.headers.get("accept")):
        return response
    retry = {k: v for k, v in response.headers.items() if k == "retry-after"}
    return render(request, "unavailable.html", {"code": code}, status_code=503, headers=retry)


def _field_name(location: tuple) -> str:
    # An unknown field's name is the client's own text: cut short, as it is echoed back.
    name = ".".join(str(part) for part in location if part not in ("body",)) or "body"
    return name if len(name) <= MAX_ECHOED_NAME else name[: MAX_ECHOED_NAME - 1] + "…"


# A lock or a pooled connection was waited for in vain (the wait is NISHAN_LOCK_WAIT_SECONDS),
# or PostgreSQL chose this transaction to give way: it was rolled back and wrote nothing.
WAITED_IN_VAIN = (
    psycopg.errors.LockNotAvailable,
    psycopg.errors.SerializationFailure,
    psycopg.errors.DeadlockDetected,
    PoolTimeout,
)


def is_busy(error: BaseException) -> bool:
    """Whether a storage error means only that others were writing: worth trying again."""
    while error is not None:
        if isinstance(error, (ConnectionUnavailableError, *WAITED_IN_VAIN)):
            return True
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            return True  # "database is locked", once SQLite's busy timeout has passed
        error = error.__cause__
    return False


_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _methods_at(request: Request) -> list[str]:
    """Every method some route takes at the request's path (Starlette names only the first
    route's: /lots takes GET from one router and POST from another). Every GET answers HEAD
    too (api/head_requests.py)."""
    from api.access import api_routes  # here: api.access is built on this module

    methods: set[str] = set()
    for route in api_routes(request.app):
        if route.path_regex.match(request.url.path):
            methods |= route.methods
    if "GET" in methods:
        methods.add("HEAD")
    return [method for method in _METHOD_ORDER if method in methods]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    def api_error(request: Request, error: ApiError) -> Response:
        response = error_response(error.status, error.code, error.message)
        response.headers.update(error.headers or {})
        return unavailable(request, error.code, response) if error.status == 503 else response

    @app.exception_handler(NotAllowed)
    def not_allowed(_: Request, error: NotAllowed) -> JSONResponse:
        # Another's object is answered as missing, so that its existence is not revealed.
        return error_response(404, "not_found", "There is nothing here that you may act on.")

    @app.exception_handler(NotFound)
    def not_found(_: Request, error: NotFound) -> JSONResponse:
        return error_response(404, error.code, error.message)

    @app.exception_handler(AlreadyExists)
    def already_exists(_: Request, error: AlreadyExists) -> JSONResponse:
        return error_response(409, error.code, error.message, existing_id=str(error.existing_id))

    @app.exception_handler(VersionMismatch)
    def version_mismatch(_: Request, error: VersionMismatch) -> JSONResponse:
        response = error_response(409, error.code, error.message, current_version=error.current)
        response.headers["ETag"] = etag(error.current)
        return response

    @app.exception_handler(DomainError)
    def rule_broken(_: Request, error: DomainError) -> JSONResponse:
        return error_response(422, error.code, error.message)

    @app.exception_handler(IntegrityError)
    def concurrent_change(_: Request, error: IntegrityError) -> JSONResponse:
        return error_response(
            409,
            "concurrent_change",
            "Someone else changed this record at the same moment; reload it and try again.",
        )

    @app.exception_handler(RequestValidationError)
    def invalid_input(_: Request, error: RequestValidationError) -> JSONResponse:
        # Never pydantic's `input` (or `ctx`): it may hold personal data, or be huge.
        fields = [
            {"field": _field_name(tuple(e["loc"])), "message": _sentence(e), "type": e["type"]}
            for e in error.errors()[:MAX_LISTED_FIELDS]
        ]
        first = fields[0]
        return error_response(
            422,
            "invalid_input",
            f"The request is not valid: {first['field']}: {first['message']}.",
            fields=fields,
        )

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 404 and prefers_html(request.headers.get("accept")):
            # A person's browser at an address that leads nowhere: a page in their language.
            return render(request, "page_not_found.html", {}, status_code=404)
        codes = {
            400: "unreadable_body",
            404: "not_found",
            405: "method_not_allowed",
            406: "not_acceptable",
            413: "body_too_large",
        }
        messages = {
            # FastAPI's only 400: a body that is not text at all, such as bytes not UTF-8.
            400: "The request body could not be read: send JSON, encoded as UTF-8.",
            404: "There is no such page or record.",
            405: "This address does not take that method.",
        }
        message = messages.get(error.status_code, str(error.detail))
        response = error_response(
            error.status_code, codes.get(error.status_code, "http_error"), message
        )
        response.headers.update(error.headers or {})
        if error.status_code == 405:
            response.headers["Allow"] = ", ".join(_methods_at(request))
        return response

    @app.exception_handler(RecordDamaged)
    def damaged(request: Request, error: RecordDamaged) -> Response:
        answer = damaged_response(request.method, request.url.path, error)
        return unavailable(request, "record_damaged", answer)

    @app.exception_handler(Exception)
    def unexpected(request: Request, error: Exception) -> JSONResponse:
        if isinstance(error, RecordDamaged):  # raised in a middleware, not in a route
            return damaged(request, error)
        # Called outside the except block: the traceback must be handed over, not looked up.
        # Called outside every middleware too (by Starlette's ServerErrorMiddleware), so the
        # request id is added here; the answer never holds the error's text or its trace.
        request_id = current_request_id() or new_request_id()
        log.error(
            "unexpected error on %s %s (request %s)",
            request.method,
            request.url.path,
            request_id,
            exc_info=error,
        )
        response = error_response(
            500,
            "internal_error",
            "Something went wrong on our side; it has been logged. Quote the request_id "
            f"{request_id} if you report it.",
            request_id=request_id,
        )
        response.headers[REQUEST_ID_HEADER] = request_id
        return response

    @app.exception_handler(OperationalError)
    def busy(request: Request, error: OperationalError) -> JSONResponse:
        if not is_busy(error):
            return unexpected(request, error)
        log.warning("busy on %s %s: %s", request.method, request.url.path, error)
        response = error_response(
            503,
            "busy",
            "Nishan is busy saving other changes at this moment, so yours was not saved. "
            "Please try again in a few seconds.",
        )
        response.headers["Retry-After"] = "1"
        return response
