"""From an inspection to a buyer scanning a QR code, over real HTTP, on both backends."""

import io

import httpx
import zxingcpp
from PIL import Image

from tests.api.conftest import bearer, open_accounts


def test_a_buyer_scans_a_lot_and_sees_its_factory_certified(live_server):
    with httpx.Client(base_url=live_server.origin, timeout=10) as http:
        tokens = open_accounts(http, live_server.nishan)

        # An officer registers a factory in Sialkot and schedules a visit.
        factory = http.post(
            "/factories",
            headers=bearer(tokens.admin),
            json={
                "name": "Chenab Sports Industries, Unit 2",
                "ntn": "4170021-3",
                "address": "Ugoki Road",
                "province": "Punjab",
                "district": "Sialkot",
                "sector": "sports goods",
            },
        )
        assert factory.status_code == 201, factory.text
        factory_id = factory.json()["factory_id"]
        visit = http.post(
            "/inspections",
            headers=bearer(tokens.admin),
            json={
                "factory_id": factory_id,
                "inspector_id": tokens.inspector_id,
                "planned_on": "2026-11-20",
                "announced": False,
            },
        )
        assert visit.status_code == 201, visit.text

        # The inspector finds nothing wrong and signs the visit off: the factory is certified.
        done = http.post(
            f"/inspections/{visit.json()['inspection_id']}/complete",
            headers=bearer(tokens.inspector),
        )
        assert done.status_code == 200, done.text
        assert done.json()["outcome"] == "pass"

        # The exporter creates a lot and records that the factory stitched it.
        lot = http.post(
            "/lots",
            headers=bearer(tokens.exporter),
            json={
                "product": "Hand-stitched match footballs",
                "hs_code": "950662",
                "quantity": "4800",
                "unit": "pieces",
                "lot_number": "CSI-2611-FB5",
            },
        )
        assert lot.status_code == 201, lot.text
        lot_id = lot.json()["lot_id"]
        made = http.post(
            f"/lots/{lot_id}/factories",
            headers=bearer(tokens.exporter),
            json={"factory_id": factory_id, "stage": "stitching"},
        )
        assert made.status_code == 201, made.text
        live_server.views.wait_until_current()

        # A buyer's phone reads the QR code on the carton...
        qr = http.get(f"/lots/{lot_id}/qr.png")
        assert qr.status_code == 200
        assert qr.headers["content-type"] == "image/png"
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.content)))
        assert len(decoded) == 1
        scanned_url = decoded[0].text
        assert scanned_url == f"{live_server.origin}/lots/{lot_id}"

        # ...and opens the page it carries, which shows the factory as certified.
        page = http.get(scanned_url, headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        html = page.text
        assert "Chenab Sports Industries, Unit 2" in html
        assert "Verified" in html
        assert 'class="status status-certified">Certified<' in html

        # The same address answers machines with JSON.
        record = http.get(scanned_url, headers={"Accept": "application/json"}).json()
        assert record["verdict"] == "verified"
        [factory_on_record] = record["factories"]
        assert factory_on_record["status_now"] == "certified"
        assert factory_on_record["productions"][0]["status_at_production"] == "certified"
