"""Grievances against factories: recorded anonymously, then acknowledged, investigated, and
resolved or dismissed with a reason."""

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.access import InspectorOrAdmin
from api.boundary import RequestBody
from api.dependencies import NishanDep
from api.input_formats import Day
from domain.clock import today_in_pakistan
from domain.inspections.grievance import GrievanceChannel

router = APIRouter(prefix="/grievances", tags=["inspections"])


class GrievanceCreate(RequestBody):
    """There is no field for the complainant's name: grievances are anonymous by construction."""

    factory_id: UUID
    channel: GrievanceChannel
    category: str = Field(
        max_length=4,
        pattern=r"^[A-Z]{2,4}$",
        description="A checklist cluster code.",
        examples=["WB"],
    )
    summary: str = Field(
        min_length=1,
        max_length=4000,
        description="Private to the inspectorate; never shown publicly.",
    )
    received_on: Day | None = Field(default=None, description="Today if not given.")


class GrievanceRecorded(BaseModel):
    grievance_id: UUID


class GrievanceResolve(RequestBody):
    resolution: str = Field(min_length=1, max_length=2000)


class GrievanceDismiss(RequestBody):
    reason: str = Field(min_length=1, max_length=2000)


@router.post("", status_code=201, response_model=GrievanceRecorded)
def record_grievance(
    body: GrievanceCreate, by: InspectorOrAdmin, nishan: NishanDep
) -> GrievanceRecorded:
    grievance_id = nishan.inspections.record_grievance(
        body.factory_id,
        body.channel,
        body.category,
        body.summary,
        body.received_on or today_in_pakistan(),
        by=by,
    )
    return GrievanceRecorded(grievance_id=grievance_id)


@router.post("/{grievance_id}/acknowledge", status_code=204)
def acknowledge_grievance(grievance_id: UUID, by: InspectorOrAdmin, nishan: NishanDep) -> None:
    nishan.inspections.acknowledge_grievance(grievance_id, today_in_pakistan(), by=by)


@router.post("/{grievance_id}/investigate", status_code=204)
def investigate_grievance(grievance_id: UUID, by: InspectorOrAdmin, nishan: NishanDep) -> None:
    nishan.inspections.investigate_grievance(grievance_id, today_in_pakistan(), by=by)


@router.post("/{grievance_id}/resolve", status_code=204)
def resolve_grievance(
    grievance_id: UUID, body: GrievanceResolve, by: InspectorOrAdmin, nishan: NishanDep
) -> None:
    nishan.inspections.resolve_grievance(grievance_id, body.resolution, today_in_pakistan(), by=by)


@router.post("/{grievance_id}/dismiss", status_code=204)
def dismiss_grievance(
    grievance_id: UUID, body: GrievanceDismiss, by: InspectorOrAdmin, nishan: NishanDep
) -> None:
    nishan.inspections.dismiss_grievance(grievance_id, body.reason, today_in_pakistan(), by=by)
