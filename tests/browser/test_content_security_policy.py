"""Under its strict Content-Security-Policy the page loses nothing: Chromium reports no
violation, the stylesheet applies and Urdu's font loads, in every language."""

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.api.scenario import Scenario, expect
from tests.browser.chromium import PHONE

WATCH = (
    "window.violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    "  e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture(scope="module")  # made once: the tests only read it
def pages(shared_server) -> list[str]:
    with httpx.Client(base_url=shared_server.origin, timeout=10) as http:
        scenario = Scenario.start(http, shared_server.nishan)
        factory_id = scenario.register_factory()
        assert scenario.complete(scenario.schedule_visit(factory_id)) == "pass"
        lot_id = scenario.create_lot()
        expect(scenario.attach(lot_id, factory_id, "stitching"), 201)
    shared_server.views.wait_until_current()
    lot = f"{shared_server.origin}/lots/{lot_id}"
    return [f"{lot}?lang={code}" for code in ("en", "ur", "de", "fr")] + [f"{lot}/label"]


def test_no_page_breaks_its_content_security_policy(browser, pages):
    driver = browser(PHONE)
    # Runs before the page's own content, whatever the policy: it only listens.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    for page in pages:
        driver.get(page)
        driver.execute_async_script("document.fonts.ready.then(arguments[0])")
        assert driver.execute_script("return window.violations") == [], page
        if "/label" not in page:
            verdict = driver.find_element(By.ID, "verdict-heading")
            background = driver.execute_script(
                "return getComputedStyle(arguments[0].parentElement).backgroundColor", verdict
            )
            assert background == "rgb(218, 251, 225)", page  # the stylesheet applied
