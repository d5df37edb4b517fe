"""A lot's past record, replayed from the lot's own records only, equals the record replayed from
both logs whole: for every lot of random histories, at moments all through them."""

import random
import time
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.inspections.grievance import GrievanceChannel
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.shipment import TransportMode
from projections.as_of import lot_record_as_of, lot_records_replayed_in_full
from projections.catalogue import PROJECTIONS
from projections.lot_scope import ViewsBehind, lot_scope
from tests.samples import People

DAY = date(2026, 11, 20)
STEPS = 60


class RandomHistory:
    """Factories inspected, suspended and cleared; lots made, split, merged, transformed and
    shipped; grievances and corrective actions: each step chosen at random, refusals skipped."""

    def __init__(self, nishan, seed: int) -> None:
        self.nishan, self.random = nishan, random.Random(seed)
        self.people = People(nishan)
        self.factories = [self.people.certified_factory(DAY, name=f"Mill {n}") for n in range(3)]
        self.lots: list = []
        self.shipments: list = []
        self.actions: list = []  # (visit, action)
        self.moments: list[datetime] = []

    def run(self, steps: int) -> None:
        kinds = [
            self.make_lot, self.make_lot, self.split, self.merge, self.transform, self.ship,
            self.inspect, self.clear, self.grievance, self.review_action, self.cancel_visit,
        ]  # fmt: skip
        for n in range(steps):
            step = self.random.choice(kinds) if len(self.lots) >= 2 else self.make_lot
            with suppress(DomainError):  # a refused step writes nothing
                step()
            if n % 10 == 9:
                self.nishan.updater.catch_up()  # the review process acts between steps
                self.moments.append(_moment())

    def make_lot(self) -> None:
        trace, exporter = self.nishan.traceability, self.people.exporter
        hs, unit = self.random.choice([("5205", Unit.KILOGRAMS), ("5208", Unit.METRES)])
        lot = trace.create_lot(
            "Yarn", hs, Decimal(self.random.randint(10, 900)), unit, f"L{len(self.lots)}",
            ProductionPeriod(date(2026, 11, 1), DAY), by=exporter,
        )  # fmt: skip
        trace.attach_lot_to_factory(
            lot, self.random.choice(self.factories), "spinning", DAY, by=exporter
        )
        self.lots.append(lot)

    def split(self) -> None:
        lot = self.random.choice(self.lots)
        quantity = self.nishan.traceability.load_lot(lot).quantity
        half = (quantity / 2).quantize(Decimal("0.001"))
        self.lots += self.nishan.traceability.split_lot(
            lot, [half, quantity - half], by=self.people.exporter
        )

    def merge(self) -> None:
        lots = self.random.sample(self.lots, 2)
        self.lots.append(
            self.nishan.traceability.merge_lots(lots, "Blend", by=self.people.exporter)
        )

    def transform(self) -> None:
        lot = self.random.choice(self.lots)
        quantity = self.nishan.traceability.load_lot(lot).quantity
        self.lots += self.nishan.traceability.transform_lots(
            [(lot, quantity)], [("Fabric", "5208", quantity * 6, Unit.METRES)],
            self.random.choice(self.factories), "weaving", "6 m/kg", DAY, by=self.people.exporter,
        )  # fmt: skip

    def ship(self) -> None:
        trace, exporter = self.nishan.traceability, self.people.exporter
        shipment = trace.create_shipment("PKKHI", "DEHAM", DAY, TransportMode.SEA, [], by=exporter)
        trace.add_lot_to_shipment(shipment, self.random.choice(self.lots), by=exporter)
        if self.random.random() < 0.5:
            trace.depart_shipment(shipment, DAY, by=exporter)
        self.shipments.append(shipment)

    def inspect(self) -> None:
        """A visit that finds bonded labour (the factory is suspended) or a minor breach."""
        inspections, admin = self.nishan.inspections, self.people.admin
        factory = self.random.choice(self.factories)
        visit = self.people.visit(factory, DAY)
        indicator = self.random.choice(["FL-09", "WH-03"])
        finding = inspections.record_finding(visit, indicator, None, "", 3, by=admin, on=DAY)
        action = inspections.plan_corrective_action(
            visit, finding, "Fix it", "Owner", DAY + timedelta(days=30),
            Verification.DESK_REVIEW, by=admin,
        )  # fmt: skip
        inspections.complete_inspection(visit, DAY, by=admin)
        self.actions.append((visit, action))

    def clear(self) -> None:
        """A clean follow-up visit: a suspended factory is reinstated."""
        factory = self.random.choice(self.factories)
        self.nishan.inspections.complete_inspection(
            self.people.visit(factory, DAY), DAY, by=self.people.admin
        )

    def grievance(self) -> None:
        self.nishan.inspections.record_grievance(
            self.random.choice(self.factories), GrievanceChannel.HOTLINE, "FL",
            "Wages held back", DAY, by=self.people.admin,
        )  # fmt: skip

    def review_action(self) -> None:
        if not self.actions:
            return
        visit, action = self.random.choice(self.actions)
        self.nishan.inspections.review_corrective_action(
            visit, action, ActionStatus.CLOSED, "Done", DAY, by=self.people.admin
        )

    def cancel_visit(self) -> None:
        visit = self.nishan.inspections.schedule_inspection(
            self.random.choice(self.factories), self.people.inspector_id, DAY, False,
            by=self.people.admin,
        )  # fmt: skip
        self.nishan.inspections.cancel_inspection(
            visit, "Factory closed that day", by=self.people.admin
        )


def _moment() -> datetime:
    time.sleep(0.005)  # events on either side are apart
    now = datetime.now(UTC)
    time.sleep(0.005)
    return now


@pytest.mark.both_backends
@pytest.mark.parametrize("seed", [1, 2])
def test_a_past_record_from_the_lots_own_records_equals_the_full_replay(nishan, seed):
    history = RandomHistory(nishan, seed)
    history.run(STEPS)
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
    moment = _moment()
    logs = nishan.updater.applications
    got = lot_record_as_of(nishan.views, logs, PROJECTIONS.values(), str(lot), moment)
    full = lot_records_replayed_in_full(logs, PROJECTIONS.values(), [str(lot)], moment)
    assert got == full[str(lot)]
    assert got.factories[0].figures.open_grievances == 1

    monkeypatch.setattr("projections.lot_scope.MOST_EVENTS_BEHIND", 0)
    with pytest.raises(ViewsBehind):
        lot_record_as_of(nishan.views, logs, PROJECTIONS.values(), str(lot), moment)
