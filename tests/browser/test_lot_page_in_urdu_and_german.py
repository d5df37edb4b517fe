"""The lot page where it was hardest to read: Urdu, right to left, with Latin names, codes and
numbers inside its sentences; German, whose long words must fit a 360 px phone; and the picture
of the journey, in either direction."""

import re

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.api.scenario import Scenario, expect
from tests.browser.chromium import PHONE
from tests.browser.screenshots import screenshot

FACTORY = "Sialkot Tannery Works (Pvt) Ltd"
PRODUCT = "Goatskin work gloves"


@pytest.fixture(scope="module")  # made once: the tests only read it
def lot(shared_server) -> str:
    """A lot made at a factory whose signed-off visit found a working-time breach."""
    with httpx.Client(base_url=shared_server.origin, timeout=10) as http:
        scenario = Scenario.start(http, shared_server.nishan)
        factory_id = scenario.register_factory(name=FACTORY)
        visit = scenario.schedule_visit(factory_id)
        finding = expect(scenario.record_finding(visit, indicator="WT-02"), 201)
        scenario.plan_action(visit, finding["finding_id"])
        scenario.complete(visit)
        lot_id = scenario.create_lot(product=PRODUCT, lot_number="STW-2611")
        expect(scenario.attach(lot_id, factory_id, "stitching"), 201)
        scenario.create_shipment(lot_id)
    shared_server.views.wait_until_current()
    return f"{shared_server.origin}/lots/{lot_id}"


def test_urdu_history_keeps_numbers_dates_and_latin_names_apart(browser, lot):
    driver = browser(PHONE, languages=("ur",))
    driver.get(lot)
    history = driver.find_element(By.CSS_SELECTOR, "ol.history")
    # Urdu numbers its lists with its own full stop, never "15." beside a date ("2.15").
    assert history.value_of_css_property("list-style-type") == "urdu-decimal"
    days = history.find_elements(By.TAG_NAME, "time")
    assert days
    for day in days:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.get_attribute("datetime"))
        assert day.value_of_css_property("display") == "block"  # a line of its own
    isolated = [b.text for b in history.find_elements(By.TAG_NAME, "bdi")]
    assert any(FACTORY in text for text in isolated), isolated
    # Ports by name, in Urdu script, with their codes.
    assert "کراچی (PKKHI)" in isolated and "ہیمبرگ (DEHAM)" in isolated
    place = driver.find_element(By.CSS_SELECTOR, ".factory .place")
    assert len(place.find_elements(By.TAG_NAME, "bdi")) == 3
    screenshot(driver, "lot-page-ur-isolated")


def test_german_findings_table_fits_a_phone_without_clipping(browser, lot):
    driver = browser(PHONE, languages=("de",))
    driver.get(lot)
    table = driver.find_element(By.CSS_SELECTOR, "table.findings")
    assert "Arbeitszeit" in table.text
    clipped = driver.execute_script(
        "const t = document.querySelector('table.findings');"
        "const box = t.parentElement.getBoundingClientRect();"
        "const out = [...t.querySelectorAll('th, td, caption')].filter(c =>"
        "  c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > box.right + 1);"
        "return [t.parentElement.scrollWidth - t.parentElement.clientWidth,"
        "        out.map(c => c.textContent.trim())];"
    )
    assert clipped == [0, []], clipped
    screenshot(driver, "lot-page-de-findings")


@pytest.mark.parametrize(
    ("code", "hint"),
    [("ur", "کیلنڈر سے کوئی دن چنیں"), ("de", "Wählen Sie einen Tag"), ("fr", "Choisissez")],
)
def test_the_as_of_field_is_labelled_and_explained_in_the_pages_language(browser, lot, code, hint):
    driver = browser(PHONE, languages=(code,))
    driver.get(lot)
    field = driver.find_element(By.ID, "as-of")
    assert field.get_attribute("lang") == code
    described = driver.find_element(By.ID, field.get_attribute("aria-describedby"))
    assert described.text.startswith(hint)
    label = driver.find_element(By.CSS_SELECTOR, "label[for=as-of]")
    assert label.is_displayed() and label.text


@pytest.mark.parametrize("code", ["en", "ur"])
def test_the_journey_is_drawn_in_order_with_each_factorys_colour_and_read_out(browser, lot, code):
    driver = browser(PHONE, languages=(code,))
    driver.get(lot)
    picture = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=lineage-heading] svg")
    assert picture.get_attribute("role") == "img"
    label = picture.get_attribute("aria-label")
    assert label.index(FACTORY) < label.index("PKKHI") < label.index("DEHAM")
    names = [t.text for t in picture.find_elements(By.TAG_NAME, "text")]
    assert names[0] == FACTORY and names[1].endswith("(PKKHI)") and names[2].endswith("(DEHAM)")
    karachi = {"en": "Karachi (PKKHI)", "ur": "کراچی (PKKHI)"}[code]
    assert karachi in names[1]
    dot = picture.find_element(By.TAG_NAME, "circle")
    assert dot.get_attribute("fill") == "#116329"  # certified with conditions: green
    # Right to left, the line stands on the right and the names to its left.
    dot_x = dot.rect["x"]
    name_box = picture.find_element(By.TAG_NAME, "text").rect
    if code == "ur":
        assert name_box["x"] + name_box["width"] < dot_x
    else:
        assert dot_x < name_box["x"]
    assert name_box["x"] >= picture.rect["x"]  # not cut off at the edge
    screenshot(driver, f"lot-page-journey-{code}")
