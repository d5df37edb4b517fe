from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from domain.actor import Role
from domain.errors import DomainError, NotFound
from domain.inspections.catalogue import UnknownIndicator, catalogue, current_version
from domain.inspections.certification import CertificationStatus, add_months
from domain.inspections.factory import Factory
from domain.inspections.inspection import (
    InspectionCompleted,
    Outcome,
    Severity,
    ZeroToleranceIsCritical,
)
from tests.domain.conftest import PUNJAB
from tests.samples import factory_details

DAY = date(2026, 3, 10)


def test_a_visit_without_findings_passes_and_certifies_the_factory_for_twelve_months(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    factory = world.inspections.load_factory(factory_id)
    assert factory.status is CertificationStatus.CERTIFIED
    assert factory.valid_until == date(2027, 3, 10)
    assert factory.certification_on(date(2027, 3, 10)).status is CertificationStatus.CERTIFIED


def test_a_certificate_has_expired_the_day_after_its_validity(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    factory = world.inspections.load_factory(factory_id)
    assert factory.certification_on(date(2027, 3, 11)).status is CertificationStatus.EXPIRED


def test_major_findings_give_a_pass_with_corrective_actions_and_a_conditional_certificate(world):
    factory_id = world.factory()
    visit = world.inspect(factory_id, DAY, [("WT-02", Severity.MAJOR), ("OSH-03", Severity.MINOR)])
    assert world.inspections.load_inspection(visit).outcome is Outcome.PASS_WITH_CORRECTIVE_ACTIONS
    factory = world.inspections.load_factory(factory_id)
    assert factory.status is CertificationStatus.CERTIFIED_WITH_CONDITIONS


def test_a_critical_finding_fails_the_visit_and_suspends_a_certified_factory(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    visit = world.inspect(factory_id, date(2026, 6, 1), [("FL-07", Severity.CRITICAL)])
    assert world.inspections.load_inspection(visit).outcome is Outcome.FAIL
    factory = world.inspections.load_factory(factory_id)
    assert factory.status is CertificationStatus.SUSPENDED
    assert factory.last_inspection_on == date(2026, 6, 1)


def test_the_certificate_validity_is_a_setting(world):
    from domain.inspections.application import Inspections
    from tests.domain.conftest import IN_MEMORY

    inspections = Inspections(
        {**IN_MEMORY, "CERTIFICATE_VALIDITY_MONTHS": "6"}, accounts=world.accounts
    )
    factory_id = inspections.register_factory(factory_details(), by=world.admin)
    visit = inspections.schedule_inspection(
        factory_id, world.inspector.id, DAY, True, by=world.admin
    )
    inspections.start_inspection(visit, by=world.inspector)
    inspections.complete_inspection(visit, DAY, by=world.inspector)
    assert inspections.load_factory(factory_id).valid_until == date(2026, 9, 10)


def test_a_completed_visit_takes_no_new_findings(world):
    visit = world.inspect(world.factory(), DAY)
    with pytest.raises(InspectionCompleted):
        world.inspections.record_finding(visit, "WB-05", Severity.MINOR, "", 0, by=world.inspector)
    assert len(world.inspections.load_inspection(visit).findings) == 0


def test_only_the_assigned_inspector_or_an_admin_acts_on_a_visit(world):
    other = world.open(
        "Other inspector", Role.INSPECTOR, "Punjab Labour Department", jurisdiction=PUNJAB
    )
    visit = world.visit(world.factory())
    missing = uuid4()
    # Another's visit reads word for word as a missing one, whatever else is wrong in the
    # command (an indicator no checklist has): nothing tells that the visit exists.
    for command in (
        lambda v: world.inspections.record_finding(v, "ZZ-99", Severity.MINOR, "", 0, by=other),
        lambda v: world.inspections.record_good_practice(v, "ZZ", "x", by=other),
        lambda v: world.inspections.complete_inspection(v, DAY, by=other),
        lambda v: world.inspections.start_inspection(v, by=other),
    ):
        with pytest.raises(NotFound) as theirs:
            command(visit)
        with pytest.raises(NotFound) as nothing:
            command(missing)
        assert theirs.value.code == nothing.value.code == "inspection_not_found"
        assert theirs.value.message.replace(str(visit), "?") == nothing.value.message.replace(
            str(missing), "?"
        )
    world.inspections.record_finding(visit, "WB-05", Severity.MINOR, "", 0, by=world.admin)
    assert world.inspections.load_inspection(visit).outcome is None


def test_a_visit_can_only_be_assigned_to_an_inspector(world):
    with pytest.raises(DomainError) as refused:
        world.inspections.schedule_inspection(
            world.factory(), world.exporter.id, DAY, True, by=world.admin
        )
    assert refused.value.code == "not_an_inspector"


def test_a_visit_to_an_unknown_factory_is_refused_as_not_found(world):
    from uuid import uuid4

    with pytest.raises(NotFound) as refused:
        world.inspections.schedule_inspection(
            uuid4(), world.inspector.id, DAY, True, by=world.admin
        )
    assert refused.value.code == "factory_not_found"


def test_a_factory_must_be_in_a_province_of_pakistan(world):
    with pytest.raises(DomainError) as refused:
        world.inspections.register_factory(
            factory_details(province="Bavaria", district="Munich"), by=world.admin
        )
    assert refused.value.code == "unknown_province"


def test_negative_workers_affected_are_refused(world):
    visit = world.visit(world.factory())
    with pytest.raises(DomainError) as refused:
        world.inspections.record_finding(visit, "WB-05", Severity.MINOR, "", -1, by=world.inspector)
    assert refused.value.code == "invalid_workers_affected"


def test_every_event_names_its_actor(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY, [("WB-05", Severity.MINOR)])
    events = world.inspections.recorder.select_notifications(start=1, limit=1000)
    decoded = [world.inspections.mapper.to_domain_event(n) for n in events]
    assert decoded
    assert all(event.by.role in (Role.ADMIN, Role.INSPECTOR) for event in decoded)
    assert isinstance(world.inspections.repository.get(factory_id), Factory)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 15), 12, date(2027, 11, 15)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_months_are_added_by_the_calendar(day, months, expected):
    assert add_months(day, months) == expected


def test_a_visit_records_the_checklist_version_it_uses(world):
    visit = world.inspect(world.factory(), DAY)
    assert world.inspections.load_inspection(visit).catalogue_version == current_version()


def test_a_finding_must_name_an_indicator_of_the_checklist_and_nothing_else_is_recorded(world):
    visit = world.visit(world.factory())
    before = world.inspections.load_inspection(visit).version
    with pytest.raises(UnknownIndicator) as refused:
        world.inspections.record_finding(visit, "XX-99", None, "", 0, by=world.inspector)
    assert refused.value.code == "unknown_indicator"
    assert "XX-99" in refused.value.message
    assert world.inspections.load_inspection(visit).version == before


def test_a_finding_takes_its_indicators_severity_unless_graded_otherwise(world):
    visit = world.visit(world.factory())
    defaulted = world.inspections.record_finding(visit, "WT-03", None, "", 0, by=world.inspector)
    graded = world.inspections.record_finding(
        visit, "WT-03", Severity.MINOR, "", 0, by=world.inspector
    )
    findings = world.inspections.load_inspection(visit).findings
    assert findings[defaulted].severity is Severity.MAJOR
    assert findings[graded].severity is Severity.MINOR


@pytest.mark.parametrize("severity", [Severity.MAJOR, Severity.MINOR])
def test_a_zero_tolerance_finding_graded_below_critical_is_refused_and_records_nothing(
    world, severity
):
    visit = world.visit(world.factory())
    before = world.inspections.load_inspection(visit).version
    with pytest.raises(ZeroToleranceIsCritical) as refused:
        world.inspections.record_finding(visit, "FL-09", severity, "", 3, by=world.inspector)
    assert refused.value.code == "zero_tolerance_is_critical"
    assert refused.value.message == (
        "FL-09 (Debt bondage (peshgi or other advances tying workers)) is a zero-tolerance "
        "indicator: a finding on it is always critical."
    )
    assert world.inspections.load_inspection(visit).version == before


def test_a_zero_tolerance_finding_is_critical_whatever_the_catalogue_says(world):
    visit = world.inspections.load_inspection(world.visit(world.factory()))
    misprinted = replace(catalogue(current_version()).indicator("CL-01"), severity=Severity.MAJOR)
    finding = visit.record_finding(misprinted, None, "", 1, (), by=world.inspector)
    assert visit.findings[finding].severity is Severity.CRITICAL


def test_a_zero_tolerance_finding_suspends_the_factory(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    visit = world.inspect(factory_id, date(2026, 6, 1), [("FL-09", None)])
    assert world.inspections.load_inspection(visit).outcome is Outcome.FAIL
    assert world.inspections.load_factory(factory_id).status is CertificationStatus.SUSPENDED
    [suspended] = [
        e for e in world.inspections.events.get(factory_id) if isinstance(e, Factory.Suspended)
    ]
    assert "zero-tolerance" in suspended.reason


def test_a_critical_finding_that_is_not_zero_tolerance_suspends_with_its_own_reason(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY, [("OSH-01", None)])
    [suspended] = [
        e for e in world.inspections.events.get(factory_id) if isinstance(e, Factory.Suspended)
    ]
    assert suspended.reason == "The inspection found a critical non-compliance."
