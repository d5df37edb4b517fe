"""lot_compliance: each lot's public facts and the factories it was made at. No personal data."""

from domain.traceability.lot import Lot
from projections.projection import Projection, handles
from projections.view_store import ViewCursor


class LotCompliance(Projection):
    name = "lot_compliance"
    version = 1
    follows = "Traceability"
    tables = {
        "lot_compliance": """
            CREATE TABLE IF NOT EXISTS lot_compliance (
                lot_id TEXT PRIMARY KEY,
                lot_number TEXT NOT NULL,
                product TEXT NOT NULL,
                hs_code TEXT NOT NULL,
                quantity TEXT NOT NULL,
                unit TEXT NOT NULL,
                exporter TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
        "lot_productions": """
            CREATE TABLE IF NOT EXISTS lot_productions (
                lot_id TEXT NOT NULL,
                factory_id TEXT NOT NULL,
                stage TEXT NOT NULL,
                certificate_id TEXT,
                status_at_production TEXT NOT NULL,
                checked_on TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (lot_id, factory_id, stage)
            )""",
    }

    @handles(Lot.Created)
    def on_created(self, event: Lot.Created, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO lot_compliance (lot_id, lot_number, product, hs_code, quantity, unit, "
            "exporter, created_at, updated_at) VALUES (%(id)s, %(lot_number)s, %(product)s, "
            "%(hs_code)s, %(quantity)s, %(unit)s, %(exporter)s, %(at)s, %(at)s)",
            {
                "id": str(event.originator_id),
                "lot_number": event.lot_number,
                "product": event.product,
                "hs_code": event.hs_code,
                "quantity": str(event.quantity),
                "unit": event.unit.value,
                "exporter": event.exporter,
                "at": event.timestamp.isoformat(),
            },
        )

    @handles(Lot.ProducedAt)
    def on_produced_at(self, event: Lot.ProducedAt, cursor: ViewCursor) -> None:
        params = {
            "id": str(event.originator_id),
            "factory_id": str(event.factory_id),
            "stage": event.stage,
            "certificate_id": str(event.certificate_id),
            "status": event.certification_status.value,
            "checked_on": event.checked_on.isoformat(),
            "at": event.timestamp.isoformat(),
        }
        cursor.execute(
            "INSERT INTO lot_productions (lot_id, factory_id, stage, certificate_id, "
            "status_at_production, checked_on, recorded_at) VALUES (%(id)s, %(factory_id)s, "
            "%(stage)s, %(certificate_id)s, %(status)s, %(checked_on)s, %(at)s)",
            params,
        )
        cursor.execute(
            "UPDATE lot_compliance SET updated_at = %(at)s WHERE lot_id = %(id)s", params
        )
