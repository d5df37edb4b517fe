"""The harness itself: the viewport, languages and screenshots the browser tests rely on."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from tests.browser.chromium import DESKTOP, PHONE
from tests.browser.screenshots import screenshot

# As Nishan's pages have it; without it a phone lays a page out 980 px wide and zooms out.
WIDTH_OF_DEVICE = "<meta name=viewport content='width=device-width, initial-scale=1'>"


class EchoAcceptLanguage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = f"<title>{self.headers.get('Accept-Language')}</title>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_origin() -> Iterator[str]:
    """A loopback server whose page's title is the Accept-Language it was sent."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoAcceptLanguage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_are_laid_out_at_the_viewport_asked_for(browser, viewport):
    driver = browser(viewport)
    driver.get(f"data:text/html,{WIDTH_OF_DEVICE}<p>Nishan")
    size = driver.execute_script("return [innerWidth, innerHeight, devicePixelRatio]")
    assert size == [viewport.width, viewport.height, 1]


def test_the_languages_asked_for_are_sent_as_accept_language(browser, echo_origin):
    driver = browser(languages=("ur", "en-GB"))
    driver.get(echo_origin)
    assert driver.title.replace(" ", "").startswith("ur,en-GB;q=0.9")
    assert driver.execute_script("return navigator.languages") == ["ur", "en-GB"]


def test_a_screenshot_is_of_the_whole_page(browser, tmp_path, monkeypatch):
    monkeypatch.setenv("NISHAN_TEST_ARTIFACTS", str(tmp_path))
    driver = browser(PHONE)
    driver.get(
        f"data:text/html,{WIDTH_OF_DEVICE}<body style='margin:0'><div style='height:2400px'>Tall"
    )
    path = screenshot(driver, "a tall page [phone]")
    assert path == tmp_path / "a-tall-page-phone.png"
    assert Image.open(path).size == (360, 2400)
