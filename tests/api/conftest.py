"""API fixtures: the app in-process (TestClient). The app behind a real uvicorn server on
loopback, `live_server`, is in tests/conftest.py, shared with the browser tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.wiring import Nishan


@pytest.fixture
def client(nishan: Nishan) -> Iterator[TestClient]:
    with TestClient(create_app(nishan=nishan), raise_server_exceptions=False) as test_client:
        yield test_client
