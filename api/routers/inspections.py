"""Inspection visits: scheduled by officers, recorded and signed off by the assigned inspector."""

from datetime import date
from enum import Enum
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.access import Admin, AssignedInspectorOrAdmin
from api.boundary import TEXT, RequestBody
from api.dependencies import NishanDep
from api.input_formats import Day
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, day_key, id_key, key_after, page_of
from api.places_seen import PlacesSeenDep
from api.view_reads import listed_rows
from domain.actor import Role
from domain.clock import today_in_pakistan
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.inspections.evidence import Evidence
from domain.inspections.factory_details import Workforce
from domain.inspections.inspection import Outcome, Severity, VisitState
from projections.visit_search import VisitSearch, visits_query

router = APIRouter(prefix="/inspections", tags=["inspections"])


class VisitStatus(Enum):
    """A visit's state as its users name it."""

    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    SIGNED_OFF = "signed_off"
    CANCELLED = "cancelled"


STATE_OF = {
    VisitStatus.SCHEDULED: VisitState.SCHEDULED,
    VisitStatus.IN_PROGRESS: VisitState.STARTED,
    VisitStatus.SIGNED_OFF: VisitState.COMPLETED,
    VisitStatus.CANCELLED: VisitState.CANCELLED,
}
STATUS_OF = {state.value: status for status, state in STATE_OF.items()}


class VisitOrder(Enum):
    LATEST_FIRST = "-planned_on"
    SOONEST_FIRST = "planned_on"


class VisitListed(BaseModel):
    inspection_id: UUID
    factory_id: UUID
    factory_name: str
    inspector_id: UUID
    planned_on: date
    status: VisitStatus
    province: str
    district: str


class VisitList(BaseModel):
    visits: list[VisitListed]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


class InspectionSchedule(RequestBody):
    factory_id: UUID
    inspector_id: UUID = Field(description="The account of the labour inspector who will visit.")
    planned_on: Day
    announced: bool = True
    follow_up_of: UUID | None = Field(
        default=None, description="The completed visit whose corrective actions this one checks."
    )


class InspectionReassign(RequestBody):
    inspector_id: UUID = Field(description="The account of the labour inspector who takes over.")


class InspectionScheduled(BaseModel):
    inspection_id: UUID


class EvidenceIn(RequestBody):
    sha256: str = Field(
        max_length=64, pattern=r"^[0-9a-fA-F]{64}$", description="SHA-256 of the file, in hex."
    )
    media_type: str = Field(
        max_length=100, pattern=r"^[a-zA-Z]+/[a-zA-Z0-9.+-]+$", examples=["image/jpeg"]
    )


class FindingCreate(RequestBody):
    indicator: str = Field(
        max_length=8,
        pattern=r"^[A-Z]{2,4}-[0-9]{1,3}$",
        examples=["FL-07"],
        description="An indicator code of the visit's checklist version (see /catalogue).",
    )
    severity: Severity | None = Field(
        default=None, description="Defaults to the indicator's severity in the checklist."
    )
    observation: str = Field(
        default="", max_length=4000, description="Private to inspectors; never shown publicly."
    )
    workers_affected: int = Field(default=0, ge=0, le=100_000)
    evidence: list[EvidenceIn] = Field(default=[], max_length=50)


class InterviewsRecord(RequestBody):
    """How many workers were interviewed, by gender; never who they were."""

    women: int = Field(default=0, ge=0, le=10_000)
    men: int = Field(default=0, ge=0, le=10_000)
    transgender: int = Field(default=0, ge=0, le=10_000)


class GoodPracticeRecord(RequestBody):
    cluster: str = Field(max_length=4, pattern=r"^[A-Z]{2,4}$", examples=["GR"])
    description: str = Field(min_length=1, max_length=2000)


class FindingWithdraw(RequestBody):
    reason: str = Field(min_length=1, max_length=1000)


class FindingRegrade(RequestBody):
    severity: Severity
    reason: str = Field(min_length=1, max_length=1000)


class CorrectiveActionPlan(RequestBody):
    description: str = Field(min_length=1, max_length=2000)
    owner: str = Field(
        min_length=1, max_length=120, description="A role at the factory, such as HR manager."
    )
    deadline: Day
    verification: Verification


