"""A lot's compliance record as it stood at a past moment, answered from the event logs.

Every view's handlers replay the events recorded up to that moment into a private in-memory
database, and the record is read from there exactly as today's is read from the live views.
The review process only replays its tables: what it did is in the lots' own events, so nothing
is decided again. The cost is a read of both logs; this is an audit question, not a page view.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from eventsourcing.application import Application

from domain.clock import PAKISTAN_TIME
from projections.lot_record import LotRecord, find_lot_record
from projections.projection import Projection
from projections.view_store import ViewStore

BATCH = 1000
# A log is in commit order, and an event's time is taken before its commit: read on a little
# past the moment, so that an event committed late is not missed.
COMMIT_DELAY = timedelta(minutes=1)


def lot_record_as_of(
    applications: Mapping[str, Application],
    projections: Iterable[type[Projection]],
    lot_id: str,
    moment: datetime,
) -> LotRecord | None:
    store = ViewStore({"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})
    try:
        replaying = [cls() for cls in projections]
        with store.transaction() as cursor:
            for projection in replaying:  # all first: some handlers read another's tables
                projection.create(cursor)
        for projection in replaying:
            _replay(store, projection, applications[projection.follows], moment)
        return find_lot_record(store, lot_id, moment.astimezone(PAKISTAN_TIME).date())
    finally:
        store.close()


def _replay(store: ViewStore, projection: Projection, app: Application, moment: datetime) -> None:
    with store.transaction() as cursor:
        position = 0
        while True:
            batch = app.recorder.select_notifications(
                start=position, inclusive_of_start=False, limit=BATCH, topics=projection.topics()
            )
            for notification in batch:
                event = app.mapper.to_domain_event(notification)
                if event.timestamp > moment + COMMIT_DELAY:
                    return
                if event.timestamp <= moment:
                    projection.apply(event, cursor)
            if len(batch) < BATCH:
                return
            position = batch[-1].id
