"""Debian's headless Chromium driven by Selenium, at a given viewport and languages.

Selenium is given the paths of both the browser and its driver, so Selenium Manager is never
run and never tries to download a browser or a driver (there is no internet in CI).
"""

import os
from dataclasses import dataclass
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# Overridable, as the PostgreSQL server is, so a test can point them at nothing.
CHROMIUM = Path(os.environ.get("NISHAN_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("NISHAN_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))


@dataclass(frozen=True)
class Viewport:
    """A layout viewport in CSS pixels, at device scale factor 1."""

    width: int
    height: int
    mobile: bool  # a phone: overlay scrollbars, the page's <meta name="viewport"> applies


PHONE = Viewport(360, 800, mobile=True)
DESKTOP = Viewport(1280, 800, mobile=False)


def missing_programs() -> list[str]:
    return [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]


def start_chromium(viewport: Viewport, languages: tuple[str, ...]) -> webdriver.Chrome:
    """A new headless Chromium; `languages` in order of preference, sent as Accept-Language."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-dev-shm-usage",  # containers have a small /dev/shm; use /tmp instead
        "--disable-gpu",
        f"--window-size={viewport.width},{viewport.height}",
        "--force-device-scale-factor=1",
        f"--lang={languages[0]}",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": ",".join(languages)})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    # Headless windows are at least 500 px wide and lose some height to the window's frame:
    # the exact viewport is set by emulation instead, and it holds across navigations.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": viewport.width,
            "height": viewport.height,
            "deviceScaleFactor": 1,
            "mobile": viewport.mobile,
        },
    )
    return driver
