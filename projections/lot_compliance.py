"""lot_compliance: each lot's public facts and the factories it was made at. No personal data."""

from domain.traceability.gs1 import gtin14
from domain.traceability.lot import Lot
from projections.projection import Projection, handles, moment, text
from projections.view_store import ViewCursor


class LotCompliance(Projection):
    name = "lot_compliance"
    version = 5  # 5: stages coded, with a note; 4: the production period; 3: the GTIN
    follows = "Traceability"
    tables = {
        "lot_compliance": """
            CREATE TABLE IF NOT EXISTS lot_compliance (
                lot_id TEXT PRIMARY KEY,
                lot_number TEXT NOT NULL,
                gtin TEXT,
                product TEXT NOT NULL,
                hs_code TEXT NOT NULL,
                quantity TEXT NOT NULL,
                unit TEXT NOT NULL,
                exporter TEXT NOT NULL,
                period_start TEXT NOT NULL,
                period_end TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
        "lot_productions": """
            CREATE TABLE IF NOT EXISTS lot_productions (
                lot_id TEXT NOT NULL,
                factory_id TEXT NOT NULL,
                stage TEXT NOT NULL,
                stage_note TEXT NOT NULL,
                certificate_id TEXT,
                status_at_production TEXT NOT NULL,
                checked_on TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (lot_id, factory_id, stage, stage_note)
            )""",
        # Each review raised on the lot, open until lifted: the flag and its history.
        "lot_reviews": """
            CREATE TABLE IF NOT EXISTS lot_reviews (
                lot_id TEXT NOT NULL,
                review_id TEXT NOT NULL,
                factory_id TEXT NOT NULL,
                via_lot_id TEXT,
                reason TEXT NOT NULL,
                suspended_on TEXT NOT NULL,
                since TEXT,
                raised_at TEXT NOT NULL,
                reinstated_on TEXT,
                lifted_at TEXT,
                PRIMARY KEY (lot_id, review_id)
            )""",
    }

    # What a GS1 Digital Link names: the product's GTIN and the lot number (AI 10).
    indexes = {"lot_compliance_gs1": "lot_compliance (gtin, lot_number)"}

    @handles(Lot.Created)
    def on_created(self, event: Lot.Created, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO lot_compliance (lot_id, lot_number, gtin, product, hs_code, quantity, "
            "unit, exporter, period_start, period_end, created_at) VALUES (%(id)s, "
            "%(lot_number)s, %(gtin)s, %(product)s, %(hs_code)s, %(quantity)s, %(unit)s, "
            "%(exporter)s, %(start)s, %(end)s, %(at)s)",
            {
                "id": text(event.originator_id),
                "lot_number": event.lot_number,
                "gtin": gtin14(event.gtin) if event.gtin else None,
                "product": event.product,
                "hs_code": event.hs_code,
                "quantity": str(event.quantity),
                "unit": event.unit.value,
                "exporter": event.exporter,
                "start": event.period.start.isoformat(),
                "end": event.period.end.isoformat(),
                "at": moment(event.timestamp),
            },
        )

    @handles(Lot.ProducedAt)
    def on_produced_at(self, event: Lot.ProducedAt, cursor: ViewCursor) -> None:
        params = {
            "id": text(event.originator_id),
            "factory_id": text(event.factory_id),
            "stage": event.stage,
            "stage_note": event.stage_note,
            "certificate_id": str(event.certificate_id),
            "status": event.certification_status.value,
            "checked_on": event.checked_on.isoformat(),
            "at": moment(event.timestamp),
        }
        cursor.execute(
            "INSERT INTO lot_productions (lot_id, factory_id, stage, stage_note, certificate_id, "
            "status_at_production, checked_on, recorded_at) VALUES (%(id)s, %(factory_id)s, "
            "%(stage)s, %(stage_note)s, %(certificate_id)s, %(status)s, %(checked_on)s, %(at)s) "
            # Stages an earlier release took as different words ("sewing", "stitching") may be
            # read as one code: the first production stands for them.
            "ON CONFLICT DO NOTHING",
            params,
        )

    @handles(Lot.PlacedUnderReview)
    def on_placed_under_review(self, event: Lot.PlacedUnderReview, cursor: ViewCursor) -> None:
        params = {
            "id": text(event.originator_id),
            "review_id": str(event.review_id),
            "factory_id": text(event.factory_id),
            "via": str(event.via) if event.via else None,
            "reason": event.reason,
            "suspended_on": event.suspended_on.isoformat(),
            "since": event.since.isoformat() if event.since else None,
            "at": moment(event.timestamp),
        }
        cursor.execute(
            "INSERT INTO lot_reviews (lot_id, review_id, factory_id, via_lot_id, reason, "
            "suspended_on, since, raised_at) VALUES (%(id)s, %(review_id)s, %(factory_id)s, "
            "%(via)s, %(reason)s, %(suspended_on)s, %(since)s, %(at)s)",
            params,
        )

    @handles(Lot.ReviewLifted)
    def on_review_lifted(self, event: Lot.ReviewLifted, cursor: ViewCursor) -> None:
        params = {
            "id": text(event.originator_id),
            "review_id": str(event.review_id),
            "on": event.reinstated_on.isoformat(),
            "at": moment(event.timestamp),
        }
        cursor.execute(
            "UPDATE lot_reviews SET reinstated_on = %(on)s, lifted_at = %(at)s "
            "WHERE lot_id = %(id)s AND review_id = %(review_id)s",
            params,
        )
