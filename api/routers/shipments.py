"""Shipments: an exporter's consignments, from a Pakistani port to the buyer's."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints, WithJsonSchema

from api.access import Exporter
from api.boundary import RequestBody
from api.dependencies import NishanDep
from api.input_formats import CONTAINER_NUMBER, Day
from domain.clock import today_in_pakistan
from domain.traceability.shipment import TransportMode

router = APIRouter(prefix="/shipments", tags=["traceability"])

Locode = Annotated[str, StringConstraints(max_length=5, pattern=r"^[A-Z]{2}[A-Z2-9]{3}$")]


class ShipmentCreate(RequestBody):
    port_of_loading: Locode = Field(examples=["PKKHI"])
    port_of_destination: Locode = Field(examples=["DEHAM"])
    planned_departure: Day
    mode: TransportMode
    containers: list[Annotated[str, WithJsonSchema(CONTAINER_NUMBER)]] = Field(
        default=[],
        max_length=200,
        description="ISO 6346 numbers; check digits are verified.",
        examples=[["CSQU3054383"]],
    )


class ShipmentCreated(BaseModel):
    shipment_id: UUID


class ShipmentLot(RequestBody):
    lot_id: UUID


class ShipmentCancel(RequestBody):
    reason: str = Field(min_length=1, max_length=500)


@router.post("", status_code=201, response_model=ShipmentCreated)
def create_shipment(body: ShipmentCreate, by: Exporter, nishan: NishanDep) -> ShipmentCreated:
    shipment_id = nishan.traceability.create_shipment(
        body.port_of_loading,
        body.port_of_destination,
        body.planned_departure,
        body.mode,
        body.containers,
        by=by,
    )
    return ShipmentCreated(shipment_id=shipment_id)


@router.post("/{shipment_id}/lots", status_code=204)
def add_lot(shipment_id: UUID, body: ShipmentLot, by: Exporter, nishan: NishanDep) -> None:
    nishan.traceability.add_lot_to_shipment(shipment_id, body.lot_id, by=by)


@router.post("/{shipment_id}/depart", status_code=204)
def depart(shipment_id: UUID, by: Exporter, nishan: NishanDep) -> None:
    """The consignment leaves today: its lots are shipped and change no more."""
    nishan.traceability.depart_shipment(shipment_id, today_in_pakistan(), by=by)


@router.post("/{shipment_id}/arrive", status_code=204)
def arrive(shipment_id: UUID, by: Exporter, nishan: NishanDep) -> None:
    nishan.traceability.arrive_shipment(shipment_id, today_in_pakistan(), by=by)


@router.post("/{shipment_id}/cancel", status_code=204)
def cancel(shipment_id: UUID, body: ShipmentCancel, by: Exporter, nishan: NishanDep) -> None:
    nishan.traceability.cancel_shipment(shipment_id, body.reason, by=by)
