"""Sectors and production stages are codes from closed lists, each with "other" and a note;
events stored when they were free text are read as the codes they meant."""

import json
from dataclasses import replace
from datetime import date

import pytest
from eventsourcing.persistence import StoredEvent

from domain.errors import DomainError
from domain.inspections.factory import Factory
from domain.inspections.sectors import SECTORS
from domain.inspections.severity import Severity
from domain.traceability.lot import Lot
from domain.traceability.stages import STAGES
from tests.domain.test_lots import new_lot


@pytest.mark.parametrize(
    "sector, note, code",
    [
        ("9999", "", "unknown_sector"),
        ("sports goods", "", "unknown_sector"),  # the name is not the code
        ("other", "  ", "sector_note_required"),
        ("3230", "footballs", "sector_note_not_needed"),
        ("", "", "sector_required"),
    ],
)
def test_a_factory_is_registered_only_with_a_known_sector_or_other_and_a_note(
    world, sector, note, code
):
    with pytest.raises(DomainError) as refused:
        world.factory(sector=sector, sector_note=note)
    assert refused.value.code == code


def test_other_keeps_the_officers_note_as_typed_with_its_spaces_tidied(world):
    factory_id = world.factory(sector=" other ", sector_note="  kite  making ")
    details = world.inspections.load_factory(factory_id).details
    assert (details.sector, details.sector_note) == ("other", "kite making")


def test_a_lot_is_recorded_as_made_only_at_a_known_stage(world):
    factory_id = world.factory()
    world.inspect(factory_id, date(2026, 3, 10), [])
    lot_id = new_lot(world)
    attach = world.traceability.attach_lot_to_factory
    for stage, note, code in (
        ("cutting", "panels", "stage_note_not_needed"),
        ("hand stitching", "", "unknown_stage"),  # a name is not its code
        ("other", "", "stage_note_required"),
        ("", "", "stage_required"),
    ):
        with pytest.raises(DomainError) as refused:
            attach(lot_id, factory_id, stage, date(2026, 3, 11), by=world.exporter, stage_note=note)
        assert refused.value.code == code
    attach(lot_id, factory_id, "other", date(2026, 3, 11), world.exporter, "panel lamination")
    attach(lot_id, factory_id, " Stitching ", date(2026, 3, 11), by=world.exporter)
    productions = world.traceability.load_lot(lot_id).productions
    assert [(p.stage, p.stage_note) for p in productions] == [
        ("other", "panel lamination"),
        ("stitching", ""),
    ]


def test_every_vocabulary_ends_with_other_and_reads_every_earlier_word_as_one_of_its_codes():
    for vocabulary in (SECTORS, STAGES):
        assert vocabulary.codes[-1] == "other" and len(set(vocabulary.codes)) == len(
            vocabulary.codes
        )
        assert set(vocabulary.earlier_words.values()) <= set(vocabulary.codes)


def _as_stored_before(stored: StoredEvent, change) -> StoredEvent:
    """The stored event as the release before the vocabularies wrote it: class_version 1
    (absent), in the shape of then."""
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    change(state)
    return replace(stored, state=json.dumps(state).encode())


def _stored(app, topic_end: str) -> list[StoredEvent]:
    return [
        s for s in app.recorder.select_notifications(start=1, limit=1000)
        if s.topic.endswith(topic_end)
    ]  # fmt: skip


@pytest.mark.parametrize(
    "typed, sector, note",
    [
        ("garments", "1410", ""),
        ("Sports Goods", "3230", ""),
        ("brick kilns", "2392", ""),
        ("textiles", "13", ""),
        ("3250", "3250", ""),
        ("kite making", "other", "kite making"),
    ],
)
def test_factories_stored_with_a_free_text_sector_are_read_with_its_code(
    world, typed, sector, note
):
    factory_id = world.factory()
    world.inspections.update_factory_details(
        factory_id, lambda details: replace(details, name="Chenab Sports, Unit 3"), by=world.admin
    )

    def free_text(state):
        data = state["details"]["_data_"]
        del data["sector_note"]
        data["sector"] = typed

    old = [
        _as_stored_before(s, free_text) for s in _stored(world.inspections, "Factory.Registered")
    ]
    old += [_as_stored_before(s, free_text) for s in _stored(world.inspections, "DetailsUpdated")]
    for stored in old:
        event = world.inspections.mapper.to_domain_event(stored)
        assert isinstance(event, Factory.Registered | Factory.DetailsUpdated)
        assert (event.details.sector, event.details.sector_note) == (sector, note)
    assert [type(e) for e in map(world.inspections.mapper.to_domain_event, old)] == [
        Factory.Registered,
        Factory.DetailsUpdated,
    ]
    # The factory built from the old events has the coded sector too.
    rebuilt = None
    for stored in old:
        rebuilt = world.inspections.mapper.to_domain_event(stored).mutate(rebuilt)
    assert (rebuilt.details.sector, rebuilt.details.sector_note) == (sector, note)


@pytest.mark.parametrize(
    "typed, stage, note",
    [
        ("stitching", "stitching", ""),
        ("Sewing", "stitching", ""),
        ("leather finishing", "leather_finishing", ""),
        ("cutting and sewing", "stitching", ""),
        ("Leather Finishing", "leather_finishing", ""),
        ("Dyeing", "dyeing", ""),
        ("panel lamination", "other", "panel lamination"),
    ],
)
def test_productions_stored_with_a_free_text_stage_are_read_with_its_code(
    world, typed, stage, note
):
    factory_id = world.factory()
    world.inspect(factory_id, date(2026, 3, 10), [("WT-02", Severity.MAJOR)])
    lot_id = new_lot(world)
    world.traceability.attach_lot_to_factory(
        lot_id, factory_id, "stitching", date(2026, 3, 11), by=world.exporter
    )

    def free_text(state):
        del state["stage_note"]
        state["stage"] = typed

    [old] = [_as_stored_before(s, free_text) for s in _stored(world.traceability, "ProducedAt")]
    event = world.traceability.mapper.to_domain_event(old)
    assert isinstance(event, Lot.ProducedAt)
    assert (event.stage, event.stage_note) == (stage, note)
