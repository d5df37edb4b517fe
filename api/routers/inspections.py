"""Inspection visits: scheduled by officers, recorded and signed off by the assigned inspector."""

from datetime import date
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.boundary import RequestBody
from api.dependencies import Admin, InspectorOrAdmin, NishanDep
from domain.clock import today_in_pakistan
from domain.inspections.inspection import Outcome, Severity

router = APIRouter(prefix="/inspections", tags=["inspections"])


class InspectionSchedule(RequestBody):
    factory_id: UUID
    inspector_id: UUID = Field(description="The account of the labour inspector who will visit.")
    planned_on: date
    announced: bool = True


class InspectionScheduled(BaseModel):
    inspection_id: UUID


class FindingCreate(RequestBody):
    indicator: str = Field(
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


class FindingRecorded(BaseModel):
    finding_id: UUID


class InspectionCompleted(BaseModel):
    inspection_id: UUID
    outcome: Outcome


@router.post("", status_code=201, response_model=InspectionScheduled)
def schedule_inspection(
    body: InspectionSchedule, by: Admin, nishan: NishanDep
) -> InspectionScheduled:
    inspection_id = nishan.inspections.schedule_inspection(
        body.factory_id, body.inspector_id, body.planned_on, body.announced, by=by
    )
    return InspectionScheduled(inspection_id=inspection_id)


@router.post("/{inspection_id}/findings", status_code=201, response_model=FindingRecorded)
def record_finding(
    inspection_id: UUID, body: FindingCreate, by: InspectorOrAdmin, nishan: NishanDep
) -> FindingRecorded:
    finding_id = nishan.inspections.record_finding(
        inspection_id,
        body.indicator,
        body.severity,
        body.observation,
        body.workers_affected,
        by=by,
    )
    return FindingRecorded(finding_id=finding_id)


@router.post("/{inspection_id}/complete", response_model=InspectionCompleted)
def complete_inspection(
    inspection_id: UUID, by: InspectorOrAdmin, nishan: NishanDep
) -> InspectionCompleted:
    outcome = nishan.inspections.complete_inspection(inspection_id, today_in_pakistan(), by=by)
    return InspectionCompleted(inspection_id=inspection_id, outcome=outcome)
