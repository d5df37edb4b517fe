"""A verified lot's page as Chromium shows it: on a buyer's phone, to assistive technology and on
paper; served by uvicorn on both backends."""

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.api.scenario import Scenario, expect
from tests.browser.accessibility import MINIMUM_CONTRAST, accessibility_problems, contrast_ratio
from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.screenshots import screenshot

FACTORY = "Korangi Leather Works (Private) Limited, Unit 3"
PRODUCT = "Unlined leather work gloves"


@pytest.fixture(scope="module")  # made once: the tests only read it
def lot_page(shared_server) -> str:
    """The address of the page of a lot made at a certified factory."""
    with httpx.Client(base_url=shared_server.origin, timeout=10) as http:
        scenario = Scenario.start(http, shared_server.nishan)
        factory_id = scenario.register_factory(name=FACTORY)
        assert scenario.complete(scenario.schedule_visit(factory_id)) == "pass"
        lot_id = scenario.create_lot(product=PRODUCT)
        expect(scenario.attach(lot_id, factory_id, "stitching"), 201)
        shared_server.views.wait_until_current()  # on PostgreSQL the worker brings the views up
        page = http.get(f"/lots/{lot_id}")
        assert page.status_code == 200, page.text  # fail here, not as a missing element later
    return str(page.url)


def test_a_phone_shows_the_verdict_product_and_factory_without_sideways_scrolling(
    browser, lot_page, request
):
    driver = browser(PHONE)
    driver.get(lot_page)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Verified"
    main = driver.find_element(By.TAG_NAME, "main")
    assert PRODUCT in main.text
    assert FACTORY in main.text
    # On a phone, content wider than the screen widens the layout viewport (innerWidth) with it,
    # so scrollWidth <= innerWidth alone would pass: both must be the phone's own width.
    widths = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths == [PHONE.width, PHONE.width], "the page scrolls sideways on a phone"
    assert screenshot(driver, "lot-page-phone").stat().st_size > 0


def test_the_page_passes_the_accessibility_checks(browser, lot_page):
    driver = browser(PHONE)
    driver.get(lot_page)
    assert accessibility_problems(driver) == []
    assert contrast_ratio(driver, "#verdict-heading") >= MINIMUM_CONTRAST
    assert contrast_ratio(driver, ".reasons li") >= MINIMUM_CONTRAST


def test_printed_the_page_keeps_the_verdict_and_drops_the_site_header(browser, lot_page, request):
    driver = browser(DESKTOP)
    driver.get(lot_page)
    assert driver.find_element(By.CSS_SELECTOR, "header.brand").is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert driver.execute_script("return matchMedia('print').matches")
    assert not driver.find_element(By.CSS_SELECTOR, "header.brand").is_displayed()
    verdict = driver.find_element(By.ID, "verdict-heading")
    assert verdict.is_displayed()
    assert verdict.text == "Verified"
    screenshot(driver, "lot-page-print")
