"""Without a reachable PostgreSQL or without Chromium, their cases skip and say why, unless CI
requires them (NISHAN_REQUIRE_POSTGRES=1, NISHAN_REQUIRE_BROWSER=1), where they fail."""

import os
import subprocess
import sys

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/postgres"  # nothing listens on port 1
NOWHERE = "/nonexistent/chromium"
ONE_STORAGE_TEST = "tests/projections/test_exactly_once.py::test_views_equal_a_rebuild_from_scratch"
ONE_BROWSER_TEST = "tests/browser/test_chromium_harness.py::test_a_screenshot_is_of_the_whole_page"


def run_pytest(required: str) -> subprocess.CompletedProcess:
    """Both kinds of case in one run, as a newcomer's machine without either would run them."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            ONE_STORAGE_TEST,
            ONE_BROWSER_TEST,
            "-rs",
            # Plugins these cases do not use, left out to start in half the time.
            *("-p", "no:cacheprovider", "-p", "no:schemathesis", "-p", "no:hypothesispytest"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "NISHAN_TEST_POSTGRES_URL": UNREACHABLE,
            "NISHAN_TEST_CHROMIUM": NOWHERE,
            "NISHAN_REQUIRE_POSTGRES": required,
            "NISHAN_REQUIRE_BROWSER": required,
        },
    )


def test_cases_skip_with_the_reason_when_postgresql_or_chromium_is_missing():
    done = run_pytest(required="0")
    assert done.returncode == 0, done.stdout
    assert "1 passed, 2 skipped" in done.stdout  # the SQLite case runs
    assert f"PostgreSQL is not reachable at {UNREACHABLE}" in done.stdout
    assert f"Chromium for the browser tests is not installed: no {NOWHERE}" in done.stdout


def test_cases_fail_when_ci_requires_postgresql_and_chromium():
    done = run_pytest(required="1")
    assert done.returncode == 1
    assert "1 passed, 2 errors" in done.stdout
    assert "NISHAN_REQUIRE_POSTGRES=1 makes this a failure" in done.stdout
    assert "NISHAN_REQUIRE_BROWSER=1 makes this a failure" in done.stdout
