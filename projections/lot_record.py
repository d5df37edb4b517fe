"""The public record of one lot, read from the views: what a buyer's scan shows.

Everything here comes from views that hold no personal data, so nothing private can leak.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from projections.factory_figures import FactoryFigures, figures_from, read_figure_rows
from projections.lot_inputs import InputOnRecord, inputs_from, read_input_rows
from projections.projection import day
from projections.shipment_lots import ShipmentOnRecord, read_shipment_row, shipment_from
from projections.status_today import CONDITIONS_DUE, VALID_STATUSES, status_today
from projections.view_store import ViewCursor, ViewStore

UPDATING = "being_updated"


class Verdict(Enum):
    VERIFIED = "verified"
    # Verified by the rule, but a factory upstream has been suspended since the lot was made
    # there: a warning, not the green verdict, so that no buyer reads a suspension as all clear.
    VERIFIED_AT_PRODUCTION = "verified_at_production"
    UNDER_REVIEW = "under_review"
    NOT_VERIFIED = "not_verified"


class ReasonKind(Enum):
    NO_FACTORY = "no_factory"
    BEING_UPDATED = "being_updated"
    UNDER_REVIEW = "under_review"  # a review raised and not lifted
    REVIEW_PENDING = "review_pending"  # suspended; the review process has not yet run
    LAPSED = "lapsed"  # expired, not certified, or conditions overdue
    SUSPENDED_SINCE = "suspended_since"  # suspended, but the lot was made before
    CERTIFIED = "certified"
    CERTIFIED_WITH_CONDITIONS = "certified_with_conditions"


@dataclass(frozen=True)
class Production:
    """One stage of the lot's making at a factory, with the certification it relied on then."""

    stage: str  # a code of domain/traceability/stages.py
    status_at_production: str
    recorded_on: date  # the day the certificate was checked, in Pakistan
    stage_note: str = ""  # what the stage "other" is, as typed


@dataclass(frozen=True)
class FactoryOnRecord:
    factory_id: str
    name: str
    province: str
    district: str
    sector: str  # an ISIC Rev. 4 code of domain/inspections/sectors.py
    sector_note: str  # what the sector "other" is, as typed
    productions: list[Production]
    status_now: str
    valid_until: date | None  # None unless the certificate is valid today
    last_inspection_on: date | None
    figures: FactoryFigures
    # Suspended, and the lot made there since the last clean inspection, or not yet known to
    # have been made before it: under review, even before the review process has recorded it.
    review_pending: bool = False


@dataclass(frozen=True)
class ReviewOnRecord:
    """A review raised on the lot because a factory upstream was suspended; lifted or not."""

    factory_id: str
    factory_name: str
    district: str
    reason: str
    suspended_on: date
    since: date | None  # the factory's last clean inspection before the suspension
    via_lot: str | None  # the lot it came through, when the lot was made from an affected one
    raised_at: str
    reinstated_on: date | None
    lifted_at: str | None

    @property
    def open(self) -> bool:
        return self.lifted_at is None


@dataclass(frozen=True)
class LaterSuspension:
    """A suspension in force of a factory upstream that does not reach the lot: the lot was made
    there before the factory's last clean inspection (`since`)."""

    factory_id: str
    factory_name: str
    district: str
    suspended_on: date
    since: date
    clusters: list[str]  # checklist clusters of the critical findings that caused it
    reason: str


@dataclass(frozen=True)
class Reason:
    """Why the verdict is what it is, as facts: api/wording words it in each language."""

    kind: ReasonKind
    factory: FactoryOnRecord | None = None
    review: ReviewOnRecord | None = None
    suspension: LaterSuspension | None = None


@dataclass(frozen=True)
class LotRecord:
    lot_id: str
    lot_number: str
    gtin: str | None
    product: str
    hs_code: str
    quantity: Decimal
    unit: str
    exporter: str
    made_from: date
    made_until: date
    created_at: str
    updated_at: str
    inputs: list[InputOnRecord]
    inputs_in_all: int
    shipment: ShipmentOnRecord | None
    factories: list[FactoryOnRecord]
    reviews: list[ReviewOnRecord]
    verdict: Verdict
    reasons: list[Reason]
    later_suspensions: list[LaterSuspension]


