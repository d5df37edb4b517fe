"""Checkers the tests borrow from npm, at pinned versions, fetched once into a cache folder
(`npm pack`, so no node_modules and no install scripts) and never committed: the Nu HTML
checker's vnu.jar. Without npm or Java the tests that need them skip with the reason, unless
NISHAN_REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

import fcntl
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

VNU_JAR_VERSION = "26.9.27"
CACHE = Path(os.environ.get("NISHAN_TEST_TOOLS", Path.home() / ".cache" / "nishan-test-tools"))


def unavailable(reason: str) -> None:
    if os.environ.get("NISHAN_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " (NISHAN_REQUIRE_BROWSER=1 makes this a failure)")
    pytest.skip(reason)


def npm_package_file(package: str, version: str, inside: str) -> Path:
    """`inside` (a path in the package) of package@version, fetched into the cache if missing."""
    folder = CACHE / f"{package}-{version}"
    wanted = folder / "package" / inside
    if wanted.exists():
        return wanted
    CACHE.mkdir(parents=True, exist_ok=True)
    # The suite's processes (pytest-xdist) may want it at once: one fetches, the others wait.
    with open(CACHE / f"{package}-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not wanted.exists():
            _fetch(package, version, folder)
    return wanted


def _fetch(package: str, version: str, folder: Path) -> None:
    if shutil.which("npm") is None:
        unavailable(f"npm is not installed, so {package}@{version} cannot be fetched")
    folder.mkdir(parents=True, exist_ok=True)
    packed = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if packed.returncode != 0:
        unavailable(f"npm pack {package}@{version} failed: {packed.stderr.strip()[-300:]}")
    [archive] = folder.glob("*.tgz")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    archive.unlink()


def vnu_jar() -> Path:
    if shutil.which("java") is None:
        unavailable("Java is not installed, so the Nu HTML checker cannot run")
    return npm_package_file("vnu-jar", VNU_JAR_VERSION, "build/dist/vnu.jar")


AXE_CORE_VERSION = "4.14.1"


def axe_core_script() -> str:
    """axe-core's browser build, to inject into a page through Selenium."""
    return npm_package_file("axe-core", AXE_CORE_VERSION, "axe.min.js").read_text()
