"""Carton labels: one lot's, and a shipment's sheet with every lot it carries; on both backends."""

from uuid import uuid4

from tests.api.scenario import Scenario, bearer, expect
from tests.api.test_digital_link import GTIN, LOT_NUMBER
from tests.api.test_shipments import KARACHI_TO_HAMBURG


def test_a_shipment_sheet_has_a_label_for_each_lot_it_carries(client, nishan):
    scenario = Scenario.start(client, nishan)
    exporter = bearer(scenario.exporter)
    with_gtin = scenario.create_lot(gtin=GTIN, lot_number=LOT_NUMBER)
    plain = scenario.create_lot(product="Leather belts", lot_number="BELT-7")
    elsewhere = scenario.create_lot(product="Leather wallets")  # in no shipment
    shipment = expect(client.post("/shipments", headers=exporter, json=KARACHI_TO_HAMBURG), 201)[
        "shipment_id"
    ]
    for lot in (with_gtin, plain):
        response = client.post(
            f"/shipments/{shipment}/lots", headers=exporter, json={"lot_id": lot}
        )
        assert response.status_code == 204
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    sheet = client.get(f"/shipments/{shipment}/labels")
    assert sheet.status_code == 200
    assert sheet.text.count('class="label"') == 2
    assert f"(01) {GTIN} (10) {LOT_NUMBER}" in sheet.text
    assert "Leather belts" in sheet.text and "Lot BELT-7" in sheet.text
    assert "Chenab Sports Exports" in sheet.text and "Leather wallets" not in sheet.text
    assert elsewhere not in sheet.text
    # Each label's code is the lot's own QR code, which leads to its Digital Link or page.
    for lot in (with_gtin, plain):
        svg = client.get(f"/lots/{lot}/qr.svg").text
        assert svg[svg.index("<svg") :] in sheet.text
    assert "/01/09506000134352/10/FB%2F2611-7" in sheet.text
    assert f"/lots/{plain}" in sheet.text

    one = client.get(f"/lots/{with_gtin}/label")
    assert one.status_code == 200 and one.text.count('class="label"') == 1
    assert "etag" in one.headers


def test_an_unknown_shipment_or_lot_has_no_labels(client, nishan):
    missing = client.get(f"/shipments/{uuid4()}/labels")
    assert (missing.status_code, missing.json()["code"]) == (404, "shipment_not_found")
    assert client.get(f"/lots/{uuid4()}/label").status_code == 404
