"""API fixtures: the app in-process (TestClient). The app behind a real uvicorn server on
loopback, `live_server`, is in tests/conftest.py, shared with the browser tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bootstrap import Nishan
from tests.api.scenario import Scenario, expect


@pytest.fixture
def client(nishan: Nishan) -> Iterator[TestClient]:
    with TestClient(create_app(nishan=nishan), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def scenario(client: TestClient, nishan: Nishan) -> Scenario:
    """Accounts of every role, opened over HTTP."""
    return Scenario.start(client, nishan)


@pytest.fixture
def verified_lot(client: TestClient, nishan: Nishan) -> str:
    """A lot made at a factory a clean inspection certified, with the views caught up."""
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory_id))
    lot_id = scenario.create_lot()
    expect(scenario.attach(lot_id, factory_id, "tanning"), 201)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return lot_id
