"""The lot page in each of its languages, as a buyer's phone shows it: chosen from the browser's
Accept-Language or with the switcher, Urdu right to left in its Nastaliq font, dates written the
language's way; and the QR code on the page leads back to the same page."""

import io

import httpx
import pytest
import zxingcpp
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

from api.i18n.catalogs import language
from tests.api.scenario import Scenario, expect
from tests.browser.accessibility import accessibility_problems
from tests.browser.chromium import PHONE
from tests.browser.screenshots import screenshot

FACTORY = "Sialkot Match Balls (Pvt) Ltd"
PRODUCT = "Hand-stitched match footballs"
GTIN = "08961234567894"  # a Pakistani (896) GTIN-14 with its check digit
# The lot as a person sees it in each language: the verdict, and a date written that way.
EXPECTED = {
    "en": ("Verified", "1 October 2026"),
    "ur": ("تصدیق شدہ", "1 اکتوبر، 2026"),
    "de": ("Verifiziert", "1. Oktober 2026"),
    "fr": ("Vérifié", "1 octobre 2026"),
}


@pytest.fixture(scope="module")  # made once: the tests only read it
def lot(shared_server) -> dict[str, str]:
    with httpx.Client(base_url=shared_server.origin, timeout=10) as http:
        scenario = Scenario.start(http, shared_server.nishan)
        factory_id = scenario.register_factory(name=FACTORY)
        assert scenario.complete(scenario.schedule_visit(factory_id)) == "pass"
        lot_id = scenario.create_lot(product=PRODUCT, gtin=GTIN, lot_number="SMB-2610")
        expect(scenario.attach(lot_id, factory_id, "stitching"), 201)
    shared_server.views.wait_until_current()
    return {"id": lot_id, "url": f"{shared_server.origin}/lots/{lot_id}"}


@pytest.mark.parametrize("code", list(EXPECTED))
def test_the_page_speaks_the_browsers_language(browser, lot, code, request):
    driver = browser(PHONE, languages=(code, "en"))
    driver.get(lot["url"])
    verdict, production_start = EXPECTED[code]
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == code
    assert html.get_attribute("dir") == ("rtl" if code == "ur" else "ltr")
    assert driver.find_element(By.TAG_NAME, "h1").text == verdict
    main = driver.find_element(By.TAG_NAME, "main").text
    assert PRODUCT in main and FACTORY in main
    assert production_start in main  # the production period, written the language's way
    assert accessibility_problems(driver) == []
    widths = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths == [PHONE.width, PHONE.width], "the page scrolls sideways on a phone"
    screenshot(driver, f"lot-page-{code}")


def test_urdu_is_set_in_nastaliq_right_to_left(browser, lot):
    driver = browser(PHONE, languages=("ur",))
    driver.get(lot["url"])
    loaded = driver.execute_async_script(
        "const done = arguments[0];"
        "document.fonts.ready.then(() => done([...document.fonts]"
        "  .filter(f => f.family.includes('Nishan Nastaliq') && f.status === 'loaded')"
        "  .map(f => f.weight)));"
    )
    assert "400" in loaded, "the Nastaliq font did not load"
    heading = driver.find_element(By.TAG_NAME, "h1")
    assert "Nishan Nastaliq" in heading.value_of_css_property("font-family")
    assert heading.value_of_css_property("direction") == "rtl"
    # Right to left: the verdict heading's text starts at the right edge of its box.
    box = driver.execute_script(
        "const h = document.querySelector('h1'), r = document.createRange();"
        "r.selectNodeContents(h); const t = r.getBoundingClientRect(),"
        "b = h.getBoundingClientRect(); return [b.right - t.right, t.left - b.left];"
    )
    assert box[0] < 2 < box[1]


def test_the_switcher_changes_the_language_and_keeps_the_lot(browser, lot):
    driver = browser(PHONE, languages=("en",))
    driver.get(lot["url"])
    assert driver.find_element(By.TAG_NAME, "h1").text == "Verified"
    switcher = driver.find_element(By.CSS_SELECTOR, "nav.languages")
    assert switcher.get_attribute("aria-label") == "Language"
    english = driver.find_element(By.TAG_NAME, "html")
    switcher.find_element(By.LINK_TEXT, language("fr").name).click()
    WebDriverWait(driver, 10).until(staleness_of(english))  # the French page, not a race with it
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert driver.find_element(By.TAG_NAME, "h1").text == "Vérifié"
    assert lot["id"] in driver.current_url
    switcher = driver.find_element(By.CSS_SELECTOR, "nav.languages")
    assert switcher.get_attribute("aria-label") == language("fr").gettext("Language")
    current = switcher.find_element(By.CSS_SELECTOR, "[aria-current]")
    assert current.text == language("fr").name


def test_the_qr_code_on_the_page_leads_back_to_the_same_page(browser, lot, shared_server):
    driver = browser(PHONE, languages=("de",))
    driver.get(lot["url"])
    code = driver.find_element(By.CSS_SELECTOR, ".qr img")
    assert code.get_attribute("alt")
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.screenshot_as_png)))
    assert decoded.text == f"{shared_server.origin}/01/{GTIN}/10/SMB-2610"
    driver.get(decoded.text)  # what a buyer's phone opens after the scan
    assert driver.find_element(By.TAG_NAME, "h1").text == "Verifiziert"
    assert driver.find_element(By.ID, "lot-heading").text == PRODUCT
    assert (
        driver.find_element(By.CSS_SELECTOR, ".qr img")
        .get_attribute("src")
        .endswith(f"/lots/{lot['id']}/qr.svg")
    )
