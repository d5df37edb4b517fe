"""What inspectors write privately never reaches the public lot page or its JSON."""

from tests.api.conftest import bearer, open_accounts
from tests.api.test_refusals import FACTORY, LOT

CANARIES = ["Rukhsana Bibi", "35202-1234567-1", "+92 300 1234567"]


def test_private_observations_never_appear_on_public_output(client, nishan):
    tokens = open_accounts(client, nishan)
    factory_id = client.post("/factories", headers=bearer(tokens.admin), json=FACTORY).json()[
        "factory_id"
    ]
    visit = client.post(
        "/inspections",
        headers=bearer(tokens.admin),
        json={
            "factory_id": factory_id,
            "inspector_id": tokens.inspector_id,
            "planned_on": "2026-11-20",
        },
    ).json()["inspection_id"]
    observation = f"Interviewed {CANARIES[0]}, CNIC {CANARIES[1]}, phone {CANARIES[2]}."
    recorded = client.post(
        f"/inspections/{visit}/findings",
        headers=bearer(tokens.inspector),
        json={
            "indicator": "WT-02",
            "severity": "major",
            "observation": observation,
            "workers_affected": 3,
        },
    )
    assert recorded.status_code == 201
    client.post(f"/inspections/{visit}/complete", headers=bearer(tokens.inspector))
    lot_id = client.post("/lots", headers=bearer(tokens.exporter), json=LOT).json()["lot_id"]
    made = client.post(
        f"/lots/{lot_id}/factories",
        headers=bearer(tokens.exporter),
        json={"factory_id": factory_id, "stage": "tanning"},
    )
    assert made.status_code == 201
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    # The observation is in the log, where inspectors need it...
    stored = nishan.inspections.recorder.select_notifications(start=1, limit=1000)
    assert any(CANARIES[1].encode() in n.state for n in stored)
    # ...and nowhere in what the public can read.
    outputs = [
        client.get(f"/lots/{lot_id}", headers={"Accept": "text/html"}).text,
        client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"}).text,
        client.get(f"/factories/{factory_id}").text,
    ]
    assert "Korangi Leather Works" in outputs[0]
    for output in outputs:
        for canary in CANARIES:
            assert canary not in output
