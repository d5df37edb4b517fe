from datetime import date

import pytest

from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role
from domain.errors import DomainError

DAY = date(2026, 11, 20)


def assign(world, inspector, factory_id):
    return world.inspections.schedule_inspection(
        factory_id, inspector.id, DAY, True, by=world.admin
    )


def test_an_inspector_needs_a_jurisdiction_and_only_inspectors_have_one(world):
    with pytest.raises(DomainError) as refused:
        world.open("Bilal", Role.INSPECTOR, "Punjab Labour Department")
    assert refused.value.code == "jurisdiction_required"
    with pytest.raises(DomainError) as refused:
        world.open("Ayesha", Role.ADMIN, "NCC", jurisdiction=Jurisdiction("Punjab"))
    assert refused.value.code == "jurisdiction_not_applicable"


def test_an_inspector_is_assigned_only_within_their_jurisdiction(world):
    sialkot = world.factory(province="Punjab", district="Sialkot")
    lahore = world.factory(province="Punjab", district="Lahore")
    karachi = world.factory(province="Sindh", district="Karachi")
    whole_punjab = world.open("A", Role.INSPECTOR, "Punjab", jurisdiction=Jurisdiction("Punjab"))
    only_sialkot = world.open(
        "B", Role.INSPECTOR, "Punjab", jurisdiction=Jurisdiction("Punjab", ("Sialkot",))
    )
    assert assign(world, whole_punjab, sialkot) and assign(world, whole_punjab, lahore)
    assert assign(world, only_sialkot, sialkot)
    for inspector, factory_id in ((only_sialkot, lahore), (whole_punjab, karachi)):
        with pytest.raises(DomainError) as refused:
            assign(world, inspector, factory_id)
        assert refused.value.code == "not_in_jurisdiction"
    assert "Karachi, Sindh" in refused.value.message


def test_a_deactivated_inspector_cannot_be_assigned_and_keeps_their_history(world):
    factory_id = world.factory()
    visit = assign(world, world.inspector, factory_id)
    world.accounts.deactivate_account(world.inspector.id, "Transferred", by=world.admin)
    with pytest.raises(DomainError) as refused:
        assign(world, world.inspector, factory_id)
    assert refused.value.code == "inspector_deactivated"
    assert world.inspections.load_inspection(visit).inspector_id == world.inspector.id
    assert not world.accounts.load_account(world.inspector.id).active
    with pytest.raises(DomainError) as again:
        world.accounts.deactivate_account(world.inspector.id, "Twice", by=world.admin)
    assert again.value.code == "account_deactivated"


def test_a_jurisdiction_must_be_a_province_of_pakistan(world):
    with pytest.raises(DomainError) as refused:
        world.open("C", Role.INSPECTOR, "x", jurisdiction=Jurisdiction("Bavaria"))
    assert refused.value.code == "unknown_province"
