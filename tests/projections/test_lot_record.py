"""The public record of a lot, read from the views on both backends."""

from datetime import date, timedelta

from projections.lot_record import Verdict, find_lot_record
from tests.projections.test_exactly_once import DAY, make_history


def only_lot(nishan) -> str:
    with nishan.views.reading() as cursor:
        return cursor.execute("SELECT lot_id FROM lot_compliance").fetchone()["lot_id"]


def test_a_lot_whose_factory_is_not_yet_in_the_views_reads_as_being_updated(nishan):
    nishan.updates_views_inline = False
    make_history(nishan, lots=1)
    nishan.updater.catch_up(["lot_compliance"])  # factory_status lags behind

    record = find_lot_record(nishan.views, only_lot(nishan), DAY)
    assert record.verdict is Verdict.NOT_VERIFIED
    assert "being updated" in record.reasons[0]

    nishan.updater.catch_up()
    assert find_lot_record(nishan.views, only_lot(nishan), DAY).verdict is Verdict.VERIFIED


def test_a_lot_is_no_longer_verified_once_its_factorys_certificate_expires(nishan):
    make_history(nishan, lots=1)
    nishan.updater.catch_up()
    lot_id = only_lot(nishan)
    [factory] = find_lot_record(nishan.views, lot_id, DAY).factories
    assert factory.productions[0].recorded_on == DAY
    assert factory.valid_until == date(2027, 11, 20)

    last_valid_day = find_lot_record(nishan.views, lot_id, factory.valid_until)
    assert last_valid_day.verdict is Verdict.VERIFIED
    day_after = find_lot_record(nishan.views, lot_id, factory.valid_until + timedelta(days=1))
    assert day_after.verdict is Verdict.NOT_VERIFIED
    assert day_after.factories[0].status_now == "expired"
    assert day_after.factories[0].valid_until is None
    assert day_after.factories[0].productions[0].status_at_production == "certified"
