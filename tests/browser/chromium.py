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


def start_chromium() -> webdriver.Chrome:
    """A new headless Chromium; `set_up` gives it the viewport and languages of a test."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-dev-shm-usage",  # containers have a small /dev/shm; use /tmp instead
        "--disable-gpu",
        # No calls home: this machine's network refuses them, and they slow every start.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={DESKTOP.width},{DESKTOP.height}",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


def accept_language(languages: tuple[str, ...]) -> str:
    """The header Chromium makes of its language preferences: each after the first with a
    q-value a tenth lower (ur,en-GB;q=0.9,en;q=0.8)."""
    return ",".join(
        code if n == 0 else f"{code};q={max(10 - n, 1) / 10:.1f}"
        for n, code in enumerate(languages)
    )


def set_up(driver: webdriver.Chrome, viewport: Viewport, languages: tuple[str, ...]) -> None:
    """The viewport and languages of a phone or desktop, on the session's one browser.

    Headless windows are at least 500 px wide and lose some height to the window's frame: the
    exact viewport is set by emulation instead, and it holds across navigations. The languages
    go out as Accept-Language and are what scripts read in navigator.languages."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": viewport.width,
            "height": viewport.height,
            "deviceScaleFactor": 1,
            "mobile": viewport.mobile,
        },
    )
    driver.execute_cdp_cmd("Network.enable", {})
    user_agent = driver.execute_cdp_cmd("Browser.getVersion", {})["userAgent"]
    # navigator.languages from the plain list; the header with q-values, as Chromium sends it.
    driver.execute_cdp_cmd(
        "Emulation.setUserAgentOverride",
        {"userAgent": user_agent, "acceptLanguage": ",".join(languages)},
    )
    driver.execute_cdp_cmd(
        "Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": accept_language(languages)}}
    )
    driver.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": languages[0]})


def reset(driver: webdriver.Chrome) -> None:
    """Nothing of one test left for the next: a new tab (no emulation, no script a test had
    injected into its pages) and no cookies, storage or cache."""
    used = driver.current_window_handle
    driver.switch_to.new_window("tab")
    fresh = driver.current_window_handle
    driver.switch_to.window(used)
    driver.close()
    driver.switch_to.window(fresh)
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": "*", "storageTypes": "all"})
