from datetime import date

import pytest

from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role
from domain.errors import DomainError, NotFound
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.inspections.factory_details import Workforce
from domain.inspections.severity import Severity

DAY = date(2026, 11, 20)


def assign(world, inspector, factory_id):
    return world.inspections.schedule_inspection(
        factory_id, inspector.id, DAY, True, by=world.admin
    )


def test_an_inspector_needs_a_jurisdiction_and_only_inspectors_have_one(world):
    with pytest.raises(DomainError) as refused:
        world.open("Bilal", Role.INSPECTOR, "Punjab Labour Department")
    assert refused.value.code == "jurisdiction_required"
    with pytest.raises(DomainError) as refused:
        world.open("Ayesha", Role.ADMIN, "NCC", jurisdiction=Jurisdiction("Punjab"))
    assert refused.value.code == "jurisdiction_not_applicable"


def test_an_inspector_is_assigned_only_within_their_jurisdiction(world):
    sialkot = world.factory(province="Punjab", district="Sialkot")
    lahore = world.factory(province="Punjab", district="Lahore")
    karachi = world.factory(province="Sindh", district="Karachi")
    whole_punjab = world.open("A", Role.INSPECTOR, "Punjab", jurisdiction=Jurisdiction("Punjab"))
    only_sialkot = world.open(
        "B", Role.INSPECTOR, "Punjab", jurisdiction=Jurisdiction("Punjab", ("Sialkot",))
    )
    assert assign(world, whole_punjab, sialkot) and assign(world, whole_punjab, lahore)
    assert assign(world, only_sialkot, sialkot)
    for inspector, factory_id in ((only_sialkot, lahore), (whole_punjab, karachi)):
        with pytest.raises(DomainError) as refused:
            assign(world, inspector, factory_id)
        assert refused.value.code == "not_in_jurisdiction"
    assert "Karachi, Sindh" in refused.value.message


def test_a_deactivated_inspector_cannot_be_assigned_and_keeps_their_history(world):
    factory_id = world.factory()
    visit = assign(world, world.inspector, factory_id)
    world.accounts.deactivate_account(world.inspector.id, "Transferred", by=world.admin)
    with pytest.raises(DomainError) as refused:
        assign(world, world.inspector, factory_id)
    assert refused.value.code == "inspector_deactivated"
    assert world.inspections.load_inspection(visit).inspector_id == world.inspector.id
    assert not world.accounts.load_account(world.inspector.id).active
    with pytest.raises(DomainError) as again:
        world.accounts.deactivate_account(world.inspector.id, "Twice", by=world.admin)
    assert again.value.code == "account_deactivated"


def test_a_jurisdiction_must_be_a_province_of_pakistan(world):
    with pytest.raises(DomainError) as refused:
        world.open("C", Role.INSPECTOR, "x", jurisdiction=Jurisdiction("Bavaria"))
    assert refused.value.code == "unknown_province"


def test_an_inspector_moved_elsewhere_no_longer_acts_on_visits_assigned_before(world):
    sialkot = world.factory(province="Punjab", district="Sialkot")
    scheduled = assign(world, world.inspector, sialkot)
    started = world.visit(sialkot)
    finding = world.inspections.record_finding(started, "WT-02", None, "", 0, by=world.inspector)
    world.accounts.grant_role(
        world.inspector.id, Role.INSPECTOR, Jurisdiction("Sindh"), by=world.admin
    )
    for command in (
        lambda: world.inspections.start_inspection(scheduled, by=world.inspector),
        lambda: world.inspections.record_finding(started, "WB-05", None, "", 0, world.inspector),
        lambda: world.inspections.record_interviews(started, Workforce(1, 1), world.inspector),
        lambda: world.inspections.regrade_finding(
            started, finding, Severity.MINOR, "x", by=world.inspector
        ),
        lambda: world.plan_action(started, finding, date(2026, 12, 31)),
        lambda: world.inspections.complete_inspection(started, DAY, by=world.inspector),
        lambda: world.inspections.cancel_inspection(scheduled, "x", by=world.inspector),
    ):
        with pytest.raises(NotFound) as refused:
            command()
        assert refused.value.code == "inspection_not_found"
    # Administrators are unaffected.
    world.inspections.start_inspection(scheduled, by=world.admin)


def test_an_inspector_moved_to_other_districts_no_longer_reviews_actions_there(world):
    sialkot = world.factory(province="Punjab", district="Sialkot")
    visit = world.visit(sialkot)
    finding = world.inspections.record_finding(visit, "WT-02", None, "", 0, by=world.inspector)
    action = world.plan_action(visit, finding, date(2026, 12, 31), Verification.DESK_REVIEW)
    world.inspections.complete_inspection(visit, DAY, by=world.inspector)
    world.accounts.grant_role(
        world.inspector.id, Role.INSPECTOR, Jurisdiction("Punjab", ("Lahore",)), by=world.admin
    )
    with pytest.raises(NotFound):
        world.inspections.review_corrective_action(
            visit, action, ActionStatus.CLOSED, "Payslips seen", on=DAY, by=world.inspector
        )


def test_a_visit_left_by_a_moved_inspector_is_reassigned_with_what_it_recorded(world):
    sialkot = world.factory(province="Punjab", district="Sialkot")
    visit = world.visit(sialkot)
    finding = world.inspections.record_finding(visit, "WT-02", None, "", 0, by=world.inspector)
    world.accounts.grant_role(
        world.inspector.id, Role.INSPECTOR, Jurisdiction("Sindh"), by=world.admin
    )
    sindh = world.open("D", Role.INSPECTOR, "Sindh", jurisdiction=Jurisdiction("Sindh"))
    with pytest.raises(DomainError) as refused:
        world.inspections.reassign_inspection(visit, sindh.id, by=world.admin)
    assert refused.value.code == "not_in_jurisdiction"
    colleague = world.open("E", Role.INSPECTOR, "Punjab", jurisdiction=Jurisdiction("Punjab"))
    world.inspections.reassign_inspection(visit, colleague.id, by=world.admin)
    with pytest.raises(DomainError) as again:
        world.inspections.reassign_inspection(visit, colleague.id, by=world.admin)
    assert again.value.code == "inspector_unchanged"
    world.inspections.plan_corrective_action(
        visit,
        finding,
        "Cap overtime",
        "HR manager",
        date(2026, 12, 31),
        Verification.FOLLOW_UP_VISIT,
        by=colleague,
    )
    world.inspections.complete_inspection(visit, DAY, by=colleague)
    whole_punjab = world.open("F", Role.INSPECTOR, "Punjab", jurisdiction=Jurisdiction("Punjab"))
    with pytest.raises(DomainError) as closed:
        world.inspections.reassign_inspection(visit, whole_punjab.id, by=world.admin)
    assert closed.value.code == "inspection_completed"
