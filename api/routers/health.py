"""A health check for load balancers and docker compose: answers only when the database does."""

from fastapi import APIRouter
from pydantic import BaseModel

from api.access import OpenToAll
from api.dependencies import NishanDep

router = APIRouter(tags=["operations"], dependencies=[OpenToAll])


class Health(BaseModel):
    status: str
    database: str


@router.get("/healthz", response_model=Health)
def health(nishan: NishanDep) -> Health:
    with nishan.views.reading() as cursor:
        cursor.execute("SELECT 1 AS ok").fetchone()
    return Health(status="ok", database="sqlite" if nishan.views.is_sqlite else "postgresql")
