"""The PostgreSQL projection worker: woken by commits, and kept going by what goes wrong."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import psycopg
import pytest

from bootstrap import Nishan, load_settings
from domain.accounts.account import CONSOLE
from domain.actor import Actor, Role
from projections.factory_status import FactoryStatus, find_factory_status
from projections.worker import connection_lost, run_worker
from tests.conftest import wait_for_views
from tests.projections.test_exactly_once import make_history, snapshot
from tests.samples import factory_details

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def start_worker(nishan: Nishan, poll_seconds: float) -> tuple[threading.Event, threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker,
        args=(nishan.updater, None, nishan.change_listener(), stop, poll_seconds),
        daemon=True,
    )
    thread.start()
    return stop, thread


def test_the_worker_is_woken_by_a_commit_not_by_its_poll(postgres_nishan):
    # A poll an hour long: only PostgreSQL's notification can bring the views up to date in time.
    worker_side = Nishan(postgres_nishan.settings)
    stop, thread = start_worker(worker_side, poll_seconds=3600)
    try:
        make_history(postgres_nishan, lots=3)
        wait_for_views(postgres_nishan)
        assert len(snapshot(postgres_nishan)["lot_compliance"]) == 3
    finally:
        stop.set()
        thread.join(timeout=10)
        worker_side.close()


def test_a_failing_view_is_retried_while_the_others_go_on(postgres_nishan, monkeypatch):
    def broken_handler(self, event, cursor):
        raise RuntimeError("a bug in one view")

    monkeypatch.setattr(FactoryStatus, "apply", broken_handler)
    worker_side = Nishan(postgres_nishan.settings)
    stop, thread = start_worker(worker_side, poll_seconds=0.2)
    try:
        make_history(postgres_nishan, lots=4)
        # lot_compliance is kept current although factory_status fails on every event.
        wait_for_views(postgres_nishan, names=["lot_compliance"])
        assert len(snapshot(postgres_nishan)["lot_compliance"]) == 4
        assert thread.is_alive()
        [factories] = [
            p for p in postgres_nishan.updater.positions() if p.projection == "factory_status"
        ]
        assert factories.lag > 0
    finally:
        stop.set()
        thread.join(timeout=10)
        worker_side.close()


def test_text_with_a_nul_character_does_not_poison_a_postgresql_view(postgres_nishan):
    admin = Actor(
        postgres_nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id,
        Role.ADMIN,
    )
    factory_id = postgres_nishan.inspections.register_factory(
        factory_details(name="Evil\x00Works"), by=admin
    )
    postgres_nishan.updater.catch_up()
    assert (
        find_factory_status(postgres_nishan.views, str(factory_id), date.today())["name"]
        == "Evil\ufffdWorks"
    )


def test_processes_starting_together_on_a_new_database_all_start(empty_postgres_url):
    settings = load_settings(database_url=empty_postgres_url)
    with ThreadPoolExecutor(max_workers=4) as pool:
        started = list(pool.map(lambda _: Nishan(settings), range(4)))
    for nishan in started:
        assert all(p.lag == 0 for p in nishan.updater.positions())
        nishan.close()


def test_only_a_failed_connection_counts_as_losing_the_database():
    from eventsourcing.persistence import OperationalError
    from psycopg import errors

    assert connection_lost(errors.AdminShutdown())
    assert connection_lost(errors.ConnectionFailure())
    assert connection_lost(psycopg.OperationalError("connection refused"))  # no SQLSTATE
    wrapped = OperationalError("server closed the connection")
    wrapped.__cause__ = errors.ConnectionFailure()
    assert connection_lost(wrapped)
    # A statement's trouble is one view's, not the database's.
    assert not connection_lost(errors.DeadlockDetected())
    assert not connection_lost(errors.QueryCanceled())
    assert not connection_lost(RuntimeError("a bug in a handler"))
