"""A rebuild replays in a stage and swaps the new view in at once: readers never see it half
built, a failed rebuild changes nothing, and what was recorded meanwhile is not lost."""

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import psycopg
import pytest

from domain.accounts.account import CONSOLE
from domain.actor import Actor, Role
from domain.traceability.lot import Lot
from projections import helper_replay
from projections import stage as stage_module
from projections import updater as updater_module
from projections.catalogue import PROJECTIONS
from projections.factory_status import find_factory_status
from projections.lot_compliance import LotCompliance
from projections.projection import moment
from tests.projections.test_exactly_once import make_history, snapshot
from tests.samples import factory_details

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def lots_in_view(nishan) -> int:
    with nishan.views.reading() as cursor:
        return cursor.execute("SELECT COUNT(*) AS n FROM lot_compliance").fetchone()["n"]


def positions(nishan) -> dict[str, int]:
    return {p.projection: p.position for p in nishan.updater.positions()}


def test_readers_see_the_whole_old_view_until_the_rebuilt_one_replaces_it(nishan, monkeypatch):
    monkeypatch.setattr(stage_module, "BATCH", 4)
    make_history(nishan, lots=12)
    nishan.updater.catch_up()
    seen_while_rebuilding = []
    nishan.updater.rebuild(
        "lot_compliance", progress=lambda *_: seen_while_rebuilding.append(lots_in_view(nishan))
    )
    assert len(seen_while_rebuilding) >= 6  # 24 events in batches of 4
    assert set(seen_while_rebuilding) == {12}
    assert lots_in_view(nishan) == 12


def test_a_rebuild_that_fails_leaves_the_views_and_positions_as_they_were(nishan, monkeypatch):
    make_history(nishan, lots=6)
    nishan.updater.catch_up()
    before, where = snapshot(nishan), positions(nishan)
    applied = []
    original = LotCompliance.handlers[Lot.ProducedAt]

    def crash_on_the_third_production(self, event, cursor):
        original(self, event, cursor)
        applied.append(event)
        if len(applied) == 3:
            raise RuntimeError("the process dies here")

    monkeypatch.setitem(LotCompliance.handlers, Lot.ProducedAt, crash_on_the_third_production)
    with pytest.raises(RuntimeError):
        nishan.updater.rebuild(*PROJECTIONS)
    assert snapshot(nishan) == before
    assert positions(nishan) == where


def test_events_recorded_while_a_rebuild_replays_are_applied_after_the_swap(nishan, monkeypatch):
    monkeypatch.setattr(stage_module, "BATCH", 4)
    nishan.updates_views_inline = False
    make_history(nishan, lots=10)
    nishan.updater.catch_up()
    recorded_meanwhile = []

    def record_more_lots(name, position):
        if not recorded_meanwhile:
            recorded_meanwhile.append(position)
            make_history(nishan, lots=3)

    nishan.updater.rebuild(*PROJECTIONS, progress=record_more_lots)
    assert recorded_meanwhile
    assert all(p.lag == 0 for p in nishan.updater.positions())
    assert lots_in_view(nishan) == 13
    rebuilt = snapshot(nishan)
    nishan.updater.rebuild(*PROJECTIONS)
    assert snapshot(nishan) == rebuilt


def test_text_postgresql_cannot_hold_is_copied_in_as_a_replacement_character(postgres_nishan):
    admin = Actor(
        postgres_nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id,
        Role.ADMIN,
    )
    factory_id = postgres_nishan.inspections.register_factory(
        factory_details(name="Evil\x00Works"), by=admin
    )
    postgres_nishan.updater.rebuild("factory_status")
    status = find_factory_status(postgres_nishan.views, str(factory_id), date.today())
    assert status["name"] == "Evil\ufffdWorks"


def test_a_helper_process_replaying_part_of_a_rebuild_gives_the_same_views(nishan, monkeypatch):
    monkeypatch.setattr(helper_replay, "MIN_EVENTS", 0)  # so that even a short log is shared
    make_history(nishan, lots=8)
    nishan.updater.catch_up()
    before = snapshot(nishan)
    views = [nishan.updater._projection(name) for name in PROJECTIONS]
    [helped] = helper_replay.choose_helped(views, nishan.updater.applications)
    assert helped.name == "lot_history"  # it reads no other view's tables, nor they its
    started = []
    start = updater_module.start_helper
    monkeypatch.setattr(
        updater_module, "start_helper", lambda *a: started.append(a[1]) or start(*a)
    )
    nishan.updater.rebuild(*PROJECTIONS)
    assert [[view.name for view in views] for views in started] == [["lot_history"]]
    assert snapshot(nishan) == before
    assert all(p.lag == 0 for p in nishan.updater.positions())


def broken_logs():
    raise RuntimeError("the helper cannot reach the database")


def test_a_failed_helper_fails_the_rebuild_and_leaves_the_views(nishan, monkeypatch):
    monkeypatch.setattr(helper_replay, "MIN_EVENTS", 0)
    make_history(nishan, lots=4)
    nishan.updater.catch_up()
    before, where = snapshot(nishan), positions(nishan)
    monkeypatch.setattr(nishan.updater, "open_logs", broken_logs)
    with pytest.raises(helper_replay.HelperFailed, match="cannot reach the database"):
        nishan.updater.rebuild(*PROJECTIONS)
    assert snapshot(nishan) == before
    assert positions(nishan) == where


def test_views_that_read_each_other_are_rebuilt_together(nishan):
    chosen = nishan.updater._with_partners([nishan.updater._projection("review_productions")])
    assert {view.name for view in chosen} == {"review_productions", "review_suspensions"}
    alone = nishan.updater._with_partners([nishan.updater._projection("lot_history")])
    assert [view.name for view in alone] == ["lot_history"]


def test_readers_on_postgresql_neither_wait_for_nor_block_a_rebuild(postgres_nishan):
    make_history(postgres_nishan, lots=5)
    postgres_nishan.updater.catch_up()
    url = postgres_nishan.settings.database.url
    with psycopg.connect(url) as reader:
        # A lot page being read: it holds its tables until its transaction ends.
        seen = reader.execute("SELECT COUNT(*) FROM lot_compliance").fetchone()[0]
        reader.execute("SELECT COUNT(*) FROM factory_status").fetchone()
        done = threading.Event()
        rebuild = threading.Thread(
            target=lambda: (postgres_nishan.updater.rebuild(*PROJECTIONS), done.set())
        )
        rebuild.start()
        rebuild.join(timeout=60)
        assert done.is_set(), "the rebuild waited for a reader"
        # The reader still sees the view as it was when its transaction began.
        assert reader.execute("SELECT COUNT(*) FROM lot_compliance").fetchone()[0] == seen == 5


def test_a_moment_is_kept_in_utc_whatever_zone_it_was_given_in():
    in_pakistan = datetime(2026, 11, 21, 0, 0, tzinfo=timezone(timedelta(hours=5)))
    assert moment(in_pakistan) == "2026-11-20T19:00:00.000000+00:00"
    assert moment(in_pakistan.astimezone(UTC)) == "2026-11-20T19:00:00.000000+00:00"
