"""Grievances over HTTP: open ones count in the factory's public record, their summary never."""

from uuid import uuid4

from tests.api.scenario import Scenario, bearer, expect

SUMMARY = "Supervisor Tariq withholds the wages of the night shift"


def test_open_grievances_count_in_the_public_record_until_resolved(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    inspector = bearer(scenario.inspector)
    grievance = expect(
        client.post(
            "/grievances",
            headers=inspector,
            json={
                "factory_id": factory_id,
                "channel": "worker_committee",
                "category": "WB",
                "summary": SUMMARY,
            },
        ),
        201,
    )["grievance_id"]

    def public():
        if not nishan.updates_views_inline:
            nishan.updater.catch_up()
        return client.get(f"/factories/{factory_id}")

    assert public().json()["figures"]["open_grievances"] == 1
    assert "Tariq" not in public().text
    for step in ("acknowledge", "investigate"):
        assert client.post(f"/grievances/{grievance}/{step}", headers=inspector).status_code == 204
    resolved = client.post(
        f"/grievances/{grievance}/resolve",
        headers=inspector,
        json={"resolution": "Wages paid; supervisor warned in writing"},
    )
    assert resolved.status_code == 204
    assert public().json()["figures"]["open_grievances"] == 0


def test_a_name_cannot_be_sent_with_a_grievance(client, nishan):
    scenario = Scenario.start(client, nishan)
    response = client.post(
        "/grievances",
        headers=bearer(scenario.inspector),
        json={
            "factory_id": scenario.register_factory(),
            "channel": "hotline",
            "category": "WB",
            "summary": "x",
            "complainant_name": "Someone",
        },
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "complainant_name"


def test_another_jurisdictions_records_answer_exactly_as_missing_ones(client, nishan):
    scenario = Scenario.start(client, nishan, province="Sindh")
    punjab_factory = scenario.register_factory(province="Punjab", district="Lahore")
    inspector = bearer(scenario.inspector)
    body = {"channel": "hotline", "category": "WB", "summary": "x"}
    elsewhere = client.post(
        "/grievances", headers=inspector, json={**body, "factory_id": punjab_factory}
    )
    missing_id = str(uuid4())
    missing = client.post("/grievances", headers=inspector, json={**body, "factory_id": missing_id})
    assert elsewhere.status_code == missing.status_code == 404
    assert elsewhere.json() == {
        **missing.json(),
        "message": missing.json()["message"].replace(missing_id, punjab_factory),
    }

    grievance = expect(
        client.post(
            "/grievances",
            headers=bearer(scenario.admin),
            json={**body, "factory_id": punjab_factory},
        ),
        201,
    )
    hidden = client.post(f"/grievances/{grievance['grievance_id']}/acknowledge", headers=inspector)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "grievance_not_found"
