"""The `browser` fixture: headless Chromiums at a chosen viewport and languages, quit after the
test. Without Chromium or chromedriver the browser tests skip with the reason, unless
NISHAN_REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

import os
from collections.abc import Callable, Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.chromium import PHONE, Viewport, missing_programs, start_chromium

StartBrowser = Callable[..., WebDriver]


def _browser_unavailable(missing: list[str]) -> None:
    reason = f"Chromium for the browser tests is not installed: no {', '.join(missing)}"
    if os.environ.get("NISHAN_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (NISHAN_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(reason)


@pytest.fixture
def browser() -> Iterator[StartBrowser]:
    """Starts a browser: `browser(PHONE, languages=("de", "en"))`; PHONE by default, English."""
    if missing := missing_programs():
        _browser_unavailable(missing)
    started: list[WebDriver] = []

    def start(viewport: Viewport = PHONE, languages: tuple[str, ...] = ("en",)) -> WebDriver:
        started.append(start_chromium(viewport, languages))
        return started[-1]

    yield start
    for driver in started:
        driver.quit()
