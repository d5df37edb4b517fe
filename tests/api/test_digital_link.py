"""The resolver: a GS1 Digital Link leads to the lot's record as a page, JSON or a linkset; the
QR code carries it; public answers revalidate with ETags. On both backends."""

import io

import zxingcpp
from PIL import Image

from tests.api.scenario import Scenario, expect

GTIN = "09506000134352"  # GS1's own example GTIN
LOT_NUMBER = "FB/2611-7"  # a "/" is in GS1's character set for AI 10


def a_certified_lot(client, nishan, **facts) -> tuple[Scenario, str]:
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    assert scenario.complete(scenario.schedule_visit(factory_id)) == "pass"
    lot = scenario.create_lot(**facts)
    expect(scenario.attach(lot, factory_id, "stitching"), 201)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return scenario, lot


def link(lot_number: str = "FB%2F2611-7", gtin: str = GTIN) -> str:
    return f"/01/{gtin}/10/{lot_number}"


def test_the_digital_link_answers_as_the_lot_page_does(client, nishan):
    _, lot = a_certified_lot(client, nishan, gtin=GTIN, lot_number=LOT_NUMBER)
    as_json = {"Accept": "application/json"}
    record = client.get(link(), headers=as_json)
    assert record.status_code == 200, record.text
    assert record.json() == client.get(f"/lots/{lot}", headers=as_json).json()
    assert record.json()["carton_url"] == f"http://testserver{link()}"
    page = client.get(link())
    assert page.headers["content-type"].startswith("text/html")
    assert "Verified" in page.text and "Leather gloves" in page.text
    # A serial and query attributes name a unit of the lot: its record is the lot's.
    unit = client.get(f"{link()}/21/0042?17=271231", headers=as_json)
    assert unit.json()["lot_id"] == lot
    # A GTIN may be written with 13 digits; the resolver reads it as 14.
    assert client.get(link(gtin=GTIN[1:]), headers=as_json).json()["lot_id"] == lot


def test_a_gs1_resolver_gets_a_linkset(client, nishan):
    _, lot = a_certified_lot(client, nishan, gtin=GTIN, lot_number=LOT_NUMBER)
    for response in (
        client.get(link(), headers={"Accept": "application/linkset+json"}),
        client.get(f"{link()}?linkType=all"),
        client.get(f"/lots/{lot}?linkType=all"),
    ):
        assert response.headers["content-type"] == "application/linkset+json"
        [links] = response.json()["linkset"]
        assert links["anchor"] == f"http://testserver{link()}"
        [default] = links["https://gs1.org/voc/defaultLink"]
        assert default["href"] == f"http://testserver/lots/{lot}"
        assert default["type"] == "text/html"
        [history] = links["https://gs1.org/voc/traceability"]
        assert history["href"] == f"http://testserver/lots/{lot}/history"


def test_unknown_or_malformed_links_get_a_page_that_says_what_to_do(client, nishan):
    a_certified_lot(client, nishan, gtin=GTIN, lot_number=LOT_NUMBER)
    unknown = client.get(link("NO-SUCH-LOT"))
    assert unknown.status_code == 404
    assert "What you can do" in unknown.text and "NO-SUCH-LOT" in unknown.text
    wrong_digit = client.get(link(gtin="09506000134353"), headers={"Accept": "application/json"})
    assert wrong_digit.status_code == 400
    assert wrong_digit.json()["code"] == "invalid_gtin"


def test_the_qr_code_carries_the_digital_link_or_else_the_lot_page(client, nishan):
    _, with_gtin = a_certified_lot(client, nishan, gtin=GTIN, lot_number=LOT_NUMBER)
    _, without = a_certified_lot(client, nishan)
    for lot, expected in ((with_gtin, link()), (without, f"/lots/{without}")):
        png = client.get(f"/lots/{lot}/qr.png")
        [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
        assert decoded.text == f"http://testserver{expected}"
        assert decoded.ec_level == "M"
    svg = client.get(f"/lots/{with_gtin}/qr.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml") and b"<svg" in svg.content
    assert client.get(f"/lots/{with_gtin}/qr.gif").status_code == 422


def test_public_answers_revalidate_with_their_etag(client, nishan):
    _, lot = a_certified_lot(client, nishan, gtin=GTIN, lot_number=LOT_NUMBER)
    for path, headers in (
        (f"/lots/{lot}", {}),
        (f"/lots/{lot}", {"Accept": "application/json"}),
        (link(), {}),
        (f"/lots/{lot}/qr.svg", {}),
    ):
        first = client.get(path, headers=headers)
        etag = first.headers["etag"]
        assert "max-age" in first.headers["cache-control"]
        again = client.get(path, headers={**headers, "If-None-Match": f"W/{etag}"})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        changed = client.get(path, headers={**headers, "If-None-Match": '"something-else"'})
        assert changed.status_code == 200
