"""Full-page screenshots kept as test artifacts, for a person (or CI's artifact store) to see."""

import base64
import os
import re
from pathlib import Path

from selenium.webdriver.remote.webdriver import WebDriver

REPO_ROOT = Path(__file__).resolve().parents[2]


def artifacts_dir() -> Path:
    return Path(os.environ.get("NISHAN_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))


def screenshot(driver: WebDriver, name: str) -> Path:
    """Saves the whole page, not only the viewport, as `<artifacts>/<name>.png`."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    file_name = re.sub(r"[^\w.-]+", "-", name).strip("-") + ".png"
    path = artifacts_dir() / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    return path