SELECT_LOT = "SELECT * FROM lot_compliance WHERE lot_id = %(lot_id)s"
# The lot's own productions and those of every lot it was made from (split, merged, transformed).
SELECT_FACTORIES = (
    """
WITH RECURSIVE upstream(lot_id) AS (
    SELECT CAST(%(lot_id)s AS TEXT)
    UNION
    SELECT e.parent_id FROM lot_edges e JOIN upstream u ON e.child_id = u.lot_id
)
SELECT p.factory_id, p.stage, p.stage_note, p.status_at_production, p.checked_on, p.recorded_at,
       f.name, f.province, f.district, f.sector, f.sector_note, f.status, f.valid_until,
       f.last_inspection_on, f.updated_at,
       """
    + CONDITIONS_DUE.format(factory="p.factory_id")
    + """ AS conditions_due,
       (SELECT COUNT(*) FROM review_suspensions s
        WHERE s.factory_id = p.factory_id AND s.reinstated_on IS NULL) AS suspensions_read,
       (SELECT COUNT(*) FROM review_suspensions s
        WHERE s.factory_id = p.factory_id AND s.reinstated_on IS NULL
          AND (s.since IS NULL OR r.period_end >= s.since)) AS suspensions_reaching
FROM lot_productions p JOIN upstream u ON p.lot_id = u.lot_id
LEFT JOIN factory_status f ON f.factory_id = p.factory_id
LEFT JOIN review_lots r ON r.lot_id = p.lot_id
ORDER BY p.recorded_at, f.name"""
)


SELECT_REVIEWS = """
SELECT r.*, f.name, f.district, v.lot_number AS via_number, v.product AS via_product
FROM lot_reviews r
LEFT JOIN factory_status f ON f.factory_id = r.factory_id
LEFT JOIN lot_compliance v ON v.lot_id = r.via_lot_id
WHERE r.lot_id = %(lot_id)s
ORDER BY r.raised_at, r.review_id"""

# Suspensions in force of the factories upstream, one row per cluster of the critical findings
# of the visit that suspended it (zero-tolerance findings are always critical). Both views hold
# nothing personal: the reason is one of the suspension's fixed sentences.
SELECT_SUSPENSIONS = """
WITH RECURSIVE upstream(lot_id) AS (
    SELECT CAST(%(lot_id)s AS TEXT)
    UNION
    SELECT e.parent_id FROM lot_edges e JOIN upstream u ON e.child_id = u.lot_id
)
SELECT s.review_id, s.factory_id, s.suspended_on, s.since, s.reason, d.cluster
FROM review_suspensions s
LEFT JOIN dashboard_findings d ON d.inspection_id = s.review_id AND d.severity = 'critical'
WHERE s.reinstated_on IS NULL
  AND s.factory_id IN (SELECT p.factory_id FROM lot_productions p JOIN upstream u
                       ON p.lot_id = u.lot_id)
GROUP BY s.review_id, s.factory_id, s.suspended_on, s.since, s.reason, d.cluster
ORDER BY s.suspended_on, s.review_id, d.cluster"""


def find_lot_record(store: ViewStore, lot_id: str, today: date) -> LotRecord | None:
    """The lot's record read from the views now, as it reads on `today`."""
    with store.reading() as cursor:
        rows = read_lot_rows(cursor, lot_id)
    return lot_record_from(rows, today) if rows is not None else None


LotRows = dict[str, Any]  # what the views hold about a lot, as JSON can keep it


