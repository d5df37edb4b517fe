"""Lineage answered from the edges view by recursive SQL, on both backends."""

from datetime import date
from decimal import Decimal

import pytest

from domain.inspections.corrective_action import Verification
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from projections.lineage import find_ancestors, find_descendants, find_upstream_factories
from projections.lot_record import Verdict, find_lot_record
from tests.samples import PERIOD, People

pytestmark = pytest.mark.both_backends  # the backend can change the answer

DAY = date(2026, 11, 20)


def test_cotton_from_a_mill_to_shirts_is_traced_both_ways(nishan):
    people = People(nishan)
    exporter = people.exporter
    mill, weaver, sewer = (
        people.certified_factory(DAY, name=name)
        for name in ("Multan Spinning", "Faisalabad Weaving", "Lahore Garments")
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
        "stitching",
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
        (str(sewer), "stitching"),
    }


def test_a_lot_made_from_others_answers_for_their_factories(nishan):
    people = People(nishan)
    admin, exporter = people.admin, people.exporter
    tannery = people.certified_factory(DAY, name="Kasur Tannery")
    made_since_certified = ProductionPeriod(date(2026, 11, 1), DAY)
    hides = nishan.traceability.create_lot(
        "Leather", "4107", Decimal(500), Unit.KILOGRAMS, "", made_since_certified, by=exporter
    )
    nishan.traceability.attach_lot_to_factory(hides, tannery, "tanning", DAY, by=exporter)
    [part] = nishan.traceability.split_lot(hides, [Decimal(100)], by=exporter)
    nishan.updater.catch_up()

    record = find_lot_record(nishan.views, str(part), DAY)
    assert record.verdict is Verdict.VERIFIED
    assert [f.name for f in record.factories] == ["Kasur Tannery"]

    # A later visit finds debt bondage at the tannery: the part made from its leather is under
    # review too.
    bad = people.visit(tannery, DAY)
    finding = nishan.inspections.record_finding(bad, "FL-09", None, "", 9, by=admin, on=DAY)
    nishan.inspections.plan_corrective_action(
        bad,
        finding,
        "Write off advances",
        "Owner",
        date(2026, 12, 20),
        Verification.FOLLOW_UP_VISIT,
        by=admin,
    )
    nishan.inspections.complete_inspection(bad, DAY, by=admin)
    nishan.updater.catch_up()
    assert find_lot_record(nishan.views, str(part), DAY).verdict is Verdict.UNDER_REVIEW
