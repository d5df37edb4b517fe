"""The lot page as a buyer's phone or a machine reaches it."""

import io

import pytest
import zxingcpp
from PIL import Image

from tests.api.scenario import Scenario, expect


@pytest.fixture
def lot_id(client, nishan) -> str:
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory_id))
    lot_id = scenario.create_lot()
    expect(scenario.attach(lot_id, factory_id, "tanning"), 201)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return lot_id


@pytest.mark.parametrize("spelling", [str.upper, lambda i: f"urn:uuid:{i}", lambda i: f"{{{i}}}"])
def test_a_lot_id_is_found_however_it_is_written(client, lot_id, spelling):
    response = client.get(f"/lots/{spelling(lot_id)}", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["lot_id"] == lot_id


def test_the_page_varies_by_accept_and_the_qr_code_is_cacheable(client, lot_id):
    page = client.get(f"/lots/{lot_id}")
    assert page.headers["vary"] == "Accept, Accept-Language"
    assert page.headers["content-type"].startswith("text/html")
    qr = client.get(f"/lots/{lot_id}/qr.png")
    assert "max-age" in qr.headers["cache-control"]
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.content)))
    assert decoded.text == f"http://testserver/lots/{lot_id}"
