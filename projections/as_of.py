"""A lot's compliance record as it stood at a past moment, answered from the event logs.

Anyone may ask, so the answer costs in proportion to the lot, not to the store: only the events
of the records that bear on the lot (its own and its inputs', their shipments and factories, the
factories' visits, referrals and grievances: see lot_scope.py) are applied, up to the moment,
through every view's own handlers into a stage (a private in-memory database), and the record
is read from there exactly as today's is read from the live views. The review process only
replays its tables: what it did is in the lots' own events, so nothing is decided again.

`lot_records_replayed_in_full` replays both logs whole instead: the reference the proportional
answer is tested against.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from uuid import UUID

from eventsourcing.application import Application

from domain.clock import PAKISTAN_TIME
from projections.lot_record import LotRecord, find_lot_record
from projections.lot_scope import lot_scope
from projections.projection import Projection
from projections.stage import Stage
from projections.view_store import ViewStore


def lot_record_as_of(
    views: ViewStore,
    applications: Mapping[str, Application],
    projections: Iterable[type[Projection]],
    lot_id: str,
    moment: datetime,
) -> LotRecord | None:
    classes = tuple(view for view in projections if _replayed(view))
    scope = lot_scope(views, applications, UUID(lot_id))
    stage = Stage([cls() for cls in classes], _empty_stage(classes))
    try:
        stage.apply(applications, scope.events, until=moment)
        return _record(stage, lot_id, moment)
    finally:
        stage.close()


def lot_records_replayed_in_full(
    applications: Mapping[str, Application],
    projections: Iterable[type[Projection]],
    lot_ids: Iterable[str],
    moment: datetime,
) -> dict[str, LotRecord | None]:
    """Each lot's record at the moment, from one replay of both logs whole."""
    stage = Stage([cls() for cls in projections if _replayed(cls)])
    try:
        stage.replay(applications, until=moment)
        return {lot_id: _record(stage, lot_id, moment) for lot_id in lot_ids}
    finally:
        stage.close()


def _replayed(view: type[Projection]) -> bool:
    """No pages are kept in a stage, nor the views a lot's record never reads."""
    return view.in_lot_records and not view.trails


def _record(stage: Stage, lot_id: str, moment: datetime) -> LotRecord | None:
    return find_lot_record(stage.store, lot_id, moment.astimezone(PAKISTAN_TIME).date())


@cache
def _empty_stage(projections: tuple[type[Projection], ...]) -> bytes:
    """The views' empty tables, made once per process: creating them is most of a small
    replay's cost."""
    stage = Stage([cls() for cls in projections])
    try:
        return stage.empty_image()
    finally:
        stage.close()
