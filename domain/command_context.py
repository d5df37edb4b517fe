"""What the caller of a command asked for beyond the command itself, held for one request.

- `expected_version`: the version the caller last saw of the record the command acts on (HTTP
  `If-Match`); a save finds it moved on and refuses, so no change made meanwhile is overwritten
  unseen.
- `receipt`: the caller's key for this command (HTTP `Idempotency-Key`); the first save records
  a receipt under it in the same transaction as the command's events, so a retry can never
  record the command twice.

The interfaces set a context per request; the domain reads it in `NishanApplication.save`.
Commands run outside any request (the demo, the console, tests) have none and are unaffected.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from uuid import UUID

from domain.actor import Actor
from domain.errors import DomainError


class VersionMismatch(DomainError):
    """The record changed since the caller read it; nothing was recorded."""

    code = "version_mismatch"

    def __init__(self, target: UUID, expected: int, current: int) -> None:
        super().__init__(
            f"This record is at version {current}, not {expected} as your If-Match says: it "
            "changed since you read it. Reload it and decide again.",
        )
        self.target, self.expected, self.current = target, expected, current


@dataclass
class PendingReceipt:
    receipt_id: UUID
    request_hash: str
    saved_in: str | None = None  # the application whose save recorded it


@dataclass
class CommandContext:
    actor: Actor | None = None  # who sent it, once authenticated
    target: UUID | None = None  # the record the command acts on: the first id in its address
    expected_version: int | None = None
    receipt: PendingReceipt | None = None
    target_version: int | None = None  # the target's version once the command saved it
    answer_withheld: bool = False  # the answer shows a secret: never keep it for a retry


_current: ContextVar[CommandContext | None] = ContextVar("nishan_command", default=None)


def current_command() -> CommandContext | None:
    return _current.get()


def withhold_answer() -> None:
    """Said by a command whose answer shows a secret, such as a new token."""
    if (context := _current.get()) is not None:
        context.answer_withheld = True


@contextmanager
def command_context(context: CommandContext) -> Iterator[CommandContext]:
    """Set for one request. The object is shared with the copies of the context that sync
    endpoints run in on the threadpool, so what their saves note is seen here."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
