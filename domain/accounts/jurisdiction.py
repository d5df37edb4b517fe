"""Where an inspector may inspect: a province, or some of its districts."""

from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.errors import DomainError
from domain.places import require_province
from domain.text import checked_text

PLACE_LONGEST = 60  # a province's or a district's name
DISTRICTS_MOST = 50


@dataclass(frozen=True)
class Jurisdiction:
    province: str
    districts: tuple[str, ...] = ()  # none: the whole province

    def checked(self) -> "Jurisdiction":
        province = require_province(self.province.strip())
        if len(self.districts) > DISTRICTS_MOST:
            raise DomainError(
                f"An inspector covers at most {DISTRICTS_MOST} districts; for more, the whole "
                "province (no district named).",
                code="too_many_districts",
            )
        # A blank district is refused, never dropped: dropped, the last one would leave none,
        # which means the whole province.
        if any(not d.strip() for d in self.districts):
            raise DomainError(
                "A district's name cannot be blank: name each district the inspector covers, "
                "or none for the whole province.",
                code="district_required",
            )
        districts = {
            checked_text(d, "A district's name", PLACE_LONGEST, "district") for d in self.districts
        }
        return Jurisdiction(province, tuple(sorted(districts)))

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
