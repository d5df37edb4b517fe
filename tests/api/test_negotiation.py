import pytest

from api.negotiation import prefers_json


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        ("application/json", True),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),
        ("application/json, text/html;q=0.5", True),
        ("text/html, application/json;q=0.9", False),
        ("application/*", True),  # it does not accept HTML at all
        ("application/json;q=0", False),
    ],
)
def test_browsers_get_html_and_machines_that_ask_get_json(accept, json):
    assert prefers_json(accept) is json
