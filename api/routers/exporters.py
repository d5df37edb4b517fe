"""Exporting companies and the people who act for them."""

from datetime import date
from enum import Enum
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.access import Admin, ExporterOrAdmin
from api.boundary import RequestBody
from api.company import company_of
from api.dependencies import NishanDep
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, id_key, key_after, moment_key, page_of
from api.routers.accounts import AccountOpened, SignInName, opened
from api.view_reads import listed_rows, while_views_made
from domain.accounts.account import NAME_LONGEST
from domain.actor import Role
from domain.application import missing
from projections.exporter_search import exporters_query, find_exporter

router = APIRouter(prefix="/exporters", tags=["traceability"])


class ExporterCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200, examples=["Chenab Sports Exports"])
    ntn: str = Field(max_length=9, pattern=r"^[0-9]{7}-?[0-9]$", examples=["4170021-3"])
    city: str = Field(min_length=1, max_length=80, examples=["Sialkot"])


class ExporterRegistered(BaseModel):
    exporter_id: UUID


class ExporterOrder(Enum):
    LATEST_FIRST = "-registered_at"
    OLDEST_FIRST = "registered_at"


class ExporterDetail(BaseModel):
    exporter_id: UUID
    name: str
    ntn: str = Field(description="The company's National Tax Number.")
    city: str
    registered_on: date = Field(description="The day it was registered, in Pakistan.")


class ExporterList(BaseModel):
    exporters: list[ExporterDetail]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


class ExporterUserCreate(RequestBody):
    name: str = Field(min_length=1, max_length=NAME_LONGEST, examples=["Sara Qureshi"])
    sign_in_name: str | None = SignInName


@router.post(
    "",
    status_code=201,
    response_model=ExporterRegistered,
    responses={409: {"description": "Registered already: the body names the existing_id"}},
)
def register_exporter(body: ExporterCreate, by: Admin, nishan: NishanDep) -> ExporterRegistered:
    exporter_id = nishan.traceability.register_exporter(body.name, body.ntn, body.city, by=by)
    return ExporterRegistered(exporter_id=exporter_id)


@router.get("", response_model=ExporterList)
def list_exporters(
    request: Request,
    by: ExporterOrAdmin,
    nishan: NishanDep,
    sort: ExporterOrder = ExporterOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> ExporterList:
    """Registered exporters, the latest first (`sort=registered_at`: the oldest first). An
    officer sees every one; an exporter's user only their own company."""
    company = company_of(by, nishan)
    after = key_after(cursor, sort.value, (moment_key, id_key))
    statement, params = exporters_query(
        str(company) if company else None,
        oldest_first=sort is ExporterOrder.OLDEST_FIRST,
        after=after,
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    rows = listed_rows(request, statement, params, "exporters")
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row["registered_at"], row["exporter_id"]]
    )
    return ExporterList(
        exporters=[ExporterDetail.model_validate(dict(row)) for row in page],
        next_cursor=next_cursor,
    )


@router.get("/{exporter_id}", response_model=ExporterDetail)
def read_exporter(exporter_id: UUID, by: ExporterOrAdmin, nishan: NishanDep) -> ExporterDetail:
    """An exporter; an exporter's user may read only their own, another reads as missing."""
    company = company_of(by, nishan)
    found = while_views_made(lambda: find_exporter(nishan.views, str(exporter_id)), "exporters")
    if found is None or (company is not None and company != exporter_id):
        raise missing("exporter", exporter_id)  # word for word as the commands answer
    return ExporterDetail.model_validate(dict(found))


@router.post("/{exporter_id}/users", status_code=201, response_model=AccountOpened)
def open_exporter_user(
    exporter_id: UUID, body: ExporterUserCreate, by: Admin, nishan: NishanDep
) -> AccountOpened:
    """An account for a person acting for the exporter; its token is shown once."""
    return opened(
        nishan.traceability.open_exporter_user(
            exporter_id, body.name, by=by, sign_in_name=body.sign_in_name
        ),
        Role.EXPORTER,
    )
