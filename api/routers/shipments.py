"""Shipments: an exporter's consignments, from a Pakistani port to the buyer's."""

import json
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, StringConstraints, WithJsonSchema

from api.access import Exporter, ExporterOrAdmin
from api.boundary import RequestBody
from api.company import company_of
from api.dependencies import NishanDep
from api.input_formats import CONTAINER_NUMBER, Day
from api.pagination import DEFAULT_LIMIT, Cursor, Limit, day_key, id_key, key_after, page_of
from api.view_reads import listed_rows, while_views_made
from domain.application import missing
from domain.clock import today_in_pakistan
from domain.traceability.lot import Unit
from domain.traceability.shipment import ShipmentState, TransportMode
from projections.lot_list import LotStatus
from projections.shipment_search import ShipmentSearch, find_shipment, shipments_query

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


class ShipmentOrder(Enum):
    LATEST_FIRST = "-planned_departure"
    SOONEST_FIRST = "planned_departure"


class ShipmentListed(BaseModel):
    shipment_id: UUID
    exporter_id: UUID
    port_of_loading: str = Field(description="UN/LOCODE.")
    port_of_destination: str = Field(description="UN/LOCODE.")
    mode: TransportMode
    containers: list[str] = Field(description="ISO 6346 container numbers.")
    planned_departure: date
    departed_on: date | None
    arrived_on: date | None
    status: ShipmentState
    cancel_reason: str | None = Field(description="Why it was cancelled, if it was.")
    created_on: date = Field(description="The day it was recorded, in Pakistan.")
    lot_count: int = Field(description="How many lots it took.")


class ShipmentList(BaseModel):
    shipments: list[ShipmentListed]
    next_cursor: str | None = Field(
        description="Ask again with it as `cursor` for the next page; none after the last."
    )


class LotShipped(BaseModel):
    lot_id: UUID
    lot_number: str | None = Field(description="None while the lots' list catches up.")
    gtin: str | None
    product: str | None
    quantity: Decimal | None
    unit: Unit | None
    status: LotStatus | None


class ShipmentDetail(ShipmentListed):
    lots: list[LotShipped] = Field(description="Its lots, in the order it took them.")


def _shipment(row: dict) -> dict:
    """A shipment_register row as the answers name its fields."""
    listed = {**row, "status": row["state"], "containers": json.loads(row["containers"])}
    listed["lot_count"] = listed.pop("lots")
    return listed


@router.get("", response_model=ShipmentList)
def list_shipments(
    request: Request,
    by: ExporterOrAdmin,
    nishan: NishanDep,
    status: Annotated[list[ShipmentState] | None, Query(max_length=4)] = None,
    planned_from: Annotated[
        Day | None, Query(alias="from", description="Planned to depart on this day or later.")
    ] = None,
    planned_to: Annotated[
        Day | None, Query(alias="to", description="Planned to depart on this day or earlier.")
    ] = None,
    exporter_id: Annotated[
        UUID | None, Query(description="An officer: one exporter's shipments only.")
    ] = None,
    sort: ShipmentOrder = ShipmentOrder.LATEST_FIRST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> ShipmentList:
    """Shipments by planned departure, the latest first (`sort=planned_departure`: the soonest
    first). An exporter's user sees their company's; an officer every one."""
    company = company_of(by, nishan)
    if company is not None and exporter_id not in (None, company):
        return ShipmentList(shipments=[], next_cursor=None)  # another's: as if it had none
    only = company or exporter_id
    search = ShipmentSearch(
        exporter_id=str(only) if only else None,
        states=tuple(s.value for s in status or ()),
        planned_from=planned_from,
        planned_to=planned_to,
    )
    after = key_after(cursor, sort.value, (day_key, id_key))
    statement, params = shipments_query(
        search,
        soonest_first=sort is ShipmentOrder.SOONEST_FIRST,
        after=after,
        limit=limit + 1,  # one more than asked: whether a page follows
    )
    rows = listed_rows(request, statement, params, "shipments")
    page, next_cursor = page_of(
        rows, limit, sort.value, lambda row: [row["planned_departure"], row["shipment_id"]]
    )
    return ShipmentList(
        shipments=[ShipmentListed.model_validate(_shipment(dict(row))) for row in page],
        next_cursor=next_cursor,
    )


@router.get("/{shipment_id}", response_model=ShipmentDetail)
def read_shipment(shipment_id: UUID, by: ExporterOrAdmin, nishan: NishanDep) -> ShipmentDetail:
    """The shipment in full, with its lots; another company's reads exactly as a missing one."""
    found = while_views_made(lambda: find_shipment(nishan.views, str(shipment_id)), "shipments")
    company = company_of(by, nishan)
    if found is None or (company is not None and found[0]["exporter_id"] != str(company)):
        raise missing("shipment", shipment_id)  # word for word as the commands answer
    shipment, lots = found
    return ShipmentDetail.model_validate({**_shipment(dict(shipment)), "lots": lots})


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
