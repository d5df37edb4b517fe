"""Factories: registered and updated by compliance officers; their public status is open to all."""

from dataclasses import replace
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, StringConstraints, field_validator

from api.access import Admin, AnyRole, InspectorOrAdmin, OpenToAll
from api.boundary import TEXT, RequestBody
from api.compliance_figures import ComplianceFiguresPublic
from api.dependencies import NishanDep
from api.errors import ApiError
from api.input_formats import Day, Latitude, Longitude, vocabulary_code, vocabulary_note
from api.pagination import DEFAULT_LIMIT, Limit, id_key, key_after, moment_key, page_of, text_key
from api.quick_reads import quick_reads
from api.routers.inspections import STATUS_OF, VisitStatus
from api.view_reads import views_behind
from domain.clock import today_in_pakistan
from domain.inspections.certification import CertificationStatus
from domain.inspections.factory_details import FactoryDetails, GeoPoint, Workforce
from domain.inspections.grievance import GrievanceChannel, GrievanceStatus
from domain.inspections.referral import ReferralStatus
from domain.inspections.sectors import SECTORS
from domain.places import PROVINCES, province_asked
from projections.factory_file import find_factory_file
from projections.factory_search import FactorySearch, factories_query
from projections.factory_status import find_factory_status
from projections.status_today import VALID_STATUSES

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


class FactoryOrder(Enum):
    LATEST_FIRST = "-registered_at"
    BY_NAME = "name"


class FactoryListed(BaseModel):
    factory_id: UUID
    name: str
    province: str
    district: str
    sector: str = Field(description="An ISIC Rev. 4 code, or 'other' (GET /vocabularies).")
    sector_note: str
    status: CertificationStatus = Field(
        description="Its public status today, as GET /factories/{factory_id} shows it."
    )
    valid_until: date | None = Field(description="Only while the certificate is valid.")
    last_inspection_on: date | None
    registered_at: datetime


class FactoryList(BaseModel):
    factories: list[FactoryListed]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


# A page after a name carries the name: longer than other lists' cursors (a name of 200
# letters in Urdu, folded and escaped), still far within what a URL may hold.
NameCursor = Annotated[
    str | None,
    Query(max_length=6000, description="The `next_cursor` of the page before; none for the first."),
]


class FileVisit(BaseModel):
    inspection_id: UUID
    inspector_id: UUID
    planned_on: date
    status: VisitStatus


class FileDecision(BaseModel):
    version: int = Field(description="The factory's version the decision gave it.")
    at: datetime
    event: str = Field(description="Certified or Suspended.")
    facts: dict[str, Any] = Field(
        description="status, inspected_on and valid_until; or inspected_on and the reason."
    )


class FileAction(BaseModel):
    action_id: UUID
    inspection_id: UUID
    finding_id: UUID
    indicator: str
    deadline: date
    verification: str
    status: str


class FileGrievance(BaseModel):
    grievance_id: UUID
    category: str
    channel: GrievanceChannel
    status: GrievanceStatus
    received_on: date


class FileReferral(BaseModel):
    referral_id: UUID
    inspection_id: UUID
    indicator: str
    body: str
    body_name: str
    opened_on: date
    due_on: date
    status: ReferralStatus


class FactoryFile(BaseModel):
    """Each part is at most 100 rows, the newest (open actions: the soonest due); visits,
    grievances and referrals are listed in full by their own routes, with `factory_id`."""

    factory: FactoryStatusPublic
    ntn: str | None = Field(description="National Tax Number, as registered.")
    registered_at: datetime | None
    visits: list[FileVisit] = Field(description="The latest planned first.")
    certification_history: list[FileDecision] = Field(description="The latest first.")
    open_corrective_actions: list[FileAction] = Field(description="Not closed; soonest due first.")
    grievances: list[FileGrievance] = Field(description="The latest received first.")
    referrals: list[FileReferral] = Field(description="The latest opened first.")


@router.get("", response_model=FactoryList)
def list_factories(
    request: Request,
    by: AnyRole,
    province: Annotated[
        str | None, Query(max_length=60, json_schema_extra={"enum": list(PROVINCES)})
    ] = None,
    district: Annotated[
        str | None, Query(max_length=60, pattern=TEXT, description="In any case.")
    ] = None,
    sector: Annotated[
        str | None,
        Query(
            max_length=200,
            json_schema_extra={"enum": list(SECTORS.codes)},
            description="A sector code (GET /vocabularies): a division (13) finds its classes "
            "(1311, 1312, ...) too.",
        ),
    ] = None,
    status: Annotated[list[CertificationStatus] | None, Query(max_length=6)] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=TEXT,
            description="Part of the name, in any case; or the whole National Tax Number, with "
            "or without its dash (1234567-8, 12345678). Part of an NTN finds nothing by it: "
            "the NTN is private, and a part would let it be guessed digit by digit.",
        ),
    ] = None,
    sort: FactoryOrder = FactoryOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: NameCursor = None,
) -> FactoryList:
    """The registry of factories, the latest registered first (`sort=name`: by name), with
    each one's public status today; for any account with a role (an exporter chooses the
    factory its lot was made at)."""
    by_name = sort is FactoryOrder.BY_NAME
    search = FactorySearch(
        province=province_asked(province) if province is not None else None,
        district=district,
        sector=SECTORS.known(sector) if sector is not None else None,
        statuses=tuple(s.value for s in status or ()),
        text=q,
    )
    after = key_after(cursor, sort.value, (text_key if by_name else moment_key, id_key))
    statement, params = factories_query(
        search,
        today_in_pakistan(),
        by_name=by_name,
        after=after,
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    with views_behind("The registry of factories"):
        rows = quick_reads(request).all(statement, params)
    sort_key = "name_key" if by_name else "registered_at"
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row[sort_key], row["factory_id"]]
    )
    return FactoryList(
        factories=[
            FactoryListed.model_validate(
                {
                    **row,
                    # As the factory's own status shows it: no validity without a valid status.
                    "valid_until": row["valid_until"] if row["status"] in VALID_STATUSES else None,
                }
            )
            for row in page
        ],
        next_cursor=next_cursor,
    )


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


@router.get("/{factory_id}/file", response_model=FactoryFile)
def factory_file(factory_id: UUID, by: InspectorOrAdmin, nishan: NishanDep) -> FactoryFile:
    """The factory's private file: its status, NTN, visits, certification decisions, open
    corrective actions, grievances (never their summaries) and referrals; for officers, and
    for the inspectors of its jurisdiction (another's answers as a missing factory)."""
    with views_behind("The factory's file"):
        found = find_factory_file(nishan.views, str(factory_id), today_in_pakistan())
    place = found["factory"] if found else None
    if place is None or not nishan.inspections.sees(by, place["province"], place["district"]):
        raise ApiError(404, "factory_not_found", f"No factory has the id {factory_id}.")
    for visit in found["visits"]:
        visit["status"] = STATUS_OF[visit.pop("state")]
    return FactoryFile.model_validate(found, from_attributes=True)


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
