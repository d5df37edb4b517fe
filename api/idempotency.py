"""Retries that record nothing twice: receipts of commands sent with an `Idempotency-Key`.

A command's receipt is recorded with its first events, in one transaction (see
domain/command_receipt.py), and the answer it was given is kept on the receipt afterwards. A
retry with the same key is given that answer again; with another body, 422. A retry that races
the first attempt loses on the receipt's id, which the log's unique key guards, and is given the
first attempt's answer once it is kept. Answers that show a secret (a token) are never kept.
"""

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from starlette.datastructures import Headers

from domain.accounts.application import TokenRefused
from domain.command_receipt import CommandReceipt
from domain.errors import NotFound

KEY_HEADER = "idempotency-key"
REPLAYED_HEADER = "Idempotent-Replayed"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")
# What a retry needs of the first answer besides its body.
KEPT_HEADERS = ("content-type", "etag", "location", "nishan-written")


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


def caller_of(nishan: Any, headers: Headers) -> str | None:
    """Whose key it is, the account's, so that two callers' keys never meet; None when the
    request's token opens no account now (it is then refused before it records anything)."""
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    try:
        return nishan.accounts.authenticate(credentials.strip()).id.hex
    except TokenRefused:
        return None


@dataclass
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def kept_headers(self) -> dict[str, str]:
        return {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in self.headers
            if name.decode("latin-1").lower() in KEPT_HEADERS
        }


def find_receipt(nishan: Any, receipt: UUID) -> CommandReceipt | None:
    """The receipt, if a command was recorded under it, in whichever log holds it."""
    for app in (nishan.inspections, nishan.traceability, nishan.accounts):
        try:
            return app.get(CommandReceipt, receipt, "receipt")
        except NotFound:
            continue
    return None
