"""Certification follows the rules in the README, on any date, past or present."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.inspections.certification import CertificationStatus as Status
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.traceability.lot import FactoryNotCertified, Unit
from tests.samples import PERIOD

VISIT = date(2026, 3, 10)
DEADLINE = date(2026, 4, 10)


def status_on(world, factory_id, day):
    return world.inspections.load_factory(factory_id).certification_on(day).status


def conditional(world, verification=Verification.DESK_REVIEW):
    """A factory certified with conditions: one corrective action due on DEADLINE."""
    factory_id = world.factory()
    visit = world.visit(factory_id, VISIT)
    finding = world.inspections.record_finding(visit, "WT-02", None, "", 3, by=world.inspector)
    action = world.plan_action(visit, finding, DEADLINE, verification)
    world.inspections.complete_inspection(visit, VISIT, by=world.inspector)
    return factory_id, visit, action


def test_a_conditional_certificate_lapses_while_an_action_is_overdue(world):
    factory_id, visit, action = conditional(world)
    assert status_on(world, factory_id, DEADLINE) is Status.CERTIFIED_WITH_CONDITIONS
    assert status_on(world, factory_id, DEADLINE + timedelta(days=1)) is Status.CONDITIONS_OVERDUE
    # Closed late: valid again from the day it was closed, and overdue before it, as it was.
    closed_on = DEADLINE + timedelta(days=5)
    world.inspections.review_corrective_action(
        visit, action, ActionStatus.CLOSED, "Rota fixed", on=closed_on, by=world.admin
    )
    assert status_on(world, factory_id, closed_on) is Status.CERTIFIED_WITH_CONDITIONS
    assert status_on(world, factory_id, closed_on - timedelta(days=1)) is (
        Status.CONDITIONS_OVERDUE
    )


def test_no_lot_is_made_at_a_factory_whose_conditions_are_overdue(world):
    factory_id, _, _ = conditional(world)
    lot = world.traceability.create_lot(
        "Bed sheets", "630231", Decimal(10), Unit.PIECES, "", PERIOD, by=world.exporter
    )
    with pytest.raises(FactoryNotCertified) as refused:
        world.traceability.attach_lot_to_factory(
            lot, factory_id, "weaving", DEADLINE + timedelta(days=1), by=world.exporter
        )
    assert "conditions overdue" in refused.value.message


def suspend(world):
    """A certified factory, then suspended by a visit that finds debt bondage."""
    factory_id = world.factory()
    world.inspect(factory_id, VISIT)
    bad_visit = world.visit(factory_id, date(2026, 6, 1))
    finding = world.inspections.record_finding(bad_visit, "FL-09", None, "", 12, by=world.inspector)
    action = world.plan_action(bad_visit, finding, date(2026, 7, 1))
    world.inspections.complete_inspection(bad_visit, date(2026, 6, 1), by=world.inspector)
    return factory_id, bad_visit, action


def test_only_a_follow_up_that_verifies_remediation_lifts_a_suspension(world):
    factory_id, bad_visit, action = suspend(world)
    # An ordinary visit that finds nothing does not lift it.
    world.inspect(factory_id, date(2026, 6, 10))
    assert world.inspections.load_factory(factory_id).status is Status.SUSPENDED
    # Nor does a follow-up while the debt-bondage action is still open.
    first = world.follow_up(factory_id, of=bad_visit, on=date(2026, 7, 2))
    world.review_at(bad_visit, action, ActionStatus.PROGRESSING, first, date(2026, 7, 2))
    world.inspections.complete_inspection(first, date(2026, 7, 2), by=world.inspector)
    assert world.inspections.load_factory(factory_id).status is Status.SUSPENDED
    # A second follow-up closes the action, and its clean sign-off reinstates the factory.
    second = world.follow_up(factory_id, of=bad_visit, on=date(2026, 8, 1))
    world.review_at(bad_visit, action, ActionStatus.CLOSED, second, date(2026, 8, 1))
    world.inspections.complete_inspection(second, date(2026, 8, 1), by=world.inspector)
    assert world.inspections.load_factory(factory_id).status is Status.CERTIFIED


def test_the_status_on_any_past_date_is_known(world):
    factory_id, *_ = suspend(world)
    assert status_on(world, factory_id, VISIT - timedelta(days=1)) is Status.NOT_CERTIFIED
    assert status_on(world, factory_id, VISIT) is Status.CERTIFIED
    assert status_on(world, factory_id, date(2026, 5, 31)) is Status.CERTIFIED
    assert status_on(world, factory_id, date(2026, 6, 1)) is Status.SUSPENDED
    assert status_on(world, factory_id, date(2027, 3, 11)) is Status.SUSPENDED  # no expiry


def test_every_visit_that_suspended_a_factory_must_be_remedied_before_reinstatement(world):
    factory_id, first_bad, first_action = suspend(world)
    # A second failing visit: child labour found while the debt bondage is still open.
    second_bad = world.visit(factory_id, date(2026, 6, 20))
    finding = world.inspections.record_finding(second_bad, "CL-01", None, "", 2, by=world.inspector)
    second_action = world.plan_action(second_bad, finding, date(2026, 7, 20))
    world.inspections.complete_inspection(second_bad, date(2026, 6, 20), by=world.inspector)

    # A follow-up of the second visit closes its action, but the first one is still open.
    follow = world.follow_up(factory_id, of=second_bad, on=date(2026, 7, 21))
    world.review_at(second_bad, second_action, ActionStatus.CLOSED, follow, date(2026, 7, 21))
    world.inspections.complete_inspection(follow, date(2026, 7, 21), by=world.inspector)
    assert world.inspections.load_factory(factory_id).status is Status.SUSPENDED

    # Once the first visit's action is closed too, a follow-up reinstates the factory.
    again = world.follow_up(factory_id, of=first_bad, on=date(2026, 8, 1))
    world.review_at(first_bad, first_action, ActionStatus.CLOSED, again, date(2026, 8, 1))
    world.inspections.complete_inspection(again, date(2026, 8, 1), by=world.inspector)
    assert world.inspections.load_factory(factory_id).status is Status.CERTIFIED
