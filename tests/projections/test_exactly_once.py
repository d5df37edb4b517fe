"""Views change together with their position, once per event, and equal a rebuild from scratch."""

import threading
import time
from datetime import date
from decimal import Decimal

import psycopg
import pytest

from bootstrap import Nishan, load_settings
from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.traceability.lot import Unit
from projections import updater as updater_module
from projections.catalogue import PROJECTIONS
from projections.lot_compliance import LotCompliance
from projections.updater import ViewUpdater
from projections.view_store import PositionMoved, ViewOutdated, ViewStore
from tests.conftest import POSTGRES_ADMIN_URL, ViewsWorker, wait_for_views
from tests.samples import PERIOD, exporter_user, factory_details

pytestmark = pytest.mark.both_backends  # the backend can change the answer

DAY = date(2026, 11, 20)


def make_history(nishan: Nishan, lots: int) -> None:
    """A certified factory and `lots` lots made there: 2 events per lot in the Traceability log."""
    admin = Actor(
        nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id,
        Role.ADMIN,
    )
    inspector = nishan.accounts.open_account(
        "Bilal", Role.INSPECTOR, "Punjab", by=admin, jurisdiction=Jurisdiction("Punjab")
    )
    exporter = exporter_user(nishan, admin)
    factory = nishan.inspections.register_factory(factory_details(), by=admin)
    visit = nishan.inspections.schedule_inspection(
        factory, inspector.account_id, DAY, True, by=admin
    )
    nishan.inspections.start_inspection(visit, by=admin)
    nishan.inspections.complete_inspection(visit, DAY, by=admin)
    for n in range(lots):
        lot = nishan.traceability.create_lot(
            f"Footballs {n}", "950662", Decimal(n + 1), Unit.PIECES, f"L{n}", PERIOD, by=exporter
        )
        nishan.traceability.attach_lot_to_factory(lot, factory, "stitching", DAY, by=exporter)


def snapshot(nishan: Nishan) -> dict[str, list[tuple]]:
    tables = [t for p in PROJECTIONS.values() for t in p.tables]
    with nishan.views.reading() as cursor:
        return {
            table: sorted(
                tuple(row.values()) if isinstance(row, dict) else tuple(row)
                for row in cursor.execute(f"SELECT * FROM {table}").fetchall()
            )
            for table in tables
        }


def fresh_updater(nishan: Nishan) -> ViewUpdater:
    """A second updater over the same database, as another process would have."""
    apps = {app.name: app for app in (nishan.accounts, nishan.inspections, nishan.traceability)}
    return ViewUpdater(nishan.views, apps, PROJECTIONS.values())


def caught_up(nishan: Nishan) -> None:
    nishan.updater.catch_up()
    assert all(p.lag == 0 for p in nishan.updater.positions())


def test_views_equal_a_rebuild_from_scratch(nishan):
    make_history(nishan, lots=30)
    caught_up(nishan)
    before = snapshot(nishan)
    assert len(before["lot_compliance"]) == 30
    assert len(before["lot_productions"]) == 30
    for name in PROJECTIONS:
        nishan.updater.rebuild(name)
    assert snapshot(nishan) == before
    assert all(p.lag == 0 for p in nishan.updater.positions())


