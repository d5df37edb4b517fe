"""Fixtures shared by the whole suite.

Storage-touching tests run on both backends through the `database_url` parameter: a temporary
SQLite file, and a real PostgreSQL database created for the test and dropped after it. Without a
reachable PostgreSQL those cases skip with the reason, unless NISHAN_REQUIRE_POSTGRES=1 (as in
CI), where they fail.
"""

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import uuid4

import psycopg
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings, load_settings
from api.wiring import Nishan
from projections.worker import run_worker

POSTGRES_ADMIN_URL = os.environ.get(
    "NISHAN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _postgres_unavailable(error: Exception) -> None:
    reason = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}"
    if os.environ.get("NISHAN_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " (NISHAN_REQUIRE_POSTGRES=1 makes this a failure)")
    pytest.skip(reason)


@contextmanager
def _new_postgres_database() -> Iterator[str]:
    """A database of its own for one test, dropped afterwards."""
    name = f"nishan_test_{uuid4().hex[:16]}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        _postgres_unavailable(error)
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/nishan.db"
        return
    with _new_postgres_database() as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """For what only PostgreSQL has, such as the separate projection worker."""
    with _new_postgres_database() as url:
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(database_url=database_url, public_base_url="http://testserver")


@pytest.fixture
def nishan(settings: Settings) -> Iterator[Nishan]:
    system = Nishan(settings)
    yield system
    system.close()


@pytest.fixture
def postgres_nishan(postgres_url: str) -> Iterator[Nishan]:
    system = Nishan(load_settings(database_url=postgres_url))
    yield system
    system.close()


def wait_for_views(nishan: Nishan, timeout: float = 15.0, names: list[str] | None = None) -> None:
    """Wait until the named views (all by default) have reached the head of their logs."""
    deadline = time.monotonic() + timeout
    while True:
        positions = [p for p in nishan.updater.positions() if not names or p.projection in names]
        if not any(p.lag for p in positions):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"views did not catch up in {timeout} s: {positions}")
        time.sleep(0.02)


class ViewsWorker:
    """The projection worker, run in a thread as `nishan projections run` runs it in production.

    On SQLite the views are current after each command already; there is then nothing to run.
    """

    def __init__(self, nishan: Nishan) -> None:
        self.nishan = nishan
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        if not nishan.updates_views_inline:
            worker_nishan = Nishan(nishan.settings)  # its own connections, like its own process
            self._worker_nishan = worker_nishan
            self.thread = threading.Thread(
                target=run_worker,
                args=(worker_nishan.updater, None, worker_nishan.change_listener(), self.stop),
                daemon=True,
            )
            self.thread.start()

    def wait_until_current(self, timeout: float = 15.0) -> None:
        wait_for_views(self.nishan, timeout)

    def close(self) -> None:
        if self.thread is not None:
            self.stop.set()
            self.thread.join(timeout=10)
            self._worker_nishan.close()


@pytest.fixture
def views(nishan: Nishan) -> Iterator[ViewsWorker]:
    worker = ViewsWorker(nishan)
    yield worker
    worker.close()


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
    """Nishan served by uvicorn on a loopback port, its QR codes pointing at that origin; here
    for both the API tests over real HTTP and the browser tests."""
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
