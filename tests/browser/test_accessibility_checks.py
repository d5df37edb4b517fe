"""The in-page accessibility checks find each kind of problem, and pass a sound page."""

from tests.browser.accessibility import accessibility_problems, contrast_ratio

VIEWPORT = "<meta name=viewport content='width=device-width, initial-scale=1'>"
SOUND = (
    "<!doctype html><html lang=en>" + VIEWPORT + "<body style='background:#fff;color:#1b1f23'>"
    "<h1>Verified</h1><h2>Gloves</h2><h3>Factory</h3><h2>History</h2>"
    "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' alt='QR code'>"
    "<div style='background:rgba(0,0,0,.6)'><p style='color:#fff'>Over a translucent layer</p>"
)
FAULTY = (
    "<!doctype html><html>" + VIEWPORT + "<body style='background:#dafbe1'>"
    "<h2>Gloves</h2><h1>Verified</h1><h2>Factory</h2><h4>Deep</h4>"
    "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='><img alt=' ' src='x.png'>"
    "<p id=faint style='color:#8fbc8f'>Faint</p>"
    "<p style='background:linear-gradient(#fff,#000)'>Over a gradient</p>"
)


def page(driver, html: str) -> None:
    driver.get("data:text/html;charset=utf-8," + html.replace("#", "%23"))


def test_a_sound_page_has_no_problems(browser):
    driver = browser()
    page(driver, SOUND)
    assert accessibility_problems(driver) == []
    assert round(contrast_ratio(driver, "h1"), 1) == 16.6  # #1b1f23 on white
    assert round(contrast_ratio(driver, "p"), 1) == 5.7  # white on #666, the blended grey


def test_each_problem_is_found_and_named(browser):
    driver = browser()
    page(driver, FAULTY)
    problems = accessibility_problems(driver)
    expected = [
        "<html> has no lang",
        "has no alt text",
        "has no alt text",
        'the first heading is <h2> "Gloves", not an h1',
        '<h4> "Deep" skips a level after an h2',
        '<p id=faint> "Faint" has contrast 1.9',
        "has a background image, so contrast cannot be computed",
    ]
    for fragment in expected:
        assert any(fragment in problem for problem in problems), (fragment, problems)
        problems.remove(next(problem for problem in problems if fragment in problem))
    assert problems == []
