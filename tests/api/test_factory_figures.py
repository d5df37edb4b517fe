"""A factory's compliance figures on the lot page and on its public status: findings by
cluster and severity at signed-off visits, open and overdue corrective actions, grievances and
flags, on both backends."""

from datetime import date

import pytest

from domain.clock import today_in_pakistan
from tests.api.scenario import Scenario, bearer, expect

PAST_DEADLINE = "2026-11-21"  # after the visit's planned day, before today


@pytest.mark.both_backends
def test_figures_count_signed_off_findings_and_follow_their_actions(client, nishan):
    def current():
        if not nishan.updates_views_inline:
            nishan.updater.catch_up()

    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    assert scenario.complete(scenario.schedule_visit(factory_id)) == "pass"
    lot = scenario.create_lot()
    expect(scenario.attach(lot, factory_id, "stitching"), 201)
    visit = scenario.schedule_visit(factory_id)
    actions = {}
    for indicator, deadline in (("WB-02", PAST_DEADLINE), ("WT-02", "2027-01-31"),
                                ("CR-01", "2027-01-31")):  # fmt: skip
        finding = expect(scenario.record_finding(visit, indicator=indicator), 201)["finding_id"]
        actions[indicator] = scenario.plan_action(visit, finding, deadline=deadline)
    assert scenario.complete(visit) == "pass_with_corrective_actions"
    # What a visit still in progress found may yet be withdrawn: it does not count.
    draft = scenario.schedule_visit(factory_id)
    expect(scenario.record_finding(draft, indicator="OSH-01"), 201)
    grievance = {"factory_id": factory_id, "channel": "hotline", "category": "WT",
                 "summary": "Overtime unpaid"}  # fmt: skip
    expect(client.post("/grievances", headers=bearer(scenario.inspector), json=grievance), 201)
    current()

    overdue = int(today_in_pakistan() > date.fromisoformat(PAST_DEADLINE))
    [factory] = client.get(f"/lots/{lot}", headers={"Accept": "application/json"}).json()[
        "factories"
    ]
    figures = factory["figures"]
    assert [
        (f["cluster"], f["severity"], f["found"], f["still_open"]) for f in figures["findings"]
    ] == [
        ("CR", "minor", 1, 1),
        ("WB", "major", 1, 1),
        ("WT", "major", 1, 1),
    ]
    assert figures["findings"][1]["cluster_title"] == "Wages and benefits"
    assert figures["open_findings"] == figures["open_corrective_actions"] == 3
    assert figures["overdue_corrective_actions"] == overdue
    assert figures["open_grievances"] == 1
    assert figures["referrals"] == figures["open_referrals"] == 0
    assert set(figures["flags"]) == {"grievances_open"} | (
        {"actions_overdue"} if overdue else set()
    )
    assert client.get(f"/factories/{factory_id}").json()["figures"] == figures

    page = client.get(f"/lots/{lot}").text
    assert "Wages and benefits" in page and "Open worker grievances" in page
    if overdue:
        assert "Corrective actions are past their deadline." in page

    # The wages action is closed at a follow-up: its finding is no longer open.
    follow_up = scenario.schedule_visit(factory_id, follow_up_of=visit, planned_on="2026-11-21")
    closed = scenario.close_action(visit, actions["WB-02"], follow_up, "Wages paid on time")
    assert closed.status_code == 204
    assert scenario.complete(follow_up) == "pass"
    current()
    after = client.get(f"/factories/{factory_id}").json()["figures"]
    assert [(f["cluster"], f["still_open"]) for f in after["findings"]] == [
        ("CR", 1), ("WB", 0), ("WT", 1)
    ]  # fmt: skip
    assert after["open_findings"] == after["open_corrective_actions"] == 2
    assert after["overdue_corrective_actions"] == 0
    assert "actions_overdue" not in after["flags"]


def test_a_factory_with_nothing_on_record_shows_zeros_and_no_flags(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    figures = client.get(f"/factories/{factory_id}").json()["figures"]
    assert figures == {
        "findings": [],
        "open_findings": 0,
        "open_corrective_actions": 0,
        "overdue_corrective_actions": 0,
        "referrals": 0,
        "open_referrals": 0,
        "open_grievances": 0,
        "flags": [],
    }
