"""axe-core (Deque's accessibility engine, from npm at a pinned version) run inside every public
page in Chromium: the lot page in each language, labels, home and its look-up, the choice
between two lots, the not-found pages. Every rule it has, best practices included, must find
nothing."""

import httpx
import pytest

from tests.api.scenario import LOT, Scenario, bearer, expect
from tests.browser.chromium import PHONE
from tests.tools.npm_tools import axe_core_script

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  result => done(result.violations.map(v =>
    `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(" ")).join(", ")})`)),
  error => done(["axe failed: " + error]));
"""


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_core_script()


@pytest.fixture(scope="module")
def pages(shared_server) -> dict[str, str]:
    with httpx.Client(base_url=shared_server.origin, timeout=10) as http:
        scenario = Scenario.start(http, shared_server.nishan)
        factory_id = scenario.register_factory(name="Kasur Tanners (Pvt) Ltd")
        visit = scenario.schedule_visit(factory_id)
        finding = expect(scenario.record_finding(visit, indicator="WT-02"), 201)
        scenario.plan_action(visit, finding["finding_id"])
        scenario.complete(visit)
        lot_id = scenario.create_lot(gtin="08961234567894", lot_number="KT-2611")
        expect(scenario.attach(lot_id, factory_id, "tanning"), 201)
        scenario.create_shipment(lot_id)
        # A rival exporter's lot with the same codes: the Digital Link asks which one.
        rival = {**LOT, "gtin": "08961234567894", "lot_number": "KT-2611"}
        expect(http.post("/lots", headers=bearer(scenario.rival_exporter), json=rival), 201)
    shared_server.views.wait_until_current()
    found = {f"lot-{c}": f"/lots/{lot_id}?lang={c}" for c in ("en", "ur", "de", "fr")}
    return found | {
        "label": f"/lots/{lot_id}/label",
        "home": "/",
        "home-ur": "/?lang=ur",
        "lookup-refused": "/lookup?gtin=08961234567895&lot=KT-2611",
        "lot-not-found": "/lots/6f1c1b3e-0000-4000-8000-000000000000",
        "unknown-address": "/no/such/page",
        "choice": "/01/08961234567894/10/KT-2611",
    }


@pytest.mark.parametrize(
    "page",
    [
        "lot-en",
        "lot-ur",
        "lot-de",
        "lot-fr",
        "label",
        "home",
        "home-ur",
        "lookup-refused",
        "lot-not-found",
        "unknown-address",
        "choice",
    ],
)
def test_axe_core_finds_no_violation(browser, shared_server, pages, axe, page):
    driver = browser(PHONE)
    driver.get(shared_server.origin + pages[page])
    driver.execute_script(axe)  # through Selenium: the page's CSP allows no script of its own
    assert driver.execute_async_script(RUN_AXE) == []
