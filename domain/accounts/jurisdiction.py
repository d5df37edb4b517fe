"""Where an inspector may inspect: a province, or some of its districts."""

from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.errors import DomainError
from domain.places import PROVINCES


@dataclass(frozen=True)
class Jurisdiction:
    province: str
    districts: tuple[str, ...] = ()  # none: the whole province

    def checked(self) -> "Jurisdiction":
        province = self.province.strip()
        if province not in PROVINCES:
            raise DomainError(
                f"'{self.province}' is not a province or territory of Pakistan; use one of: "
                f"{', '.join(PROVINCES)}.",
                code="unknown_province",
            )
        districts = tuple(sorted({d.strip() for d in self.districts if d.strip()}))
        return Jurisdiction(province, districts)

    def covers(self, province: str, district: str) -> bool:
        if province != self.province:
            return False
        return not self.districts or district.casefold() in {d.casefold() for d in self.districts}

    def describe(self) -> str:
        if not self.districts:
            return f"all of {self.province}"
        return f"{', '.join(self.districts)} ({self.province})"


class JurisdictionAsDict(Transcoding):
    type = Jurisdiction
    name = "jurisdiction"

    def encode(self, obj: Jurisdiction) -> dict[str, Any]:
        return {"province": obj.province, "districts": list(obj.districts)}

    def decode(self, data: dict[str, Any]) -> Jurisdiction:
        return Jurisdiction(data["province"], tuple(data["districts"]))
