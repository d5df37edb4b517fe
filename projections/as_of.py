"""A lot's compliance record as it stood at a past moment, answered from the event logs.

Every view's handlers replay the events recorded up to that moment into a stage (a private
in-memory database), and the record is read from there exactly as today's is read from the live
views. The review process only replays its tables: what it did is in the lots' own events, so
nothing is decided again. The cost is a read of both logs; this is an audit question, not a
page view.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from eventsourcing.application import Application

from domain.clock import PAKISTAN_TIME
from projections.lot_record import LotRecord, find_lot_record
from projections.projection import Projection
from projections.stage import Stage


def lot_record_as_of(
    applications: Mapping[str, Application],
    projections: Iterable[type[Projection]],
    lot_id: str,
    moment: datetime,
) -> LotRecord | None:
    stage = Stage([cls() for cls in projections])
    try:
        stage.replay(applications, until=moment)
        return find_lot_record(stage.store, lot_id, moment.astimezone(PAKISTAN_TIME).date())
    finally:
        stage.close()
