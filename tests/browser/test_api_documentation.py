"""The API documentation at /docs works with no internet and under its Content-Security-Policy:
Swagger UI comes from Nishan's own files, lists every operation of the OpenAPI document and
asks nothing of another host."""

import time

import httpx
from selenium.webdriver.common.by import By

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
