from dataclasses import replace
from decimal import Decimal

import pytest

from domain.errors import AlreadyExists, DomainError
from domain.inspections.factory import Factory
from domain.inspections.factory_details import GeoPoint, Workforce
from tests.samples import factory_details


def events_of(world, factory_id):
    return list(world.inspections.events.get(factory_id))


def test_the_same_ntn_at_the_same_address_is_refused_with_the_existing_factory(world):
    first = world.factory(ntn="4170021-3", address="Ugoki Road, Sialkot")
    head = world.inspections.recorder.max_notification_id()
    with pytest.raises(AlreadyExists) as refused:
        world.factory(ntn="41700213", address="  UGOKI road sialkot ")
    assert refused.value.code == "factory_already_registered"
    assert refused.value.existing_id == first
    assert world.inspections.recorder.max_notification_id() == head


def test_the_same_company_may_register_a_second_unit_at_another_address(world):
    world.factory(ntn="4170021-3", address="Ugoki Road")
    assert world.factory(ntn="4170021-3", address="Daska Road")


def test_details_are_updated_by_an_event_and_an_unchanged_update_records_nothing(world):
    factory_id = world.factory()
    factory = world.inspections.load_factory(factory_id)
    grown = replace(factory.details, workforce=Workforce(women=150, men=90))
    assert world.inspections.update_factory_details(factory_id, lambda _: grown, by=world.admin)
    assert not world.inspections.update_factory_details(factory_id, lambda _: grown, by=world.admin)
    updates = [e for e in events_of(world, factory_id) if isinstance(e, Factory.DetailsUpdated)]
    assert len(updates) == 1
    assert updates[0].details.workforce.total == 240
    assert updates[0].by == world.admin


def test_moving_to_an_address_another_factory_holds_is_refused(world):
    world.factory(ntn="4170021-3", address="Ugoki Road")
    other = world.factory(ntn="4170021-3", address="Daska Road")
    details = world.inspections.load_factory(other).details
    moved = replace(details, address="Ugoki Road")
    with pytest.raises(AlreadyExists):
        world.inspections.update_factory_details(other, lambda _: moved, by=world.admin)
    assert world.inspections.load_factory(other).details.address == "Daska Road"


def test_a_factory_may_move_back_to_an_address_it_held(world):
    factory_id = world.factory(address="Ugoki Road")
    for address in ("Daska Road", "Ugoki Road"):
        assert world.inspections.update_factory_details(
            factory_id, lambda details, to=address: replace(details, address=to), by=world.admin
        )
    assert world.inspections.load_factory(factory_id).details.address == "Ugoki Road"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"goods": ()}, "invalid_goods"),
        ({"goods": ("950",)}, "invalid_goods"),
        ({"ntn": "12345"}, "invalid_ntn"),
        ({"workforce": Workforce(women=-1, men=3)}, "invalid_workforce"),
        ({"location": GeoPoint(Decimal("52.52"), Decimal("13.40"))}, "location_outside_pakistan"),
        ({"address": " "}, "address_required"),
        ({"province": "Bavaria"}, "unknown_province"),
    ],
)
def test_a_registration_says_what_is_wrong_with_its_details(world, overrides, code):
    with pytest.raises(DomainError) as refused:
        world.inspections.register_factory(factory_details(**overrides), by=world.admin)
    assert refused.value.code == code


def test_a_location_in_pakistan_is_kept(world):
    sialkot = GeoPoint(Decimal("32.4945"), Decimal("74.5229"))
    factory_id = world.factory(location=sialkot)
    assert world.inspections.load_factory(factory_id).details.location == sialkot
