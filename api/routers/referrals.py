"""Referrals of zero-tolerance findings to the DVC, the FIA or the child-labour unit."""

from datetime import date
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.access import InspectorOrAdmin
from api.boundary import RequestBody
from api.dependencies import NishanDep
from domain.clock import today_in_pakistan
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


class CaseOpen(RequestBody):
    case_reference: str = Field(min_length=1, max_length=120, examples=["DVC-SKT/2026/114"])


class ReferralClose(RequestBody):
    note: str = Field(min_length=1, max_length=2000)


@router.get("/overdue", response_model=list[OverdueReferral])
def overdue_referrals(by: InspectorOrAdmin, nishan: NishanDep) -> list[OverdueReferral]:
    """Referrals the body has not acknowledged by their due date, the oldest first; an
    inspector sees those of their jurisdiction."""
    rows = find_overdue_referrals(nishan.views, today_in_pakistan())
    return [
        OverdueReferral(**row)
        for row in rows
        if nishan.inspections.sees(by, row["province"], row["district"])
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
