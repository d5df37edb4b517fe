"""Corrective actions across all factories, for the officers who chase them."""

from datetime import date
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from api.access import InspectorOrAdmin
from api.dependencies import NishanDep
from domain.clock import today_in_pakistan
from projections.corrective_actions import find_overdue_actions

router = APIRouter(prefix="/corrective-actions", tags=["inspections"])


class OverdueAction(BaseModel):
    action_id: UUID
    inspection_id: UUID
    factory_id: UUID
    factory_name: str | None
    province: str | None
    district: str | None
    indicator: str
    deadline: date
    verification: str
    status: str
    days_overdue: int


@router.get("/overdue", response_model=list[OverdueAction])
def overdue_actions(by: InspectorOrAdmin, nishan: NishanDep) -> list[OverdueAction]:
    """Actions not closed whose deadline has passed, the longest overdue first; an inspector
    sees those of their jurisdiction."""
    rows = find_overdue_actions(nishan.views, today_in_pakistan())
    return [
        OverdueAction(**row)
        for row in rows
        if nishan.inspections.sees(by, row["province"], row["district"])
    ]