def read_lot_rows(cursor: ViewCursor, lot_id: str) -> LotRows | None:
    """Every row of the views that the lot's record is made from. None of them depends on the
    day or the language, so they can be kept ready per lot (lot_pages.py)."""
    lot = cursor.execute(SELECT_LOT, {"lot_id": lot_id}).fetchone()
    if lot is None:
        return None
    factories = [
        dict(row) for row in cursor.execute(SELECT_FACTORIES, {"lot_id": lot_id}).fetchall()
    ]
    reviews = [dict(row) for row in cursor.execute(SELECT_REVIEWS, {"lot_id": lot_id}).fetchall()]
    inputs, inputs_in_all = read_input_rows(cursor, lot_id)
    return {
        "lot": dict(lot),
        "factories": [{key: _plain(value) for key, value in row.items()} for row in factories],
        "reviews": reviews,
        "figures": read_figure_rows(cursor, (row["factory_id"] for row in factories)),
        "inputs": inputs,
        "inputs_in_all": inputs_in_all,
        "shipment": read_shipment_row(cursor, lot_id),
        "suspensions": [
            dict(row) for row in cursor.execute(SELECT_SUSPENSIONS, {"lot_id": lot_id}).fetchall()
        ],
    }


def _plain(value: Any) -> Any:
    """A count as a number JSON keeps (PostgreSQL counts in bigints, sums in decimals)."""
    return int(value) if isinstance(value, Decimal) else value


def lot_record_from(rows: LotRows, today: date) -> LotRecord:
    """The lot's record as it reads on `today` (certificates expire, actions go overdue)."""
    lot = rows["lot"]
    by_factory: dict[str, list[dict]] = {}
    for row in rows["factories"]:
        by_factory.setdefault(row["factory_id"], []).append(row)
    figures = figures_from(rows["figures"], today)
    shipment = shipment_from(rows["shipment"])
    factories = [_factory(group, today, figures[key]) for key, group in by_factory.items()]
    reviews = [_review(row) for row in rows["reviews"]]
    later = _later_suspensions(rows.get("suspensions", []), factories)
    verdict, reasons = _verdict(factories, reviews, later)
    # The last change to the lot, its productions, its reviews or its factories' records.
    updated_at = max(
        [
            lot["created_at"],
            *(row["recorded_at"] for row in rows["factories"]),
            *(row["updated_at"] for row in rows["factories"] if row["updated_at"]),
            *(review.lifted_at or review.raised_at for review in reviews),
            *([shipment.changed_at] if shipment else []),
        ]
    )
    return LotRecord(
        lot_id=lot["lot_id"],
        lot_number=lot["lot_number"],
        gtin=lot["gtin"],
        product=lot["product"],
        hs_code=lot["hs_code"],
        quantity=Decimal(lot["quantity"]),
        unit=lot["unit"],
        exporter=lot["exporter"],
        made_from=date.fromisoformat(lot["period_start"]),
        made_until=date.fromisoformat(lot["period_end"]),
        created_at=lot["created_at"],
        updated_at=updated_at,
        inputs=inputs_from(rows["inputs"]),
        inputs_in_all=rows["inputs_in_all"],
        shipment=shipment,
        factories=factories,
        reviews=reviews,
        verdict=verdict,
        reasons=reasons,
        later_suspensions=later if verdict is Verdict.VERIFIED_AT_PRODUCTION else [],
    )


def _factory(rows: list[dict], today: date, figures: FactoryFigures) -> FactoryOnRecord:
    row = rows[0]
    valid_until = day(row["valid_until"])
    # A factory missing from factory_status means that view has not caught up with it yet.
    status = status_today(row["status"] or UPDATING, valid_until, day(row["conditions_due"]), today)
    return FactoryOnRecord(
        factory_id=row["factory_id"],
        name=row["name"] or "A factory",
        province=row["province"] or "",
        district=row["district"] or "",
        sector=row["sector"] or "",
        sector_note=row["sector_note"] or "",
        productions=[
            Production(
                r["stage"],
                r["status_at_production"],
                date.fromisoformat(r["checked_on"]),
                r["stage_note"],
            )
            for r in rows
        ],
        status_now=status,
        valid_until=valid_until if status in VALID_STATUSES else None,
        last_inspection_on=day(row["last_inspection_on"]),
        review_pending=status == "suspended"
        and any(not r["suspensions_read"] or r["suspensions_reaching"] for r in rows),
        figures=figures,
    )


