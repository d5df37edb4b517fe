"""Shipments: from a Pakistani port, in verified containers; shipped lots change no more."""

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import DomainError, NotFound
from domain.traceability.lot import Lot, Unit
from domain.traceability.shipment import ShipmentState, TransportMode
from domain.traceability.transport_codes import is_container_number, is_un_locode
from tests.samples import PERIOD

DEPARTURE = date(2026, 11, 25)
CONTAINER = "CSQU3054383"  # ISO 6346's own example


def lot(world, by=None, number=""):
    return world.traceability.create_lot(
        "Footballs", "950662", Decimal(100), Unit.PIECES, number, PERIOD, by=by or world.exporter
    )


def shipment(world, by=None, containers=(CONTAINER,)):
    return world.traceability.create_shipment(
        "PKKHI", "DEHAM", DEPARTURE, TransportMode.SEA, list(containers), by=by or world.exporter
    )


def test_container_numbers_and_locodes_are_checked():
    assert is_container_number("CSQU3054383")
    assert not is_container_number("CSQU3054384")  # check digit
    assert not is_container_number("CSQA3054383")  # category must be U, J or Z
    assert is_un_locode("PKBQM") and is_un_locode("NLRTM")
    assert not is_un_locode("PK-KHI")


@pytest.mark.parametrize(
    ("loading", "destination", "containers", "code"),
    [
        ("PKKHI", "DEHAM", ["CSQU3054384"], "invalid_container_number"),
        ("KHI", "DEHAM", [CONTAINER], "invalid_locode"),
        ("DEHAM", "PKKHI", [CONTAINER], "loading_port_outside_pakistan"),
    ],
)
def test_a_shipment_says_what_is_wrong_with_its_codes(
    world, loading, destination, containers, code
):
    with pytest.raises(DomainError) as refused:
        world.traceability.create_shipment(
            loading, destination, DEPARTURE, TransportMode.SEA, containers, by=world.exporter
        )
    assert refused.value.code == code


def test_a_departed_shipment_ships_its_lots_and_they_change_no_more(world):
    factory_id = world.factory()
    world.inspect(factory_id, date(2026, 3, 10))
    shipped, spare = lot(world), lot(world)
    consignment = shipment(world)
    world.traceability.add_lot_to_shipment(consignment, shipped, by=world.exporter)
    world.traceability.depart_shipment(consignment, DEPARTURE, by=world.exporter)
    assert world.traceability.load_lot(shipped).shipped
    assert not world.traceability.load_lot(spare).shipped
    with pytest.raises(DomainError) as refused:
        world.traceability.attach_lot_to_factory(
            shipped, factory_id, "packing", DEPARTURE, by=world.exporter
        )
    assert refused.value.code == "lot_already_shipped"
    with pytest.raises(DomainError) as late:
        world.traceability.add_lot_to_shipment(consignment, spare, by=world.exporter)
    assert late.value.code == "shipment_departed"
    world.traceability.arrive_shipment(consignment, date(2026, 12, 20), by=world.exporter)
    assert world.traceability.load_shipment(consignment).state is ShipmentState.ARRIVED
    history = [type(e) for e in world.traceability.events.get(shipped)]
    assert Lot.Shipped in history


def test_a_lot_travels_in_one_shipment_and_a_cancelled_shipment_frees_it(world):
    cargo = lot(world)
    first, second = shipment(world), shipment(world)
    world.traceability.add_lot_to_shipment(first, cargo, by=world.exporter)
    with pytest.raises(DomainError) as taken:
        world.traceability.add_lot_to_shipment(second, cargo, by=world.exporter)
    assert taken.value.code == "lot_in_another_shipment"
    world.traceability.cancel_shipment(first, "Buyer postponed the order", by=world.exporter)
    world.traceability.add_lot_to_shipment(second, cargo, by=world.exporter)
    with pytest.raises(DomainError) as cancelled:
        world.traceability.depart_shipment(first, DEPARTURE, by=world.exporter)
    assert cancelled.value.code == "shipment_cancelled"


def test_an_empty_shipment_does_not_depart_and_only_a_departed_one_arrives(world):
    consignment = shipment(world)
    with pytest.raises(DomainError) as empty:
        world.traceability.depart_shipment(consignment, DEPARTURE, by=world.exporter)
    assert empty.value.code == "shipment_empty"
    with pytest.raises(DomainError) as early:
        world.traceability.arrive_shipment(consignment, DEPARTURE, by=world.exporter)
    assert early.value.code == "shipment_not_departed"


def test_an_exporter_ships_only_its_own_lots_in_its_own_shipments(world):
    rival = world.exporter_user("Rival Exports")
    with pytest.raises(NotFound):
        world.traceability.add_lot_to_shipment(shipment(world, by=rival), lot(world), by=rival)
    with pytest.raises(NotFound):
        world.traceability.add_lot_to_shipment(shipment(world), lot(world), by=rival)


def test_a_used_up_lot_is_not_shipped(world):
    a, b = lot(world), lot(world)
    world.traceability.merge_lots([a, b], "", by=world.exporter)
    with pytest.raises(DomainError) as refused:
        world.traceability.add_lot_to_shipment(shipment(world), a, by=world.exporter)
    assert refused.value.code == "lot_used_up"