class CorrectiveActionPlanned(BaseModel):
    action_id: UUID


class CorrectiveActionReview(RequestBody):
    status: ActionStatus
    note: str = Field(default="", max_length=2000)
    follow_up_id: UUID | None = Field(
        default=None, description="The follow-up visit; none for a desk review."
    )


class VisitCancel(RequestBody):
    reason: str = Field(min_length=1, max_length=500)


class FindingRecorded(BaseModel):
    finding_id: UUID


class InspectionCompleted(BaseModel):
    inspection_id: UUID
    outcome: Outcome


@router.get("", response_model=VisitList)
def list_visits(
    request: Request,
    by: AssignedInspectorOrAdmin,
    places: PlacesSeenDep,
    status: Annotated[list[VisitStatus] | None, Query(max_length=4)] = None,
    planned_from: Annotated[Day | None, Query(alias="from")] = None,
    planned_to: Annotated[Day | None, Query(alias="to")] = None,
    district: Annotated[
        str | None, Query(max_length=120, pattern=TEXT, description="In any case.")
    ] = None,
    factory_id: UUID | None = None,
    inspector_id: UUID | None = None,
    unassigned: Annotated[
        bool | None,
        Query(
            description="true: only the open visits (scheduled or in progress) whose inspector "
            "may no longer do them (deactivated, without the inspector role, or no longer "
            "covering the factory's place), to reassign."
        ),
    ] = None,
    sort: VisitOrder = VisitOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> VisitList:
    """Visits by planned day, latest first (`sort=planned_on`: soonest first, an inspector's
    schedule). An inspector sees the visits assigned to them at factories of their jurisdiction
    now: the visits they may open and act on (those a move leaves behind are for an officer to
    reassign, with `unassigned=true`); an officer every visit."""
    if by.role is Role.INSPECTOR:
        if inspector_id not in (None, by.id) or places.nowhere:
            return VisitList(visits=[], next_cursor=None)  # another's: as if there were none
        inspector_id = by.id
    search = VisitSearch(
        states=tuple(STATE_OF[s].value for s in status or ()),
        planned_from=planned_from,
        planned_to=planned_to,
        district=district,
        factory_id=str(factory_id) if factory_id else None,
        inspector_id=str(inspector_id) if inspector_id else None,
        unassigned=bool(unassigned),
        within=places.within,
    )
    after = key_after(cursor, sort.value, (day_key, id_key))
    statement, params = visits_query(
        search,
        soonest_first=sort is VisitOrder.SOONEST_FIRST,
        after=after,
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    rows = listed_rows(request, statement, params, "visits")
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row["planned_on"], row["inspection_id"]]
    )
    return VisitList(
        visits=[
            VisitListed.model_validate({**row, "status": STATUS_OF[row["state"]]}) for row in page
        ],
        next_cursor=next_cursor,
    )


@router.post("", status_code=201, response_model=InspectionScheduled)
def schedule_inspection(
    body: InspectionSchedule, by: Admin, nishan: NishanDep
) -> InspectionScheduled:
    inspection_id = nishan.inspections.schedule_inspection(
        body.factory_id,
        body.inspector_id,
        body.planned_on,
        body.announced,
        by=by,
        follow_up_of=body.follow_up_of,
    )
    return InspectionScheduled(inspection_id=inspection_id)


@router.post("/{inspection_id}/reassign", status_code=204)
def reassign_inspection(
    inspection_id: UUID, body: InspectionReassign, by: Admin, nishan: NishanDep
) -> None:
    """Another inspector takes over an open visit (its own was moved), with what it recorded."""
    nishan.inspections.reassign_inspection(inspection_id, body.inspector_id, by=by)


@router.post("/{inspection_id}/findings", status_code=201, response_model=FindingRecorded)
def record_finding(
    inspection_id: UUID, body: FindingCreate, by: AssignedInspectorOrAdmin, nishan: NishanDep
) -> FindingRecorded:
    finding_id = nishan.inspections.record_finding(
        inspection_id,
        body.indicator,
        body.severity,
        body.observation,
        body.workers_affected,
        by=by,
        evidence=tuple(Evidence(e.sha256, e.media_type) for e in body.evidence),
        on=today_in_pakistan(),
    )
    return FindingRecorded(finding_id=finding_id)


