"""From an inspection to a buyer scanning a QR code, over real HTTP, on both backends."""

import io

import httpx
import pytest
import zxingcpp
from PIL import Image

from tests.api.scenario import Scenario, expect

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def test_a_buyer_scans_a_lot_and_sees_its_factory_certified(live_server):
    with httpx.Client(base_url=live_server.origin, timeout=10) as http:
        scenario = Scenario.start(http, live_server.nishan, province="Punjab")

        # An officer registers a factory in Sialkot and schedules an unannounced visit.
        factory_id = scenario.register_factory(
            name="Chenab Sports Industries, Unit 2", district="Sialkot", province="Punjab"
        )
        visit = scenario.schedule_visit(factory_id, started=False)

        # The inspector arrives, finds nothing wrong and signs the visit off: it is certified.
        scenario.arrive(visit)
        assert scenario.complete(visit) == "pass"

        # The exporter creates a lot and records that the factory stitched it.
        lot_id = scenario.create_lot(product="Hand-stitched match footballs", hs_code="950662")
        expect(scenario.attach(lot_id, factory_id, "stitching"), 201)
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
