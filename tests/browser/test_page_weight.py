"""The page stays light: under 100 KB with its stylesheet and images (fonts aside), even for a lot
merged from many inputs, each with its own factory and history."""

import httpx
import pytest

from tests.api.scenario import Scenario, bearer, expect
from tests.browser.chromium import PHONE

MOST_BYTES = 100_000
INPUTS = 40


@pytest.fixture(scope="module")  # made once: the tests only read it
def merged_lot(shared_server) -> str:
    with httpx.Client(base_url=shared_server.origin, timeout=30) as http:
        scenario = Scenario.start(http, shared_server.nishan)
        factories = [scenario.register_factory(name=f"Sialkot Unit {n}") for n in range(4)]
        for factory_id in factories:
            assert scenario.complete(scenario.schedule_visit(factory_id)) == "pass"
        inputs = []
        for n in range(INPUTS):
            lot_id = scenario.create_lot(product=f"Stitched panels, batch {n}")
            expect(scenario.attach(lot_id, factories[n % 4], "stitching"), 201)
            inputs.append(lot_id)
        merged = http.post(
            "/lots/merge",
            headers=bearer(scenario.exporter),
            json={"lot_ids": inputs, "product": "Match footballs"},
        )
        [lot_id] = expect(merged, 201)["lot_ids"]
    shared_server.views.wait_until_current()
    return f"{shared_server.origin}/lots/{lot_id}"


@pytest.mark.parametrize("code", ["en", "ur"])
def test_a_big_lots_page_weighs_under_100_kb_without_fonts(browser, merged_lot, code):
    driver = browser(PHONE, languages=(code,))
    driver.get(merged_lot)
    driver.execute_async_script("document.fonts.ready.then(arguments[0])")
    weights = driver.execute_script(
        "return [performance.getEntriesByType('navigation')[0],"
        "        ...performance.getEntriesByType('resource')]"
        "  .map(e => [e.name, e.initiatorType, e.decodedBodySize])"
    )
    page = [(name, size) for name, kind, size in weights if not name.endswith(".woff2")]
    assert len(page) >= 3, weights  # the page, its stylesheet and its QR code at least
    assert all(size > 0 for _, size in page), weights  # sizes are really measured
    assert sum(size for _, size in page) < MOST_BYTES, page
    assert driver.find_elements("css selector", ".inputs li")  # the heavy part is on the page
