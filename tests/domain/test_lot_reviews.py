"""Reviews on lots: raised on a lot and everything made from it, inherited by lots made later,
lifted when the factory is reinstated, and recorded once however often the process repeats."""

from datetime import date
from decimal import Decimal
from uuid import uuid4

from domain.actor import Role
from domain.traceability.lot import Unit
from domain.traceability.review import REVIEW_PROCESS, Suspension
from domain.traceability.shipment import TransportMode
from tests.samples import PERIOD

DAY = date(2026, 11, 20)


def suspension(factory_id=None) -> Suspension:
    return Suspension(
        review_id=uuid4(),
        factory_id=factory_id or uuid4(),
        suspended_on=DAY,
        reason="The inspection found a zero-tolerance violation (child, forced or bonded labour).",
        since=date(2026, 9, 1),
    )


def fabric(world, quantity="1000"):
    return world.traceability.create_lot(
        "Cotton fabric", "520812", Decimal(quantity), Unit.METRES, "", PERIOD, by=world.exporter
    )


def lot(world, lot_id):
    return world.traceability.load_lot(lot_id)


def test_a_review_reaches_every_lot_made_from_the_flagged_one_shipped_or_used_up(world):
    yarn = fabric(world)
    left, right = world.traceability.split_lot(
        yarn, [Decimal(600), Decimal(400)], by=world.exporter
    )
    merged = world.traceability.merge_lots([left, right], "", by=world.exporter)
    shipment = world.traceability.create_shipment(
        "PKKHI", "DEHAM", DAY, TransportMode.SEA, [], by=world.exporter
    )
    world.traceability.add_lot_to_shipment(shipment, merged, by=world.exporter)
    world.traceability.depart_shipment(shipment, DAY, by=world.exporter)

    review = suspension()
    assert world.traceability.place_under_review(yarn, review) == 4
    for lot_id in (yarn, left, right, merged):
        assert review.review_id in lot(world, lot_id).open_reviews
    # The merged lot heard of the review through one of its parents, once.
    assert lot(world, merged).reviews[review.review_id].suspension == review


def test_the_process_may_repeat_itself_without_recording_twice(world):
    yarn = fabric(world)
    [part] = world.traceability.split_lot(yarn, [Decimal(10)], by=world.exporter)
    review = suspension()
    world.traceability.place_under_review(yarn, review)
    head = world.traceability.recorder.max_notification_id()
    assert world.traceability.place_under_review(yarn, review) == 0
    assert world.traceability.place_under_review(part, review) == 0
    assert world.traceability.lift_review(yarn, review.review_id, DAY) == 2
    assert world.traceability.lift_review(yarn, review.review_id, DAY) == 0
    # A review once lifted is not raised again by a replay of the suspension.
    assert world.traceability.place_under_review(yarn, review) == 0
    assert world.traceability.recorder.max_notification_id() == head + 2


def test_a_lot_made_from_a_lot_under_review_is_under_review_from_its_first_moment(world):
    yarn = fabric(world)
    review = suspension()
    world.traceability.place_under_review(yarn, review)
    [part] = world.traceability.split_lot(yarn, [Decimal(100)], by=world.exporter)
    child = lot(world, part)
    assert review.review_id in child.open_reviews
    stored = list(world.traceability.repository.event_store.get(part))
    placed = stored[-1]
    assert type(placed).__name__ == "PlacedUnderReview"
    assert placed.via == yarn and placed.by == REVIEW_PROCESS  # inherited in the split
    assert placed.since == review.since and placed.reason == review.reason


def test_a_lifted_review_is_not_inherited(world):
    yarn = fabric(world)
    review = suspension()
    world.traceability.place_under_review(yarn, review)
    world.traceability.lift_review(yarn, review.review_id, DAY)
    [part] = world.traceability.split_lot(yarn, [Decimal(100)], by=world.exporter)
    assert lot(world, part).reviews == {}


def test_reviews_are_recorded_by_nishan_not_by_a_person(world):
    yarn = fabric(world)
    review = suspension()
    world.traceability.place_under_review(yarn, review)
    world.traceability.lift_review(yarn, review.review_id, date(2026, 12, 1))
    *_, placed, lifted = world.traceability.repository.event_store.get(yarn)
    assert placed.by.role is Role.SYSTEM and lifted.by.role is Role.SYSTEM
    assert lifted.reinstated_on == date(2026, 12, 1)
    assert lifted.factory_id == review.factory_id
