"""The factory registry over HTTP, on both backends."""

from uuid import UUID, uuid4

import pytest

from tests.api.scenario import Scenario, bearer
from tests.samples import factory_body


def test_a_second_registration_is_409_with_the_existing_factorys_id(client, nishan):
    scenario = Scenario.start(client, nishan)
    body = factory_body()
    first = scenario.register_factory(ntn=body["ntn"], address=body["address"])
    again = client.post("/factories", headers=bearer(scenario.admin), json={**body, "name": "X"})
    assert again.status_code == 409
    assert again.json()["code"] == "factory_already_registered"
    assert again.json()["existing_id"] == first


def test_details_are_updated_and_the_public_status_follows(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    changed = client.patch(
        f"/factories/{factory_id}",
        headers=bearer(scenario.admin),
        json={"name": "Korangi Leather Works, Unit 2", "workforce": {"women": 60, "men": 150}},
    )
    assert changed.status_code == 200
    assert changed.json() == {"factory_id": factory_id, "changed": True}
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    public = client.get(f"/factories/{factory_id}").json()
    assert public["name"] == "Korangi Leather Works, Unit 2"
    # The public status names the factory and its place, not its tax number or street address.
    assert "ntn" not in public and "address" not in public and "location" not in public


def test_an_empty_update_unknown_factory_or_wrong_role_is_refused(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    admin = bearer(scenario.admin)
    empty = client.patch(f"/factories/{factory_id}", headers=admin, json={})
    assert (empty.status_code, empty.json()["code"]) == (422, "nothing_to_update")
    missing = client.patch(f"/factories/{uuid4()}", headers=admin, json={"name": "X"})
    assert (missing.status_code, missing.json()["code"]) == (404, "factory_not_found")
    inspector = client.patch(
        f"/factories/{factory_id}", headers=bearer(scenario.inspector), json={"name": "X"}
    )
    assert inspector.status_code == 403


@pytest.mark.parametrize("detail", ["name", "ntn", "province", "goods", "workforce"])
def test_a_detail_every_factory_has_cannot_be_updated_to_null(client, nishan, detail):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory(name="Korangi Leather Works")
    admin = bearer(scenario.admin)
    response = client.patch(f"/factories/{factory_id}", headers=admin, json={detail: None})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["fields"][0]["field"] == detail
    assert "cannot be removed" in response.json()["message"]
    # Nothing was recorded: the factory is as it was registered.
    factory = nishan.inspections.load_factory(UUID(factory_id))
    assert (factory.version, factory.details.name) == (1, "Korangi Leather Works")


def test_a_location_can_be_updated_to_null_as_no_longer_known(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory(location={"latitude": "24.85", "longitude": "67.0"})
    admin = bearer(scenario.admin)
    response = client.patch(f"/factories/{factory_id}", headers=admin, json={"location": None})
    assert response.json() == {"factory_id": factory_id, "changed": True}
    assert nishan.inspections.load_factory(UUID(factory_id)).details.location is None


def test_goods_must_be_hs_chapters_or_headings(client, nishan):
    scenario = Scenario.start(client, nishan)
    response = client.post(
        "/factories", headers=bearer(scenario.admin), json=factory_body(goods=["95066"])
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "goods.0"


def test_the_certification_on_a_past_day_is_answered(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory_id))
    admin = bearer(scenario.admin)
    past = client.get(f"/factories/{factory_id}/certification?on=2020-01-01", headers=admin)
    assert past.json()["status"] == "not_certified"
    now = client.get(f"/factories/{factory_id}/certification", headers=admin).json()
    assert now["status"] == "certified" and now["certificate_id"]
    assert client.get(f"/factories/{factory_id}/certification").status_code == 401
