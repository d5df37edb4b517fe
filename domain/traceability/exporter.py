"""An exporting company, known by its National Tax Number; its users act for it."""

import re
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import DomainError

NTN = re.compile(r"[0-9]{7}-?[0-9]")


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
        if not NTN.fullmatch(ntn.strip()):
            raise DomainError(
                f"'{ntn}' is not a National Tax Number: write 7 digits, a dash and a check "
                "digit, for example 1234567-8.",
                code="invalid_ntn",
            )
        return cls._create(
            cls.Registered,
            id=exporter_id or uuid4(),
            name=name.strip(),
            ntn=ntn.strip(),
            city=city.strip(),
            by=by,
        )

    @property
    def ntn_digits(self) -> str:
        return re.sub(r"[^0-9]", "", self.ntn)
