"""Split, merge and transform: quantity goes to the lots made from a lot, never created or lost."""

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DomainError, NotFound
from domain.inspections.inspection import Severity
from domain.traceability.lot import FactoryNotCertified, Lot, Unit
from domain.traceability.shipment import TransportMode
from tests.samples import PERIOD

DAY = date(2026, 11, 20)


def lot(world, quantity="1000", unit=Unit.METRES, hs="520812", by=None):
    return world.traceability.create_lot(
        "Greige cotton fabric", hs, Decimal(quantity), unit, "", PERIOD, by=by or world.exporter
    )


def quantity(world, lot_id) -> Decimal:
    return world.traceability.load_lot(lot_id).quantity


def heads(world):
    return world.traceability.recorder.max_notification_id()


def test_a_split_hands_each_child_its_part_of_the_parent(world):
    parent = lot(world)
    children = world.traceability.split_lot(
        parent, [Decimal("400"), Decimal("250.5")], by=world.exporter
    )
    assert quantity(world, parent) == Decimal("349.5")
    assert [quantity(world, c) for c in children] == [Decimal(400), Decimal("250.5")]
    assert all(world.traceability.load_lot(c).parents == [parent] for c in children)


def test_a_split_beyond_what_remains_is_refused_and_writes_nothing(world):
    parent = lot(world, "100")
    head = heads(world)
    with pytest.raises(DomainError) as refused:
        world.traceability.split_lot(parent, [Decimal(60), Decimal(41)], by=world.exporter)
    assert refused.value.code == "quantity_exceeds_remaining"
    assert "100" in refused.value.message
    assert heads(world) == head


def test_merged_lots_are_used_up_into_one(world):
    a, b = lot(world, "300"), lot(world, "200")
    merged = world.traceability.merge_lots([a, b], "Cotton fabric, one roll set", by=world.exporter)
    assert quantity(world, merged) == Decimal(500)
    assert quantity(world, a) == quantity(world, b) == 0
    assert world.traceability.load_lot(merged).parents == [a, b]


def test_only_compatible_lots_of_ones_own_are_merged(world):
    fabric, pieces = lot(world), lot(world, unit=Unit.PIECES)
    with pytest.raises(DomainError) as refused:
        world.traceability.merge_lots([fabric, pieces], "", by=world.exporter)
    assert refused.value.code == "lots_not_compatible"
    rival = world.exporter_user("Rival Exports")
    with pytest.raises(NotFound):
        world.traceability.merge_lots([fabric, lot(world, by=rival)], "", by=rival)


def test_a_transformation_at_a_certified_factory_makes_new_lots_from_old(world):
    garment_factory = world.factory(name="Saddar Denim Mills", sector="1410")
    world.inspect(garment_factory, date(2026, 3, 10))
    fabric = lot(world, "1000")
    [shirts] = world.traceability.transform_lots(
        [(fabric, Decimal(600))],
        [("Men's cotton shirts", "620520", Decimal(400), Unit.PIECES)],
        garment_factory,
        "stitching",
        "1.5 metres of fabric per shirt",
        DAY,
        by=world.exporter,
    )
    assert quantity(world, fabric) == Decimal(400)
    made = world.traceability.load_lot(shirts)
    assert (made.quantity, made.unit, made.parents) == (Decimal(400), Unit.PIECES, [fabric])
    assert made.productions[0].factory_id == garment_factory
    derived = [e for e in world.traceability.events.get(shirts) if isinstance(e, Lot.DerivedFrom)]
    assert derived[0].note == "1.5 metres of fabric per shirt"


def test_a_transformation_at_a_suspended_factory_is_refused_and_writes_nothing(world):
    factory = world.factory()
    world.inspect(factory, date(2026, 3, 10), [("FL-09", Severity.CRITICAL)])
    fabric = lot(world)
    head = heads(world)
    with pytest.raises(FactoryNotCertified):
        world.traceability.transform_lots(
            [(fabric, Decimal(10))],
            [("Shirts", "620520", Decimal(5), Unit.PIECES)],
            factory,
            "stitching",
            "",
            DAY,
            by=world.exporter,
        )
    assert heads(world) == head


def test_a_shipped_or_assigned_lot_is_not_split(world):
    cargo = lot(world)
    shipment = world.traceability.create_shipment(
        "PKKHI", "DEHAM", DAY, TransportMode.SEA, [], by=world.exporter
    )
    world.traceability.add_lot_to_shipment(shipment, cargo, by=world.exporter)
    with pytest.raises(DomainError) as assigned:
        world.traceability.split_lot(cargo, [Decimal(1)], by=world.exporter)
    assert assigned.value.code == "lot_in_shipment"
    world.traceability.depart_shipment(shipment, DAY, by=world.exporter)
    with pytest.raises(DomainError) as shipped:
        world.traceability.split_lot(cargo, [Decimal(1)], by=world.exporter)
    assert shipped.value.code == "lot_already_shipped"
