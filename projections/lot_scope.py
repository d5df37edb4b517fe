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
from projections.record_events import events_of_records
from projections.view_store import ViewStore

INSPECTIONS, TRACEABILITY = "Inspections", "Traceability"
# The views that point back at a factory: the visits, referrals and grievances made there.
BACK_REFERENCE_VIEWS = ("visits", "referrals", "grievances")
POINTING_BACK = """
SELECT inspection_id AS id FROM visits WHERE factory_id IN ({factories})
UNION ALL SELECT referral_id FROM referrals WHERE factory_id IN ({factories})
UNION ALL SELECT grievance_id FROM grievances WHERE factory_id IN ({factories})"""
UPSTREAM = """
WITH RECURSIVE upstream(lot_id) AS (
    SELECT CAST(%(lot_id)s AS TEXT)
    UNION
    SELECT e.parent_id FROM lot_edges e JOIN upstream u ON e.child_id = u.lot_id
)
SELECT lot_id FROM upstream"""
# Past this many events beyond the views' position, the views are too far behind for a record
# to be answered in proportion to the lot: the request is refused rather than made costly.
MOST_EVENTS_BEHIND = 5000


class ViewsBehind(Exception):
    """The views lag too far behind the logs to answer a past record cheaply."""


@dataclass
class LotScope:
    """Each log's events that bear on the lot, up to the heads read when the scope was taken."""

    events: dict[str, list[Notification]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(len(events) for events in self.events.values())


def lot_scope(views: ViewStore, applications: dict[str, Application], lot_id: UUID) -> LotScope:
    traceability, inspections = applications[TRACEABILITY], applications[INSPECTIONS]
    heads = {name: app.recorder.max_notification_id() or 0 for name, app in applications.items()}
    lots_read: set[UUID] = set()
    lots = _upstream(views, lot_id)
    shipments: set[UUID] = set()
    factories: set[UUID] = set()
    lot_events: list[Notification] = []
    # The lineage view may not hold the newest inputs yet: their own events name them.
    while lots - lots_read:
        batch = events_of_records(traceability, lots - lots_read, heads[TRACEABILITY])
        lots_read |= lots
        for notification in batch:
            event = traceability.mapper.to_domain_event(notification)
            lots |= _lots_named(event)
            shipments |= _shipments_named(event)
            factories |= _factories_named(event)
        lot_events += batch
    shipment_events = events_of_records(traceability, shipments, heads[TRACEABILITY])
    records = factories | _pointing_back(views, factories)
    records |= _recorded_past_the_views(views, inspections, heads[INSPECTIONS])
    factory_events = events_of_records(inspections, records, heads[INSPECTIONS])
    return LotScope(
        {
            TRACEABILITY: sorted(lot_events + shipment_events, key=lambda n: n.id),
            INSPECTIONS: factory_events,
        }
    )


def _upstream(views: ViewStore, lot_id: UUID) -> set[UUID]:
    with views.reading() as cursor:
        rows = cursor.execute(UPSTREAM, {"lot_id": str(lot_id)}).fetchall()
    return {UUID(row["lot_id"]) for row in rows}


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


def _pointing_back(views: ViewStore, factories: Iterable[UUID]) -> set[UUID]:
    ids = sorted(str(factory) for factory in factories)
    if not ids:
        return set()
    params = {f"f{n}": factory for n, factory in enumerate(ids)}
    placeholders = ", ".join(f"%({name})s" for name in params)
    with views.reading() as cursor:
        rows = cursor.execute(POINTING_BACK.format(factories=placeholders), params).fetchall()
    return {UUID(row["id"]) for row in rows}


def _recorded_past_the_views(views: ViewStore, inspections: Application, head: int) -> set[UUID]:
    """The records with events the back-referencing views have not read yet: normally none."""
    behind = min(views.position(name, INSPECTIONS) for name in BACK_REFERENCE_VIEWS)
    if head - behind > MOST_EVENTS_BEHIND:
        raise ViewsBehind(
            f"The views are {head - behind} events behind the Inspections log; a past record "
            "can be answered once they have caught up."
        )
    tail = inspections.recorder.select_notifications(
        start=behind, inclusive_of_start=False, stop=head, limit=MOST_EVENTS_BEHIND
    )
    return {notification.originator_id for notification in tail}
