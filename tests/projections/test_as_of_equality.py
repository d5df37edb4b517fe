"""A lot's past record, replayed from the lot's own records only, equals the record replayed from
both logs whole: for every lot of random histories, at moments all through them."""

import inspect
import re
from decimal import Decimal

import pytest

from domain.inspections.grievance import GrievanceChannel
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from projections.as_of import lot_record_as_of, lot_records_replayed_in_full
from projections.catalogue import PROJECTIONS
from projections.lot_scope import ViewsBehind, lot_scope
from tests.random_history import DAY, MUST_HAPPEN, STEPS, RandomHistory, a_moment
from tests.samples import People


@pytest.mark.both_backends
@pytest.mark.parametrize("seed", [1, 2])
def test_a_past_record_from_the_lots_own_records_equals_the_full_replay(nishan, seed):
    history = RandomHistory(nishan, seed)
    history.run(STEPS)
    assert set(history.done) >= MUST_HAPPEN, history.done
    nishan.updater.catch_up()
    logs = nishan.updater.applications
    compared = 0
    lots = [str(lot) for lot in history.lots]
    for moment in history.moments:
        full = lot_records_replayed_in_full(logs, PROJECTIONS.values(), lots, moment)
        for lot in lots:
            got = lot_record_as_of(nishan.views, logs, PROJECTIONS.values(), lot, moment)
            assert got == full[lot], f"lot {lot} as of {moment}"
            compared += full[lot] is not None
    assert compared > len(history.lots)  # most lots existed at most moments


def test_the_lots_records_are_few_in_a_long_history(nishan):
    """Proportional: a lot made at one factory reads that factory's records and its own, not
    the whole store."""
    history = RandomHistory(nishan, 3)
    history.run(STEPS)
    nishan.updater.catch_up()
    lone = history.people.certified_factory(DAY, name="Lone Mill")
    trace, exporter = nishan.traceability, history.people.exporter
    lot = trace.create_lot(
        "Yarn", "5205", Decimal(5), Unit.KILOGRAMS, "ONE", ProductionPeriod(DAY, DAY), by=exporter
    )
    trace.attach_lot_to_factory(lot, lone, "spinning", DAY, by=exporter)
    nishan.updater.catch_up()
    scope = lot_scope(nishan.views, nishan.updater.applications, lot)
    # The lot's two events, the factory's registration and certificate, its visit's three.
    assert scope.size == 7
    everything = sum(
        app.recorder.max_notification_id() for app in nishan.updater.applications.values()
    )
    assert everything > 20 * scope.size


def test_what_the_views_have_not_read_yet_is_in_the_past_record(postgres_nishan, monkeypatch):
    """On PostgreSQL the views follow the log from another process: a grievance the worker has
    not read yet is still counted, and a backlog too long to read is refused, not read."""
    nishan = postgres_nishan
    people = People(nishan)
    mill = people.certified_factory(DAY, name="Mill")
    trace = nishan.traceability
    lot = trace.create_lot(
        "Yarn", "5205", Decimal(5), Unit.KILOGRAMS, "G1", ProductionPeriod(DAY, DAY),
        by=people.exporter,
    )  # fmt: skip
    trace.attach_lot_to_factory(lot, mill, "spinning", DAY, by=people.exporter)
    nishan.updater.catch_up()
    nishan.inspections.record_grievance(
        mill, GrievanceChannel.HOTLINE, "FL", "Wages held back", DAY, by=people.admin
    )
    moment = a_moment()
    logs = nishan.updater.applications
    got = lot_record_as_of(nishan.views, logs, PROJECTIONS.values(), str(lot), moment)
    full = lot_records_replayed_in_full(logs, PROJECTIONS.values(), [str(lot)], moment)
    assert got == full[str(lot)]
    assert got.factories[0].figures.open_grievances == 1

    monkeypatch.setattr("projections.lot_scope.MOST_EVENTS_BEHIND", 0)
    with pytest.raises(ViewsBehind):
        lot_record_as_of(nishan.views, logs, PROJECTIONS.values(), str(lot), moment)


def test_the_views_left_out_of_past_records_are_none_that_a_lot_record_reads():
    """A view marked as not needed for a lot's past record is never replayed for one, so a
    table of it that the lot's record or its scope reads would silently read empty."""
    import projections.lot_record
    import projections.lot_scope

    reading = inspect.getsource(projections.lot_record) + inspect.getsource(projections.lot_scope)
    left_out = [view for view in PROJECTIONS.values() if not view.in_lot_records]
    assert left_out  # the workspace's views are there to leave out
    read = [
        (view.name, table)
        for view in left_out
        for table in view.tables
        if re.search(rf"\b{table}\b", reading)
    ]
    assert not read, f"tables a lot's record reads, of views left out of its replay: {read}"
