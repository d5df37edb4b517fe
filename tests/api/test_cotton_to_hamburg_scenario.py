"""Cotton from a spinning mill, woven, sewn into garments and shipped from Karachi to Hamburg;
then bonded labour is found at the mill, and the garments already at sea come under review.
Walked over HTTP on both backends, as exporters, inspectors and a buyer would."""

from uuid import UUID

import pytest

from domain.clock import today_in_pakistan
from tests.api.scenario import Scenario, bearer, expect
from tests.api.test_shipments import KARACHI_TO_HAMBURG

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def test_bonded_labour_at_the_mill_flags_the_garments_shipped_to_hamburg(client, nishan):
    def current():
        if not nishan.updates_views_inline:
            nishan.updater.catch_up()

    def public(lot_id: str) -> dict:
        current()
        return expect(client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"}), 200)

    today = today_in_pakistan().isoformat()
    scenario = Scenario.start(client, nishan, province="Punjab")
    exporter = bearer(scenario.exporter)
    mill, weaver, garments = (
        scenario.register_factory(name=name, province="Punjab", district=district, sector=sector)
        for name, district, sector in (
            ("Multan Cotton Spinning", "Multan", "1311"),
            ("Faisalabad Weaving Works", "Faisalabad", "1312"),
            ("Lahore Shirt Makers", "Lahore", "1410"),
        )
    )
    for factory in (mill, weaver, garments):  # a clean visit certifies each
        assert scenario.complete(scenario.schedule_visit(factory)) == "pass"

    # Yarn spun at the mill since its clean inspection, and older yarn spun before it.
    yarn = scenario.create_lot(
        product="Cotton yarn",
        hs_code="520512",
        quantity="3000",
        unit="kg",
        produced_from=today,
        produced_until=today,
    )
    older_yarn = scenario.create_lot(
        product="Cotton yarn",
        hs_code="520512",
        quantity="800",
        unit="kg",
        lot_number="Y-OLD-1",
    )
    for lot in (yarn, older_yarn):
        assert scenario.attach(lot, mill, "spinning").status_code == 201

    def transform(inputs: list[tuple[str, str]], output: dict, factory: str, stage: str) -> str:
        body = {
            "inputs": [{"lot_id": lot, "quantity": quantity} for lot, quantity in inputs],
            "outputs": [output],
            "factory_id": factory,
            "stage": stage,
            "conversion": "recorded by the factory",
        }
        return expect(client.post("/lots/transform", headers=exporter, json=body), 201)["lot_ids"][
            0
        ]

    # Woven into fabric at Faisalabad, sewn into shirts at Lahore, split for two buyers.
    fabric = transform(
        [(yarn, "3000")],
        {"product": "Cotton poplin", "hs_code": "520821", "quantity": "24000", "unit": "m"},
        weaver,
        "weaving",
    )
    shirts = transform(
        [(fabric, "24000")],
        {
            "product": "Men's cotton shirts",
            "hs_code": "620520",
            "quantity": "16000",
            "unit": "pieces",
        },
        garments,
        "stitching",
    )
    for_hamburg, for_later = expect(
        client.post(
            f"/lots/{shirts}/split", headers=exporter, json={"quantities": ["10000", "6000"]}
        ),
        201,
    )["lot_ids"]

    # The Hamburg consignment leaves Karachi.
    shipment = expect(client.post("/shipments", headers=exporter, json=KARACHI_TO_HAMBURG), 201)[
        "shipment_id"
    ]
    added = client.post(
        f"/shipments/{shipment}/lots", headers=exporter, json={"lot_id": for_hamburg}
    )
    assert added.status_code == 204
    assert client.post(f"/shipments/{shipment}/depart", headers=exporter).status_code == 204
    assert public(for_hamburg)["verdict"] == "verified"
    assert {f["name"] for f in public(for_hamburg)["factories"]} == {
        "Multan Cotton Spinning",
        "Faisalabad Weaving Works",
        "Lahore Shirt Makers",
    }

    # An unannounced visit to the mill finds workers bound by advances: bonded labour.
    visit = scenario.schedule_visit(mill)
    finding = expect(
        scenario.record_finding(
            visit, indicator="FL-09", workers_affected=23, observation="Peshgi of 60,000 rupees"
        ),
        201,
    )["finding_id"]
    action = scenario.plan_action(visit, finding, deadline="2026-12-31")
    assert scenario.complete(visit) == "fail"

    # Every lot made from the mill's yarn since its clean inspection is under review: the
    # shirts at sea included. The older yarn, spun before that inspection, is not.
    for lot in (yarn, fabric, shirts, for_hamburg, for_later):
        record = public(lot)
        assert record["verdict"] == "under_review", lot
        [review] = record["reviews"]
        assert review["open"] and review["factory_name"] == "Multan Cotton Spinning"
        assert review["since"] == today
    hamburg = public(for_hamburg)
    assert "Multan Cotton Spinning (Multan) was suspended" in hamburg["reasons"][0]
    assert "zero-tolerance" in hamburg["reasons"][0]
    # It came through the shirts, named by the lot number Nishan derived for them.
    assert hamburg["reviews"][0]["via_lot"] == public(shirts)["lot_number"] != ""
    # It is verified at production, a warning that names the suspension, not the green verdict.
    older = public(older_yarn)
    assert older["verdict"] == "verified_at_production" and older["reviews"] == []
    [later] = older["later_suspensions"]
    assert later["factory_id"] == mill and later["factory_name"] == "Multan Cotton Spinning"
    assert later["clusters"] == ["FL"] and later["last_clean_inspection_on"] == today
    assert "made before its last clean inspection on" in older["reasons"][0]
    assert "for Forced and bonded labour;" in older["reasons"][0]
    older_page = client.get(f"/lots/{older_yarn}", headers={"Accept": "text/html"}).text
    assert "verdict-verified_at_production" in older_page
    assert "Verified at production" in older_page
    page = client.get(f"/lots/{for_hamburg}", headers={"Accept": "text/html"}).text
    assert "Under review" in page and "Placed under review" in page

    # The raising is an event in the shipped lot's own log, after its shipping, by Nishan itself.
    def events_of(lot_id: str) -> list[tuple[str, str]]:
        stored = nishan.traceability.repository.event_store.get(UUID(lot_id))
        return [(type(event).__name__, event.by.role.value) for event in stored]

    assert events_of(for_hamburg)[-2:] == [("Shipped", "exporter"), ("PlacedUnderReview", "system")]

    # A follow-up finds the advances written off: the factory is reinstated and the reviews
    # are lifted, while staying in each lot's history.
    follow_up = scenario.schedule_visit(mill, follow_up_of=visit, planned_on="2026-11-21")
    closed = scenario.close_action(visit, action, follow_up, "Advances written off")
    assert closed.status_code == 204
    assert scenario.complete(follow_up) == "pass"
    for lot in (yarn, fabric, shirts, for_hamburg, for_later):
        record = public(lot)
        assert record["verdict"] == "verified", lot
        [review] = record["reviews"]
        assert not review["open"] and review["reinstated_on"] == today
    reinstated = public(older_yarn)
    assert reinstated["verdict"] == "verified" and reinstated["later_suspensions"] == []
    page = client.get(f"/lots/{for_hamburg}", headers={"Accept": "text/html"}).text
    assert "Placed under review" in page and "Review lifted" in page
    assert events_of(for_hamburg)[-1] == ("ReviewLifted", "system")
