"""Every non-compliance gets a corrective action, verified at a follow-up visit or desk review."""

from datetime import date

import pytest

from domain.errors import DomainError, NotFound
from domain.inspections.corrective_action import ActionStatus, Verification
from tests.domain.test_inspections import DAY

DEADLINE = date(2026, 5, 1)


def visit_with_finding(world, indicator: str = "WT-02"):
    factory_id = world.factory()
    visit = world.visit(factory_id, DAY)
    finding = world.inspections.record_finding(visit, indicator, None, "", 4, by=world.inspector)
    return factory_id, visit, finding


def follow_up(world, factory_id, visit, started: bool = True):
    return world.follow_up(factory_id, of=visit, on=date(2026, 5, 2), started=started)


def test_a_visit_with_a_non_compliance_is_signed_off_only_with_an_action(world):
    _, visit, finding = visit_with_finding(world)
    with pytest.raises(DomainError) as refused:
        world.inspections.complete_inspection(visit, DAY, by=world.inspector)
    assert refused.value.code == "corrective_actions_missing"
    assert "WT-02" in refused.value.message
    world.plan_action(visit, finding, DEADLINE)
    world.inspections.complete_inspection(visit, DAY, by=world.inspector)


def test_a_withdrawn_finding_needs_no_action(world):
    _, visit, finding = visit_with_finding(world)
    world.inspections.withdraw_finding(visit, finding, "Recorded twice", on=DAY, by=world.inspector)
    world.inspections.complete_inspection(visit, DAY, by=world.inspector)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"description": " "}, "description_required"),
        ({"owner": ""}, "owner_required"),
        ({"deadline": DAY}, "invalid_deadline"),
    ],
)
def test_an_action_needs_a_description_an_owner_and_a_later_deadline(world, change, code):
    _, visit, finding = visit_with_finding(world)
    plan = {
        "description": "Cap overtime",
        "owner": "Production manager",
        "deadline": DEADLINE,
        "verification": Verification.DESK_REVIEW,
        **change,
    }
    with pytest.raises(DomainError) as refused:
        world.inspections.plan_corrective_action(visit, finding, by=world.inspector, **plan)
    assert refused.value.code == code


def test_an_action_for_an_unknown_finding_is_not_found(world):
    _, visit, _ = visit_with_finding(world)
    from uuid import uuid4

    with pytest.raises(NotFound) as missing:
        world.plan_action(visit, uuid4(), DEADLINE)
    assert missing.value.code == "finding_not_found"


def test_a_follow_up_visit_marks_actions_progressing_then_closed(world):
    factory_id, visit, finding = visit_with_finding(world)
    action = world.plan_action(visit, finding, DEADLINE)
    world.inspections.complete_inspection(visit, DAY, by=world.inspector)
    follow = follow_up(world, factory_id, visit)
    for status in (ActionStatus.PROGRESSING, ActionStatus.CLOSED):
        world.inspections.review_corrective_action(
            visit,
            action,
            status,
            "Checked the rota",
            on=date(2026, 5, 2),
            by=world.inspector,
            follow_up_id=follow,
        )
        assert world.inspections.load_inspection(visit).actions[action].status is status
    with pytest.raises(DomainError) as closed:
        world.inspections.review_corrective_action(
            visit,
            action,
            ActionStatus.OPEN,
            "",
            on=date(2026, 5, 2),
            by=world.inspector,
            follow_up_id=follow,
        )
    assert closed.value.code == "action_closed"


def test_an_action_verified_at_a_visit_is_not_closed_by_desk_review(world):
    _, visit, finding = visit_with_finding(world)
    at_visit = world.plan_action(visit, finding, DEADLINE)
    on_paper = world.plan_action(visit, finding, DEADLINE, Verification.DESK_REVIEW)
    with pytest.raises(DomainError) as too_soon:
        world.inspections.review_corrective_action(
            visit, on_paper, ActionStatus.CLOSED, "", on=DAY, by=world.admin
        )
    assert too_soon.value.code == "visit_not_completed"
    world.inspections.complete_inspection(visit, DAY, by=world.inspector)
    with pytest.raises(DomainError) as refused:
        world.inspections.review_corrective_action(
            visit, at_visit, ActionStatus.CLOSED, "", on=date(2026, 5, 2), by=world.admin
        )
    assert refused.value.code == "follow_up_visit_required"
    world.inspections.review_corrective_action(
        visit,
        on_paper,
        ActionStatus.CLOSED,
        "Payslips received",
        on=date(2026, 5, 2),
        by=world.admin,
    )
    assert world.inspections.load_inspection(visit).actions[on_paper].status is (
        ActionStatus.CLOSED
    )


def test_a_follow_up_follows_a_completed_visit_of_the_same_factory_and_must_have_started(world):
    factory_id, visit, finding = visit_with_finding(world)
    action = world.plan_action(visit, finding, DEADLINE)
    with pytest.raises(DomainError) as too_early:
        follow_up(world, factory_id, visit)
    assert too_early.value.code == "invalid_follow_up"
    world.inspections.complete_inspection(visit, DAY, by=world.inspector)
    with pytest.raises(DomainError) as elsewhere:
        follow_up(world, world.factory(), visit)
    assert elsewhere.value.code == "invalid_follow_up"
    not_started = follow_up(world, factory_id, visit, started=False)
    with pytest.raises(DomainError) as refused:
        world.inspections.review_corrective_action(
            visit,
            action,
            ActionStatus.CLOSED,
            "",
            on=date(2026, 5, 2),
            by=world.inspector,
            follow_up_id=not_started,
        )
    assert refused.value.code == "not_a_follow_up"


def test_an_action_is_overdue_after_its_deadline_until_closed(world):
    _, visit, finding = visit_with_finding(world)
    action_id = world.plan_action(visit, finding, DEADLINE)
    action = world.inspections.load_inspection(visit).actions[action_id]
    assert not action.overdue_on(DEADLINE)
    assert action.overdue_on(date(2026, 5, 2))


def test_remedying_a_critical_or_zero_tolerance_finding_needs_a_follow_up_visit(world):
    for indicator in ("OSH-01", "FL-07"):
        _, visit, finding = visit_with_finding(world, indicator)
        with pytest.raises(DomainError) as refused:
            world.plan_action(visit, finding, DEADLINE, Verification.DESK_REVIEW)
        assert refused.value.code == "follow_up_visit_required"


def test_withdrawing_a_finding_or_cancelling_the_visit_voids_its_actions(world):
    _, visit, finding = visit_with_finding(world)
    world.plan_action(visit, finding, DEADLINE)
    world.inspections.withdraw_finding(visit, finding, "Wrong factory", on=DAY, by=world.inspector)
    assert world.inspections.load_inspection(visit).actions == {}
    _, other, found = visit_with_finding(world)
    world.plan_action(other, found, DEADLINE)
    world.inspections.cancel_inspection(other, "Visit aborted: factory shut", by=world.admin)
    assert world.inspections.load_inspection(other).actions == {}
