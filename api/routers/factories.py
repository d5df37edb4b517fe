"""Factories: registered and updated by compliance officers; their public status is open to all."""

from dataclasses import replace
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, StringConstraints, field_validator

from api.access import Admin, InspectorOrAdmin, OpenToAll
from api.boundary import RequestBody
from api.compliance_figures import ComplianceFiguresPublic
from api.dependencies import NishanDep
from api.errors import ApiError
from api.input_formats import Day, Latitude, Longitude, vocabulary_code, vocabulary_note
from domain.clock import today_in_pakistan
from domain.inspections.certification import CertificationStatus
from domain.inspections.factory_details import FactoryDetails, GeoPoint, Workforce
from domain.inspections.sectors import SECTORS
from projections.factory_status import find_factory_status

router = APIRouter(prefix="/factories", tags=["inspections"])

SectorCode = vocabulary_code(SECTORS, example="3230")
SectorNote = vocabulary_note(SECTORS)
HsHeading = Annotated[str, StringConstraints(max_length=4, pattern=r"^([0-9]{2}|[0-9]{4})$")]


class WorkforceIn(RequestBody):
    women: int = Field(ge=0, le=1_000_000)
    men: int = Field(ge=0, le=1_000_000)
    transgender: int = Field(default=0, ge=0, le=1_000_000)


class GeoPointIn(RequestBody):
    latitude: Latitude
    longitude: Longitude


class FactoryCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200, examples=["Chenab Sports Industries, Unit 2"])
    ntn: str = Field(
        max_length=9,
        pattern=r"^[0-9]{7}-?[0-9]$",
        description="National Tax Number.",
        examples=["1234567-8"],
    )
    address: str = Field(min_length=1, max_length=300, examples=["Ugoki Road, Sialkot"])
    province: str = Field(min_length=1, max_length=60, examples=["Punjab"])
    district: str = Field(min_length=1, max_length=60, examples=["Sialkot"])
    sector: SectorCode
    sector_note: SectorNote = ""
    goods: list[HsHeading] = Field(
        min_length=1,
        max_length=30,
        description="HS chapters or headings made there.",
        examples=[["9506"]],
    )
    workforce: WorkforceIn
    location: GeoPointIn | None = None

    def details(self) -> FactoryDetails:
        return FactoryDetails(
            name=self.name,
            ntn=self.ntn,
            address=self.address,
            province=self.province,
            district=self.district,
            sector=self.sector,
            sector_note=self.sector_note,
            goods=tuple(self.goods),
            workforce=Workforce(**self.workforce.model_dump()),
            location=GeoPoint(**self.location.model_dump()) if self.location else None,
        )


# The details every factory has: an update may change them, but not remove them.
REQUIRED_DETAILS = ("name", "ntn", "address", "province", "district", "sector", "goods")


class FactoryUpdate(RequestBody):
    """Only the fields given change; the rest stay as they are."""

    never_null = (*REQUIRED_DETAILS, "workforce")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    ntn: str | None = Field(default=None, max_length=9, pattern=r"^[0-9]{7}-?[0-9]$")
    address: str | None = Field(default=None, min_length=1, max_length=300)
    province: str | None = Field(default=None, min_length=1, max_length=60)
    district: str | None = Field(default=None, min_length=1, max_length=60)
    sector: SectorCode | None = None
    sector_note: SectorNote | None = None
    goods: list[HsHeading] | None = Field(default=None, min_length=1, max_length=30)
    workforce: WorkforceIn | None = None
    location: GeoPointIn | None = None  # null: the location is no longer known

    @field_validator(*REQUIRED_DETAILS, "workforce", mode="after")
    @classmethod
    def _not_removed(cls, value: object) -> object:
        # Only an explicit null gets here (defaults are not validated): a detail every factory
        # has cannot be removed, only changed.
        if value is None:
            raise ValueError("cannot be removed: give the new value, or leave the field out")
        return value

    def applied_to(self, details: FactoryDetails) -> FactoryDetails:
        given = self.model_dump(exclude_unset=True)
        if not given:
            raise ApiError(422, "nothing_to_update", "Give at least one detail to change.")
        if "sector_note" in given and given["sector_note"] is None:
            given["sector_note"] = ""  # null: no note
        if "sector" in given:  # a new sector has no note unless one is given with it
            given.setdefault("sector_note", "")
        if "goods" in given:
            given["goods"] = tuple(given["goods"])
        if "workforce" in given:
            given["workforce"] = Workforce(**given["workforce"])
        if given.get("location") is not None:
            given["location"] = GeoPoint(**given["location"])
        return replace(details, **given)


class CertificationAsOf(BaseModel):
    factory_id: UUID
    on: date
    status: CertificationStatus
    certificate_id: UUID | None
    valid_until: date | None


class FactoryRegistered(BaseModel):
    factory_id: UUID


class FactoryUpdated(BaseModel):
    factory_id: UUID
    changed: bool


class FactoryStatusPublic(BaseModel):
    factory_id: UUID
    name: str
    province: str
    district: str
    sector: str = Field(description="An ISIC Rev. 4 code, or 'other' (GET /vocabularies).")
    sector_note: str = Field(description="What 'other' is, as typed; empty otherwise.")
    status: str
    valid_until: str | None
    last_inspection_on: str | None
    updated_at: str
    figures: ComplianceFiguresPublic


@router.post(
    "",
    status_code=201,
    response_model=FactoryRegistered,
    responses={409: {"description": "Registered already: the body names the existing_id"}},
)
def register_factory(body: FactoryCreate, by: Admin, nishan: NishanDep) -> FactoryRegistered:
    return FactoryRegistered(factory_id=nishan.inspections.register_factory(body.details(), by=by))


@router.patch("/{factory_id}", response_model=FactoryUpdated)
def update_factory(
    factory_id: UUID, body: FactoryUpdate, by: Admin, nishan: NishanDep
) -> FactoryUpdated:
    changed = nishan.inspections.update_factory_details(factory_id, body.applied_to, by=by)
    return FactoryUpdated(factory_id=factory_id, changed=changed)


@router.get("/{factory_id}", response_model=FactoryStatusPublic, dependencies=[OpenToAll])
def factory_status(factory_id: UUID, nishan: NishanDep) -> FactoryStatusPublic:
    row = find_factory_status(nishan.views, str(factory_id), today_in_pakistan())
    if row is None:
        raise ApiError(404, "factory_not_found", f"No factory has the id {factory_id}.")
    return FactoryStatusPublic.model_validate(row, from_attributes=True)


@router.get("/{factory_id}/certification", response_model=CertificationAsOf)
def certification_on(
    factory_id: UUID,
    by: InspectorOrAdmin,
    nishan: NishanDep,
    on: Annotated[Day | None, Query(description="The day asked about; today if not given.")] = None,
) -> CertificationAsOf:
    """The factory's certification as it stood on any day, replayed from its own events; an
    inspector asks of factories in their jurisdiction."""
    day = on or today_in_pakistan()
    found = nishan.inspections.factory_for(factory_id, by).certification_on(day)
    return CertificationAsOf(
        factory_id=factory_id,
        on=day,
        status=found.status,
        certificate_id=found.certificate_id,
        valid_until=found.valid_until,
    )
