"""Grievances: anonymous by construction, tracked until resolved or dismissed with a reason."""

from dataclasses import fields
from uuid import uuid4

import pytest

from domain.errors import DomainError, NotFound
from domain.inspections.grievance import Grievance, GrievanceChannel, GrievanceStatus
from tests.domain.test_inspections import DAY


def record(world, **overrides):
    values = {
        "channel": GrievanceChannel.HOTLINE,
        "category": "WB",
        "summary": "Wages for October unpaid",
        **overrides,
    }
    return world.inspections.record_grievance(
        overrides.pop("factory_id", None) or world.factory(),
        values["channel"],
        values["category"],
        values["summary"],
        DAY,
        by=world.admin,
    )


def test_a_grievance_has_no_field_for_the_complainants_name():
    names = {f.name for f in fields(Grievance.Recorded)}
    assert names >= {"factory_id", "channel", "category", "summary", "received_on", "by"}
    assert not names & {"name", "complainant", "cnic", "phone", "contact"}


def test_a_grievance_is_acknowledged_investigated_and_resolved(world):
    grievance = record(world)
    world.inspections.acknowledge_grievance(grievance, DAY, by=world.admin)
    world.inspections.investigate_grievance(grievance, DAY, by=world.inspector)
    world.inspections.resolve_grievance(
        grievance, "Arrears paid with proof", DAY, by=world.inspector
    )
    assert world.inspections.load_grievance(grievance).status is GrievanceStatus.RESOLVED


def test_a_grievance_is_resolved_only_after_investigation_and_dismissed_with_a_reason(world):
    grievance = record(world)
    with pytest.raises(DomainError) as early:
        world.inspections.resolve_grievance(grievance, "x", DAY, by=world.admin)
    assert early.value.code == "grievance_status"
    with pytest.raises(DomainError) as bare:
        world.inspections.dismiss_grievance(grievance, " ", DAY, by=world.admin)
    assert bare.value.code == "reason_required"
    world.inspections.dismiss_grievance(
        grievance, "Duplicate of an earlier call", DAY, by=world.admin
    )
    with pytest.raises(DomainError) as closed:
        world.inspections.acknowledge_grievance(grievance, DAY, by=world.admin)
    assert closed.value.code == "grievance_status"


@pytest.mark.parametrize(
    ("overrides", "error", "code"),
    [
        ({"summary": "  "}, DomainError, "summary_required"),
        ({"category": "ZZ"}, DomainError, "unknown_cluster"),
        ({"factory_id": uuid4()}, NotFound, "factory_not_found"),
    ],
)
def test_a_grievance_needs_a_known_factory_category_and_summary(world, overrides, error, code):
    with pytest.raises(error) as refused:
        record(world, **overrides)
    assert refused.value.code == code
