"""Exporting companies and their users over HTTP, on both backends."""

from tests.api.scenario import LOT, Scenario, bearer, expect
from tests.samples import ntn


def test_an_exporter_is_registered_once_and_its_users_share_its_lots(client, nishan):
    scenario = Scenario.start(client, nishan)
    admin = bearer(scenario.admin)
    body = {"name": "Kasur Tanners", "ntn": ntn(), "city": "Kasur"}
    exporter = expect(client.post("/exporters", headers=admin, json=body), 201)["exporter_id"]
    again = client.post("/exporters", headers=admin, json={**body, "name": "Kasur Tanners II"})
    assert (again.status_code, again.json()["existing_id"]) == (409, exporter)

    first, second = (
        expect(client.post(f"/exporters/{exporter}/users", headers=admin, json={"name": n}), 201)[
            "token"
        ]
        for n in ("Imran", "Hina")
    )
    lot = expect(
        client.post("/lots", headers=bearer(first), json={**LOT, "lot_number": "KT-1"}), 201
    )["lot_id"]
    repeat = client.post("/lots", headers=bearer(second), json={**LOT, "lot_number": "KT-1"})
    assert repeat.status_code == 409
    assert (repeat.json()["code"], repeat.json()["existing_id"]) == ("lot_number_taken", lot)
    # Another exporter may use the same number.
    other = client.post(
        "/lots", headers=bearer(scenario.exporter), json={**LOT, "lot_number": "KT-1"}
    )
    assert other.status_code == 201


def test_an_exporter_account_is_opened_through_its_exporter(client, nishan):
    scenario = Scenario.start(client, nishan)
    response = client.post(
        "/accounts",
        headers=bearer(scenario.admin),
        json={"name": "Sara", "role": "exporter", "organisation": "Chenab"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "exporter_required"
