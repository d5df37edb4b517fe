"""lot_history: every event that shaped a lot and the lots it was made from, in order, with its
time, type, the role that recorded it and the public facts it carried. No personal data: the
role, never the person; the facts a buyer may see, never notes, reasons or containers.

It keeps its own copy of the edges between lots, with the moment each child was made, so that a
lot's history takes each ancestor's events only up to the moment that ancestor was used.
"""

import json
from typing import Any

from domain.traceability.lot import Lot
from domain.traceability.shipment import Shipment
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


class LotHistory(Projection):
    name = "lot_history"
    version = 3  # 3: the stage coded, with a note; 2: a lot's gift records its unit
    follows = "Traceability"
    tables = {
        "lot_history": """
            CREATE TABLE IF NOT EXISTS lot_history (
                lot_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                at TEXT NOT NULL,
                event TEXT NOT NULL,
                actor_role TEXT NOT NULL,
                factory_id TEXT,
                facts TEXT NOT NULL,
                PRIMARY KEY (lot_id, version)
            )""",
        "lot_history_edges": """
            CREATE TABLE IF NOT EXISTS lot_history_edges (
                child_id TEXT NOT NULL,
                parent_id TEXT NOT NULL,
                made_at TEXT NOT NULL,
                PRIMARY KEY (child_id, parent_id)
            )""",
        "lot_history_shipments": """
            CREATE TABLE IF NOT EXISTS lot_history_shipments (
                shipment_id TEXT PRIMARY KEY,
                port_of_loading TEXT NOT NULL,
                port_of_destination TEXT NOT NULL,
                mode TEXT NOT NULL
            )""",
    }

    def _record(
        self, cursor: ViewCursor, event: Any, facts: dict[str, Any], factory_id: Any = None
    ) -> None:
        cursor.execute(
            "INSERT INTO lot_history (lot_id, version, at, event, actor_role, factory_id, facts) "
            "VALUES (%(lot)s, %(version)s, %(at)s, %(event)s, %(role)s, %(factory)s, %(facts)s)",
            {
                "lot": text(event.originator_id),
                "version": event.originator_version,
                "at": moment(event.timestamp),
                "event": type(event).__name__,
                "role": event.by.role.value,
                "factory": str(factory_id) if factory_id else None,
                "facts": json.dumps(facts, sort_keys=True),
            },
        )

    @handles(Lot.Created)
    def on_created(self, event: Lot.Created, cursor: ViewCursor) -> None:
        self._record(
            cursor,
            event,
            {
                "exporter": event.exporter,
                "product": event.product,
                "hs_code": event.hs_code,
                "quantity": str(event.quantity),
                "unit": event.unit.value,
                "lot_number": event.lot_number,
                "from": _day(event.period.start),
                "until": _day(event.period.end),
            },
        )

    @handles(Lot.ProducedAt)
    def on_produced_at(self, event: Lot.ProducedAt, cursor: ViewCursor) -> None:
        facts = {
            "stage": event.stage,
            "stage_note": event.stage_note,
            "status": event.certification_status.value,
            "checked_on": _day(event.checked_on),
            "valid_until": _day(event.valid_until),
        }
        self._record(cursor, event, facts, event.factory_id)

    @handles(Lot.Gave)
    def on_gave(self, event: Lot.Gave, cursor: ViewCursor) -> None:
        facts = {
            "quantity": str(event.quantity),
            "unit": self._unit_of(cursor, text(event.originator_id)),
            "process": event.process,
            "lots": len(event.to),
        }
        self._record(cursor, event, facts)

    def _unit_of(self, cursor: ViewCursor, lot_id: str) -> str | None:
        """The unit the lot was created in: Lot.Gave carries only the quantity."""
        row = cursor.execute(
            "SELECT facts FROM lot_history WHERE lot_id = %(lot)s AND event = 'Created'",
            {"lot": lot_id},
        ).fetchone()
        return json.loads(row["facts"])["unit"] if row else None

    @handles(Lot.DerivedFrom)
    def on_derived_from(self, event: Lot.DerivedFrom, cursor: ViewCursor) -> None:
        facts = {"process": event.process, "inputs": len(event.parents), "conversion": event.note}
        self._record(cursor, event, facts)
        for parent in event.parents:
            cursor.execute(
                "INSERT INTO lot_history_edges (child_id, parent_id, made_at) "
                "VALUES (%(child)s, %(parent)s, %(at)s) ON CONFLICT DO NOTHING",
                {
                    "child": text(event.originator_id),
                    "parent": text(parent),
                    "at": moment(event.timestamp),
                },
            )

    @handles(Lot.AssignedToShipment, Lot.ReleasedFromShipment)
    def on_shipment_change(self, event: Any, cursor: ViewCursor) -> None:
        self._record(cursor, event, {"shipment_id": str(event.shipment_id)})

    @handles(Lot.Shipped)
    def on_shipped(self, event: Lot.Shipped, cursor: ViewCursor) -> None:
        self._record(cursor, event, {"shipment_id": str(event.shipment_id), "on": _day(event.on)})

    @handles(Lot.PlacedUnderReview)
    def on_placed_under_review(self, event: Lot.PlacedUnderReview, cursor: ViewCursor) -> None:
        facts = {
            "suspended_on": _day(event.suspended_on),
            "since": _day(event.since),
            "reason": event.reason,  # the factory's suspension reason: fixed text, no names
            "via": str(event.via) if event.via else None,
        }
        self._record(cursor, event, facts, event.factory_id)

    @handles(Lot.ReviewLifted)
    def on_review_lifted(self, event: Lot.ReviewLifted, cursor: ViewCursor) -> None:
        facts = {"reinstated_on": _day(event.reinstated_on)}
        self._record(cursor, event, facts, event.factory_id)

    @handles(Shipment.Created)
    def on_shipment_created(self, event: Shipment.Created, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO lot_history_shipments (shipment_id, port_of_loading, "
            "port_of_destination, mode) VALUES (%(id)s, %(loading)s, %(destination)s, %(mode)s)",
            {
                "id": text(event.originator_id),
                "loading": event.port_of_loading,
                "destination": event.port_of_destination,
                "mode": event.mode.value,
            },
        )
