"""Carton labels, ready to print: the lot's QR code, its GTIN and lot number in GS1's
human-readable form, the product and the exporter. One lot's label, or a sheet with every lot
of a shipment. Nothing on them that the lot's public page does not show already."""

from dataclasses import dataclass
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.access import OpenToAll
from api.caching import with_etag
from api.dependencies import NishanDep
from api.errors import ApiError
from api.i18n.pages import render
from api.qr import QrFormat, qr_image
from api.routers.public import LotIdPath, lot_record_or_none, not_found
from bootstrap import Nishan
from domain.clock import today_in_pakistan
from projections.lot_record import LotRecord, find_lot_record
from projections.shipment_lots import find_shipment_lots

router = APIRouter(tags=["public"], dependencies=[OpenToAll])


@dataclass(frozen=True)
class Label:
    record: LotRecord
    carton_url: str
    qr: str  # an inline SVG element

    @property
    def human_readable(self) -> str:
        """GS1's human-readable interpretation: each key after its AI in brackets."""
        if self.record.gtin and self.record.lot_number:
            return f"(01) {self.record.gtin} (10) {self.record.lot_number}"
        return ""


def _label(nishan: Nishan, record: LotRecord) -> Label:
    carton = nishan.carton_url(record.lot_id, record.gtin, record.lot_number)
    svg = qr_image(carton, QrFormat.SVG).decode()
    return Label(record, carton, svg[svg.index("<svg") :])  # without the XML declaration


def _sheet(request: Request, labels: list[Label], title: str) -> Response:
    page = render(request, "labels.html", {"labels": labels, "title": title})
    return with_etag(request, page, "public, max-age=60, must-revalidate")


@router.get(
    "/lots/{lot_id}/label",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}, 404: {"description": "No such lot"}},
    summary="A print-ready carton label for the lot",
)
def lot_label(lot_id: LotIdPath, request: Request, nishan: NishanDep) -> Response:
    record = lot_record_or_none(nishan, lot_id)
    if record is None:
        return not_found(request, lot_id)
    return _sheet(request, [_label(nishan, record)], f"Label: {record.product}")


@router.get(
    "/shipments/{shipment_id}/labels",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}, 404: {"description": "No such shipment"}},
    summary="Every carton label of a shipment, on one print-ready sheet",
)
def shipment_labels(shipment_id: UUID, request: Request, nishan: NishanDep) -> Response:
    lots = find_shipment_lots(nishan.views, str(shipment_id))
    if not lots:
        raise ApiError(
            404, "shipment_not_found", f"No shipment {shipment_id} with lots is on record."
        )
    today = today_in_pakistan()
    records = [find_lot_record(nishan.views, lot_id, today) for lot_id in lots]
    labels = [_label(nishan, record) for record in records if record is not None]
    return _sheet(request, labels, f"Labels of shipment {shipment_id}")
