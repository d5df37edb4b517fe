"""GET /inspections/{id}: a visit in full, for those who may act on it, read from the
visit_detail view in one read (projections/visit_detail.py)."""

import base64
import json
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from eventsourcing.utils import get_topic
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from api.access import AssignedInspectorOrAdmin
from api.dependencies import NishanDep, current_account
from api.errors import ApiError
from api.quick_reads import quick_reads
from api.read_your_writes import wait_for_view
from api.routers.inspections import STATUS_OF, VisitStatus
from bootstrap import Nishan
from domain.accounts.account import Account
from domain.actor import Role
from domain.application import missing
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.inspections.inspection import Inspection, Outcome, Severity
from domain.inspections.referral import ReferralBody, ReferralStatus
from projections.visit_detail import VisitDetail

router = APIRouter(prefix="/inspections", tags=["inspections"])

SELECT_DETAIL = "SELECT document FROM visit_detail WHERE inspection_id = %(visit)s"
SCHEDULED = get_topic(Inspection.Scheduled)


class ActedBy(BaseModel):
    account_id: UUID
    role: str = Field(description="The role the account acted in: admin or inspector.")


class FactoryOfVisit(BaseModel):
    factory_id: UUID
    name: str
    province: str
    district: str


class EvidenceDetail(BaseModel):
    sha256: str
    media_type: str
    link: str = Field(
        description="The file named by its hash (RFC 6920 ni URI); the record never holds "
        "the file itself."
    )


class Regrade(BaseModel):
    from_severity: Severity
    to_severity: Severity
    reason: str
    at: datetime
    by: ActedBy


class Withdrawal(BaseModel):
    reason: str
    at: datetime
    by: ActedBy


class FindingDetail(BaseModel):
    finding_id: UUID
    indicator: str
    cluster: str
    severity: Severity = Field(description="As last graded.")
    severity_recorded: Severity = Field(description="As first recorded.")
    zero_tolerance: bool
    observation: str = Field(description="Private to those who may act on the visit.")
    workers_affected: int
    evidence: list[EvidenceDetail]
    recorded_at: datetime
    recorded_by: ActedBy
    regrades: list[Regrade]
    withdrawn: bool
    withdrawal: Withdrawal | None


class InterviewsRecorded(BaseModel):
    women: int
    men: int
    transgender: int
    at: datetime
    by: ActedBy


class Interviews(BaseModel):
    """Workers interviewed, counted by gender: the record never holds who they were."""

    women: int
    men: int
    transgender: int
    total: int
    recorded: list[InterviewsRecorded]


class GoodPractice(BaseModel):
    cluster: str
    description: str
    at: datetime
    by: ActedBy


class ActionReview(BaseModel):
    status: ActionStatus
    note: str
    follow_up_id: UUID | None = Field(description="The follow-up visit; none for a desk review.")
    at: datetime
    by: ActedBy


class CorrectiveActionDetail(BaseModel):
    action_id: UUID
    finding_id: UUID
    indicator: str
    description: str
    owner: str
    deadline: date
    verification: Verification
    status: ActionStatus
    lapsed: bool = Field(
        description="Its finding was withdrawn or the visit cancelled: nothing remains to do."
    )
    planned_at: datetime
    planned_by: ActedBy
    reviews: list[ActionReview]


class ReferralOfVisit(BaseModel):
    referral_id: UUID
    finding_id: UUID
    indicator: str
    body: ReferralBody
    body_name: str
    district: str
    opened_on: date
    due_on: date = Field(description="When the body should have acknowledged it.")
    status: ReferralStatus
    acknowledged_on: date | None
    case_reference: str | None
    case_opened_on: date | None
    closed_on: date | None


class Reassignment(BaseModel):
    from_inspector_id: UUID
    to_inspector_id: UUID
    at: datetime
    by: ActedBy


class VisitLink(BaseModel):
    inspection_id: UUID
    inspector_id: UUID
    planned_on: date
    status: VisitStatus
    outcome: Outcome | None


