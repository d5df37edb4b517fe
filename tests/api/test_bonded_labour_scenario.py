"""A bonded-labour finding, from discovery to suspension, referral, follow-up and reinstatement,
walked over HTTP on both backends as inspectors and officers would."""

from uuid import UUID

import pytest

from domain.inspections.referral import referral_id
from tests.api.scenario import Scenario, bearer, expect

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def test_a_bonded_labour_case_from_discovery_to_reinstatement(client, nishan):
    def current():
        if not nishan.updates_views_inline:
            nishan.updater.catch_up()

    scenario = Scenario.start(client, nishan, province="Punjab")
    admin = bearer(scenario.admin)
    factory_id = scenario.register_factory(
        name="Kiln-side Brick and Tile Works", province="Punjab", district="Kasur"
    )

    # A first, clean visit certifies the factory.
    first = scenario.schedule_visit(factory_id)
    assert scenario.complete(first) == "pass"

    # An unannounced visit finds workers bound by advances (peshgi): debt bondage.
    visit = scenario.schedule_visit(factory_id)
    finding = expect(
        scenario.record_finding(
            visit,
            indicator="FL-09",
            workers_affected=11,
            observation="Advances of 80,000 rupees deducted for years",
        ),
        201,
    )["finding_id"]
    action = scenario.plan_action(visit, finding, deadline="2026-12-20")
    assert scenario.complete(visit) == "fail"
    current()
    suspended = client.get(f"/factories/{factory_id}").json()
    assert suspended["status"] == "suspended"
    assert suspended["figures"]["findings"] == [
        {
            "cluster": "FL",
            "cluster_title": "Forced and bonded labour",
            "severity": "critical",
            "found": 1,
            "still_open": 1,
        }
    ]
    assert suspended["figures"]["referrals"] == suspended["figures"]["open_referrals"] == 1
    assert set(suspended["figures"]["flags"]) == {"critical_findings_open", "referrals_open"}

    # The referral went to the District Vigilance Committee of Kasur at once, due within a week.
    referral = referral_id(UUID(finding))
    sent = nishan.inspections.load_referral(referral)
    assert sent.body.name_in(sent.district) == "District Vigilance Committee, Kasur"
    overdue = client.get("/referrals/overdue", headers=admin).json()
    assert str(referral) not in [r["referral_id"] for r in overdue]
    assert client.post(f"/referrals/{referral}/acknowledge", headers=admin).status_code == 204
    case = client.post(
        f"/referrals/{referral}/case", headers=admin, json={"case_reference": "DVC-KSR/2026/031"}
    )
    assert case.status_code == 204

    # An ordinary visit does not lift the suspension...
    ordinary = scenario.schedule_visit(factory_id)
    assert scenario.complete(ordinary) == "pass"
    current()
    assert client.get(f"/factories/{factory_id}").json()["status"] == "suspended"

    # ...a follow-up that finds the advances written off and closes the action does.
    follow_up = scenario.schedule_visit(factory_id, follow_up_of=visit, planned_on="2026-11-21")
    closed = scenario.close_action(
        visit, action, follow_up, "Advances written off in writing; workers paid in cash"
    )
    assert closed.status_code == 204
    assert scenario.complete(follow_up) == "pass"
    done = client.post(
        f"/referrals/{referral}/close",
        headers=admin,
        json={"note": "Eleven workers released and rehabilitated"},
    )
    assert done.status_code == 204
    current()
    reinstated = client.get(f"/factories/{factory_id}").json()
    assert reinstated["status"] == "certified"
    assert reinstated["figures"]["findings"][0]["still_open"] == 0
    assert reinstated["figures"]["open_referrals"] == 0
    assert reinstated["figures"]["flags"] == []
