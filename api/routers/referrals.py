"""Referrals of zero-tolerance findings to the DVC, the FIA or the child-labour unit."""

from datetime import date
from enum import Enum
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.access import InspectorOrAdmin
from api.boundary import TEXT, RequestBody
from api.dependencies import NishanDep
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, day_key, id_key, key_after, page_of
from api.places_seen import PlacesSeenDep
from api.view_reads import listed_rows
from domain.clock import today_in_pakistan
from domain.inspections.referral import ReferralStatus
from projections.referral_search import ReferralSearch, referrals_query
from projections.referrals import find_overdue_referrals

router = APIRouter(prefix="/referrals", tags=["inspections"])


class OverdueReferral(BaseModel):
    referral_id: UUID
    factory_id: UUID
    factory_name: str | None
    inspection_id: UUID
    indicator: str
    body: str
    body_name: str
    district: str
    opened_on: date
    due_on: date
    status: str
    days_overdue: int


class ReferralOrder(Enum):
    LATEST_FIRST = "-opened_on"
    OLDEST_FIRST = "opened_on"


class ReferralListed(BaseModel):
    referral_id: UUID
    factory_id: UUID
    factory_name: str | None
    inspection_id: UUID
    indicator: str
    body: str = Field(
        description="Who it was referred to: district_vigilance_committee, fia or "
        "child_labour_unit."
    )
    body_name: str
    district: str | None = Field(description="The factory's district now.")
    province: str | None = Field(description="The factory's province now.")
    opened_on: date
    due_on: date = Field(description="When the body should have acknowledged it.")
    status: ReferralStatus


class ReferralList(BaseModel):
    referrals: list[ReferralListed]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


class CaseOpen(RequestBody):
    case_reference: str = Field(min_length=1, max_length=120, examples=["DVC-SKT/2026/114"])


class ReferralClose(RequestBody):
    note: str = Field(min_length=1, max_length=2000)


@router.get("", response_model=ReferralList)
def list_referrals(
    request: Request,
    by: InspectorOrAdmin,
    places: PlacesSeenDep,
    status: Annotated[list[ReferralStatus] | None, Query(max_length=4)] = None,
    district: Annotated[
        str | None, Query(max_length=120, pattern=TEXT, description="In any case.")
    ] = None,
    factory_id: UUID | None = None,
    sort: ReferralOrder = ReferralOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> ReferralList:
    """Zero-tolerance referrals, the latest opened first (`sort=opened_on`: the oldest first);
    an inspector sees those of their jurisdiction, an officer every one."""
    if places.nowhere:
        return ReferralList(referrals=[], next_cursor=None)
    search = ReferralSearch(
        statuses=tuple(s.value for s in status or ()),
        district=district,
        factory_id=str(factory_id) if factory_id else None,
        within=places.within,
    )
    after = key_after(cursor, sort.value, (day_key, id_key))
    statement, params = referrals_query(
        search,
        oldest_first=sort is ReferralOrder.OLDEST_FIRST,
        after=after,
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    rows = listed_rows(request, statement, params, "referrals")
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row["opened_on"], row["referral_id"]]
    )
    return ReferralList(
        referrals=[ReferralListed.model_validate(dict(row)) for row in page],
        next_cursor=next_cursor,
    )


@router.get("/overdue", response_model=list[OverdueReferral])
def overdue_referrals(by: InspectorOrAdmin, nishan: NishanDep) -> list[OverdueReferral]:
    """Referrals the body has not acknowledged by their due date, the oldest first; an
    inspector sees those of their jurisdiction."""
    rows = find_overdue_referrals(nishan.views, today_in_pakistan())
    return [
        OverdueReferral(**row)
        for row in rows
        # The factory's place now, as acting on the referral checks it.
        if nishan.inspections.sees(by, row["province"], row["factory_district"])
    ]


@router.post("/{referral_id}/acknowledge", status_code=204)
def acknowledge_referral(referral_id: UUID, by: InspectorOrAdmin, nishan: NishanDep) -> None:
    nishan.inspections.acknowledge_referral(referral_id, today_in_pakistan(), by=by)


@router.post("/{referral_id}/case", status_code=204)
def open_referral_case(
    referral_id: UUID, body: CaseOpen, by: InspectorOrAdmin, nishan: NishanDep
) -> None:
    nishan.inspections.open_referral_case(
        referral_id, body.case_reference, today_in_pakistan(), by=by
    )


@router.post("/{referral_id}/close", status_code=204)
def close_referral(
    referral_id: UUID, body: ReferralClose, by: InspectorOrAdmin, nishan: NishanDep
) -> None:
    nishan.inspections.close_referral(referral_id, body.note, today_in_pakistan(), by=by)
