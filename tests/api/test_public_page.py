"""The lot page as a buyer's phone or a machine reaches it."""

import io

import pytest
import zxingcpp
from PIL import Image


@pytest.mark.parametrize("spelling", [str.upper, lambda i: f"urn:uuid:{i}", lambda i: f"{{{i}}}"])
def test_a_lot_id_is_found_however_it_is_written(client, verified_lot, spelling):
    response = client.get(f"/lots/{spelling(verified_lot)}", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json()["lot_id"] == verified_lot


def test_the_page_varies_by_accept_and_the_qr_code_is_cacheable(client, verified_lot):
    page = client.get(f"/lots/{verified_lot}")
    assert page.headers["vary"] == "Accept, Accept-Language"
    assert page.headers["content-type"].startswith("text/html")
    qr = client.get(f"/lots/{verified_lot}/qr.png")
    assert "max-age" in qr.headers["cache-control"]
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.content)))
    assert decoded.text == f"http://testserver/lots/{verified_lot}"
