"""The API documentation at /docs works with no internet and under its Content-Security-Policy:
Swagger UI comes from Nishan's own files, lists every operation of the OpenAPI document and
asks nothing of another host."""

import time

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.api.scenario import Scenario
from tests.browser.chromium import DESKTOP
from tests.browser.test_content_security_policy import WATCH


def test_swagger_ui_lists_every_operation_from_nishans_own_files(browser, shared_server):
    operations = sum(
        len(methods)
        for methods in httpx.get(f"{shared_server.origin}/openapi.json").json()["paths"].values()
    )
    driver = browser(DESKTOP)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    driver.get(f"{shared_server.origin}/docs")
    deadline = time.monotonic() + 15
    while len(driver.find_elements(By.CSS_SELECTOR, ".opblock")) < operations:
        assert time.monotonic() < deadline, "Swagger UI did not list the operations"
        time.sleep(0.1)
    assert len(driver.find_elements(By.CSS_SELECTOR, ".opblock")) == operations
    assert "Nishan" in driver.find_element(By.CSS_SELECTOR, ".info .title").text
    assert driver.execute_script("return window.violations") == []
    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert fetched and all(url.startswith(shared_server.origin + "/") for url in fetched), fetched


def test_try_it_out_shows_a_lots_qr_code_under_the_policy(browser, shared_server):
    with httpx.Client(base_url=shared_server.origin, timeout=10) as http:
        lot_id = Scenario.start(http, shared_server.nishan).create_lot()
    driver = browser(DESKTOP)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    driver.get(
        f"{shared_server.origin}/docs#/public/lot_qr_code_lots__lot_id__qr__image_format__get"
    )
    block = wait_for(driver, "[id$='lot_qr_code_lots__lot_id__qr__image_format__get']")
    wait_for(block, ".try-out__btn").click()
    wait_for(block, "tr[data-param-name='lot_id'] input").send_keys(lot_id)
    Select(wait_for(block, "tr[data-param-name='image_format'] select")).select_by_value("png")
    wait_for(block, ".execute").click()
    image = wait_for(block, ".live-responses-table img")
    assert image.get_attribute("src").startswith("blob:")
    assert driver.execute_script("return arguments[0].naturalWidth", image) > 0
    assert driver.execute_script("return window.violations") == []


def wait_for(where, selector: str, seconds: float = 10):
    """The first element `selector` finds under `where`, once there is one."""
    deadline = time.monotonic() + seconds
    while not (found := where.find_elements(By.CSS_SELECTOR, selector)):
        assert time.monotonic() < deadline, f"nothing matched {selector}"
        time.sleep(0.1)
    return found[0]
