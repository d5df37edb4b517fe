"""Without a reachable PostgreSQL, its cases skip and say why, unless CI requires them."""

import os
import subprocess
import sys

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/postgres"  # nothing listens on port 1
ONE_STORAGE_TEST = "tests/projections/test_exactly_once.py::test_views_equal_a_rebuild_from_scratch"


def run_pytest(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", ONE_STORAGE_TEST, "-rs", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NISHAN_TEST_POSTGRES_URL": UNREACHABLE, **env},
    )


def test_postgresql_cases_skip_with_the_reason_when_no_server_answers():
    done = run_pytest(NISHAN_REQUIRE_POSTGRES="0")
    assert done.returncode == 0, done.stdout
    assert "1 passed, 1 skipped" in done.stdout
    assert f"PostgreSQL is not reachable at {UNREACHABLE}" in done.stdout


def test_postgresql_cases_fail_when_ci_requires_them():
    done = run_pytest(NISHAN_REQUIRE_POSTGRES="1")
    assert done.returncode == 1
    assert "1 passed, 1 error" in done.stdout
    assert "NISHAN_REQUIRE_POSTGRES=1 makes this a failure" in done.stdout
