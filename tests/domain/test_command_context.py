"""The command context: a caller's receipt is saved with the command's first events, so that a
second recording of the same command fails whole; If-Match is checked once the rules passed."""

from decimal import Decimal
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from domain.command_context import CommandContext, PendingReceipt, VersionMismatch, command_context
from domain.command_receipt import CommandReceipt, receipt_id
from domain.errors import NotFound
from tests.domain.test_lots import new_lot


def _split(world, lot_id, context: CommandContext) -> None:
    with command_context(context):
        world.traceability.split_lot(lot_id, [Decimal(1)], by=world.exporter)


def _keyed(world, key: str) -> CommandContext:
    return CommandContext(
        actor=world.exporter, receipt=PendingReceipt(receipt_id("caller", key), "hash")
    )


def test_the_receipt_is_recorded_in_the_same_save_as_the_command(world):
    lot_id = new_lot(world)
    context = _keyed(world, "k1")
    _split(world, lot_id, context)
    receipt = world.traceability.repository.get(context.receipt.receipt_id)
    assert isinstance(receipt, CommandReceipt) and receipt.request_hash == "hash"
    assert context.receipt.saved_in == "Traceability"


def test_a_second_recording_under_the_same_receipt_records_nothing(world):
    lot_id = new_lot(world)
    _split(world, lot_id, _keyed(world, "k2"))
    head = world.traceability.recorder.max_notification_id()
    with pytest.raises(IntegrityError):
        _split(world, lot_id, _keyed(world, "k2"))
    assert world.traceability.recorder.max_notification_id() == head


def test_if_match_is_checked_against_the_version_the_record_was_loaded_at(world):
    lot_id = new_lot(world)
    version = world.traceability.load_lot(lot_id).version
    _split(world, lot_id, CommandContext(target=lot_id, expected_version=version))
    with pytest.raises(VersionMismatch) as refused:
        _split(world, lot_id, CommandContext(target=lot_id, expected_version=version))
    assert (refused.value.expected, refused.value.current) == (version, version + 1)


def test_a_refused_command_is_refused_for_its_rule_before_its_version(world):
    # Another exporter's lot reads as missing, whatever version the caller claims to know.
    lot_id = new_lot(world)
    rival = world.exporter_user("Rival Exports")
    context = CommandContext(target=lot_id, expected_version=99)
    with command_context(context), pytest.raises(NotFound):
        world.traceability.split_lot(lot_id, [Decimal(1)], by=rival)


def test_commands_outside_a_request_are_unaffected(world):
    lot_id = new_lot(world)
    world.traceability.split_lot(lot_id, [Decimal(1)], by=world.exporter)
    assert not world.traceability.exists(receipt_id("caller", str(uuid4())))