def _review(row: dict) -> ReviewOnRecord:
    via = row["via_number"] or row["via_product"] if row["via_lot_id"] else None
    return ReviewOnRecord(
        factory_id=row["factory_id"],
        factory_name=row["name"] or "A factory",
        district=row["district"] or "",
        reason=row["reason"],
        suspended_on=date.fromisoformat(row["suspended_on"]),
        since=day(row["since"]),
        via_lot=via,
        raised_at=row["raised_at"],
        reinstated_on=day(row["reinstated_on"]),
        lifted_at=row["lifted_at"],
    )


def _later_suspensions(rows: list[dict], factories: list[FactoryOnRecord]) -> list[LaterSuspension]:
    """The suspensions in force upstream that the lot was made before, from their rows (one
    per cluster). Only those of factories the record reads as suspended and not reaching the
    lot: one that reaches it, or has no clean inspection before it, puts the lot under review."""
    clear = {f.factory_id: f for f in factories if f.status_now == "suspended"}
    found: dict[str, LaterSuspension] = {}
    for row in rows:
        factory = clear.get(row["factory_id"])
        if factory is None or factory.review_pending or row["since"] is None:
            continue
        suspension = found.setdefault(
            row["review_id"],
            LaterSuspension(
                factory_id=factory.factory_id,
                factory_name=factory.name,
                district=factory.district,
                suspended_on=date.fromisoformat(row["suspended_on"]),
                since=date.fromisoformat(row["since"]),
                clusters=[],
                reason=row["reason"],
            ),
        )
        if row["cluster"] is not None and row["cluster"] not in suspension.clusters:
            suspension.clusters.append(row["cluster"])
    return list(found.values())


def _verdict(
    factories: list[FactoryOnRecord],
    reviews: list[ReviewOnRecord],
    later: list[LaterSuspension],
) -> tuple[Verdict, list[Reason]]:
    if not factories:
        return Verdict.NOT_VERIFIED, [Reason(ReasonKind.NO_FACTORY)]
    if any(f.status_now == UPDATING for f in factories):
        return Verdict.NOT_VERIFIED, [Reason(ReasonKind.BEING_UPDATED)]
    open_reviews = [review for review in reviews if review.open]
    pending = [
        Reason(ReasonKind.REVIEW_PENDING, f)
        for f in factories
        if f.review_pending and not any(r.factory_id == f.factory_id for r in open_reviews)
    ]
    if open_reviews or pending:
        return Verdict.UNDER_REVIEW, [
            Reason(ReasonKind.UNDER_REVIEW, review=r) for r in open_reviews
        ] + pending
    # A factory suspended now does not cast doubt on lots made before its last clean
    # inspection: those are the lots the review process leaves unflagged.
    lapsed = [f for f in factories if f.status_now not in VALID_STATUSES | {"suspended"}]
    if lapsed:
        return Verdict.NOT_VERIFIED, [Reason(ReasonKind.LAPSED, f) for f in lapsed]
    kinds = {"certified_with_conditions": ReasonKind.CERTIFIED_WITH_CONDITIONS}
    reasons = []
    for f in factories:
        if f.status_now == "suspended":
            reasons += [
                Reason(ReasonKind.SUSPENDED_SINCE, f, suspension=s)
                for s in later
                if s.factory_id == f.factory_id
            ] or [Reason(ReasonKind.SUSPENDED_SINCE, f)]  # its suspension not yet read
        else:
            reasons.append(Reason(kinds.get(f.status_now, ReasonKind.CERTIFIED), f))
    suspended = any(f.status_now == "suspended" for f in factories)
    return Verdict.VERIFIED_AT_PRODUCTION if suspended else Verdict.VERIFIED, reasons


def find_lots_by_gs1(store: ViewStore, gtin: str, lot_number: str) -> list[str]:
    """The lots a GS1 Digital Link names: one, unless two exporters used the same GTIN and lot
    number."""
    with store.reading() as cursor:
        rows = cursor.execute(
            "SELECT lot_id FROM lot_compliance WHERE gtin = %(gtin)s AND lot_number = %(lot)s "
            "ORDER BY created_at, lot_id",
            {"gtin": gtin, "lot": lot_number},
        ).fetchall()
    return [row["lot_id"] for row in rows]
