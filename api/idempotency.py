"""Retries that record nothing twice: receipts of commands sent with an `Idempotency-Key`.

A command's receipt is recorded with its events, in one transaction, and holds what its use
case returned (see domain/command_receipt.py). A retry with the same key is answered from it:
its route builds the same answer again from the recorded result; with another body, 422. A
retry that races the first attempt loses on the receipt's id, which the log's unique key
guards, and is then answered from the receipt the first attempt recorded. Results that show a
secret (a token) are never kept: their retry is 409.
"""

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi.responses import Response
from starlette.datastructures import Headers

from api.errors import error_response
from api.read_your_writes import WRITTEN_HEADER
from domain.command_receipt import CommandReceipt
from domain.errors import NotFound

KEY_HEADER = "idempotency-key"
REPLAYED_HEADER = "Idempotent-Replayed"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
# The logs whose views a query can wait for (Nishan-Read-After).
_FOLLOWED = ("Inspections", "Traceability")


class BadKey(ValueError):
    pass


def key_of(headers: Headers) -> str | None:
    key = headers.get(KEY_HEADER)
    if key is not None and not _KEY.fullmatch(key):
        raise BadKey(
            "Idempotency-Key takes 1 to 255 visible ASCII characters; a new UUID for each "
            "command is best."
        )
    return key


@dataclass(frozen=True)
class Found:
    receipt: CommandReceipt
    log: str  # the application whose log holds it
    head: int  # how far that log reached when the receipt was found: at or past the command


def find_receipt(nishan: Any, receipt: UUID) -> Found | None:
    """The receipt, if a command was recorded under it, in whichever log holds it."""
    for app in (nishan.inspections, nishan.traceability, nishan.accounts):
        try:
            found = app.get(CommandReceipt, receipt, "receipt")
        except NotFound:
            continue
        return Found(found, app.name, app.recorder.max_notification_id() or 0)
    return None


def written_header(found: Found) -> tuple[bytes, bytes] | None:
    """Nishan-Written for an answer given again: the log's head, which the command reached."""
    if found.log not in _FOLLOWED:
        return None
    return WRITTEN_HEADER.lower().encode(), f"{found.log}={found.head}".encode()


def refusal_of(receipt: CommandReceipt, digest: str) -> Response | None:
    """The answer a receipt gives by itself, where the route cannot build it again: another
    command under the key, a result that was shown once, an earlier release's receipt."""
    if receipt.request_hash != digest:
        return error_response(
            422,
            "idempotency_key_reused",
            "This Idempotency-Key was used for another command (another address or body). "
            "Use a new key for each command.",
        )
    if receipt.withheld or (receipt.answer or {}).get("withheld"):
        return error_response(
            409,
            "answer_not_kept",
            "This command was recorded already. Its answer showed a secret, which is shown only "
            "once: ask an administrator for a new token if it was lost.",
        )
    if receipt.legacy:
        return _legacy_answer(receipt)
    return None


def _legacy_answer(receipt: CommandReceipt) -> Response:
    """A receipt recorded by an earlier release holds no result; its answer, if it was kept,
    came as a separate event."""
    if receipt.answer is None:
        return error_response(
            409,
            "answer_lost",
            f"This command was recorded at {receipt.created_on:%Y-%m-%d %H:%M:%S} UTC, but its "
            "answer was lost. Look at the record to see what it did; do not send it again.",
        )
    kept = receipt.answer
    response = Response(kept["body"].encode("utf-8"), status_code=kept["status"])
    response.headers.update({**kept["headers"], REPLAYED_HEADER: "true"})
    return response
