"""Commands over HTTP: who sends them, `If-Match` against lost updates, `Idempotency-Key`
against retries that would record twice, and the `ETag` of the record a command changed.

Plain ASGI, around every command (POST, PUT, PATCH, DELETE); queries pass straight through.
A command to a route that exists is authenticated first, before its body is read, so that
nothing a caller without a valid token sends is even parsed. Then it sets the domain's command
context for the request (domain/command_context.py), which the use cases and saves read.
"""

import asyncio
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access import SigningIn, api_routes, rules_of
from api.authentication import ACCOUNT_IN_SCOPE, account_of_request
from api.errors import ApiError, damaged_response, error_response
from api.forms import form_fields, is_a_form
from api.idempotency import (
    REPLAYED_HEADER,
    BadKey,
    Found,
    find_receipt,
    key_of,
    refusal_of,
    written_header,
)
from api.if_match import BadIfMatch, etag, expected_version, record_in_path
from api.sessions import CSRF_FIELD, CSRF_HEADER, csrf_failed, csrf_matches, session_secret
from domain.command_context import CommandContext, PendingReceipt, command_context
from domain.command_receipt import receipt_id, request_hash
from domain.damaged_record import RecordDamaged

COMMANDS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MOST_FORM_FIELDS = 50  # a form sent with the cookie is read only for its CSRF token
IF_MATCH_NO_RECORD = (
    "If-Match names the version of the record a command changes, the one named first in its "
    "address; this command's address names none."
)


