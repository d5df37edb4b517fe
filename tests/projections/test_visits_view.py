"""The visits view: each visit's inspector, day, state and factory's place, kept on both
backends, following a factory that moves and a visit reassigned, and the same when rebuilt."""

from dataclasses import replace
from datetime import date

import pytest

from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role
from projections.visits import find_open_visits_outside
from tests.samples import People, factory_details

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def test_open_visits_outside_a_jurisdiction_follow_the_visits_and_their_factories(nishan):
    people = People(nishan)
    inspections, admin, inspector = nishan.inspections, people.admin, people.inspector_id
    sialkot = inspections.register_factory(factory_details(district="Sialkot"), by=admin)
    lahore = inspections.register_factory(factory_details(district="Lahore"), by=admin)
    scheduled = inspections.schedule_inspection(sialkot, inspector, date(2026, 5, 2), True, admin)
    started = people.visit(lahore, date(2026, 5, 1))
    inspections.cancel_inspection(
        people.visit(sialkot, date(2026, 4, 2)), "Factory closed", by=admin
    )
    nishan.updater.catch_up()

    def outside(jurisdiction):
        return [
            (v.inspection_id, v.district, v.state)
            for v in find_open_visits_outside(nishan.views, inspector, jurisdiction)
        ]

    assert outside(Jurisdiction("Punjab", ("Sialkot", "Lahore"))) == []
    assert outside(Jurisdiction("Punjab", ("lahore",))) == [
        (str(scheduled), "Sialkot", "scheduled")
    ]
    # The Sialkot factory turns out to be in Lahore: its visits move with it.
    inspections.update_factory_details(
        sialkot, lambda details: replace(details, district="Lahore"), by=admin
    )
    nishan.updater.catch_up()
    assert outside(Jurisdiction("Punjab", ("Lahore",))) == []
    every_open = outside(None)  # soonest first; the cancelled visit is not open
    assert every_open == [
        (str(started), "Lahore", "started"),
        (str(scheduled), "Lahore", "scheduled"),
    ]
    nishan.updater.rebuild("visits")
    assert outside(None) == every_open

    # Reassigned, the scheduled visit is the colleague's.
    colleague = nishan.accounts.open_account(
        "Nadia", Role.INSPECTOR, "Punjab", by=admin, jurisdiction=Jurisdiction("Punjab")
    ).account_id
    inspections.reassign_inspection(scheduled, colleague, by=admin)
    nishan.updater.catch_up()
    assert outside(None) == every_open[:1]
    [theirs] = find_open_visits_outside(nishan.views, colleague, None)
    assert theirs.inspection_id == str(scheduled)
