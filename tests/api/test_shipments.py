"""Shipments over HTTP, on both backends."""

from tests.api.scenario import Scenario, bearer, expect

KARACHI_TO_HAMBURG = {
    "port_of_loading": "PKKHI",
    "port_of_destination": "DEHAM",
    "planned_departure": "2026-11-30",
    "mode": "sea",
    "containers": ["CSQU3054383"],
}


def test_a_lot_is_shipped_from_karachi_to_hamburg(client, nishan):
    scenario = Scenario.start(client, nishan)
    exporter = bearer(scenario.exporter)
    lot = scenario.create_lot()
    shipment = expect(client.post("/shipments", headers=exporter, json=KARACHI_TO_HAMBURG), 201)[
        "shipment_id"
    ]
    assert (
        client.post(
            f"/shipments/{shipment}/lots", headers=exporter, json={"lot_id": lot}
        ).status_code
        == 204
    )
    assert client.post(f"/shipments/{shipment}/depart", headers=exporter).status_code == 204
    again = client.post(f"/shipments/{shipment}/cancel", headers=exporter, json={"reason": "x"})
    assert (again.status_code, again.json()["code"]) == (422, "shipment_departed")
    assert client.post(f"/shipments/{shipment}/arrive", headers=exporter).status_code == 204
    # Another exporter cannot see it, and a wrong container number is refused.
    hidden = client.post(f"/shipments/{shipment}/arrive", headers=bearer(scenario.rival_exporter))
    assert hidden.status_code == 404
    wrong = client.post(
        "/shipments", headers=exporter, json={**KARACHI_TO_HAMBURG, "containers": ["CSQU3054384"]}
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "invalid_container_number")
