"""The records whose events can change a lot's public record, and those events.

A lot's record is made from its own events and its inputs' (every lot upstream: productions,
reviews, lineage), the shipments they were put on, the factories they were made at, and each of
those factories' visits, referrals and grievances (certificates, findings, corrective actions,
figures). Lot events name their inputs, factories and shipments, so the Traceability side is
followed from the events themselves; only what points back at a factory (a visit, a referral, a
grievance) is looked up in a view.

Any superset of these records gives the same record: a link made after the moment asked about
(a later merge, a later production) is an event after it too, so it is not replayed, and the
extra record's rows are never joined to the lot's. The views may be a little behind the log, so
every record the log holds past the views' position is taken in as well.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.traceability.lot import Lot
from projections.lineage import find_ancestors
from projections.predecessors import check_whole_records
from projections.record_events import events_of_records
from projections.view_store import ViewStore

INSPECTIONS, TRACEABILITY = "Inspections", "Traceability"
# The views that point back at a factory: the visits, referrals and grievances made there.
BACK_REFERENCE_VIEWS = ("visits", "referrals", "grievances")
POINTING_BACK = """
SELECT inspection_id AS id FROM visits WHERE factory_id IN ({factories})
UNION ALL SELECT referral_id FROM referrals WHERE factory_id IN ({factories})
UNION ALL SELECT grievance_id FROM grievances WHERE factory_id IN ({factories})"""
# Past this many events beyond the views' position, the views are too far behind for a record
# to be answered in proportion to the lot: the request is refused rather than made costly.
MOST_EVENTS_BEHIND = 5000


class ViewsBehind(Exception):
    """The views lag too far behind the logs to answer a past record cheaply."""


@dataclass
class LotScope:
    """Each log's events that bear on the lot, in log order."""

    events: dict[str, list[Notification]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(len(events) for events in self.events.values())


def lot_scope(views: ViewStore, applications: dict[str, Application], lot_id: UUID) -> LotScope:
    traceability, inspections = applications[TRACEABILITY], applications[INSPECTIONS]
    lots_read: set[UUID] = set()
    lots = _upstream(views, lot_id)
    shipments: set[UUID] = set()
    factories: set[UUID] = set()
    lot_events: list[Notification] = []
    # The lineage view may not hold the newest inputs yet: their own events name them.
    while lots - lots_read:
        batch = events_of_records(traceability, lots - lots_read)
        lots_read |= lots
        for notification in batch:
            event = traceability.mapper.to_domain_event(notification)
            lots |= _lots_named(event)
            shipments |= _shipments_named(event)
            factories |= _factories_named(event)
        lot_events += batch
    shipment_events = events_of_records(traceability, shipments)
    records, read_to = _pointing_back(views, factories)
    records |= _recorded_since(inspections, read_to)
    events = {
        TRACEABILITY: sorted(lot_events + shipment_events, key=lambda n: n.id),
        INSPECTIONS: events_of_records(inspections, records),
    }
    for log, notifications in events.items():
        check_whole_records(log, notifications)
    return LotScope(events)


def _upstream(views: ViewStore, lot_id: UUID) -> set[UUID]:
    """The lot and every lot the lineage view says it was made from."""
    return {lot_id} | {UUID(row["lot_id"]) for row in find_ancestors(views, str(lot_id))}


def _lots_named(event: object) -> set[UUID]:
    if isinstance(event, Lot.DerivedFrom):
        return set(event.parents)
    if isinstance(event, Lot.PlacedUnderReview) and event.via:
        return {event.via}
    return set()


def _shipments_named(event: object) -> set[UUID]:
    if isinstance(event, Lot.AssignedToShipment):
        return {event.shipment_id}
    return set()


def _factories_named(event: object) -> set[UUID]:
    if isinstance(event, (Lot.ProducedAt, Lot.PlacedUnderReview)):
        return {event.factory_id}
    return set()


def _pointing_back(views: ViewStore, factories: Iterable[UUID]) -> tuple[set[UUID], int]:
    """The factories with their visits, referrals and grievances, and the position in the
    Inspections log that the views listing these have all read up to."""
    ids = sorted(str(factory) for factory in factories)
    params = {f"f{n}": factory for n, factory in enumerate(ids)}
    placeholders = ", ".join(f"%({name})s" for name in params)
    views_read = ", ".join(f"'{name}'" for name in BACK_REFERENCE_VIEWS)
    with views.reading() as cursor:
        rows = (
            cursor.execute(POINTING_BACK.format(factories=placeholders), params).fetchall()
            if ids
            else []
        )
        positions = cursor.execute(
            "SELECT projection, position FROM projection_positions "
            f"WHERE application = %(log)s AND projection IN ({views_read})",
            {"log": INSPECTIONS},
        ).fetchall()
    read = {row["projection"]: row["position"] for row in positions}
    read_to = min(read.get(name, 0) for name in BACK_REFERENCE_VIEWS)
    return set(factories) | {UUID(row["id"]) for row in rows}, read_to


def _recorded_since(inspections: Application, position: int) -> set[UUID]:
    """The records with events the back-referencing views have not read yet: normally none."""
    tail = inspections.recorder.select_notifications(
        start=position, inclusive_of_start=False, limit=MOST_EVENTS_BEHIND + 1
    )
    if len(tail) > MOST_EVENTS_BEHIND:
        raise ViewsBehind(
            f"The views are more than {MOST_EVENTS_BEHIND} events behind the Inspections log; "
            "a past record can be answered once they have caught up."
        )
    return {notification.originator_id for notification in tail}
