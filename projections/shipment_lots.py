"""shipment_lots: which lots each shipment carries, for its sheet of carton labels."""

from domain.traceability.lot import Lot
from projections.projection import Projection, handles, text
from projections.view_store import ViewCursor, ViewStore


class ShipmentLots(Projection):
    name = "shipment_lots"
    version = 1
    follows = "Traceability"
    tables = {
        "shipment_lots": """
            CREATE TABLE IF NOT EXISTS shipment_lots (
                shipment_id TEXT NOT NULL,
                lot_id TEXT NOT NULL,
                PRIMARY KEY (shipment_id, lot_id)
            )""",
    }

    @handles(Lot.AssignedToShipment)
    def on_assigned(self, event: Lot.AssignedToShipment, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO shipment_lots (shipment_id, lot_id) VALUES (%(shipment)s, %(lot)s) "
            "ON CONFLICT DO NOTHING",
            {"shipment": text(event.shipment_id), "lot": text(event.originator_id)},
        )

    @handles(Lot.ReleasedFromShipment)
    def on_released(self, event: Lot.ReleasedFromShipment, cursor: ViewCursor) -> None:
        cursor.execute(
            "DELETE FROM shipment_lots WHERE shipment_id = %(shipment)s AND lot_id = %(lot)s",
            {"shipment": text(event.shipment_id), "lot": text(event.originator_id)},
        )


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
