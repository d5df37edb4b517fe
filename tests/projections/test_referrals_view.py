"""The overdue-referral list, read from the referrals view on both backends."""

from datetime import date

import pytest

from domain.inspections.referral import referral_id
from projections.referrals import find_overdue_referrals
from tests.samples import People, factory_details

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def test_referrals_not_acknowledged_by_their_due_date_are_listed(nishan):
    people = People(nishan)
    admin = people.admin
    factory = nishan.inspections.register_factory(factory_details(district="Kasur"), by=admin)
    visit = people.visit(factory, date(2026, 1, 5))
    found = nishan.inspections.record_finding(
        visit, "FL-09", None, "", 11, by=admin, on=date(2026, 1, 5)
    )
    nishan.updater.catch_up()

    assert find_overdue_referrals(nishan.views, date(2026, 1, 12)) == []  # due that day
    [late] = find_overdue_referrals(nishan.views, date(2026, 1, 15))
    assert late["referral_id"] == str(referral_id(found))
    assert late["body_name"] == "District Vigilance Committee, Kasur"
    assert late["days_overdue"] == 3

    nishan.inspections.acknowledge_referral(referral_id(found), date(2026, 1, 15), by=admin)
    nishan.updater.catch_up()
    assert find_overdue_referrals(nishan.views, date(2026, 1, 15)) == []
