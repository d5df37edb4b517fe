"""The public record of a lot, read from the views on both backends."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.traceability.lot import Unit
from projections.factory_status import find_factory_status
from projections.lot_record import ReasonKind, Verdict, find_lot_record
from tests.projections.test_exactly_once import DAY, make_history
from tests.samples import PERIOD, exporter_user, factory_details

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def only_lot(nishan) -> str:
    with nishan.views.reading() as cursor:
        return cursor.execute("SELECT lot_id FROM lot_compliance").fetchone()["lot_id"]


def test_a_lot_whose_factory_is_not_yet_in_the_views_reads_as_being_updated(nishan):
    nishan.updates_views_inline = False
    make_history(nishan, lots=1)
    nishan.updater.catch_up(["lot_compliance"])  # factory_status lags behind

    record = find_lot_record(nishan.views, only_lot(nishan), DAY)
    assert record.verdict is Verdict.NOT_VERIFIED
    assert record.reasons[0].kind is ReasonKind.BEING_UPDATED

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


def test_a_lot_is_not_verified_while_its_factorys_conditions_are_overdue(nishan):
    admin = Actor(
        nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id,
        Role.ADMIN,
    )
    exporter = exporter_user(nishan, admin, "Lyallpur Home Textiles")
    factory = nishan.inspections.register_factory(factory_details(), by=admin)
    inspector = nishan.accounts.open_account(
        "Bilal", Role.INSPECTOR, "Punjab", by=admin, jurisdiction=Jurisdiction("Punjab")
    ).account_id
    visit = nishan.inspections.schedule_inspection(factory, inspector, DAY, True, by=admin)
    nishan.inspections.start_inspection(visit, by=admin)
    finding = nishan.inspections.record_finding(visit, "WT-02", None, "", 2, by=admin)
    deadline = DAY + timedelta(days=30)
    action = nishan.inspections.plan_corrective_action(
        visit,
        finding,
        "Cap overtime",
        "Production manager",
        deadline,
        Verification.DESK_REVIEW,
        by=admin,
    )
    nishan.inspections.complete_inspection(visit, DAY, by=admin)
    lot = nishan.traceability.create_lot(
        "Bed sheets", "630231", Decimal(100), Unit.PIECES, "", PERIOD, by=exporter
    )
    nishan.traceability.attach_lot_to_factory(lot, factory, "weaving", DAY, by=exporter)
    nishan.updater.catch_up()

    late = deadline + timedelta(days=1)
    record = find_lot_record(nishan.views, str(lot), late)
    assert record.verdict is Verdict.NOT_VERIFIED
    assert record.factories[0].status_now == "conditions_overdue"
    assert find_lot_record(nishan.views, str(lot), deadline).verdict is Verdict.VERIFIED

    nishan.inspections.review_corrective_action(
        visit, action, ActionStatus.CLOSED, "Rota checked", on=late, by=admin
    )
    nishan.updater.catch_up()
    assert find_lot_record(nishan.views, str(lot), late).verdict is Verdict.VERIFIED


def test_the_public_factory_status_is_worked_out_for_the_day_it_is_read(nishan):
    make_history(nishan, lots=1)
    nishan.updater.catch_up()
    factory_id = only_lot_factory(nishan)
    assert find_factory_status(nishan.views, factory_id, DAY)["status"] == "certified"
    expired = find_factory_status(nishan.views, factory_id, date(2027, 11, 21))
    assert expired["status"] == "expired"
    assert expired["valid_until"] is None  # no validity date beside a lapsed status


def only_lot_factory(nishan) -> str:
    with nishan.views.reading() as cursor:
        return cursor.execute("SELECT factory_id FROM lot_productions").fetchone()["factory_id"]
