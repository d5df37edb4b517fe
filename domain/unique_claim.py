"""A claim that one aggregate holds a unique key: an NTN at an address, an exporter's NTN, a lot
number within its exporter.

Its id is derived from the kind and the key, so a second claim is found with one read by id at
command time, and two claims racing each other cannot both be saved.
"""

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor

_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/unique-claims")


def claim_id(kind: str, key: str) -> UUID:
    return uuid5(_NAMESPACE, f"{kind}:{key}")


class UniqueClaim(Aggregate):
    @event("Claimed")
    def __init__(self, kind: str, holder_id: UUID, by: Actor) -> None:
        self.holder_id = holder_id

    @classmethod
    def claim(cls, kind: str, key: str, holder_id: UUID, by: Actor) -> "UniqueClaim":
        return cls._create(
            cls.Claimed, id=claim_id(kind, key), kind=kind, holder_id=holder_id, by=by
        )
