"""shipment_register: every shipment in full for its exporter and for officers (whose it is,
its route, containers, transport, state and lots), listed a page at a time without loading
them. Private: containers are commercially sensitive, so the public shipment_lots view keeps
none; this one is read only behind the exporter's or an officer's account."""

import json

from domain.clock import PAKISTAN_TIME
from domain.traceability.shipment import Shipment
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor


class ShipmentRegister(Projection):
    name = "shipment_register"
    version = 1
    follows = "Traceability"
    in_lot_records = False  # the workspace's, never a public answer's
    tables = {
        "shipment_register": """
            CREATE TABLE IF NOT EXISTS shipment_register (
                shipment_id TEXT PRIMARY KEY,
                exporter_id TEXT NOT NULL,
                port_of_loading TEXT NOT NULL,
                port_of_destination TEXT NOT NULL,
                mode TEXT NOT NULL,
                containers TEXT NOT NULL,
                planned_departure TEXT NOT NULL,
                departed_on TEXT,
                arrived_on TEXT,
                state TEXT NOT NULL,
                cancel_reason TEXT,
                created_on TEXT NOT NULL,
                lots INTEGER NOT NULL
            )""",
        # The lots each shipment took, in order; as the shipment records them, a cancelled
        # shipment's too (its lots were released, but it carried them).
        "shipment_register_lots": """
            CREATE TABLE IF NOT EXISTS shipment_register_lots (
                shipment_id TEXT NOT NULL,
                lot_id TEXT NOT NULL,
                added_at TEXT NOT NULL,
                PRIMARY KEY (shipment_id, lot_id)
            )""",
    }

    # An exporter's shipments by planned departure, a page at a time; everyone's for officers.
    indexes = {
        "shipment_register_exporter_by_day": (
            "shipment_register (exporter_id, planned_departure, shipment_id)"
        ),
        "shipment_register_by_day": "shipment_register (planned_departure, shipment_id)",
    }

    @handles(Shipment.Created)
    def on_created(self, event: Shipment.Created, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO shipment_register (shipment_id, exporter_id, port_of_loading, "
            "port_of_destination, mode, containers, planned_departure, state, created_on, lots) "
            "VALUES (%(id)s, %(exporter)s, %(loading)s, %(destination)s, %(mode)s, "
            "%(containers)s, %(planned)s, 'planned', %(on)s, 0)",
            {
                "id": text(event.originator_id),
                "exporter": text(event.exporter_id),
                "loading": event.port_of_loading,
                "destination": event.port_of_destination,
                "mode": event.mode.value,
                "containers": json.dumps(list(event.containers)),
                "planned": event.planned_departure.isoformat(),
                "on": event.timestamp.astimezone(PAKISTAN_TIME).date().isoformat(),
            },
        )

    @handles(Shipment.LotAdded)
    def on_lot_added(self, event: Shipment.LotAdded, cursor: ViewCursor) -> None:
        params = {
            "id": text(event.originator_id),
            "lot": text(event.lot_id),
            "at": moment(event.timestamp),
        }
        cursor.execute(
            "INSERT INTO shipment_register_lots (shipment_id, lot_id, added_at) "
            "VALUES (%(id)s, %(lot)s, %(at)s) ON CONFLICT DO NOTHING",
            params,
        )
        cursor.execute(
            "UPDATE shipment_register SET lots = (SELECT COUNT(*) FROM shipment_register_lots "
            "WHERE shipment_id = %(id)s) WHERE shipment_id = %(id)s",
            params,
        )

    @handles(Shipment.Departed)
    def on_departed(self, event: Shipment.Departed, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE shipment_register SET departed_on = %(on)s, state = 'departed' "
            "WHERE shipment_id = %(id)s",
            {"id": text(event.originator_id), "on": event.on.isoformat()},
        )

    @handles(Shipment.Arrived)
    def on_arrived(self, event: Shipment.Arrived, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE shipment_register SET arrived_on = %(on)s, state = 'arrived' "
            "WHERE shipment_id = %(id)s",
            {"id": text(event.originator_id), "on": event.on.isoformat()},
        )

    @handles(Shipment.Cancelled)
    def on_cancelled(self, event: Shipment.Cancelled, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE shipment_register SET state = 'cancelled', cancel_reason = %(reason)s "
            "WHERE shipment_id = %(id)s",
            {"id": text(event.originator_id), "reason": event.reason},
        )
