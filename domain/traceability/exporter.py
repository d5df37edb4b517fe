"""An exporting company, known by its National Tax Number; its users act for it."""

from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import DomainError
from domain.tax_number import ntn_digits, require_ntn


class Exporter(Aggregate):
    @event("Registered")
    def __init__(self, name: str, ntn: str, city: str, by: Actor) -> None:
        self.name = name
        self.ntn = ntn
        self.city = city

    @classmethod
    def register(
        cls, name: str, ntn: str, city: str, by: Actor, exporter_id: UUID | None = None
    ) -> "Exporter":
        for value, what in ((name, "name"), (city, "city")):
            if not value.strip():
                raise DomainError(f"An exporter needs its {what}.", code=f"{what}_required")
        return cls._create(
            cls.Registered,
            id=exporter_id or uuid4(),
            name=name.strip(),
            ntn=require_ntn(ntn),
            city=city.strip(),
            by=by,
        )

    @property
    def ntn_digits(self) -> str:
        return ntn_digits(self.ntn)
