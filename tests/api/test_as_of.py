"""The lot's page as it stood at a past moment, replayed from the event logs and checked against
a known history: before it existed, the day it shipped, under review, and today."""

import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.inspections.corrective_action import ActionStatus, Verification
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.shipment import TransportMode
from tests.samples import People

DAY = date(2026, 11, 20)


def moment() -> str:
    time.sleep(0.01)  # events on either side are at least this far apart
    now = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    return now


def page(client, lot, as_of=None) -> dict:
    params = {"as_of": as_of} if as_of else {}
    return client.get(f"/lots/{lot}", params=params, headers={"Accept": "application/json"})


@pytest.mark.both_backends
def test_the_page_as_it_stood_on_the_day_of_shipment_and_after(client, nishan):
    people = People(nishan)
    exporter, admin, trace = people.exporter, people.admin, nishan.traceability
    mill = people.certified_factory(DAY, name="Multan Spinning", district="Multan")
    before_the_lot = moment()
    yarn = trace.create_lot(
        "Cotton yarn", "5205", Decimal(900), Unit.KILOGRAMS, "Y-7",
        ProductionPeriod(date(2026, 11, 1), DAY), by=exporter,
    )  # fmt: skip
    trace.attach_lot_to_factory(yarn, mill, "spinning", DAY, by=exporter)
    shipment = trace.create_shipment("PKKHI", "DEHAM", DAY, TransportMode.SEA, [], by=exporter)
    trace.add_lot_to_shipment(shipment, yarn, by=exporter)
    trace.depart_shipment(shipment, DAY, by=exporter)
    on_the_day_of_shipment = moment()

    visit = people.visit(mill, DAY)
    finding = nishan.inspections.record_finding(visit, "FL-09", None, "", 4, by=admin, on=DAY)
    action = nishan.inspections.plan_corrective_action(
        visit, finding, "Write off advances", "Owner", date(2026, 12, 20),
        Verification.FOLLOW_UP_VISIT, by=admin,
    )  # fmt: skip
    nishan.inspections.complete_inspection(visit, DAY, by=admin)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    while_suspended = moment()

    follow_up = nishan.inspections.schedule_inspection(
        mill, people.inspector_id, DAY, False, by=admin, follow_up_of=visit
    )
    nishan.inspections.start_inspection(follow_up, by=admin)
    nishan.inspections.review_corrective_action(
        visit, action, ActionStatus.CLOSED, "Done", on=DAY, by=admin, follow_up_id=follow_up
    )
    nishan.inspections.complete_inspection(follow_up, DAY, by=admin)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    assert page(client, yarn, before_the_lot).status_code == 404
    shipped = page(client, yarn, on_the_day_of_shipment).json()
    assert shipped["verdict"] == "verified" and shipped["reviews"] == []
    assert shipped["as_of"] is not None
    suspended = page(client, yarn, while_suspended).json()
    assert suspended["verdict"] == "under_review"
    assert [r["open"] for r in suspended["reviews"]] == [True]
    today = page(client, yarn).json()
    assert today["verdict"] == "verified" and [r["open"] for r in today["reviews"]] == [False]

    # Replayed from the logs up to now, the record is the one the live views give.
    replayed = page(client, yarn, moment()).json()
    assert {**replayed, "as_of": None} == today

    html = client.get(f"/lots/{yarn}", params={"as_of": on_the_day_of_shipment}).text
    assert "The record as it stood on" in html and "Verified" in html


def test_a_malformed_moment_is_refused_with_the_forms_it_takes(client):
    answer = page(client, "6f1c1b3e-0000-4000-8000-000000000000", "last week")
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_as_of")