class InspectionDetail(BaseModel):
    inspection_id: UUID
    factory: FactoryOfVisit
    inspector_id: UUID
    planned_on: date
    announced: bool
    catalogue_version: str
    status: VisitStatus
    outcome: Outcome | None
    scheduled_at: datetime
    scheduled_by: ActedBy
    started_at: datetime | None
    signed_off_at: datetime | None
    cancelled_at: datetime | None
    cancellation_reason: str | None
    reassignments: list[Reassignment]
    findings: list[FindingDetail]
    interviews: Interviews
    good_practices: list[GoodPractice]
    corrective_actions: list[CorrectiveActionDetail]
    referrals: list[ReferralOfVisit]
    follow_up_of: VisitLink | None = Field(description="The visit this one follows up.")
    follow_ups: list[VisitLink] = Field(description="The visits that follow this one up.")


@router.get("/{inspection_id}", response_model=InspectionDetail)
def inspection_detail(
    inspection_id: UUID,
    request: Request,
    by: AssignedInspectorOrAdmin,
    account: Annotated[Account, Depends(current_account)],  # the one the rule authenticated
    nishan: NishanDep,
) -> InspectionDetail:
    """The visit in full: its findings with their corrections, interviews, good practices,
    corrective actions and their reviews, referrals, outcome and follow-ups. For its assigned
    inspector while its factory is in their jurisdiction, and officers: as for its commands,
    another's visit answers as a missing one."""
    document = _read(request, nishan, inspection_id)
    if document is None or not _may_read(document, account):
        raise missing("inspection", inspection_id)
    return detail_of(document)


def _read(request: Request, nishan: Nishan, inspection_id: UUID) -> dict[str, Any] | None:
    """The visit's document. A visit in the log but not yet in the view (the worker on
    PostgreSQL is a moment behind its command) is waited for, as a Nishan-Read-After would be."""
    reads = quick_reads(request)
    row = reads.one(SELECT_DETAIL, {"visit": str(inspection_id)})
    if row is None and _scheduled(nishan, inspection_id):
        head = nishan.inspections.recorder.max_notification_id() or 0
        if not wait_for_view(nishan, VisitDetail.name, nishan.inspections.name, head):
            raise ApiError(
                503, "views_behind", "The record has not caught up with this visit yet; try "
                "again in a moment.", {"Retry-After": "1"},
            )  # fmt: skip
        row = reads.one(SELECT_DETAIL, {"visit": str(inspection_id)})
    return json.loads(row["document"]) if row else None


def _scheduled(nishan: Nishan, inspection_id: UUID) -> bool:
    """Whether the log holds this visit: its first event only, not the visit loaded."""
    first = nishan.inspections.recorder.select_events(inspection_id, limit=1)
    return bool(first) and first[0].topic == SCHEDULED


def _may_read(document: dict[str, Any], account: Account) -> bool:
    """Who may act on the visit (InspectionsApplication._may_act_on): an officer, or its
    assigned inspector while its factory is in their jurisdiction."""
    if account.role is Role.ADMIN:
        return True
    if account.role is not Role.INSPECTOR or document["inspector_id"] != str(account.id):
        return False
    where, within = document["factory"], account.jurisdiction
    return within is not None and within.covers(where["province"], where["district"])


def detail_of(document: dict[str, Any]) -> InspectionDetail:
    """The view's document as the API names it: states as GET /inspections does, evidence
    with its link, interviews with their totals."""
    recorded = document["interviews"]
    counts = {
        gender: sum(entry[gender] for entry in recorded)
        for gender in ("women", "men", "transgender")
    }
    return InspectionDetail.model_validate(
        {
            **document,
            "status": STATUS_OF[document["state"]],
            "findings": [
                {
                    **finding,
                    "withdrawn": finding["withdrawal"] is not None,
                    "evidence": [{**e, "link": evidence_link(**e)} for e in finding["evidence"]],
                }
                for finding in document["findings"]
            ],
            "interviews": {**counts, "total": sum(counts.values()), "recorded": recorded},
            "follow_up_of": _link(document["follow_up_of"]),
            "follow_ups": [_link(visit) for visit in document["follow_ups"]],
        }
    )


def _link(summary: dict[str, Any] | None) -> dict[str, Any] | None:
    return {**summary, "status": STATUS_OF[summary["state"]]} if summary else None


def evidence_link(sha256: str, media_type: str) -> str:
    """RFC 6920's name for a file by its SHA-256: ni:///sha-256;<base64url>?ct=<media type>."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).rstrip(b"=").decode()
    return f"ni:///sha-256;{digest}?ct={media_type}"
