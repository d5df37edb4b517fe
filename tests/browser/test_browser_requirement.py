"""Without Chromium or its driver, the browser tests skip and say why, unless CI requires them."""

import os
import subprocess
import sys

NOWHERE = "/nonexistent/chromium"
ONE_BROWSER_TEST = "tests/browser/test_chromium_harness.py::test_a_screenshot_is_of_the_whole_page"


def run_pytest(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", ONE_BROWSER_TEST, "-rs", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NISHAN_TEST_CHROMIUM": NOWHERE, **env},
    )


def test_browser_tests_skip_with_the_reason_when_chromium_is_missing():
    done = run_pytest(NISHAN_REQUIRE_BROWSER="0")
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert f"Chromium for the browser tests is not installed: no {NOWHERE}" in done.stdout


def test_browser_tests_fail_when_ci_requires_them():
    done = run_pytest(NISHAN_REQUIRE_BROWSER="1")
    assert done.returncode == 1
    assert "1 error" in done.stdout
    assert "NISHAN_REQUIRE_BROWSER=1 makes this a failure" in done.stdout