class CommandRequests:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in COMMANDS
            or not _is_a_command_route(scope)
        ):
            await self.app(scope, receive, send)  # the router answers 404 or 405
            return
        try:
            await self._command(scope, receive, send)
        except RecordDamaged as damage:  # met before any answer is sent: say so, once
            await damaged_response(scope["method"], scope["path"], damage)(scope, receive, send)

    async def _command(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        nishan = scope["app"].state.nishan
        body: bytes | None = None
        try:
            known = getattr(scope["app"].state, "known_tokens", None)
            account = await account_of_request(nishan, headers, known)
            if headers.get("authorization") is None and (secret := session_secret(headers)):
                # Signed in with the cookie: the session's CSRF token must come with it.
                sent = headers.get(CSRF_HEADER)
                if sent is None and is_a_form(headers):
                    body = await _read_body(receive)  # its sender is known by now
                    sent = form_fields(body, MOST_FORM_FIELDS).get(CSRF_FIELD)
                if not csrf_matches(secret, sent):
                    raise csrf_failed()
        except ApiError as refused:
            response = error_response(refused.status, refused.code, refused.message)
            response.headers.update(refused.headers or {})
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[ACCOUNT_IN_SCOPE] = account  # the routes read it there
        context = CommandContext(actor=account.actor, target=record_in_path(scope["path"]))
        try:
            if (if_match := headers.get("if-match")) is not None:
                context.expected_version = expected_version(if_match)
            key = key_of(headers)
        except (BadIfMatch, BadKey) as error:
            code = (
                "invalid_if_match" if isinstance(error, BadIfMatch) else "invalid_idempotency_key"
            )
            await error_response(422, code, str(error))(scope, receive, send)
            return
        if context.expected_version is not None and context.target is None:
            await error_response(422, "if_match_not_applicable", IF_MATCH_NO_RECORD)(
                scope, receive, send
            )
            return
        if body is None:
            body = await _read_body(receive)
        if (unreadable := not_utf8_json(body)) is not None:
            await error_response(400, "unreadable_body", unreadable)(scope, receive, send)
            return
        with command_context(context):
            if key is None:
                await self.app(scope, _replay(body), _with_etag(context, send))
                return
            # Keys are each account's own, so that two callers' keys never meet.
            await self._once(scope, body, send, context, receipt_id(account.id.hex, key))

    async def _once(
        self, scope: Scope, body: bytes, send: Send, context: CommandContext, receipt: Any
    ) -> None:
        nishan = scope["app"].state.nishan
        digest = request_hash(
            scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"), body
        )
        earlier = await asyncio.to_thread(find_receipt, nishan, receipt)
        if earlier is not None:
            await self._answer_again(earlier, digest, scope, body, send)
            return
        context.receipt = PendingReceipt(receipt, digest)
        answer = await _capture(self.app, scope, _replay(body), _with_etag(context, send))
        if context.receipt.saved_in is None and answer.status >= 400:
            # A retry that raced the first attempt: the first recorded the command meanwhile,
            # and this run was refused for it (the receipt's key, or a rule the first changed).
            recorded = await asyncio.to_thread(find_receipt, nishan, receipt)
            if recorded is not None:
                await self._answer_again(recorded, digest, scope, body, send)
                return
        await answer.send()

    async def _answer_again(
        self, found: Found, digest: str, scope: Scope, body: bytes, send: Send
    ) -> None:
        """The answer to a command recorded before: built again by its route from what its
        receipt recorded (the use case returns the recorded result and records nothing)."""
        refusal = refusal_of(found.receipt, digest)
        if refusal is not None:
            await refusal(scope, _replay(b""), send)
            return
        context = CommandContext(
            actor=scope["state"][ACCOUNT_IN_SCOPE].actor,
            target=record_in_path(scope["path"]),
            replaying=found.receipt,
            target_version=found.receipt.target_version,
        )
        extra = [(REPLAYED_HEADER.lower().encode(), b"true")]
        if (written := written_header(found)) is not None:
            extra.append(written)

        async def send_replayed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    headers[name.decode()] = value.decode()
            await send(message)

        with command_context(context):
            await self.app(scope, _replay(body), _with_etag(context, send_replayed))


def not_utf8_json(body: bytes) -> str | None:
    """Why a body is not JSON as RFC 8259 has it between systems: UTF-8, with no byte order
    mark (Python's JSON reader would otherwise take UTF-16 and UTF-32 too); None if it is."""
    if body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "The request body starts with a byte order mark: send JSON in UTF-8 without one."
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "The request body could not be read: send JSON, encoded as UTF-8."
    if b"\x00" in body:  # no JSON text holds a raw NUL; UTF-16 and UTF-32 are full of them
        return "The request body is not UTF-8 (it holds NUL bytes): send JSON, encoded as UTF-8."
    return None


def _is_a_command_route(scope: Scope) -> bool:
    """Whether one of the API's routes takes this method at this path. Signing in and out is
    no command of an account (the caller may have none): those routes check what they get."""
    app = scope["app"]
    routes = getattr(app.state, "command_routes", None)
    if routes is None:  # worked out once per app
        routes = app.state.command_routes = [
            route
            for route in api_routes(app)
            if route.methods & COMMANDS
            and not any(isinstance(rule, SigningIn) for rule in rules_of(route))
        ]
    return any(route.matches(scope)[0] is Match.FULL for route in routes)


def _with_etag(context: CommandContext, send: Send) -> Send:
    """The version the command left its record at, if it changed it, as the answer's ETag."""

    async def send_with_etag(message: Message) -> None:
        if message["type"] == "http.response.start" and context.target_version is not None:
            MutableHeaders(scope=message)["etag"] = etag(context.target_version)
        await send(message)

    return send_with_etag


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # as a client that stays connected
        return {"type": "http.disconnect"}

    return receive


class _Held:
    """An answer held back until it is known whether a retry's answer replaces it. Command
    answers are a few ids: small enough to hold."""

    def __init__(self, send: Send) -> None:
        self.status = 500
        self.messages: list[Message] = []
        self._send = send

    async def hold(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        self.messages.append(message)

    async def send(self) -> None:
        for message in self.messages:
            await self._send(message)


async def _capture(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> _Held:
    held = _Held(send)
    await app(scope, receive, held.hold)
    return held
