"""Lineage answered from the edges view by recursive SQL, on both backends."""

from datetime import date
from decimal import Decimal

from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.traceability.lot import Unit
from projections.lineage import find_ancestors, find_descendants, find_upstream_factories
from tests.samples import PERIOD, exporter_user, factory_details

DAY = date(2026, 11, 20)


def test_cotton_from_a_mill_to_shirts_is_traced_both_ways(nishan):
    admin = Actor(
        nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id,
        Role.ADMIN,
    )
    inspector = nishan.accounts.open_account(
        "Bilal", Role.INSPECTOR, "Punjab", by=admin, jurisdiction=Jurisdiction("Punjab")
    ).account_id
    exporter = exporter_user(nishan, admin)

    def certified(name: str):
        factory = nishan.inspections.register_factory(factory_details(name=name), by=admin)
        visit = nishan.inspections.schedule_inspection(factory, inspector, DAY, True, by=admin)
        nishan.inspections.start_inspection(visit, by=admin)
        nishan.inspections.complete_inspection(visit, DAY, by=admin)
        return factory

    mill, weaver, sewer = (
        certified("Multan Spinning"),
        certified("Faisalabad Weaving"),
        certified("Lahore Garments"),
    )
    yarn = nishan.traceability.create_lot(
        "Cotton yarn", "5205", Decimal(1000), Unit.KILOGRAMS, "", PERIOD, by=exporter
    )
    nishan.traceability.attach_lot_to_factory(yarn, mill, "spinning", DAY, by=exporter)
    [fabric] = nishan.traceability.transform_lots(
        [(yarn, Decimal(900))],
        [("Cotton fabric", "5208", Decimal(6000), Unit.METRES)],
        weaver,
        "weaving",
        "",
        DAY,
        by=exporter,
    )
    part, _ = nishan.traceability.split_lot(fabric, [Decimal(3000), Decimal(3000)], by=exporter)
    [shirts] = nishan.traceability.transform_lots(
        [(part, Decimal(3000))],
        [("Shirts", "6205", Decimal(2000), Unit.PIECES)],
        sewer,
        "cutting and sewing",
        "1.5 m per shirt",
        DAY,
        by=exporter,
    )
    nishan.updater.catch_up()

    ancestors = [row["lot_id"] for row in find_ancestors(nishan.views, str(shirts))]
    assert ancestors == [str(part), str(fabric), str(yarn)]  # nearest first
    descendants = {row["lot_id"] for row in find_descendants(nishan.views, str(yarn))}
    assert {str(fabric), str(part), str(shirts)} <= descendants
    upstream = {
        (row["factory_id"], row["stage"])
        for row in find_upstream_factories(nishan.views, str(shirts))
    }
    assert upstream == {
        (str(mill), "spinning"),
        (str(weaver), "weaving"),
        (str(sewer), "cutting and sewing"),
    }
