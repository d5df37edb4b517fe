"""Exporting companies and the people who act for them."""

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.access import Admin
from api.boundary import RequestBody
from api.dependencies import NishanDep
from api.routers.accounts import AccountOpened, SignInName, opened
from domain.actor import Role

router = APIRouter(prefix="/exporters", tags=["traceability"])


class ExporterCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200, examples=["Chenab Sports Exports"])
    ntn: str = Field(max_length=9, pattern=r"^[0-9]{7}-?[0-9]$", examples=["4170021-3"])
    city: str = Field(min_length=1, max_length=80, examples=["Sialkot"])


class ExporterRegistered(BaseModel):
    exporter_id: UUID


class ExporterUserCreate(RequestBody):
    name: str = Field(min_length=1, max_length=120, examples=["Sara Qureshi"])
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