@router.post("/{inspection_id}/complete", response_model=InspectionCompleted)
def complete_inspection(
    inspection_id: UUID, by: AssignedInspectorOrAdmin, nishan: NishanDep
) -> InspectionCompleted:
    outcome = nishan.inspections.complete_inspection(inspection_id, today_in_pakistan(), by=by)
    return InspectionCompleted(inspection_id=inspection_id, outcome=outcome)


@router.post("/{inspection_id}/start", status_code=204)
def start_inspection(inspection_id: UUID, by: AssignedInspectorOrAdmin, nishan: NishanDep) -> None:
    """The inspector has arrived at the factory: findings can now be recorded."""
    nishan.inspections.start_inspection(inspection_id, by=by)


@router.post("/{inspection_id}/interviews", status_code=204)
def record_interviews(
    inspection_id: UUID, body: InterviewsRecord, by: AssignedInspectorOrAdmin, nishan: NishanDep
) -> None:
    interviewed = Workforce(women=body.women, men=body.men, transgender=body.transgender)
    nishan.inspections.record_interviews(inspection_id, interviewed, by=by)


@router.post("/{inspection_id}/good-practices", status_code=204)
def record_good_practice(
    inspection_id: UUID, body: GoodPracticeRecord, by: AssignedInspectorOrAdmin, nishan: NishanDep
) -> None:
    nishan.inspections.record_good_practice(inspection_id, body.cluster, body.description, by=by)


@router.post("/{inspection_id}/cancel", status_code=204)
def cancel_inspection(
    inspection_id: UUID, body: VisitCancel, by: AssignedInspectorOrAdmin, nishan: NishanDep
) -> None:
    nishan.inspections.cancel_inspection(inspection_id, body.reason, by=by)


@router.post("/{inspection_id}/findings/{finding_id}/withdraw", status_code=204)
def withdraw_finding(
    inspection_id: UUID,
    finding_id: UUID,
    body: FindingWithdraw,
    by: AssignedInspectorOrAdmin,
    nishan: NishanDep,
) -> None:
    """Correct a finding recorded in error; the original stays in the history."""
    nishan.inspections.withdraw_finding(
        inspection_id, finding_id, body.reason, on=today_in_pakistan(), by=by
    )


@router.post("/{inspection_id}/findings/{finding_id}/regrade", status_code=204)
def regrade_finding(
    inspection_id: UUID,
    finding_id: UUID,
    body: FindingRegrade,
    by: AssignedInspectorOrAdmin,
    nishan: NishanDep,
) -> None:
    nishan.inspections.regrade_finding(inspection_id, finding_id, body.severity, body.reason, by=by)


@router.post(
    "/{inspection_id}/findings/{finding_id}/corrective-actions",
    status_code=201,
    response_model=CorrectiveActionPlanned,
)
def plan_corrective_action(
    inspection_id: UUID,
    finding_id: UUID,
    body: CorrectiveActionPlan,
    by: AssignedInspectorOrAdmin,
    nishan: NishanDep,
) -> CorrectiveActionPlanned:
    action_id = nishan.inspections.plan_corrective_action(
        inspection_id,
        finding_id,
        body.description,
        body.owner,
        body.deadline,
        body.verification,
        by=by,
    )
    return CorrectiveActionPlanned(action_id=action_id)


@router.post("/{inspection_id}/corrective-actions/{action_id}/review", status_code=204)
def review_corrective_action(
    inspection_id: UUID,
    action_id: UUID,
    body: CorrectiveActionReview,
    by: AssignedInspectorOrAdmin,
    nishan: NishanDep,
) -> None:
    """Mark an action open, progressing or closed, at a follow-up visit or by desk review."""
    nishan.inspections.review_corrective_action(
        inspection_id,
        action_id,
        body.status,
        body.note,
        on=today_in_pakistan(),
        by=by,
        follow_up_id=body.follow_up_id,
    )
