"""Inspectors' accounts over HTTP: jurisdiction, deactivation."""

from tests.api.scenario import Scenario, bearer


def test_a_visit_outside_the_inspectors_jurisdiction_is_422_and_writes_nothing(client, nishan):
    scenario = Scenario.start(client, nishan, province="Sindh")
    factory_id = scenario.register_factory(province="Punjab", district="Lahore")
    head = nishan.inspections.recorder.max_notification_id()
    response = client.post(
        "/inspections",
        headers=bearer(scenario.admin),
        json={
            "factory_id": factory_id,
            "inspector_id": scenario.inspector_id,
            "planned_on": "2026-11-25",
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "not_in_jurisdiction"
    assert nishan.inspections.recorder.max_notification_id() == head


def test_an_inspector_account_needs_a_jurisdiction(client, nishan):
    scenario = Scenario.start(client, nishan)
    response = client.post(
        "/accounts",
        headers=bearer(scenario.admin),
        json={"name": "Nadia", "role": "inspector", "organisation": "Sindh Labour Department"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "jurisdiction_required"


def test_a_deactivated_account_can_no_longer_act(client, nishan):
    scenario = Scenario.start(client, nishan)
    assert client.get("/accounts/me", headers=bearer(scenario.inspector)).status_code == 200
    refused = client.post(
        f"/accounts/{scenario.inspector_id}/deactivate",
        headers=bearer(scenario.exporter),
        json={"reason": "x"},
    )
    assert refused.status_code == 403
    done = client.post(
        f"/accounts/{scenario.inspector_id}/deactivate",
        headers=bearer(scenario.admin),
        json={"reason": "Transferred to the Hyderabad office"},
    )
    assert done.status_code == 204
    response = client.get("/accounts/me", headers=bearer(scenario.inspector))
    assert response.status_code == 401
    assert response.json()["code"] == "account_deactivated"