def test_a_batch_that_fails_half_way_leaves_neither_rows_nor_position_behind(nishan, monkeypatch):
    monkeypatch.setattr(updater_module, "BATCH_SIZE", 7)
    nishan.updates_views_inline = False  # no catch-up inside the commands below
    before_position = nishan.views.position("lot_compliance", "Traceability")
    make_history(nishan, lots=10)
    before = snapshot(nishan)
    applied = []
    original = LotCompliance.apply

    def apply_then_crash(self, event, cursor):
        original(self, event, cursor)
        applied.append(event)
        if len(applied) == 10:  # the third event of the second batch
            raise RuntimeError("the process dies here")

    monkeypatch.setattr(LotCompliance, "apply", apply_then_crash)
    broken = fresh_updater(nishan)
    with pytest.raises(RuntimeError):
        broken.catch_up(["lot_compliance"])
    # The first batch committed whole, the second not at all.
    position = nishan.views.position("lot_compliance", "Traceability")
    assert position > before_position
    rows = snapshot(nishan)
    assert (
        len(rows["lot_compliance"])
        + len(rows["lot_productions"])
        - (len(before["lot_compliance"]) + len(before["lot_productions"]))
        == 7
    )

    monkeypatch.setattr(LotCompliance, "apply", original)
    caught_up(nishan)
    after = snapshot(nishan)
    for name in PROJECTIONS:
        nishan.updater.rebuild(name)
    assert snapshot(nishan) == after
    assert len(after["lot_compliance"]) == 10


def test_two_processes_catching_up_at_once_apply_each_event_once(nishan, monkeypatch):
    monkeypatch.setattr(updater_module, "BATCH_SIZE", 5)
    other = Nishan(nishan.settings)  # its own connections, as another process has
    nishan.updates_views_inline = other.updates_views_inline = False
    make_history(nishan, lots=60)
    # Both processes read the same position and batch, then race to apply it.
    both_ready = threading.Barrier(2, timeout=10)
    racers: set[int] = set()
    moved = []
    advance = ViewStore.advance

    def racing_advance(cursor, projection, version, application, expected, position):
        if threading.get_ident() in racers:
            racers.discard(threading.get_ident())
            both_ready.wait()
        try:
            advance(cursor, projection, version, application, expected, position)
        except PositionMoved:
            moved.append(projection)
            raise

    monkeypatch.setattr(ViewStore, "advance", staticmethod(racing_advance))
    try:
        updaters = [fresh_updater(nishan), fresh_updater(other)]
        errors: list[BaseException] = []

        def run(updater: ViewUpdater) -> None:
            racers.add(threading.get_ident())
            try:
                updater.catch_up()
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=run, args=(u,)) for u in updaters]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert moved, "the two processes never contended for a batch"
        raced = snapshot(nishan)
        assert len(raced["lot_compliance"]) == 60
        assert len(raced["lot_productions"]) == 60
        for name in PROJECTIONS:
            nishan.updater.rebuild(name)
        assert snapshot(nishan) == raced
    finally:
        other.close()


def test_a_view_whose_version_changed_is_rebuilt_by_the_process_that_keeps_the_views(
    nishan, monkeypatch
):
    make_history(nishan, lots=3)
    caught_up(nishan)
    with nishan.views.transaction() as cursor:  # damage the view, as a stale version would be
        cursor.execute("DELETE FROM lot_productions")
    monkeypatch.setattr(LotCompliance, "version", LotCompliance.version + 1)
    updater = fresh_updater(nishan)

    # An API process on PostgreSQL leaves the view to the worker...
    updater.prepare(keeps=())
    assert nishan.views.position("lot_compliance", "Traceability") > 0
    # ...and the worker rebuilds it.
    updater.prepare(keeps=["lot_compliance"])
    assert nishan.views.position("lot_compliance", "Traceability") == 0
    updater.catch_up()
    assert len(snapshot(nishan)["lot_productions"]) == 3


def test_a_view_reset_between_two_batches_of_another_process_loses_nothing(nishan, monkeypatch):
    monkeypatch.setattr(updater_module, "BATCH_SIZE", 5)
    nishan.updates_views_inline = False
    make_history(nishan, lots=10)
    old_worker, new_worker = fresh_updater(nishan), fresh_updater(nishan)
    reset_once = []

    def new_version_deployed(name: str, reached: int) -> None:
        # After the old worker's first batch, a newly deployed worker resets the outdated view.
        if name == "lot_compliance" and not reset_once:
            reset_once.append(reached)
            monkeypatch.setattr(LotCompliance, "version", LotCompliance.version + 1)
            new_worker.prepare(keeps=["lot_compliance"])

    old_worker.catch_up(["lot_compliance"], progress=new_version_deployed)
    new_worker.catch_up(["lot_compliance"])
    assert reset_once
    assert len(snapshot(nishan)["lot_compliance"]) == 10
    [lots] = [p for p in new_worker.positions() if p.projection == "lot_compliance"]
    assert lots.lag == 0


