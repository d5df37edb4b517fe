"""Every lot made from others has a lot number (GS1 AI 10): the exporter's own, or one Nishan
derives from the lot it came from, unique within the exporter; and its GTIN where it has one."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from domain.errors import AlreadyExists, DomainError
from domain.traceability.application import Traceability
from domain.traceability.lot import Unit
from tests.samples import PERIOD

DAY = date(2026, 3, 10)
FOOTBALL = "8961234500013"  # a GTIN with its check digit
SHIRT = "8961234500020"


def lot(world, number: str = "L-1", gtin: str | None = None, by=None, hs: str = "950662") -> UUID:
    return world.traceability.create_lot(
        "Footballs", hs, Decimal(1000), Unit.PIECES, number, PERIOD, by=by or world.exporter,
        gtin=gtin,
    )  # fmt: skip


def numbers(world, lot_ids) -> list[str]:
    return [world.traceability.load_lot(lot_id).lot_number for lot_id in lot_ids]


def split(world, lot_id, parts: int, **more):
    return world.traceability.split_lot(lot_id, [Decimal(10)] * parts, by=world.exporter, **more)


def factory(world) -> UUID:
    made = world.factory(name="Saddar Denim Mills", sector="1410")
    world.inspect(made, DAY)
    return made


def transform(world, inputs, outputs: int, **more) -> list[UUID]:
    return world.traceability.transform_lots(
        [(lot_id, Decimal(100)) for lot_id in inputs],
        [("Shirts", "620520", Decimal(50), Unit.PIECES)] * outputs,
        factory(world),
        "stitching",
        "",
        DAY,
        by=world.exporter,
        **more,
    )


def test_a_split_numbers_its_children_after_the_parent_and_a_later_split_counts_on(world):
    parent = lot(world, "L-1", gtin=FOOTBALL)
    first = split(world, parent, 2)
    assert numbers(world, first) == ["L-1-1", "L-1-2"]
    assert numbers(world, split(world, parent, 1)) == ["L-1-3"]
    # A child keeps its parent's GTIN: the same product.
    assert {world.traceability.load_lot(child).gtin for child in first} == {FOOTBALL}
    assert numbers(world, split(world, first[0], 1)) == ["L-1-1-1"]


def test_a_derived_number_the_exporter_holds_already_is_passed_over(world):
    parent = lot(world, "L-1")
    lot(world, "L-1-1")  # numbered by hand before the split
    assert numbers(world, split(world, parent, 2)) == ["L-1-2", "L-1-3"]


def test_the_exporters_own_numbers_are_taken_as_given_and_the_rest_derived(world):
    parent = lot(world, "L-1")
    children = split(world, parent, 3, lot_numbers=["BOX-A", "", "L-1-1"])
    # The derived one passes over L-1-1, which a sibling takes in the same command.
    assert numbers(world, children) == ["BOX-A", "L-1-2", "L-1-1"]


@pytest.mark.parametrize(
    ("given", "code"),
    [
        (["A", "A"], "duplicate_lot_number"),
        (["A", "B", "C"], "too_many_lot_numbers"),
        (["has space"], "invalid_lot_number"),
        (["L-1"], "lot_number_taken"),  # the parent's own
    ],
)
def test_numbers_that_cannot_be_given_are_refused_and_nothing_is_recorded(world, given, code):
    parent = lot(world, "L-1")
    head = world.traceability.recorder.max_notification_id()
    with pytest.raises(DomainError) as refused:
        split(world, parent, 2, lot_numbers=given)
    assert refused.value.code == code
    if code == "lot_number_taken":
        assert isinstance(refused.value, AlreadyExists) and refused.value.existing_id == parent
    assert world.traceability.recorder.max_notification_id() == head
    assert world.traceability.load_lot(parent).quantity == Decimal(1000)


def test_a_lot_with_no_number_to_derive_from_is_numbered_from_its_own_id(world):
    parent = lot(world, "")  # numbered by no one, as lots made before this release
    [child] = split(world, parent, 1)
    assert numbers(world, [child]) == [f"S-{child.hex[:8].upper()}"]
    longest = lot(world, "ABCDEFGHIJKLMNOPQR-1")  # 20 characters: no room for -1
    [long_child] = split(world, longest, 1)
    assert numbers(world, [long_child]) == [f"S-{long_child.hex[:8].upper()}"]


def test_a_merge_is_numbered_after_its_first_numbered_input_and_keeps_a_shared_gtin(world):
    unnumbered, first, second = (
        lot(world, "", FOOTBALL),
        lot(world, "A-7", FOOTBALL),
        lot(world, "B-2", FOOTBALL),
    )
    merged = world.traceability.merge_lots([unnumbered, first, second], "", by=world.exporter)
    made = world.traceability.load_lot(merged)
    assert (made.lot_number, made.gtin) == ("A-7-M1", FOOTBALL)


def test_a_merge_of_lots_with_different_gtins_has_none_and_may_be_numbered_by_hand(world):
    first, second = lot(world, "A-7", FOOTBALL), lot(world, "B-2", "96385074")
    merged = world.traceability.merge_lots(
        [first, second], "", by=world.exporter, lot_number="MIX-1"
    )
    made = world.traceability.load_lot(merged)
    assert (made.lot_number, made.gtin) == ("MIX-1", None)
    third, fourth = lot(world, "A-8"), lot(world, "B-3")
    again = world.traceability.merge_lots([third, fourth], "", by=world.exporter)
    assert world.traceability.load_lot(again).gtin is None  # none shared, none given


def test_a_transformation_numbers_each_output_after_its_first_input_with_its_own_gtin(world):
    fabric = lot(world, "F-1", hs="520821")
    shirts, spare = transform(world, [fabric], 2, gtins=[SHIRT])
    assert numbers(world, [shirts, spare]) == ["F-1-T1", "F-1-T2"]
    assert world.traceability.load_lot(shirts).gtin == SHIRT
    assert world.traceability.load_lot(spare).gtin is None  # not the fabric's: a new product
    [more] = transform(world, [fabric], 1, lot_numbers=["SH-2611"])
    assert numbers(world, [more]) == ["SH-2611"]


@pytest.mark.parametrize(
    ("more", "code"),
    [({"gtins": ["8961234500021"]}, "invalid_gtin"), ({"gtins": [SHIRT, SHIRT]}, "too_many_gtins")],
)
def test_a_transformation_with_a_wrong_gtin_is_refused_and_writes_nothing(world, more, code):
    fabric = lot(world, "F-1", hs="520821")
    transform_factory = factory(world)
    head = world.traceability.recorder.max_notification_id()
    with pytest.raises(DomainError) as refused:
        world.traceability.transform_lots(
            [(fabric, Decimal(100))],
            [("Shirts", "620520", Decimal(50), Unit.PIECES)],
            transform_factory,
            "stitching",
            "",
            DAY,
            by=world.exporter,
            **more,
        )
    assert refused.value.code == code
    assert world.traceability.recorder.max_notification_id() == head


def test_another_exporter_may_derive_the_same_numbers(world):
    rival = world.exporter_user("Rival Exports")
    ours, theirs = lot(world, "L-1"), lot(world, "L-1", by=rival)
    assert numbers(world, split(world, ours, 1)) == ["L-1-1"]
    [their_child] = world.traceability.split_lot(theirs, [Decimal(5)], by=rival)
    assert numbers(world, [their_child]) == ["L-1-1"]


def test_of_two_commands_racing_for_one_derived_number_only_one_is_recorded(world, monkeypatch):
    parent = lot(world, "L-1")
    probe = Traceability._lot_number_taken

    def meanwhile(self, exporter, number):
        """The split finds L-1-1 free; before it saves, the exporter numbers a lot L-1-1."""
        free = probe(self, exporter, number)
        monkeypatch.setattr(Traceability, "_lot_number_taken", probe)
        lot(world, "L-1-1")
        return free

    monkeypatch.setattr(Traceability, "_lot_number_taken", meanwhile)
    head = world.traceability.recorder.max_notification_id()
    with pytest.raises(IntegrityError):  # the claim on L-1-1 exists: the split is refused whole
        split(world, parent, 1)
    assert world.traceability.recorder.max_notification_id() == head + 2  # the other lot only
    assert world.traceability.load_lot(parent).quantity == Decimal(1000)
    # Sent again, it derives the next free number.
    assert numbers(world, split(world, parent, 1)) == ["L-1-2"]
