"""What a factory is registered with: who and where it is, what it makes, who works there."""

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.errors import DomainError
from domain.inspections.sectors import SECTORS
from domain.places import require_province
from domain.tax_number import ntn_digits, require_ntn

HS_HEADING = re.compile(r"[0-9]{2}|[0-9]{4}")  # a chapter (61) or a heading (6109)
# Pakistan's extent, Gilgit-Baltistan and Azad Jammu and Kashmir included, with a small margin.
LATITUDES, LONGITUDES = (Decimal("23.5"), Decimal("37.2")), (Decimal("60.8"), Decimal("77.9"))


@dataclass(frozen=True)
class Workforce:
    women: int
    men: int
    transgender: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.transgender


@dataclass(frozen=True)
class GeoPoint:
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class FactoryDetails:
    name: str
    ntn: str
    address: str
    province: str
    district: str
    sector: str  # an ISIC Rev. 4 code of domain/inspections/sectors.py, or "other"
    goods: tuple[str, ...]  # HS chapters or headings
    workforce: Workforce
    location: GeoPoint | None = None
    sector_note: str = ""  # what "other" is, as the officer typed it

    def checked(self) -> "FactoryDetails":
        """These details trimmed, or a DomainError that says what is wrong with them."""
        details = FactoryDetails(
            name=self.name.strip(),
            ntn=self.ntn.strip(),
            address=self.address.strip(),
            province=self.province.strip(),
            district=self.district.strip(),
            sector=self.sector,
            goods=tuple(g.strip() for g in self.goods),
            workforce=self.workforce,
            location=self.location,
        )
        for value, what in (
            (details.name, "name"),
            (details.address, "address"),
            (details.district, "district"),
        ):
            if not value:
                raise DomainError(f"A factory needs its {what}.", code=f"{what}_required")
        sector, sector_note = SECTORS.checked(self.sector, self.sector_note)
        details = replace(details, sector=sector, sector_note=sector_note)
        require_province(details.province)
        require_ntn(details.ntn)
        if not details.goods or not all(HS_HEADING.fullmatch(g) for g in details.goods):
            raise DomainError(
                "Name the goods made as HS chapters or headings of 2 or 4 digits, such as 61 "
                "or 9506.",
                code="invalid_goods",
            )
        workforce = details.workforce
        if min(workforce.women, workforce.men, workforce.transgender) < 0:
            raise DomainError("Worker counts cannot be negative.", code="invalid_workforce")
        if details.location is not None:
            lat, lon = details.location.latitude, details.location.longitude
            if not (LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]):
                raise DomainError(
                    f"The point {lat}, {lon} is outside Pakistan; give the factory's latitude "
                    "and longitude in decimal degrees, for example 32.4945, 74.5229 for Sialkot.",
                    code="location_outside_pakistan",
                )
        return details

    def registration_key(self) -> str:
        """The same NTN at the same address is the same factory, however either is written."""
        address = re.sub(r"[^a-z0-9]+", " ", self.address.lower()).strip()
        return f"{ntn_digits(self.ntn)}|{address}"


class WorkforceAsDict(Transcoding):
    type = Workforce
    name = "workforce"

    def encode(self, obj: Workforce) -> dict[str, int]:
        return {"women": obj.women, "men": obj.men, "transgender": obj.transgender}

    def decode(self, data: dict[str, int]) -> Workforce:
        return Workforce(**data)


class GeoPointAsDict(Transcoding):
    type = GeoPoint
    name = "geo_point"

    def encode(self, obj: GeoPoint) -> dict[str, Any]:
        return {"latitude": obj.latitude, "longitude": obj.longitude}

    def decode(self, data: dict[str, Any]) -> GeoPoint:
        return GeoPoint(**data)


class FactoryDetailsAsDict(Transcoding):
    type = FactoryDetails
    name = "factory_details"

    def encode(self, obj: FactoryDetails) -> dict[str, Any]:
        return {
            "name": obj.name,
            "ntn": obj.ntn,
            "address": obj.address,
            "province": obj.province,
            "district": obj.district,
            "sector": obj.sector,
            "sector_note": obj.sector_note,
            "goods": list(obj.goods),
            "workforce": obj.workforce,
            "location": obj.location,
        }

    def decode(self, data: dict[str, Any]) -> FactoryDetails:
        # Details stored before sectors were coded have no note: their events' upcasters
        # (factory.py) turn the free text into a code and note.
        return FactoryDetails(**{**data, "goods": tuple(data["goods"])})
