"""Each lot's kept page (lot_pages) says what the views say: after every few steps of random
histories, for every lot, on the day and on days later, record and history alike."""

from datetime import timedelta

import pytest

from projections.lot_history_entries import find_latest_history, history_from
from projections.lot_pages import MOST_HISTORY_SHOWN, SELECT_PAGE, kept_page_rows
from projections.lot_record import find_lot_record, lot_record_from
from tests.random_history import DAY, MUST_HAPPEN, RandomHistory

STEPS, CHECKED_EVERY = 80, 8


def kept(nishan, lot_id: str) -> tuple[dict, dict]:
    with nishan.views.reading() as cursor:
        row = cursor.execute(SELECT_PAGE, {"lot_id": lot_id}).fetchone()
    assert row is not None, f"lot {lot_id} has no kept page"
    assert row["current"], f"lot {lot_id}'s page was made before a view restarted"
    return kept_page_rows(row["document"])


def assert_pages_match_the_views(nishan, lots) -> int:
    compared = 0
    for lot in map(str, lots):
        record_rows, history_rows = kept(nishan, lot)
        for day in (DAY, DAY + timedelta(days=200), DAY + timedelta(days=400)):
            assert lot_record_from(record_rows, day) == find_lot_record(nishan.views, lot, day)
        latest = find_latest_history(nishan.views, lot, MOST_HISTORY_SHOWN)
        assert history_from(history_rows, lot) == latest, f"lot {lot}'s history"
        compared += 1
    return compared


@pytest.mark.both_backends
@pytest.mark.parametrize("seed", [1, 2])
def test_every_lots_kept_page_equals_its_record_from_the_views(nishan, seed):
    history = RandomHistory(nishan, seed)
    compared = 0
    for _ in range(STEPS // CHECKED_EVERY):
        history.run(CHECKED_EVERY)
        nishan.updater.catch_up()  # inline on SQLite already; the worker's part on PostgreSQL
        compared += assert_pages_match_the_views(nishan, history.lots)
    assert set(history.done) >= MUST_HAPPEN, history.done
    assert compared > STEPS


@pytest.mark.both_backends
def test_a_rebuilt_view_makes_every_page_again(nishan):
    history = RandomHistory(nishan, 3)
    history.run(30)
    nishan.updater.catch_up()
    lot = str(history.lots[0])
    before = kept(nishan, lot)
    with nishan.views.transaction() as cursor:  # as if a release had changed the view
        cursor.execute(
            "UPDATE lot_compliance SET product = 'Changed' WHERE lot_id = %(l)s", {"l": lot}
        )
        cursor.execute("UPDATE projection_restarts SET restarts = restarts + 1")
    with nishan.views.reading() as cursor:
        assert not cursor.execute(SELECT_PAGE, {"lot_id": lot}).fetchone()["current"]
    nishan.updater.rebuild("lot_compliance")  # its follow-up makes the pages again
    assert kept(nishan, lot) == before  # the rebuild undid the change, and the page says so
    assert_pages_match_the_views(nishan, history.lots)


def test_a_page_is_current_as_soon_as_the_views_are(nishan):
    """The pages trail the other views of each log, in the same pass: caught up, they are too."""
    history = RandomHistory(nishan, 4)
    history.run(20)
    positions = {p.projection: p for p in nishan.updater.positions()}
    for side in ("lot_pages_traceability", "lot_pages_inspections"):
        assert positions[side].lag == 0


def test_a_shipments_arrival_is_on_its_lots_pages(nishan):
    """An arrival is an event of the shipment alone: its lots' pages are made again all the
    same."""
    history = RandomHistory(nishan, 5)
    for _ in range(2):
        history.make_lot()
    history.ship()
    trace, exporter = nishan.traceability, history.people.exporter
    [shipment] = history.shipments
    trace.depart_shipment(shipment, DAY, by=exporter)
    trace.arrive_shipment(shipment, DAY + timedelta(days=20), by=exporter)
    shipped = [lot for lot in history.lots if kept(nishan, str(lot))[0]["shipment"]]
    assert len(shipped) == 1
    assert kept(nishan, str(shipped[0]))[0]["shipment"]["arrived_on"] == str(
        DAY + timedelta(days=20)
    )
    assert_pages_match_the_views(nishan, history.lots)
