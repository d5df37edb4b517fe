"""Split, merge and transform over HTTP, on both backends."""

import pytest

from tests.api.scenario import Scenario, bearer, expect


@pytest.mark.both_backends
def test_cotton_fabric_is_split_merged_and_sewn_into_shirts(client, nishan):
    scenario = Scenario.start(client, nishan)
    exporter = bearer(scenario.exporter)
    factory = scenario.register_factory(name="Saddar Denim Mills", sector="1410")
    scenario.complete(scenario.schedule_visit(factory))
    fabric = scenario.create_lot(
        product="Cotton fabric", hs_code="520812", quantity="1000", unit="m"
    )
    parts = expect(
        client.post(f"/lots/{fabric}/split", headers=exporter, json={"quantities": ["600", "400"]}),
        201,
    )["lot_ids"]
    over = client.post(f"/lots/{fabric}/split", headers=exporter, json={"quantities": ["1"]})
    assert (over.status_code, over.json()["code"]) == (422, "quantity_exceeds_remaining")
    [merged] = expect(client.post("/lots/merge", headers=exporter, json={"lot_ids": parts}), 201)[
        "lot_ids"
    ]
    [shirts] = expect(
        client.post(
            "/lots/transform",
            headers=exporter,
            json={
                "inputs": [{"lot_id": merged, "quantity": "900"}],
                "outputs": [
                    {
                        "product": "Men's cotton shirts",
                        "hs_code": "620520",
                        "quantity": "600",
                        "unit": "pieces",
                    }
                ],
                "factory_id": factory,
                "stage": "stitching",
                "conversion": "1.5 metres per shirt",
            },
        ),
        201,
    )["lot_ids"]
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    page = client.get(f"/lots/{shirts}", headers={"Accept": "application/json"}).json()
    assert page["quantity"] == "600" and page["verdict"] == "verified"
    rival = client.post(
        f"/lots/{merged}/split", headers=bearer(scenario.rival_exporter), json={"quantities": ["1"]}
    )
    assert rival.status_code == 404


def test_a_lots_lineage_is_public(client, nishan):
    scenario = Scenario.start(client, nishan)
    exporter = bearer(scenario.exporter)
    factory = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory))
    hides = scenario.create_lot(product="Cow hides", hs_code="4101", quantity="500", unit="kg")
    expect(scenario.attach(hides, factory, "tanning"), 201)
    [part] = expect(
        client.post(f"/lots/{hides}/split", headers=exporter, json={"quantities": ["200"]}), 201
    )["lot_ids"]
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    lineage = client.get(f"/lots/{part}/lineage").json()
    assert lineage["ancestors"] == [{"lot_id": hides, "depth": 1}]
    assert lineage["upstream_factories"] == [
        {"factory_id": factory, "stage": "tanning", "stage_note": "", "lot_id": hides}
    ]
    assert client.get("/lots/not-a-lot/lineage").status_code == 404


def test_quantities_beyond_three_decimals_cannot_create_quantity(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot(quantity="1")
    for parts in (["0.5", "0.50000000000000000000000000001"], ["1E-40"]):
        response = client.post(
            f"/lots/{lot}/split", headers=bearer(scenario.exporter), json={"quantities": parts}
        )
        assert response.status_code == 422
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    assert (
        client.get(f"/lots/{lot}", headers={"Accept": "application/json"}).json()["quantity"] == "1"
    )


def test_a_rivals_input_answers_exactly_as_a_missing_one(client, nishan):
    scenario = Scenario.start(client, nishan)
    own = scenario.create_lot()
    rivals = expect(
        client.post(
            "/lots",
            headers=bearer(scenario.rival_exporter),
            json={
                "product": "Gloves",
                "hs_code": "420329",
                "quantity": "5",
                "unit": "pairs",
                "produced_from": "2026-10-01",
                "produced_until": "2026-10-31",
            },
        ),
        201,
    )["lot_id"]
    merged = client.post(
        "/lots/merge", headers=bearer(scenario.exporter), json={"lot_ids": [own, rivals]}
    )
    assert merged.status_code == 404
    assert merged.json()["code"] == "lot_not_found"


@pytest.mark.both_backends
def test_a_lot_reached_two_ways_is_listed_once_on_the_page(client, nishan):
    """Split, then merged back: the grandparent is an input by both halves, listed once."""
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory_id))
    grandparent = scenario.create_lot(product="Grandparent", lot_number="GP-1")
    expect(scenario.attach(grandparent, factory_id, "tanning"), 201)
    exporter = bearer(scenario.exporter)
    split = client.post(
        f"/lots/{grandparent}/split", headers=exporter, json={"quantities": ["500", "500"]}
    )
    halves = expect(split, 201)["lot_ids"]
    merged = client.post("/lots/merge", headers=exporter, json={"lot_ids": halves})
    [lot_id] = expect(merged, 201)["lot_ids"]
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    page = client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"}).json()
    listed = [(i["lot_id"], i["depth"], i["process"]) for i in page["inputs"]]
    assert sorted(listed) == sorted([(h, 1, "merge") for h in halves] + [(grandparent, 2, "split")])
    assert page["inputs_in_all"] == 3