def test_a_stale_position_never_moves_a_view_that_was_reset(nishan):
    def advance(expected: int, position: int, version: int = LotCompliance.version) -> None:
        with nishan.views.transaction() as cursor:
            nishan.views.advance(
                cursor, "lot_compliance", version, "Traceability", expected, position
            )

    advance(expected=0, position=4)
    with pytest.raises(PositionMoved):
        advance(expected=0, position=9)
    with nishan.views.transaction() as cursor:
        cursor.execute("DELETE FROM projection_positions")
    with pytest.raises(PositionMoved):
        advance(expected=4, position=9)
    assert nishan.views.position("lot_compliance", "Traceability") == 0


def test_a_process_running_an_older_version_of_a_view_cannot_write_into_it(nishan, monkeypatch):
    nishan.updates_views_inline = False
    make_history(nishan, lots=2)
    old_release = fresh_updater(nishan)
    monkeypatch.setattr(LotCompliance, "version", LotCompliance.version + 1)
    fresh_updater(nishan).prepare(keeps=["lot_compliance"])  # the new release's worker starts
    monkeypatch.setattr(LotCompliance, "version", LotCompliance.version - 1)
    with pytest.raises(ViewOutdated, match="stop it and run the newer release"):
        old_release.catch_up(["lot_compliance"])
    assert snapshot(nishan)["lot_compliance"] == []


def test_the_worker_survives_a_lost_database_connection(postgres_url):
    nishan = Nishan(load_settings(database_url=postgres_url))
    views = ViewsWorker(nishan)
    try:
        make_history(nishan, lots=2)
        views.wait_until_current()
        # Cut every connection to the database, the worker's included, as a restart would.
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (nishan.settings.database.name,),
            )
        # Writes come from a process started after the cut, so that only the worker's own
        # connections are the lost ones (a pool waits a second for each dead connection).
        writer = Nishan(nishan.settings)
        try:
            make_history(writer, lots=3)
            wait_for_views(writer, timeout=30)
            assert len(snapshot(writer)["lot_compliance"]) == 5
        finally:
            writer.close()
    finally:
        views.close()
        nishan.close()


def test_a_rebuild_during_a_views_first_batch_elsewhere_loses_nothing(nishan, monkeypatch):
    nishan.updates_views_inline = False
    make_history(nishan, lots=5)
    worker, operator = fresh_updater(nishan), fresh_updater(nishan)
    in_first_batch, rebuild_started = threading.Event(), threading.Event()
    apply = LotCompliance.apply

    def hold_the_first_batch_open(self, event, cursor):
        apply(self, event, cursor)  # the batch has written to the view...
        if not in_first_batch.is_set():
            in_first_batch.set()  # ...and stays open while the rebuild starts
            rebuild_started.wait(10)
            time.sleep(0.5)  # time for the rebuild to reach the view's tables

    monkeypatch.setattr(LotCompliance, "apply", hold_the_first_batch_open)
    errors: list[BaseException] = []

    def run(target, *args) -> threading.Thread:
        def guarded() -> None:
            try:
                target(*args)
            except BaseException as error:
                errors.append(error)

        thread = threading.Thread(target=guarded)
        thread.start()
        return thread

    batch = run(worker.catch_up, ["lot_compliance"])
    assert in_first_batch.wait(10)
    rebuild_started.set()
    rebuild = run(operator.rebuild, "lot_compliance")
    batch.join()
    rebuild.join()
    assert errors == []
    worker.catch_up(["lot_compliance"])
    assert len(snapshot(nishan)["lot_compliance"]) == 5
    [lots] = [p for p in worker.positions() if p.projection == "lot_compliance"]
    assert lots.lag == 0
