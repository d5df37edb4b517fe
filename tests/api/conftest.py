"""API fixtures: the app in-process (TestClient) or behind a real uvicorn server on loopback."""

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import load_settings
from api.wiring import Nishan
from tests.conftest import ViewsWorker


@pytest.fixture
def client(nishan: Nishan) -> Iterator[TestClient]:
    with TestClient(create_app(nishan=nishan), raise_server_exceptions=False) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    origin: str
    nishan: Nishan
    views: ViewsWorker


@pytest.fixture
def live_server(database_url: str) -> Iterator[LiveServer]:
    """Nishan served by uvicorn on a loopback port, its QR codes pointing at that origin."""
    port = _free_port()
    origin = f"http://127.0.0.1:{port}"
    nishan = Nishan(load_settings(database_url=database_url, public_base_url=origin))
    views = ViewsWorker(nishan)
    server = uvicorn.Server(
        uvicorn.Config(create_app(nishan=nishan), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield LiveServer(origin, nishan, views)
    server.should_exit = True
    thread.join(timeout=10)
    views.close()
    nishan.close()
