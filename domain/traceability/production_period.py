"""When a lot was made: the first and last day of its production."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.errors import DomainError


@dataclass(frozen=True)
class ProductionPeriod:
    start: date
    end: date

    def checked(self) -> "ProductionPeriod":
        if self.end < self.start:
            raise DomainError(
                f"A production period cannot end ({self.end}) before it starts ({self.start}).",
                code="invalid_production_period",
            )
        return self


class ProductionPeriodAsDict(Transcoding):
    type = ProductionPeriod
    name = "production_period"

    def encode(self, obj: ProductionPeriod) -> dict[str, Any]:
        return {"start": obj.start, "end": obj.end}

    def decode(self, data: dict[str, Any]) -> ProductionPeriod:
        return ProductionPeriod(**data)
