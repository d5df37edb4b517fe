"""Commands over HTTP: `If-Match` against lost updates, `Idempotency-Key` against retries that
would record twice, and the `ETag` of the record a command changed.

Plain ASGI, around every command (POST, PUT, PATCH, DELETE); queries pass straight through. It
sets the domain's command context for the request (domain/command_context.py), which the
applications' saves read.
"""

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from api.idempotency import (
    REPLAYED_HEADER,
    Answer,
    BadKey,
    caller_of,
    find_receipt,
    key_of,
)
from api.if_match import BadIfMatch, etag, expected_version, record_in_path
from domain.command_context import CommandContext, PendingReceipt, command_context
from domain.command_receipt import CommandReceipt, receipt_id, request_hash

COMMANDS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# How long a retry that raced the first attempt waits for the first attempt's answer.
RACE_WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05
# A receipt with no answer this long after it was recorded lost its answer (a crash between the
# command's commit and the keeping of its answer): retries are told so, not to wait forever.
ANSWER_LOST_AFTER = timedelta(seconds=60)
IF_MATCH_NO_RECORD = (
    "If-Match names the version of the record a command changes, the one named first in its "
    "address; this command's address names none."
)
log = logging.getLogger(__name__)


class CommandRequests:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in COMMANDS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        context = CommandContext(target=record_in_path(scope["path"]))
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
        # Keys are each account's own; only a token that still opens its account may use one,
        # so a revoked or expired token is never given an answer again. Without one, the
        # command goes on to be refused with 401 and records nothing.
        caller = key and await asyncio.to_thread(caller_of, scope["app"].state.nishan, headers)
        with command_context(context):
            if key is None or caller is None:
                await self.app(scope, receive, self._with_etag(context, send))
                return
            await self._once(scope, receive, send, context, receipt_id(caller, key))

    @staticmethod
    def _with_etag(context: CommandContext, send: Send) -> Send:
        async def send_with_etag(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).extend(_etag_header(context))
            await send(message)

        return send_with_etag

    async def _once(
        self, scope: Scope, receive: Receive, send: Send, context: CommandContext, receipt: Any
    ) -> None:
        nishan = scope["app"].state.nishan
        body = await _read_body(receive)
        digest = request_hash(
            scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"), body
        )
        earlier = await asyncio.to_thread(find_receipt, nishan, receipt)
        if earlier is not None:
            await _answer_again(earlier, digest, scope, send)
            return
        context.receipt = PendingReceipt(receipt, digest)
        answer = await _capture(self.app, scope, _replay(body))
        answer.headers.extend(_etag_header(context))
        if context.receipt.saved_in is not None:
            try:
                await asyncio.to_thread(_keep, nishan, context, answer)
            except Exception:  # the command is recorded: its answer still goes out
                log.exception("the answer to a command under an Idempotency-Key was not kept")
        elif (
            answer.status >= 400
            and (recorded := await _wait_for_answer(nishan, receipt)) is not None
        ):  # a retry that raced the first attempt: the command's second run was refused
            await _answer_again(recorded, digest, scope, send)
            return
        await _send(answer, send)


def _etag_header(context: CommandContext) -> list[tuple[bytes, bytes]]:
    """The version the command left its record at, if it changed it."""
    if context.target_version is None:
        return []
    return [(b"etag", etag(context.target_version).encode())]


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


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> Answer:
    """The answer, held back until it is known whether a retry's answer replaces it. Command
    answers are a few ids: small enough to hold."""
    answer = Answer(500, [], b"")

    async def hold(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer.status, answer.headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    await app(scope, receive, hold)
    return answer


async def _send(answer: Answer, send: Send) -> None:
    await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
    await send({"type": "http.response.body", "body": answer.body})


def _keep(nishan: Any, context: CommandContext, answer: Answer) -> None:
    app = getattr(nishan, context.receipt.saved_in.lower())
    receipt: CommandReceipt = app.repository.get(context.receipt.receipt_id)
    withheld = context.answer_withheld
    receipt.keep_answer(
        answer.status,
        answer.kept_headers(),
        "" if withheld else answer.body.decode("utf-8", errors="replace"),
        withheld=withheld,
        by=context.actor,
    )
    with command_context(CommandContext()):  # a save of its own, not the command's
        app.save(receipt)


async def _wait_for_answer(nishan: Any, receipt: Any) -> CommandReceipt | None:
    deadline = time.monotonic() + RACE_WAIT_SECONDS
    while True:
        found = await asyncio.to_thread(find_receipt, nishan, receipt)
        if found is None:
            return None  # not a race on the receipt: the refusal was the command's own
        if found.answer is not None or time.monotonic() >= deadline:
            return found
        await asyncio.sleep(POLL_SECONDS)


async def _answer_again(receipt: CommandReceipt, digest: str, scope: Scope, send: Send) -> None:
    if receipt.request_hash != digest:
        refusal = error_response(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used for another command (another address or body). "
            "Use a new key for each command.",
        )
    elif receipt.answer is None and datetime.now(UTC) - receipt.created_on > ANSWER_LOST_AFTER:
        refusal = error_response(
            409,
            "answer_lost",
            f"This command was recorded at {receipt.created_on:%Y-%m-%d %H:%M:%S} UTC, but its "
            "answer was lost. Look at the record to see what it did; do not send it again.",
        )
    elif receipt.answer is None:
        refusal = error_response(
            409,
            "command_in_progress",
            "This command is being recorded under the same Idempotency-Key; ask again in a "
            "moment for its answer.",
        )
        refusal.headers["Retry-After"] = "1"
    elif receipt.answer["withheld"]:
        refusal = error_response(
            409,
            "answer_not_kept",
            "This command was recorded already. Its answer showed a secret, which is shown only "
            "once: ask an administrator for a new token if it was lost.",
        )
    else:
        kept = receipt.answer
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in kept["headers"].items()]
        headers.append((REPLAYED_HEADER.lower().encode(), b"true"))
        await _send(Answer(kept["status"], headers, kept["body"].encode("utf-8")), send)
        return
    await refusal(scope, _replay(b""), send)
