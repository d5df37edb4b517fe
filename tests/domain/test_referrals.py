"""Zero-tolerance findings are referred at once to the body that acts on them."""

from datetime import date

import pytest

from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role
from domain.errors import DomainError, NotFound
from domain.inspections.grievance import GrievanceChannel
from domain.inspections.referral import ReferralBody, ReferralStatus, referral_id
from tests.domain.test_inspections import DAY


def finding(world, indicator: str, district: str = "Sialkot"):
    visit = world.visit(world.factory(district=district), DAY)
    found = world.inspections.record_finding(visit, indicator, None, "", 5, by=world.inspector)
    return visit, found


@pytest.mark.parametrize(
    ("indicator", "body", "named"),
    [
        (
            "FL-09",
            ReferralBody.DISTRICT_VIGILANCE_COMMITTEE,
            "District Vigilance Committee, Sialkot",
        ),
        ("FL-13", ReferralBody.FIA, "Federal Investigation Agency"),
        ("CL-01", ReferralBody.CHILD_LABOUR_UNIT, "child-labour unit, Sialkot"),
    ],
)
def test_a_zero_tolerance_finding_is_referred_to_the_right_body_at_once(
    world, indicator, body, named
):
    _, found = finding(world, indicator)
    referral = world.inspections.load_referral(referral_id(found))
    assert referral.body is body
    assert named in body.name_in(referral.district)
    assert referral.status is ReferralStatus.SENT
    assert referral.due_on == date(2026, 3, 17)  # a week to acknowledge


def test_other_findings_open_no_referral(world):
    _, found = finding(world, "WT-02")
    assert not world.inspections.exists(referral_id(found))


def test_a_referral_moves_from_sent_to_closed(world):
    _, found = finding(world, "FL-09")
    referral = referral_id(found)
    world.inspections.acknowledge_referral(referral, DAY, by=world.admin)
    with pytest.raises(DomainError) as twice:
        world.inspections.acknowledge_referral(referral, DAY, by=world.admin)
    assert twice.value.code == "referral_status"
    world.inspections.open_referral_case(referral, "DVC-SKT/2026/114", DAY, by=world.admin)
    world.inspections.close_referral(referral, "Eleven workers released", DAY, by=world.admin)
    assert world.inspections.load_referral(referral).status is ReferralStatus.CLOSED


def test_withdrawing_a_finding_closes_its_referral(world):
    visit, found = finding(world, "FL-09")
    world.inspections.withdraw_finding(visit, found, "Wrong factory", on=DAY, by=world.inspector)
    assert world.inspections.load_referral(referral_id(found)).status is ReferralStatus.CLOSED


def test_only_an_inspector_whose_jurisdiction_covers_the_factory_handles_its_referral(world):
    _, found = finding(world, "FL-09")
    sindh = world.open("Nadia", Role.INSPECTOR, "Sindh", jurisdiction=Jurisdiction("Sindh"))
    with pytest.raises(NotFound) as hidden:
        world.inspections.acknowledge_referral(referral_id(found), DAY, by=sindh)
    assert hidden.value.code == "referral_not_found"
    world.inspections.acknowledge_referral(referral_id(found), DAY, by=world.inspector)
    grievance = world.inspections.record_grievance(
        world.factory(), GrievanceChannel.HOTLINE, "WB", "Unpaid wages", DAY, by=world.admin
    )
    with pytest.raises(NotFound) as hidden:
        world.inspections.dismiss_grievance(grievance, "Not ours", DAY, by=sindh)
    assert hidden.value.code == "grievance_not_found"
