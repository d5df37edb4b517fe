"""A lot's history: its own events, its inputs' up to the moment each was used, and the
decisions of the factories that made them; as of any moment; on both backends."""

import re
import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.inspections.corrective_action import Verification
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from domain.traceability.shipment import TransportMode
from tests.samples import People

DAY = date(2026, 11, 20)
MADE = ProductionPeriod(date(2026, 11, 1), DAY)
CANARY = "Bilal Masih, CNIC 35202-7654321-3, +92 321 7654321"


def history(client, lot, as_of=None) -> list[dict]:
    params = {"as_of": as_of} if as_of else {}
    answer = client.get(f"/lots/{lot}/history", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["entries"]


@pytest.mark.both_backends
def test_a_shipped_lot_tells_its_whole_story_in_order(client, nishan):
    people = People(nishan)
    exporter, admin, trace = people.exporter, people.admin, nishan.traceability
    mill = people.certified_factory(DAY, name="Multan Spinning", district="Multan")
    sewer = people.certified_factory(DAY, name="Lahore Shirts", district="Lahore")
    yarn = trace.create_lot(
        "Cotton yarn", "5205", Decimal(900), Unit.KILOGRAMS, "Y1", MADE, by=exporter
    )
    trace.attach_lot_to_factory(yarn, mill, "spinning", DAY, by=exporter)
    [shirts] = trace.transform_lots(
        [(yarn, Decimal(600))],
        [("Shirts", "6205", Decimal(2000), Unit.PIECES)],
        sewer,
        "stitching",
        "0.3 kg of yarn per shirt",
        DAY,
        by=exporter,
    )
    shipment = trace.create_shipment("PKKHI", "DEHAM", DAY, TransportMode.SEA, [], by=exporter)
    trace.add_lot_to_shipment(shipment, shirts, by=exporter)
    trace.depart_shipment(shipment, DAY, by=exporter)
    # After the shirts were made, the rest of the yarn goes elsewhere: not the shirts' story.
    trace.split_lot(yarn, [Decimal(300)], by=exporter)
    time.sleep(0.01)
    before_the_visit = datetime.now(UTC).isoformat()

    # Bonded labour at the mill: the mill's suspension and the shirts' review join the story.
    visit = people.visit(mill, DAY)
    finding = nishan.inspections.record_finding(visit, "FL-09", None, CANARY, 4, by=admin, on=DAY)
    nishan.inspections.plan_corrective_action(
        visit, finding, CANARY, CANARY, date(2026, 12, 20), Verification.FOLLOW_UP_VISIT, by=admin
    )
    nishan.inspections.complete_inspection(visit, DAY, by=admin)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    entries = history(client, shirts)
    story = [(e["event"], e["lot_id"] == str(shirts)) for e in entries]
    assert story == [
        ("Certified", False),  # the mill
        ("Certified", False),  # the sewing unit
        ("Created", False),  # the yarn
        ("ProducedAt", False),
        ("Created", True),  # the shirts, in the same commit as the yarn's giving
        ("Gave", False),
        ("ProducedAt", True),
        ("DerivedFrom", True),
        ("AssignedToShipment", True),
        ("Shipped", True),
        ("Suspended", False),
        ("PlacedUnderReview", True),
    ]
    summaries = [e["summary"] for e in entries]
    assert (
        "Multan Spinning (Multan) was found “Certified” after an inspection on 20 November 2026"
        in summaries[0]
    )
    assert summaries[9] == (
        "This lot was shipped from Karachi (PKKHI) to Hamburg (DEHAM) on 20 November 2026."
    )
    assert "0.3 kg of yarn per shirt" in summaries[7]
    assert summaries[5].startswith("An input lot gave 600 kg to 1 new lot")  # with its unit
    assert summaries[-1].startswith("This lot was placed under review: Multan Spinning (Multan)")
    assert [e["actor_role"] for e in entries][-1] == "system"

    # As it stood before the visit: shipped, and nothing yet of the suspension.
    earlier = history(client, shirts, as_of=before_the_visit)
    assert [e["event"] for e in earlier][-1] == "Shipped" and len(earlier) == len(entries) - 2

    # Nothing personal: not the inspector's observation, not the people behind the accounts.
    text = client.get(f"/lots/{shirts}/history").text + client.get(f"/lots/{shirts}").text
    for canary in ("Bilal Masih", "35202-7654321-3", "+92 321", "Officer"):
        assert canary not in text
    page = client.get(f"/lots/{shirts}", headers={"Accept": "text/html"}).text
    # On the page each value is isolated (<bdi>) and each line shows the day of its fact.
    assert "was shipped from <bdi>Karachi (PKKHI)</bdi> to <bdi>Hamburg (DEHAM)</bdi>" in page
    words = re.sub(r"<(?!/?time)[^>]+>", "", page)  # the words, and the days' <time>
    assert '<time datetime="2026-11-20">20 November 2026</time> This lot was shipped' in words


def test_a_malformed_moment_or_an_unknown_lot_is_answered_clearly(client):
    answer = client.get("/lots/6f1c1b3e-0000-4000-8000-000000000000/history?as_of=yesterday")
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_as_of")
    answer = client.get("/lots/6f1c1b3e-0000-4000-8000-000000000000/history?as_of=2026-11-20T10:00")
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_as_of")
    answer = client.get(
        "/lots/6f1c1b3e-0000-4000-8000-000000000000/history",
        headers={"Accept": "application/json"},
    )
    assert (answer.status_code, answer.json()["code"]) == (404, "lot_not_found")
