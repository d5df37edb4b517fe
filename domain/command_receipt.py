"""A command's receipt: proof, in the same transaction as the command's events, that the command
a caller sent under one key has been recorded; later, the answer it was given.

Its id is derived from who sent the key and the key itself, so a second recording of the same
command collides with the first on the log's unique (id, version) and is refused whole.
"""

import hashlib
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
    @event("Recorded")
    def __init__(self, request_hash: str, by: Actor) -> None:
        self.request_hash = request_hash
        self.answer: dict | None = None

    @classmethod
    def record(cls, receipt: UUID, request_hash: str, by: Actor) -> "CommandReceipt":
        return cls._create(cls.Recorded, id=receipt, request_hash=request_hash, by=by)

    @event("Answered")
    def keep_answer(
        self, status: int, headers: dict[str, str], body: str, withheld: bool, by: Actor
    ) -> None:
        """The answer, kept to be given again to a retry; one that showed a secret (a token)
        is withheld: its body is not kept."""
        self.answer = {"status": status, "headers": headers, "body": body, "withheld": withheld}
