"""Grievances against factories: recorded anonymously, then acknowledged, investigated, and
resolved or dismissed with a reason."""

from datetime import date
from enum import Enum
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.access import InspectorOrAdmin
from api.boundary import TEXT, RequestBody
from api.dependencies import NishanDep
from api.input_formats import Day
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, day_key, id_key, key_after, page_of
from api.places_seen import PlacesSeenDep
from api.view_reads import listed_rows
from domain.clock import today_in_pakistan
from domain.inspections.grievance import GrievanceChannel, GrievanceStatus
from projections.grievance_search import GrievanceSearch, grievances_query

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


class GrievanceOrder(Enum):
    LATEST_FIRST = "-received_on"
    OLDEST_FIRST = "received_on"


class GrievanceListed(BaseModel):
    """What the grievance's factory, kind and progress are; never its summary."""

    grievance_id: UUID
    factory_id: UUID
    factory_name: str | None
    province: str | None = Field(description="The factory's province now.")
    district: str | None = Field(description="The factory's district now.")
    category: str = Field(description="A checklist cluster code.")
    channel: GrievanceChannel
    status: GrievanceStatus
    received_on: date


class GrievanceList(BaseModel):
    grievances: list[GrievanceListed]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


@router.get("", response_model=GrievanceList)
def list_grievances(
    request: Request,
    by: InspectorOrAdmin,
    places: PlacesSeenDep,
    status: Annotated[list[GrievanceStatus] | None, Query(max_length=5)] = None,
    district: Annotated[
        str | None, Query(max_length=120, pattern=TEXT, description="In any case.")
    ] = None,
    factory_id: UUID | None = None,
    sort: GrievanceOrder = GrievanceOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> GrievanceList:
    """Grievances, the latest received first (`sort=received_on`: the oldest first); an
    inspector sees those of factories in their jurisdiction now, an officer every one."""
    if places.nowhere:
        return GrievanceList(grievances=[], next_cursor=None)
    search = GrievanceSearch(
        statuses=tuple(s.value for s in status or ()),
        district=district,
        factory_id=str(factory_id) if factory_id else None,
        within=places.within,
    )
    after = key_after(cursor, sort.value, (day_key, id_key))
    statement, params = grievances_query(
        search,
        oldest_first=sort is GrievanceOrder.OLDEST_FIRST,
        after=after,
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    rows = listed_rows(request, statement, params, "grievances")
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row["received_on"], row["grievance_id"]]
    )
    return GrievanceList(
        grievances=[GrievanceListed.model_validate(dict(row)) for row in page],
        next_cursor=next_cursor,
    )


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
