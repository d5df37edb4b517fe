"""A bug answers 500 with a stable code and no trace for the client; the log keeps the trace."""

import logging

from fastapi.testclient import TestClient

from api.app import create_app


def test_a_bug_is_logged_with_its_traceback_and_hidden_from_the_client(nishan, caplog):
    app = create_app(nishan=nishan)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("the secret detail of a bug")

    with TestClient(app, raise_server_exceptions=False) as client, caplog.at_level(logging.ERROR):
        answer = client.get("/boom")
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_error"
    assert "secret detail" not in answer.text
    assert "RuntimeError: the secret detail of a bug" in caplog.text
    assert "Traceback" in caplog.text
