from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.actor import Actor, Role
from domain.errors import AlreadyExists, DomainError, NotFound
from domain.inspections.certification import CertificationStatus
from domain.inspections.inspection import Severity
from domain.traceability.lot import FactoryNotCertified, Lot, Unit
from domain.traceability.production_period import ProductionPeriod
from tests.samples import PERIOD

DAY = date(2026, 3, 10)


def new_lot(world, by=None) -> object:
    return world.traceability.create_lot(
        "Footballs",
        "950662",
        Decimal("1200.5"),
        Unit.PIECES,
        "CSI-01",
        PERIOD,
        by=by or world.exporter,
    )


def test_a_lot_made_at_a_certified_factory_records_the_certificate_and_version_relied_on(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    factory = world.inspections.load_factory(factory_id)
    lot_id = new_lot(world)
    world.traceability.attach_lot_to_factory(
        lot_id, factory_id, "stitching", DAY, by=world.exporter
    )
    lot = world.traceability.load_lot(lot_id)
    produced = [e for e in lot_events(world, lot_id) if isinstance(e, Lot.ProducedAt)]
    assert len(produced) == 1
    assert produced[0].certificate_id == factory.certificate_id
    assert produced[0].certification_status is CertificationStatus.CERTIFIED
    assert produced[0].factory_version == factory.version
    assert produced[0].by == world.exporter
    assert lot.quantity == Decimal("1200.5")
    assert lot.exporter == "Chenab Sports Exports"


def lot_events(world, lot_id):
    return list(world.traceability.events.get(lot_id))


@pytest.mark.parametrize("history", ["never inspected", "suspended", "expired"])
def test_a_lot_cannot_be_attached_to_a_factory_without_a_valid_certificate(world, history):
    factory_id = world.factory()
    on = DAY
    if history == "suspended":
        world.inspect(factory_id, DAY, [("FL-07", Severity.CRITICAL)])
    if history == "expired":
        world.inspect(factory_id, DAY)
        on = date(2027, 3, 11)
    lot_id = new_lot(world)
    with pytest.raises(FactoryNotCertified) as refused:
        world.traceability.attach_lot_to_factory(
            lot_id, factory_id, "stitching", on, by=world.exporter
        )
    assert refused.value.code == "factory_not_certified"
    assert "Chenab Sports Industries" in refused.value.message
    assert len(lot_events(world, lot_id)) == 1  # nothing was recorded


def test_only_the_exporter_a_lot_belongs_to_says_where_it_was_made(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    lot_id = new_lot(world)
    rival = world.exporter_user("Another Exporter")
    with pytest.raises(NotFound):
        world.traceability.attach_lot_to_factory(lot_id, factory_id, "stitching", DAY, by=rival)


def test_the_same_stage_at_the_same_factory_is_recorded_once(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    lot_id = new_lot(world)
    world.traceability.attach_lot_to_factory(
        lot_id, factory_id, "stitching", DAY, by=world.exporter
    )
    with pytest.raises(DomainError) as refused:
        world.traceability.attach_lot_to_factory(
            lot_id, factory_id, "stitching", DAY, by=world.exporter
        )
    assert refused.value.code == "production_already_recorded"


def test_unknown_lots_and_factories_are_not_found(world):
    with pytest.raises(NotFound) as refused:
        world.traceability.attach_lot_to_factory(
            uuid4(), world.factory(), "x", DAY, by=world.exporter
        )
    assert refused.value.code == "lot_not_found"
    with pytest.raises(NotFound) as refused:
        world.traceability.attach_lot_to_factory(
            new_lot(world), uuid4(), "x", DAY, by=world.exporter
        )
    assert refused.value.code == "factory_not_found"


@pytest.mark.parametrize(
    ("hs_code", "quantity", "code"),
    [
        ("95", Decimal(1), "invalid_hs_code"),
        ("95AB", Decimal(1), "invalid_hs_code"),
        ("\u0669\u0665\u0660\u0666", Decimal(1), "invalid_hs_code"),  # Arabic-Indic digits
        ("950662", Decimal(0), "invalid_quantity"),
        ("950662", Decimal(-3), "invalid_quantity"),
        ("950662", Decimal("NaN"), "invalid_quantity"),
        ("950662", Decimal("Infinity"), "invalid_quantity"),
    ],
)
def test_a_lot_needs_an_hs_code_and_a_positive_quantity(world, hs_code, quantity, code):
    with pytest.raises(DomainError) as refused:
        world.traceability.create_lot(
            "Footballs", hs_code, quantity, Unit.PIECES, "", PERIOD, by=world.exporter
        )
    assert refused.value.code == code


def test_a_quantity_is_stored_without_an_exponent(world):
    lot_id = world.traceability.create_lot(
        "Footballs", "950662", Decimal("1.2E+3"), Unit.PIECES, "", PERIOD, by=world.exporter
    )
    assert str(world.traceability.load_lot(lot_id).quantity) == "1200"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"gtin": "4006381333932"}, "invalid_gtin"),
        ({"lot_number": "LOT 1"}, "invalid_lot_number"),
        (
            {"period": ProductionPeriod(date(2026, 10, 31), date(2026, 10, 1))},
            "invalid_production_period",
        ),
    ],
)
def test_a_lot_says_what_is_wrong_with_its_identity_or_period(world, change, code):
    values = {"lot_number": "CSI-01", "period": PERIOD, "gtin": None, **change}
    with pytest.raises(DomainError) as refused:
        world.traceability.create_lot(
            "Footballs",
            "950662",
            Decimal(10),
            Unit.PIECES,
            values["lot_number"],
            values["period"],
            by=world.exporter,
            gtin=values["gtin"],
        )
    assert refused.value.code == code


def test_a_lot_keeps_its_gtin_and_production_period(world):
    lot_id = world.traceability.create_lot(
        "Footballs",
        "950662",
        Decimal(10),
        Unit.PIECES,
        "CSI-01",
        PERIOD,
        by=world.exporter,
        gtin="4006381333931",
    )
    lot = world.traceability.load_lot(lot_id)
    assert (lot.gtin, lot.period) == ("4006381333931", PERIOD)


def test_a_colleague_at_the_same_exporter_acts_on_its_lots(world):
    factory_id = world.factory()
    world.inspect(factory_id, DAY)
    lot_id = new_lot(world)
    exporter_id = world.traceability.load_lot(lot_id).exporter_id
    colleague = world.traceability.open_exporter_user(exporter_id, "Colleague", by=world.admin)
    world.traceability.attach_lot_to_factory(
        lot_id, factory_id, "stitching", DAY, by=Actor(colleague.account_id, Role.EXPORTER)
    )


def test_a_lot_number_is_unique_within_its_exporter(world):
    first = new_lot(world)  # numbered CSI-01
    with pytest.raises(AlreadyExists) as refused:
        new_lot(world)
    assert refused.value.code == "lot_number_taken"
    assert refused.value.existing_id == first
    assert new_lot(world, by=world.exporter_user("Another Exporter"))  # another's may repeat it
