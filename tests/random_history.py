"""A random history of every kind of record Nishan keeps, for tests that compare two ways of
reading it (the past record, the kept pages)."""

import random
import time
from collections import Counter
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from domain.errors import DomainError
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.inspections.grievance import GrievanceChannel
from domain.inspections.referral import referral_id
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.shipment import TransportMode
from tests.samples import People

DAY = date(2026, 11, 20)
STEPS = 80
# What the equality must hold through: suspensions and the reviews they raise, reinstatements
# that lift them, visits, factories moved, shipments, and lots made from other lots.
MUST_HAPPEN = {"suspend", "reinstate", "inspect", "move_factory", "ship", "split"}


class RandomHistory:
    """Factories inspected, suspended, reinstated, moved and renamed; lots made, split, merged,
    transformed and shipped; grievances, referrals and corrective actions: each step chosen at
    random, refusals skipped. `done` counts the steps that were not refused, so that a test can
    check the history holds every kind of record."""

    def __init__(self, nishan, seed: int) -> None:
        self.nishan, self.random = nishan, random.Random(seed)
        self.people = People(nishan)
        self.factories = [self.people.certified_factory(DAY, name=f"Mill {n}") for n in range(3)]
        self.lots: list = []
        self.shipments: list = []
        self.actions: list = []  # (visit, action) of minor findings, reviewed by desk
        self.suspending: dict = {}  # factory -> (visit, action): what a follow-up must close
        self.grievances: list = []
        self.referrals: list = []
        self.done: Counter[str] = Counter()
        self.moments: list[datetime] = []

    def run(self, steps: int) -> None:
        kinds = [
            self.make_lot, self.make_lot, self.split, self.merge, self.transform, self.ship,
            self.move_shipment, self.inspect, self.suspend, self.reinstate, self.grievance,
            self.settle_grievance, self.follow_referral, self.review_action, self.cancel_visit,
            self.move_factory,
        ]  # fmt: skip
        for n in range(steps):
            step = self.random.choice(kinds) if len(self.lots) >= 2 else self.make_lot
            with suppress(DomainError):  # a refused step writes nothing
                step()
                self.done[step.__name__] += 1
            if n % 10 == 9:
                self.nishan.updater.catch_up()  # the review process acts between steps
                self.moments.append(a_moment())

    @property
    def admin(self):
        return self.people.admin

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
        """Two lots of the same kind, the only ones that merge."""
        trace = self.nishan.traceability
        lot = self.random.choice(self.lots)
        kind = _kind(trace.load_lot(lot))
        alike = [
            other for other in self.lots if other != lot and _kind(trace.load_lot(other)) == kind
        ]
        if alike:
            merged = trace.merge_lots(
                [lot, self.random.choice(alike)], "Blend", by=self.people.exporter
            )
            self.lots.append(merged)

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
        self.shipments.append(shipment)
        trace.add_lot_to_shipment(shipment, self.random.choice(self.lots), by=exporter)

    def move_shipment(self) -> None:
        """A shipment departs, arrives or is cancelled."""
        if not self.shipments:
            return
        trace, exporter = self.nishan.traceability, self.people.exporter
        shipment = self.random.choice(self.shipments)
        step = self.random.choice(["depart", "arrive", "cancel"])
        if step == "depart":
            trace.depart_shipment(shipment, DAY, by=exporter)
        elif step == "arrive":
            trace.arrive_shipment(shipment, DAY + timedelta(days=20), by=exporter)
        else:
            trace.cancel_shipment(shipment, "Buyer withdrew", by=exporter)

    def inspect(self) -> None:
        """A visit that finds a breach to be put right by desk review, or withdraws it."""
        inspections, admin = self.nishan.inspections, self.admin
        factory = self.random.choice(self.factories)
        visit = self.people.visit(factory, DAY)
        indicator = self.random.choice(["WT-02", "WB-05", "OSH-03"])
        finding = inspections.record_finding(visit, indicator, None, "", 3, by=admin, on=DAY)
        if self.random.random() < 0.2:
            inspections.withdraw_finding(visit, finding, "Recorded in error", DAY, by=admin)
        else:
            due = DAY + timedelta(days=self.random.choice([5, 45]))  # overdue by now, or not
            action = inspections.plan_corrective_action(
                visit, finding, "Fix it", "Owner", due, Verification.DESK_REVIEW, by=admin
            )
            self.actions.append((visit, action))
        inspections.complete_inspection(visit, DAY, by=admin)

    def suspend(self) -> None:
        """Bonded labour found: the factory is suspended and a referral opened."""
        inspections, admin = self.nishan.inspections, self.admin
        factory = self.random.choice(self.factories)
        visit = self.people.visit(factory, DAY)
        finding = inspections.record_finding(visit, "FL-09", None, "", 9, by=admin, on=DAY)
        action = inspections.plan_corrective_action(
            visit, finding, "Write off the advances", "Owner", DAY + timedelta(days=30),
            Verification.FOLLOW_UP_VISIT, by=admin,
        )  # fmt: skip
        inspections.complete_inspection(visit, DAY, by=admin)
        self.suspending[factory] = (visit, action)
        self.referrals.append(referral_id(finding))

    def reinstate(self) -> None:
        """A follow-up visit closes what a suspension asked and reinstates the factory; any
        other factory gets a clean visit."""
        inspections, admin = self.nishan.inspections, self.admin
        factory = self.random.choice(self.factories)
        if factory not in self.suspending:
            inspections.complete_inspection(self.people.visit(factory, DAY), DAY, by=admin)
            return
        visit, action = self.suspending[factory]
        follow_up = inspections.schedule_inspection(
            factory, self.people.inspector_id, DAY, False, by=admin, follow_up_of=visit
        )
        inspections.start_inspection(follow_up, by=admin)
        inspections.review_corrective_action(
            visit, action, ActionStatus.CLOSED, "Written off", DAY, by=admin,
            follow_up_id=follow_up,
        )  # fmt: skip
        inspections.complete_inspection(follow_up, DAY, by=admin)
        del self.suspending[factory]

    def grievance(self) -> None:
        self.grievances.append(
            self.nishan.inspections.record_grievance(
                self.random.choice(self.factories), GrievanceChannel.HOTLINE, "FL",
                "Wages held back", DAY, by=self.admin,
            )
        )  # fmt: skip

    def settle_grievance(self) -> None:
        if not self.grievances:
            return
        inspections, grievance = self.nishan.inspections, self.random.choice(self.grievances)
        if self.random.random() < 0.5:
            inspections.resolve_grievance(grievance, "Wages paid", DAY, by=self.admin)
        else:
            inspections.dismiss_grievance(grievance, "Not borne out", DAY, by=self.admin)

    def follow_referral(self) -> None:
        if not self.referrals:
            return
        inspections, referral = self.nishan.inspections, self.random.choice(self.referrals)
        step = self.random.choice(["acknowledge", "case", "close"])
        if step == "acknowledge":
            inspections.acknowledge_referral(referral, DAY, by=self.admin)
        elif step == "case":
            inspections.open_referral_case(referral, "DVC-1", DAY, by=self.admin)
        else:
            inspections.close_referral(referral, "Workers freed", DAY, by=self.admin)

    def review_action(self) -> None:
        if not self.actions:
            return
        visit, action = self.random.choice(self.actions)
        self.nishan.inspections.review_corrective_action(
            visit, action, ActionStatus.CLOSED, "Done", DAY, by=self.admin
        )

    def cancel_visit(self) -> None:
        visit = self.nishan.inspections.schedule_inspection(
            self.random.choice(self.factories), self.people.inspector_id, DAY, False,
            by=self.admin,
        )  # fmt: skip
        self.nishan.inspections.cancel_inspection(visit, "Factory closed that day", by=self.admin)

    def move_factory(self) -> None:
        """A factory renamed or moved to another district: its name on past records changes."""
        district = self.random.choice(["Sialkot", "Faisalabad", "Multan"])
        name = f"Mill {self.random.randint(10, 99)}"
        self.nishan.inspections.update_factory_details(
            self.random.choice(self.factories),
            lambda details: replace(details, name=name, district=district),
            by=self.admin,
        )


def _kind(lot) -> tuple:
    return lot.hs_code, lot.unit


def a_moment() -> datetime:
    time.sleep(0.005)  # events on either side are apart
    now = datetime.now(UTC)
    time.sleep(0.005)
    return now
