"""A consignment of lots from a Pakistani port to its destination."""

from datetime import date
from enum import Enum
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import DomainError
from domain.traceability.transport_codes import is_container_number, is_un_locode


class TransportMode(Enum):
    SEA = "sea"
    AIR = "air"
    ROAD = "road"
    RAIL = "rail"


class ShipmentState(Enum):
    PLANNED = "planned"
    DEPARTED = "departed"
    ARRIVED = "arrived"
    CANCELLED = "cancelled"


class Shipment(Aggregate):
    @event("Created")
    def __init__(
        self,
        exporter_id: UUID,
        port_of_loading: str,
        port_of_destination: str,
        planned_departure: date,
        mode: TransportMode,
        containers: list[str],
        by: Actor,
    ) -> None:
        self.exporter_id = exporter_id
        self.state = ShipmentState.PLANNED
        self.lots: list[UUID] = []

    @classmethod
    def create(
        cls,
        exporter_id: UUID,
        port_of_loading: str,
        port_of_destination: str,
        planned_departure: date,
        mode: TransportMode,
        containers: list[str],
        by: Actor,
    ) -> "Shipment":
        for code, what in ((port_of_loading, "loading"), (port_of_destination, "destination")):
            if not is_un_locode(code):
                raise DomainError(
                    f"'{code}' is not a UN/LOCODE for the port of {what}: 2 letters of country "
                    "and 3 of place, such as PKKHI (Karachi) or DEHAM (Hamburg).",
                    code="invalid_locode",
                )
        if not port_of_loading.startswith("PK"):
            raise DomainError(
                f"{port_of_loading} is not in Pakistan: exports load at a Pakistani port or "
                "dry port, such as PKKHI, PKBQM or PKSKT.",
                code="loading_port_outside_pakistan",
            )
        wrong = [c for c in containers if not is_container_number(c)]
        if wrong:
            raise DomainError(
                f"{', '.join(wrong)}: not an ISO 6346 container number (owner code, U, J or Z, "
                "six digits and the check digit, such as CSQU3054383).",
                code="invalid_container_number",
            )
        return cls._create(
            cls.Created,
            id=uuid4(),
            exporter_id=exporter_id,
            port_of_loading=port_of_loading,
            port_of_destination=port_of_destination,
            planned_departure=planned_departure,
            mode=mode,
            containers=list(dict.fromkeys(containers)),
            by=by,
        )

    def add_lot(self, lot_id: UUID, by: Actor) -> None:
        self._require_planned("take lots")
        if lot_id in self.lots:
            raise DomainError("This lot is in the shipment already.", code="lot_in_shipment")
        self._lot_added(lot_id=lot_id, by=by)

    @event("LotAdded")
    def _lot_added(self, lot_id: UUID, by: Actor) -> None:
        self.lots.append(lot_id)

    def depart(self, on: date, by: Actor) -> None:
        self._require_planned("depart")
        if not self.lots:
            raise DomainError("A shipment departs with at least one lot.", code="shipment_empty")
        self._departed(on=on, by=by)

    @event("Departed")
    def _departed(self, on: date, by: Actor) -> None:
        self.state = ShipmentState.DEPARTED

    def arrive(self, on: date, by: Actor) -> None:
        if self.state is not ShipmentState.DEPARTED:
            raise DomainError("Only a departed shipment arrives.", code="shipment_not_departed")
        self._arrived(on=on, by=by)

    @event("Arrived")
    def _arrived(self, on: date, by: Actor) -> None:
        self.state = ShipmentState.ARRIVED

    def cancel(self, reason: str, by: Actor) -> None:
        self._require_planned("be cancelled")
        if not reason.strip():
            raise DomainError("Say why the shipment is cancelled.", code="reason_required")
        self._cancelled(reason=reason.strip(), by=by)

    @event("Cancelled")
    def _cancelled(self, reason: str, by: Actor) -> None:
        self.state = ShipmentState.CANCELLED

    def _require_planned(self, doing: str) -> None:
        if self.state is not ShipmentState.PLANNED:
            raise DomainError(
                f"This shipment has {self.state.value}; it can no longer {doing}.",
                code=f"shipment_{self.state.value}",
            )
