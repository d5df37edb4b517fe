"""lot_list: every lot with what its exporter's list shows and filters by (whose it is, where it
stands, how much is left, the day it was created, the factories it was made at), so that lots
are listed a page at a time without loading them. Private: read by the lot's exporter and by
officers. The verdict is not here: it depends on the other log too (lot_verdicts.py).
"""

from decimal import Decimal
from enum import Enum

from domain.clock import PAKISTAN_TIME
from domain.traceability.gs1 import gtin14
from domain.traceability.lot import Lot
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor


class LotStatus(Enum):
    OPEN = "open"  # may still change: be split, merged, attached, shipped
    IN_SHIPMENT = "in_shipment"  # assigned to a shipment that has not left
    SHIPPED = "shipped"  # left with its shipment: changes no more
    USED_UP = "used_up"  # all of it went into lots made from it


class LotList(Projection):
    name = "lot_list"
    version = 1
    follows = "Traceability"
    in_lot_records = False  # the workspace's, never a public answer's
    tables = {
        "lot_list": """
            CREATE TABLE IF NOT EXISTS lot_list (
                lot_id TEXT PRIMARY KEY,
                exporter_id TEXT NOT NULL,
                lot_number TEXT NOT NULL,
                gtin TEXT,
                product TEXT NOT NULL,
                product_key TEXT NOT NULL,
                quantity TEXT NOT NULL,
                unit TEXT NOT NULL,
                status TEXT NOT NULL,
                factory_ids TEXT NOT NULL,
                created_on TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
    }

    # An exporter's lots newest first, a page at a time; everyone's for an officer.
    indexes = {
        "lot_list_exporter_by_time": "lot_list (exporter_id, created_at, lot_id)",
        "lot_list_by_time": "lot_list (created_at, lot_id)",
    }

    @handles(Lot.Created)
    def on_created(self, event: Lot.Created, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO lot_list (lot_id, exporter_id, lot_number, gtin, product, product_key, "
            "quantity, unit, status, factory_ids, created_on, created_at) VALUES (%(id)s, "
            "%(exporter)s, %(number)s, %(gtin)s, %(product)s, %(key)s, %(quantity)s, %(unit)s, "
            "'open', '', %(on)s, %(at)s)",
            {
                "id": text(event.originator_id),
                "exporter": text(event.exporter_id),
                "number": event.lot_number,
                "gtin": gtin14(event.gtin) if event.gtin else None,
                "product": event.product,
                "key": event.product.casefold(),
                "quantity": str(event.quantity),
                "unit": event.unit.value,
                "on": event.timestamp.astimezone(PAKISTAN_TIME).date().isoformat(),
                "at": moment(event.timestamp),
            },
        )

    @handles(Lot.ProducedAt)
    def on_produced_at(self, event: Lot.ProducedAt, cursor: ViewCursor) -> None:
        lot_id, factory_id = text(event.originator_id), text(event.factory_id)
        row = cursor.execute(
            "SELECT factory_ids FROM lot_list WHERE lot_id = %(id)s", {"id": lot_id}
        ).fetchone()
        known = factory_ids(row["factory_ids"]) if row else []
        if row is None or factory_id in known:
            return
        cursor.execute(
            "UPDATE lot_list SET factory_ids = %(ids)s WHERE lot_id = %(id)s",
            {"ids": " ".join([*known, factory_id]), "id": lot_id},
        )

    @handles(Lot.AssignedToShipment)
    def on_assigned(self, event: Lot.AssignedToShipment, cursor: ViewCursor) -> None:
        self._status(cursor, event, LotStatus.IN_SHIPMENT)

    @handles(Lot.ReleasedFromShipment)
    def on_released(self, event: Lot.ReleasedFromShipment, cursor: ViewCursor) -> None:
        self._status(cursor, event, LotStatus.OPEN)

    @handles(Lot.Shipped)
    def on_shipped(self, event: Lot.Shipped, cursor: ViewCursor) -> None:
        self._status(cursor, event, LotStatus.SHIPPED)

    @handles(Lot.Gave)
    def on_gave(self, event: Lot.Gave, cursor: ViewCursor) -> None:
        lot_id = text(event.originator_id)
        row = cursor.execute(
            "SELECT quantity FROM lot_list WHERE lot_id = %(id)s", {"id": lot_id}
        ).fetchone()
        if row is None:
            return
        left = Decimal(row["quantity"]) - event.quantity
        cursor.execute(
            "UPDATE lot_list SET quantity = %(left)s, status = CASE WHEN %(used)s = 1 "
            "THEN 'used_up' ELSE status END WHERE lot_id = %(id)s",
            {"left": str(left), "used": int(left == 0), "id": lot_id},
        )

    def _status(self, cursor: ViewCursor, event: Lot.Shipped, status: LotStatus) -> None:
        cursor.execute(
            "UPDATE lot_list SET status = %(status)s WHERE lot_id = %(id)s",
            {"status": status.value, "id": text(event.originator_id)},
        )


def factory_ids(kept: str) -> list[str]:
    """The factories a lot was made at, as the view keeps them (ids, space-separated)."""
    return kept.split()
