"""A command's receipt: proof, in the same transaction as the command's events, that the command
a caller sent under one key has been recorded, and what it came to: the value its use case
returned (the ids it created, a visit's outcome) and the version it left its record at.

Its id is derived from who sent the key and the key itself, so a second recording of the same
command collides with the first on the log's unique (id, version) and is refused whole. Since
the receipt holds the command's result from its first moment, a retry can always be answered in
full, even when the server stopped between the commit and the answer.
"""

import hashlib
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor

_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/command-receipts")


def receipt_id(caller: str, key: str) -> UUID:
    return uuid5(_NAMESPACE, f"{caller}\n{key}")


def request_hash(method: str, path: str, query: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class CommandReceipt(Aggregate):
    class Recorded(Aggregate.Created):
        request_hash: str
        by: Actor
        result: Any
        target_version: int | None
        withheld: bool
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Recorded before receipts held their result: the answer, if it was kept, is in
            # the receipt's Answered event.
            state.update(result=None, target_version=None, withheld=False, legacy=True)

    @event(Recorded)
    def __init__(
        self,
        request_hash: str,
        by: Actor,
        result: Any,
        target_version: int | None,
        withheld: bool,
        legacy: bool = False,
    ) -> None:
        self.request_hash = request_hash
        self.result = result
        self.target_version = target_version
        self.withheld = withheld  # the result showed a secret (a token): it was not kept
        self.legacy = legacy
        self.answer: dict | None = None  # a legacy receipt's kept answer, if any

    @classmethod
    def record(
        cls,
        receipt: UUID,
        request_hash: str,
        by: Actor,
        result: Any,
        target_version: int | None,
        withheld: bool,
    ) -> "CommandReceipt":
        return cls._create(
            cls.Recorded,
            id=receipt,
            request_hash=request_hash,
            by=by,
            result=None if withheld else result,
            target_version=target_version,
            withheld=withheld,
        )

    @event("Answered")
    def _answered(
        self, status: int, headers: dict[str, str], body: str, withheld: bool, by: Actor
    ) -> None:
        """Recorded by earlier releases after the command's commit, so that a retry got the
        same answer; kept so that their logs still read. Nishan records it no more."""
        self.answer = {"status": status, "headers": headers, "body": body, "withheld": withheld}
