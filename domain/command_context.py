"""What the caller of a command asked for beyond the command itself, held for one request.

- `expected_version`: the version the caller last saw of the record the command acts on (HTTP
  `If-Match`); a save finds it moved on and refuses, so no change made meanwhile is overwritten
  unseen.
- `receipt`: the caller's key for this command (HTTP `Idempotency-Key`); the use case's one save
  records a receipt under it, holding the use case's result, in the same transaction as the
  command's events, so a retry can never record the command twice and is always answered.
- `replaying`: the receipt of this very command, recorded before: its use case answers with
  the recorded result and records nothing (see domain/use_case.py).

The interfaces set a context per request; the domain reads it in its use cases and saves.
Commands run outside any request (the demo, the console, tests) have none and are unaffected.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.actor import Actor
from domain.command_receipt import CommandReceipt
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
class Deferred:
    """What a running use case has asked to save, by application, in the order asked."""

    saves: dict[Any, list[Any]] = field(default_factory=dict)

    def collect(self, application: Any, objs: tuple[Any, ...]) -> None:
        self.saves.setdefault(application, []).extend(o for o in objs if o is not None)


@dataclass
class CommandContext:
    actor: Actor | None = None  # who sent it, once authenticated
    target: UUID | None = None  # the record the command acts on: the first id in its address
    expected_version: int | None = None
    receipt: PendingReceipt | None = None
    target_version: int | None = None  # the target's version once the command saved it
    replaying: CommandReceipt | None = None
    deferred: Deferred | None = None  # set while a use case runs: its saves, made at its end


_current: ContextVar[CommandContext | None] = ContextVar("nishan_command", default=None)


def current_command() -> CommandContext | None:
    return _current.get()


@contextmanager
def command_context(context: CommandContext) -> Iterator[CommandContext]:
    """Set for one request. The object is shared with the copies of the context that sync
    endpoints run in on the threadpool, so what their saves note is seen here."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
