"""shipment_lots: which lots each shipment carries, for its sheet of carton labels, and each
shipment's route and dates, for the lot page. No containers, buyers or bills of lading: those
are commercially sensitive."""

from dataclasses import dataclass
from datetime import date

from domain.traceability.lot import Lot
from domain.traceability.shipment import Shipment
from projections.projection import Projection, day, handles, moment, text
from projections.view_store import ViewCursor, ViewStore


class ShipmentLots(Projection):
    name = "shipment_lots"
    version = 3  # 3: found by lot (a page's read); 2: the shipments' routes and dates
    follows = "Traceability"
    tables = {
        "shipment_lots": """
            CREATE TABLE IF NOT EXISTS shipment_lots (
                shipment_id TEXT NOT NULL,
                lot_id TEXT NOT NULL,
                assigned_at TEXT NOT NULL,
                PRIMARY KEY (shipment_id, lot_id)
            )""",
        "shipments": """
            CREATE TABLE IF NOT EXISTS shipments (
                shipment_id TEXT PRIMARY KEY,
                port_of_loading TEXT NOT NULL,
                port_of_destination TEXT NOT NULL,
                mode TEXT NOT NULL,
                planned_departure TEXT NOT NULL,
                departed_on TEXT,
                arrived_on TEXT,
                state TEXT NOT NULL,
                changed_at TEXT NOT NULL
            )""",
    }

    # A lot's page finds its shipment by the lot; every lot shipped is a row here.
    indexes = {"shipment_lots_by_lot": "shipment_lots (lot_id)"}

    @handles(Shipment.Created)
    def on_shipment_created(self, event: Shipment.Created, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO shipments (shipment_id, port_of_loading, port_of_destination, mode, "
            "planned_departure, state, changed_at) VALUES (%(id)s, %(loading)s, "
            "%(destination)s, %(mode)s, %(planned)s, 'planned', %(at)s)",
            {
                "id": text(event.originator_id),
                "loading": event.port_of_loading,
                "destination": event.port_of_destination,
                "mode": event.mode.value,
                "planned": event.planned_departure.isoformat(),
                "at": moment(event.timestamp),
            },
        )

    @handles(Shipment.Departed)
    def on_departed(self, event: Shipment.Departed, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE shipments SET departed_on = %(on)s, state = 'departed', changed_at = %(at)s "
            "WHERE shipment_id = %(id)s",
            {"id": text(event.originator_id), "on": event.on.isoformat(), **_at(event)},
        )

    @handles(Shipment.Arrived)
    def on_arrived(self, event: Shipment.Arrived, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE shipments SET arrived_on = %(on)s, state = 'arrived', changed_at = %(at)s "
            "WHERE shipment_id = %(id)s",
            {"id": text(event.originator_id), "on": event.on.isoformat(), **_at(event)},
        )

    @handles(Shipment.Cancelled)
    def on_cancelled(self, event: Shipment.Cancelled, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE shipments SET state = 'cancelled', changed_at = %(at)s "
            "WHERE shipment_id = %(id)s",
            {"id": text(event.originator_id), **_at(event)},
        )

    @handles(Lot.AssignedToShipment)
    def on_assigned(self, event: Lot.AssignedToShipment, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO shipment_lots (shipment_id, lot_id, assigned_at) "
            "VALUES (%(shipment)s, %(lot)s, %(at)s) ON CONFLICT DO NOTHING",
            {"shipment": text(event.shipment_id), "lot": text(event.originator_id), **_at(event)},
        )

    @handles(Lot.ReleasedFromShipment)
    def on_released(self, event: Lot.ReleasedFromShipment, cursor: ViewCursor) -> None:
        cursor.execute(
            "DELETE FROM shipment_lots WHERE shipment_id = %(shipment)s AND lot_id = %(lot)s",
            {"shipment": text(event.shipment_id), "lot": text(event.originator_id)},
        )


def _at(event: Lot.AssignedToShipment | Shipment.Departed) -> dict[str, str]:
    return {"at": moment(event.timestamp)}


def find_shipment_lots(store: ViewStore, shipment_id: str) -> list[str]:
    with store.reading() as cursor:
        rows = cursor.execute(
            "SELECT s.lot_id FROM shipment_lots s JOIN lot_compliance c ON c.lot_id = s.lot_id "
            "WHERE s.shipment_id = %(id)s ORDER BY c.lot_number, c.created_at, s.lot_id",
            {"id": shipment_id},
        ).fetchall()
    return [row["lot_id"] for row in rows]


def find_shipment_of(store: ViewStore, lot_id: str) -> str | None:
    """The shipment a lot is in, if any."""
    with store.reading() as cursor:
        row = cursor.execute(
            "SELECT shipment_id FROM shipment_lots WHERE lot_id = %(id)s", {"id": lot_id}
        ).fetchone()
    return row["shipment_id"] if row else None


@dataclass(frozen=True)
class ShipmentOnRecord:
    """The shipment a lot is in: where it loads and goes, by what, and when."""

    port_of_loading: str  # UN/LOCODE
    port_of_destination: str
    mode: str
    planned_departure: date
    departed_on: date | None
    arrived_on: date | None
    changed_at: str  # when the lot joined it, or it last changed, whichever is later


def shipment_on_record(cursor: ViewCursor, lot_id: str) -> ShipmentOnRecord | None:
    return shipment_from(read_shipment_row(cursor, lot_id))


def read_shipment_row(cursor: ViewCursor, lot_id: str) -> dict | None:
    row = cursor.execute(
        "SELECT s.*, l.assigned_at FROM shipment_lots l "
        "JOIN shipments s ON s.shipment_id = l.shipment_id WHERE l.lot_id = %(id)s",
        {"id": lot_id},
    ).fetchone()
    return dict(row) if row is not None else None


def shipment_from(row: dict | None) -> ShipmentOnRecord | None:
    if row is None:
        return None
    return ShipmentOnRecord(
        port_of_loading=row["port_of_loading"],
        port_of_destination=row["port_of_destination"],
        mode=row["mode"],
        planned_departure=date.fromisoformat(row["planned_departure"]),
        departed_on=day(row["departed_on"]),
        arrived_on=day(row["arrived_on"]),
        changed_at=max(row["changed_at"], row["assigned_at"]),
    )
