"""The `browser` fixture: one headless Chromium for the whole session, set to the viewport and
languages each test asks for, and wiped clean after each test. Without Chromium or chromedriver
the browser tests skip with the reason, unless NISHAN_REQUIRE_BROWSER=1 (as in CI), where they
fail.
"""

import os
from collections.abc import Callable, Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.chromium import PHONE, Viewport, missing_programs, reset, set_up, start_chromium

StartBrowser = Callable[..., WebDriver]


def _browser_unavailable(missing: list[str]) -> None:
    reason = f"Chromium for the browser tests is not installed: no {', '.join(missing)}"
    if os.environ.get("NISHAN_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (NISHAN_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[WebDriver]:
    """Started once: a Chromium takes about half a second to start, a new setting none."""
    if missing := missing_programs():
        _browser_unavailable(missing)
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def browser(chromium: WebDriver) -> Iterator[StartBrowser]:
    """The browser at a viewport and languages: `browser(PHONE, languages=("de", "en"))`;
    PHONE by default, English. Cookies, storage and cache are cleared after the test."""

    def start(viewport: Viewport = PHONE, languages: tuple[str, ...] = ("en",)) -> WebDriver:
        set_up(chromium, viewport, languages)
        return chromium

    yield start
    reset(chromium)
