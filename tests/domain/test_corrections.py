"""Findings are corrected by later events with a reason and an author, never edited."""

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import DomainError, NotFound
from domain.inspections.certification import CertificationStatus
from domain.inspections.corrective_action import Verification
from domain.inspections.inspection import (
    Inspection,
    InspectionCompleted,
    Outcome,
    Severity,
    ZeroToleranceIsCritical,
)
from tests.domain.test_inspections import DAY

LATER = date(2026, 6, 1)


def test_a_withdrawn_finding_no_longer_counts_but_stays_in_the_history(world):
    factory_id = world.factory()
    visit = world.visit(factory_id)
    wrong = world.inspections.record_finding(visit, "OSH-01", None, "", 0, by=world.inspector)
    world.inspections.withdraw_finding(
        visit, wrong, "The exit was unlocked; I misread the sign", on=DAY, by=world.inspector
    )
    assert world.inspections.complete_inspection(visit, DAY, by=world.inspector) is Outcome.PASS
    assert world.inspections.load_factory(factory_id).status is CertificationStatus.CERTIFIED
    history = list(world.inspections.events.get(visit))
    assert any(isinstance(e, Inspection.FindingRecorded) for e in history)
    [withdrawn] = [e for e in history if isinstance(e, Inspection.FindingWithdrawn)]
    assert withdrawn.reason == "The exit was unlocked; I misread the sign"
    assert withdrawn.by == world.inspector


def test_a_regraded_finding_counts_at_its_new_severity(world):
    visit = world.visit(world.factory())
    finding = world.inspections.record_finding(visit, "OSH-03", None, "", 0, by=world.inspector)
    world.inspections.regrade_finding(
        visit, finding, Severity.CRITICAL, "Guard missing on a press", by=world.admin
    )
    world.plan_action(visit, finding, LATER)
    assert world.inspections.complete_inspection(visit, DAY, by=world.admin) is Outcome.FAIL


@pytest.mark.parametrize("severity", list(Severity))
def test_a_zero_tolerance_finding_is_never_regraded(world, severity):
    visit = world.visit(world.factory())
    finding = world.inspections.record_finding(visit, "CL-01", None, "", 1, by=world.inspector)
    before = world.inspections.load_inspection(visit).version
    with pytest.raises(ZeroToleranceIsCritical) as refused:
        world.inspections.regrade_finding(visit, finding, severity, "One child", by=world.admin)
    assert refused.value.code == "zero_tolerance_is_critical"
    assert refused.value.message.startswith("CL-01 (A child below the minimum working age")
    assert "always critical" in refused.value.message
    assert world.inspections.load_inspection(visit).version == before


def test_a_regrade_of_a_zero_tolerance_finding_stored_by_an_earlier_release_changes_nothing(
    world,
):
    visit = world.visit(world.factory())
    finding = world.inspections.record_finding(visit, "FL-09", None, "", 4, by=world.inspector)
    inspection = world.inspections.load_inspection(visit)
    # An earlier release recorded the regrade that is now refused.
    inspection._finding_regraded(
        finding_id=finding, severity=Severity.MINOR, reason="Small advances", by=world.admin
    )
    world.inspections.save(inspection)
    reloaded = world.inspections.load_inspection(visit)
    assert reloaded.findings[finding].severity is Severity.CRITICAL
    world.plan_action(visit, finding, LATER)
    assert world.inspections.complete_inspection(visit, DAY, by=world.admin) is Outcome.FAIL


@pytest.mark.parametrize(
    ("correct", "code"),
    [
        (
            lambda w, v, f: w.inspections.withdraw_finding(v, f, " ", on=DAY, by=w.inspector),
            "reason_required",
        ),
        (
            lambda w, v, f: w.inspections.regrade_finding(
                v, f, Severity.MAJOR, "x", by=w.inspector
            ),
            "severity_unchanged",
        ),
        (
            lambda w, v, f: w.inspections.withdraw_finding(v, uuid4(), "x", on=DAY, by=w.inspector),
            "finding_not_found",
        ),
    ],
)
def test_a_correction_says_what_is_wrong(world, correct, code):
    visit = world.visit(world.factory())
    finding = world.inspections.record_finding(visit, "WT-02", None, "", 0, by=world.inspector)
    with pytest.raises((DomainError, NotFound)) as refused:
        correct(world, visit, finding)
    assert refused.value.code == code


def test_a_finding_is_withdrawn_once_and_not_after_sign_off(world):
    visit = world.visit(world.factory())
    finding = world.inspections.record_finding(visit, "WT-02", None, "", 0, by=world.inspector)
    world.inspections.withdraw_finding(visit, finding, "Duplicate", on=DAY, by=world.inspector)
    with pytest.raises(DomainError) as twice:
        world.inspections.withdraw_finding(visit, finding, "Again", on=DAY, by=world.inspector)
    assert twice.value.code == "finding_withdrawn"
    other = world.inspections.record_finding(visit, "WT-03", None, "", 0, by=world.inspector)
    world.plan_action(visit, other, LATER)
    world.inspections.complete_inspection(visit, DAY, by=world.inspector)
    with pytest.raises(InspectionCompleted):
        world.inspections.withdraw_finding(visit, other, "After sign-off", on=DAY, by=world.admin)


def test_a_finding_with_a_desk_review_action_cannot_be_regraded_critical(world):
    visit = world.visit(world.factory())
    finding = world.inspections.record_finding(visit, "WT-02", None, "", 0, by=world.inspector)
    world.plan_action(visit, finding, LATER, Verification.DESK_REVIEW)
    with pytest.raises(DomainError) as refused:
        world.inspections.regrade_finding(
            visit, finding, Severity.CRITICAL, "Worse than it looked", by=world.admin
        )
    assert refused.value.code == "follow_up_visit_required"
