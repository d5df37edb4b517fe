"""The claim that one factory holds an NTN at an address.

Its id is derived from the NTN and the address, so a second registration of the same factory is
found with one read by id, at command time, and two registrations racing each other cannot both
be saved.
"""

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor

_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/factory-registrations")


def registration_id(registration_key: str) -> UUID:
    return uuid5(_NAMESPACE, registration_key)


class FactoryRegistration(Aggregate):
    @event("Claimed")
    def __init__(self, factory_id: UUID, by: Actor) -> None:
        self.factory_id = factory_id

    @classmethod
    def claim(cls, registration_key: str, factory_id: UUID, by: Actor) -> "FactoryRegistration":
        return cls._create(
            cls.Claimed, id=registration_id(registration_key), factory_id=factory_id, by=by
        )
