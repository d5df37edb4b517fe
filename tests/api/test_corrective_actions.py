"""Corrective actions over HTTP and the overdue list, on both backends."""

from datetime import date

from domain.clock import today_in_pakistan
from tests.api.scenario import Scenario, bearer, expect


def test_overdue_actions_are_listed_until_closed(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    visit = scenario.schedule_visit(factory_id)  # planned on 2026-11-20
    finding = expect(scenario.record_finding(visit, indicator="WB-02"), 201)["finding_id"]
    response = client.post(
        f"/inspections/{visit}/findings/{finding}/corrective-actions",
        headers=bearer(scenario.inspector),
        json={
            "description": "Pay wages by the 7th",
            "owner": "Accounts manager",
            "deadline": "2026-11-21",
            "verification": "desk_review",
        },
    )
    action = expect(response, 201)["action_id"]
    scenario.complete(visit)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    overdue = client.get("/corrective-actions/overdue", headers=bearer(scenario.admin))
    [listed] = overdue.json()
    assert listed["action_id"] == action
    assert listed["factory_id"] == factory_id and listed["indicator"] == "WB-02"
    assert listed["factory_name"] == "Korangi Leather Works"
    assert listed["days_overdue"] == (today_in_pakistan() - date(2026, 11, 21)).days
    assert (
        client.get("/corrective-actions/overdue", headers=bearer(scenario.exporter)).status_code
        == 403
    )

    closed = client.post(
        f"/inspections/{visit}/corrective-actions/{action}/review",
        headers=bearer(scenario.admin),
        json={"status": "closed", "note": "Bank statements seen"},
    )
    assert closed.status_code == 204
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    assert client.get("/corrective-actions/overdue", headers=bearer(scenario.admin)).json() == []


def test_sign_off_without_actions_is_422(client, nishan):
    scenario = Scenario.start(client, nishan)
    visit = scenario.schedule_visit(scenario.register_factory())
    expect(scenario.record_finding(visit, indicator="WT-02"), 201)
    response = client.post(f"/inspections/{visit}/complete", headers=bearer(scenario.inspector))
    assert response.status_code == 422
    assert response.json()["code"] == "corrective_actions_missing"


def test_actions_voided_by_a_withdrawn_finding_or_a_cancelled_visit_leave_the_overdue_list(
    client, nishan
):
    scenario = Scenario.start(client, nishan)
    inspector = bearer(scenario.inspector)
    for ending in ("withdraw", "cancel"):
        visit = scenario.schedule_visit(scenario.register_factory())
        finding = expect(scenario.record_finding(visit, indicator="WT-02"), 201)["finding_id"]
        scenario.plan_action(visit, finding, deadline="2026-11-21")
        if ending == "withdraw":
            path, body = f"/inspections/{visit}/findings/{finding}/withdraw", {"reason": "Error"}
        else:
            path, body = f"/inspections/{visit}/cancel", {"reason": "Visit aborted"}
        assert client.post(path, headers=inspector, json=body).status_code == 204
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    with nishan.views.reading() as cursor:
        left = cursor.execute("SELECT COUNT(*) AS n FROM corrective_actions").fetchone()["n"]
    assert left == 0


def test_an_inspector_sees_only_the_overdue_actions_of_their_jurisdiction(client, nishan):
    scenario = Scenario.start(client, nishan)  # its inspector covers Sindh
    visit = scenario.schedule_visit(scenario.register_factory())
    finding = expect(scenario.record_finding(visit, indicator="WT-02"), 201)["finding_id"]
    scenario.plan_action(visit, finding, deadline="2026-11-21")
    scenario.complete(visit)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    punjab = expect(
        client.post(
            "/accounts",
            headers=bearer(scenario.admin),
            json={
                "name": "Asif",
                "role": "inspector",
                "organisation": "Punjab Labour Department",
                "jurisdiction": {"province": "Punjab"},
            },
        ),
        201,
    )["token"]
    assert (
        len(client.get("/corrective-actions/overdue", headers=bearer(scenario.inspector)).json())
        == 1
    )
    assert client.get("/corrective-actions/overdue", headers=bearer(punjab)).json() == []
