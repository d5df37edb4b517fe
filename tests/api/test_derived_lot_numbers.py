"""Lots made by split, merge or transformation over HTTP: each has a lot number, given or
derived; a transformation's output may have a GTIN of its own, so its carton carries a GS1
Digital Link and its label `(01) … (10) …`. Bad numbers and GTINs are refused whole."""

import io

import pytest
import zxingcpp
from PIL import Image

from tests.api.scenario import Scenario, bearer, expect, heads

SHIRT = "8961234500020"
SHIRT_14 = "0" + SHIRT  # as the record keeps it, and a Digital Link carries it
JSON = {"Accept": "application/json"}


@pytest.fixture
def fabric(client, nishan) -> tuple[Scenario, str, str]:
    """Cotton fabric numbered F-1 at a certified weaving mill, and a certified garment
    factory; returns the scenario, the fabric and the garment factory."""
    scenario = Scenario.start(client, nishan)
    weaver, garments = scenario.register_factory(), scenario.register_factory(name="Shirts Ltd")
    for factory in (weaver, garments):
        assert scenario.complete(scenario.schedule_visit(factory)) == "pass"
    lot = scenario.create_lot(
        product="Cotton poplin", hs_code="520821", quantity="900", unit="m", lot_number="F-1"
    )
    expect(scenario.attach(lot, weaver, "weaving"), 201)
    return scenario, lot, garments


def public(client, lot_id: str) -> dict:
    return expect(client.get(f"/lots/{lot_id}", headers=JSON), 200)


def test_split_children_are_numbered_as_given_or_after_their_parent(client, fabric):
    scenario, lot, _ = fabric
    body = {"quantities": ["100", "200", "50"], "lot_numbers": ["ROLL-A"]}
    made = client.post(f"/lots/{lot}/split", headers=bearer(scenario.exporter), json=body)
    children = expect(made, 201)["lot_ids"]
    assert [public(client, child)["lot_number"] for child in children] == [
        "ROLL-A",
        "F-1-1",
        "F-1-2",
    ]
    # A page lists its input by number.
    assert public(client, children[1])["inputs"][0]["lot_number"] == "F-1"


def test_a_transformed_lot_with_a_gtin_carries_a_digital_link_on_its_code_and_label(
    client, nishan, fabric
):
    scenario, lot, garments = fabric
    output = {"product": "Shirts", "hs_code": "620520", "quantity": "400", "unit": "pieces"}
    body = {
        "inputs": [{"lot_id": lot, "quantity": "600"}],
        "outputs": [{**output, "gtin": SHIRT}, output],
        "factory_id": garments,
        "stage": "stitching",
    }
    made = client.post("/lots/transform", headers=bearer(scenario.exporter), json=body)
    shirts, spare = expect(made, 201)["lot_ids"]
    record = public(client, shirts)
    assert (record["lot_number"], record["gtin"]) == ("F-1-T1", SHIRT_14)
    link = f"{nishan.settings.public_base_url}/01/{SHIRT_14}/10/F-1-T1"
    assert record["carton_url"] == link
    png = client.get(f"/lots/{shirts}/qr.png").content
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert decoded.text == link
    label = client.get(f"/lots/{shirts}/label").text
    assert f"(01) {SHIRT_14} (10) F-1-T1" in label
    # The other output has no GTIN: its number is on its label, its code leads to its page.
    assert public(client, spare)["lot_number"] == "F-1-T2"
    assert "Lot F-1-T2" in client.get(f"/lots/{spare}/label").text
    # The Digital Link resolves to the shirts.
    assert client.get(f"/01/{SHIRT}/10/F-1-T1", headers=JSON).json()["lot_id"] == shirts


def test_a_merge_is_numbered_after_its_first_input_or_as_given(client, fabric):
    scenario, lot, _ = fabric
    exporter = bearer(scenario.exporter)
    second = scenario.create_lot(
        product="Cotton poplin", hs_code="520821", quantity="100", unit="m", lot_number="F-2"
    )
    merged = client.post("/lots/merge", headers=exporter, json={"lot_ids": [lot, second]})
    [made] = expect(merged, 201)["lot_ids"]
    assert public(client, made)["lot_number"] == "F-1-M1"
    third, fourth = (
        scenario.create_lot(product="Gloves", lot_number=number) for number in ("G-1", "G-2")
    )
    body = {"lot_ids": [third, fourth], "lot_number": "GLOVES-ALL"}
    [named] = expect(client.post("/lots/merge", headers=exporter, json=body), 201)["lot_ids"]
    assert public(client, named)["lot_number"] == "GLOVES-ALL"


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("split", {"quantities": ["1"], "lot_numbers": ["F-1"]}, 409, "lot_number_taken"),
        ("split", {"quantities": ["1"], "lot_numbers": ["A", "B"]}, 422, "too_many_lot_numbers"),
        ("split", {"quantities": ["1", "2"], "lot_numbers": ["A", "A"]}, 422,
         "duplicate_lot_number"),
        ("split", {"quantities": ["1"], "lot_numbers": ["no spaces"]}, 422, "invalid_input"),
        ("split", {"quantities": ["1"], "lot_numbers": ["X" * 21]}, 422, "invalid_input"),
        ("merge", {"lot_number": "F-1"}, 409, "lot_number_taken"),
        ("transform", {"gtin": "8961234500021"}, 422, "invalid_gtin"),
        ("transform", {"gtin": "896123450002000"}, 422, "invalid_input"),
        ("transform", {"lot_number": "F-1"}, 409, "lot_number_taken"),
    ],
)  # fmt: skip
def test_a_number_or_gtin_that_cannot_be_given_is_refused_and_nothing_is_recorded(
    client, nishan, fabric, path, body, status, code
):
    scenario, lot, garments = fabric
    if path == "merge":
        other = scenario.create_lot(product="Cotton poplin", hs_code="520821", unit="m")
        url, body = "/lots/merge", {"lot_ids": [lot, other], **body}
    elif path == "transform":
        output = {"product": "Shirts", "hs_code": "620520", "quantity": "4", "unit": "pieces"}
        url, body = (
            "/lots/transform",
            {
                "inputs": [{"lot_id": lot, "quantity": "6"}],
                "outputs": [{**output, **body}],
                "factory_id": garments,
                "stage": "stitching",
            },
        )
    else:
        url = f"/lots/{lot}/split"
    before = heads(nishan)
    refused = client.post(url, headers=bearer(scenario.exporter), json=body)
    assert refused.status_code == status, refused.text
    assert refused.json()["code"] == code and refused.json()["message"]
    assert heads(nishan) == before


def test_the_openapi_document_declares_the_new_numbers_and_gtin_with_their_bounds(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    numbers = schemas["LotSplit"]["properties"]["lot_numbers"]
    assert numbers["maxItems"] == 100
    assert numbers["items"]["maxLength"] == 20 and numbers["items"]["pattern"]
    assert schemas["LotsMerge"]["properties"]["lot_number"]["maxLength"] == 20
    output = schemas["TransformOutput"]["properties"]
    assert output["lot_number"]["maxLength"] == 20
    assert any(
        option.get("format") == "gtin" for option in output["gtin"].get("anyOf", [output["gtin"]])
    )
