"""Stored events are forever: what they contain must not depend on where the code lives."""

import json
from datetime import date

from domain.inspections.inspection import Inspection, Severity
from tests.domain.test_lots import new_lot
from tests.earlier_release import earlier_release, record_finding_as_before

PERMANENT_TYPE_NAMES = {
    "uuid_hex",
    "decimal_str",
    "datetime_iso",
    "date_iso",
    "actor",
    "role",
    "severity",
    "outcome",
    "certification_status",
    "unit",
    "factory_details",
    "workforce",
    "geo_point",
    "jurisdiction",
    "evidence",
    "verification",
    "action_status",
    "referral_body",
    "referral_status",
    "grievance_channel",
    "production_period",
    "transport_mode",
}


def type_names(value) -> set[str]:
    if isinstance(value, dict):
        names = {value["_type_"]} if "_type_" in value else set()
        return names.union(*(type_names(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(type_names(v) for v in value))
    return set()


def test_stored_events_name_their_value_types_by_permanent_names(world):
    factory_id = world.factory()
    world.inspect(factory_id, date(2026, 3, 10), [("WT-02", Severity.MAJOR)])
    lot_id = new_lot(world)
    world.traceability.attach_lot_to_factory(
        lot_id, factory_id, "stitching", date(2026, 3, 11), by=world.exporter
    )
    found: set[str] = set()
    for app in (world.accounts, world.inspections, world.traceability):
        for stored in app.recorder.select_notifications(start=1, limit=1000):
            found |= type_names(json.loads(stored.state))
    assert found <= PERMANENT_TYPE_NAMES
    expected = {"role", "severity", "outcome", "certification_status", "unit", "date_iso"}
    assert expected | {"factory_details", "workforce", "jurisdiction"} <= found


def test_a_zero_tolerance_finding_stored_graded_minor_by_an_earlier_release_is_read_critical(
    world, monkeypatch
):
    visit = world.visit(world.factory())
    with earlier_release(monkeypatch):
        bonded = record_finding_as_before(
            world.inspections, visit, "FL-09", Severity.MINOR, world.inspector
        )
        wages = record_finding_as_before(
            world.inspections, visit, "WB-02", Severity.MINOR, world.inspector
        )
    [stored, _] = [
        json.loads(s.state)
        for s in world.inspections.recorder.select_notifications(start=1, limit=1000)
        if s.topic.endswith("Inspection.FindingRecorded")
    ]
    assert "class_version" not in stored and stored["severity"]["_data_"] == "minor"
    findings = world.inspections.load_inspection(visit).findings
    assert findings[bonded].severity is Severity.CRITICAL
    assert findings[wages].severity is Severity.MINOR  # only zero tolerance is read otherwise
    [event, _] = [
        e for e in world.inspections.events.get(visit) if isinstance(e, Inspection.FindingRecorded)
    ]
    assert event.severity is Severity.CRITICAL


def test_a_finding_recorded_now_is_stored_at_class_version_2(world):
    visit = world.visit(world.factory())
    world.inspections.record_finding(visit, "FL-09", None, "", 3, by=world.inspector)
    [stored] = [
        json.loads(s.state)
        for s in world.inspections.recorder.select_notifications(start=1, limit=1000)
        if s.topic.endswith("Inspection.FindingRecorded")
    ]
    assert stored["class_version"] == 2
