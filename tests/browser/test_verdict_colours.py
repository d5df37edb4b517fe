"""The verdict box's colours as Chromium draws them: "verified at production" is a warning of
its own, neither the green of "verified" nor the yellow of "under review", and as readable."""

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.api.scenario import Scenario, expect
from tests.browser.accessibility import MINIMUM_CONTRAST, accessibility_problems, contrast_ratio
from tests.browser.chromium import PHONE
from tests.browser.screenshots import screenshot


@pytest.fixture(scope="module")  # made once: the tests only read it
def pages(shared_server) -> dict[str, str]:
    """Pages of three lots: verified, verified at production, under review."""
    with httpx.Client(base_url=shared_server.origin, timeout=10) as http:
        scenario = Scenario.start(http, shared_server.nishan)
        clean, mill = scenario.register_factory(), scenario.register_factory(name="Indus Mill")
        for factory in (clean, mill):
            assert scenario.complete(scenario.schedule_visit(factory)) == "pass"
        verified, before = scenario.create_lot(), scenario.create_lot()
        expect(scenario.attach(verified, clean, "tanning"), 201)
        expect(scenario.attach(before, mill, "spinning"), 201)
        # Made in October, before the clean visit; the third since it, so it goes under review.
        since = scenario.create_lot(produced_from="2026-12-01", produced_until="2099-12-31")
        expect(scenario.attach(since, mill, "spinning"), 201)
        visit = scenario.schedule_visit(mill)
        finding = {"indicator": "FL-09", "workers_affected": 4, "observation": "Advances"}
        found = expect(scenario.record_finding(visit, **finding), 201)
        scenario.plan_action(visit, found["finding_id"])
        assert scenario.complete(visit) == "fail"
        shared_server.views.wait_until_current()
        addresses = {}
        for name, lot in (("verified", verified), ("at_production", before), ("review", since)):
            page = http.get(f"/lots/{lot}")
            assert page.status_code == 200, page.text
            addresses[name] = str(page.url)
    return addresses


def box_colours(driver) -> tuple[str, str]:
    box = driver.find_element(By.CSS_SELECTOR, "section.verdict")
    return box.value_of_css_property("background-color"), box.value_of_css_property("color")


def test_verified_at_production_is_a_warning_colour_of_its_own_and_readable(browser, pages):
    driver = browser(PHONE)
    colours, headings = {}, {}
    for name, address in pages.items():
        driver.get(address)
        colours[name] = box_colours(driver)
        headings[name] = driver.find_element(By.TAG_NAME, "h1").text
    assert headings == {
        "verified": "Verified",
        "at_production": "Verified at production",
        "review": "Under review",
    }
    driver.get(pages["at_production"])
    assert colours["at_production"] != colours["verified"]
    assert colours["at_production"] != colours["review"]
    assert accessibility_problems(driver) == []
    assert contrast_ratio(driver, "#verdict-heading") >= MINIMUM_CONTRAST
    assert contrast_ratio(driver, ".reasons li") >= MINIMUM_CONTRAST
    assert contrast_ratio(driver, ".open-matters li") >= MINIMUM_CONTRAST
    assert screenshot(driver, "lot-page-verified-at-production").stat().st_size > 0
