"""Factories: registered by compliance officers; their public status is open to all."""

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.boundary import RequestBody
from api.dependencies import Admin, NishanDep
from api.errors import ApiError
from projections.factory_status import find_factory_status

router = APIRouter(prefix="/factories", tags=["inspections"])


class FactoryCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200, examples=["Forward Sports (Pvt) Ltd, Unit 2"])
    ntn: str = Field(
        pattern=r"^[0-9]{7}-?[0-9]$", description="National Tax Number.", examples=["1234567-8"]
    )
    address: str = Field(min_length=1, max_length=300, examples=["Small Industrial Estate"])
    province: str = Field(min_length=1, max_length=60, examples=["Punjab"])
    district: str = Field(min_length=1, max_length=60, examples=["Sialkot"])
    sector: str = Field(min_length=1, max_length=80, examples=["sports goods"])


class FactoryRegistered(BaseModel):
    factory_id: UUID


class FactoryStatusPublic(BaseModel):
    factory_id: UUID
    name: str
    province: str
    district: str
    sector: str
    status: str
    valid_until: str | None
    last_inspection_on: str | None
    updated_at: str


@router.post("", status_code=201, response_model=FactoryRegistered)
def register_factory(body: FactoryCreate, by: Admin, nishan: NishanDep) -> FactoryRegistered:
    factory_id = nishan.inspections.register_factory(
        body.name, body.ntn, body.address, body.province, body.district, body.sector, by=by
    )
    return FactoryRegistered(factory_id=factory_id)


@router.get("/{factory_id}", response_model=FactoryStatusPublic)
def factory_status(factory_id: UUID, nishan: NishanDep) -> FactoryStatusPublic:
    row = find_factory_status(nishan.views, str(factory_id))
    if row is None:
        raise ApiError(404, "factory_not_found", f"No factory has the id {factory_id}.")
    return FactoryStatusPublic(**row)
