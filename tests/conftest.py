"""Fixtures shared by the whole suite.

Storage-touching tests run on a temporary SQLite file through the `database_url` parameter;
those marked `both_backends` (where the backend can change the answer: persistence, views and
their workers, races, retries, as-of and rebuilds, one end-to-end scenario per context) run on
a real PostgreSQL database too. Each PostgreSQL test gets a database of its own, copied from a
template that holds Nishan's tables and is made once per session, and dropped in the background
after it. Without a reachable PostgreSQL those cases skip with the reason, unless
NISHAN_REQUIRE_POSTGRES=1 (as in CI), where they fail.
"""

import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import uuid4

import psycopg
import pytest
import uvicorn

from api.app import create_app
from bootstrap import Nishan, Settings, load_settings
from projections.worker import run_worker

# Tests run on loaded machines (two cores, a browser, PostgreSQL, other suites): commands wait
# longer for a lock or a pooled connection than a quiet server needs, so that no test fails on
# a wait alone. A test about the wait sets its own; processes the tests start inherit it.
os.environ.setdefault("NISHAN_LOCK_WAIT_SECONDS", "30")
# Tests read a page right after changing its lot: every kept answer checks its row first,
# whatever the shell says. The window a served process keeps answers unread is tested on its
# own (test_page_cache.py).
os.environ["NISHAN_PAGE_CACHE_RECHECK_SECONDS"] = "0"

POSTGRES_ADMIN_URL = os.environ.get(
    "NISHAN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgres")
# Test databases are named after the pytest process that made them, so that a later session can
# drop what a killed one left behind without touching a session running beside it.
DATABASE_PREFIX = "nishan_test_"


def _postgres_unavailable(error: Exception) -> None:
    reason = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}"
    if os.environ.get("NISHAN_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason + " (NISHAN_REQUIRE_POSTGRES=1 makes this a failure)")
    pytest.skip(reason)


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        _postgres_unavailable(error)
        raise


def _url_of(name: str) -> str:
    return f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PostgresDatabases:
    """Databases for the tests of one session: each a copy of a template that already holds
    Nishan's tables (made once, on first use), dropped in the background when its test ends."""

    def __init__(self) -> None:
        self.prefix = f"{DATABASE_PREFIX}{os.getpid()}_"
        self._template: str | None = None
        self._lock = threading.Lock()
        self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-test-db")
        self._drops: list[Future] = []

    def _make_template(self, admin: psycopg.Connection) -> str:
        _drop_left_behind(admin)
        name = f"{self.prefix}template"
        admin.execute(f'CREATE DATABASE "{name}"')
        Nishan(load_settings(database_url=_url_of(name))).close()  # every table, no row
        return name

    @contextmanager
    def new(self, empty: bool = False) -> Iterator[str]:
        """A database of its own for one test; `empty` for one without Nishan's tables."""
        name = f"{self.prefix}{uuid4().hex[:12]}"
        with _admin() as admin:
            if empty:
                admin.execute(f'CREATE DATABASE "{name}"')
            else:
                with self._lock:
                    self._template = self._template or self._make_template(admin)
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
        try:
            yield _url_of(name)
        finally:
            self._drops.append(self._dropper.submit(_drop, name))

    def close(self) -> None:
        for drop in self._drops:
            drop.result()
        self._dropper.shutdown()
        if self._template is not None:
            _drop(self._template)


def _drop(name: str) -> None:
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drop_left_behind(admin: psycopg.Connection) -> None:
    """Databases of earlier sessions that were killed before they could drop them."""
    rows = admin.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s", (DATABASE_PREFIX + "%",)
    ).fetchall()
    for (name,) in rows:
        pid = name.removeprefix(DATABASE_PREFIX).split("_", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases()
    yield databases
    databases.close()


def _parametrized_directly(metafunc: pytest.Metafunc, name: str) -> bool:
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0]
        if name in (names.replace(" ", "").split(",") if isinstance(names, str) else names):
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """SQLite for every storage test; PostgreSQL as well for those marked `both_backends`."""
    if "database_url" not in metafunc.fixturenames:
        return
    if _parametrized_directly(metafunc, "database_url"):
        return
    both = metafunc.definition.get_closest_marker("both_backends") is not None
    metafunc.parametrize("database_url", BACKENDS if both else BACKENDS[:1], indirect=True)


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, tmp_path, postgres_databases: PostgresDatabases
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/nishan.db"
        return
    with postgres_databases.new() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_databases: PostgresDatabases) -> Iterator[str]:
    """For what only PostgreSQL has, such as the separate projection worker."""
    with postgres_databases.new() as url:
        yield url


@pytest.fixture
def empty_postgres_url(postgres_databases: PostgresDatabases) -> Iterator[str]:
    """A database without Nishan's tables, for what happens when they are first made."""
    with postgres_databases.new(empty=True) as url:
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


@contextmanager
def serving(database_url: str) -> Iterator[LiveServer]:
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
    try:
        yield LiveServer(origin, nishan, views)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        views.close()
        nishan.close()


@pytest.fixture
def live_server(database_url: str) -> Iterator[LiveServer]:
    """A server of the test's own, for the API tests over real HTTP."""
    with serving(database_url) as server:
        yield server


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server on SQLite for the whole session, for tests that only read what they made
    (the browser tests): each makes its own records in it, so none sees another's."""
    database = tmp_path_factory.mktemp("shared-server") / "nishan.db"
    with serving(f"sqlite:///{database}") as server:
        yield server
