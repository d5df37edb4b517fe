"""A visit's life: scheduled, started on arrival, recorded, then completed or cancelled."""

import pytest

from domain.errors import DomainError
from domain.inspections.evidence import Evidence
from domain.inspections.factory_details import Workforce
from domain.inspections.inspection import Inspection, InspectionCompleted, VisitState
from tests.domain.test_inspections import DAY

PHOTO = Evidence("A" * 64, "Image/JPEG")


def scheduled(world):
    return world.inspections.schedule_inspection(
        world.factory(), world.inspector.id, DAY, False, by=world.admin
    )


def test_nothing_is_recorded_in_a_visit_before_the_inspector_arrives(world):
    visit = scheduled(world)
    for record in (
        lambda: world.inspections.record_finding(visit, "WB-05", None, "", 0, by=world.inspector),
        lambda: world.inspections.record_interviews(visit, Workforce(2, 2), by=world.inspector),
        lambda: world.inspections.complete_inspection(visit, DAY, by=world.inspector),
    ):
        with pytest.raises(DomainError) as refused:
            record()
        assert refused.value.code == "visit_not_started"
    world.inspections.start_inspection(visit, by=world.inspector)
    with pytest.raises(DomainError) as again:
        world.inspections.start_inspection(visit, by=world.inspector)
    assert again.value.code == "visit_already_started"


def test_a_cancelled_visit_says_why_and_takes_nothing_more(world):
    visit = world.visit(world.factory())
    with pytest.raises(DomainError) as no_reason:
        world.inspections.cancel_inspection(visit, "  ", by=world.inspector)
    assert no_reason.value.code == "reason_required"
    world.inspections.cancel_inspection(visit, "Factory closed for Eid", by=world.inspector)
    assert world.inspections.load_inspection(visit).state is VisitState.CANCELLED
    with pytest.raises(DomainError) as refused:
        world.inspections.record_finding(visit, "WB-05", None, "", 0, by=world.inspector)
    assert refused.value.code == "visit_cancelled"


def test_a_completed_visit_cannot_be_cancelled(world):
    visit = world.inspect(world.factory(), DAY)
    with pytest.raises(InspectionCompleted):
        world.inspections.cancel_inspection(visit, "Too late", by=world.admin)


def test_interviews_are_counted_by_gender_and_add_up(world):
    visit = world.visit(world.factory())
    world.inspections.record_interviews(visit, Workforce(women=4, men=2), by=world.inspector)
    world.inspections.record_interviews(visit, Workforce(3, 1, 1), by=world.inspector)
    assert world.inspections.load_inspection(visit).interviewed == Workforce(7, 3, 1)
    for counts in (Workforce(0, 0), Workforce(-1, 3)):
        with pytest.raises(DomainError) as refused:
            world.inspections.record_interviews(visit, counts, by=world.inspector)
        assert refused.value.code == "invalid_interviews"


def test_good_practices_belong_to_a_cluster_of_the_checklist(world):
    visit = world.visit(world.factory())
    world.inspections.record_good_practice(
        visit, "GR", "Worker committee meets monthly with minutes", by=world.inspector
    )
    assert world.inspections.load_inspection(visit).good_practices == 1
    with pytest.raises(DomainError) as refused:
        world.inspections.record_good_practice(visit, "ZZ", "x", by=world.inspector)
    assert refused.value.code == "unknown_cluster"


def test_evidence_is_kept_as_hashes_with_media_types(world):
    visit = world.visit(world.factory())
    world.inspections.record_finding(
        visit, "FL-07", None, "", 3, by=world.inspector, evidence=(PHOTO,)
    )
    [recorded] = [
        e for e in world.inspections.events.get(visit) if isinstance(e, Inspection.FindingRecorded)
    ]
    assert list(recorded.evidence) == [Evidence("a" * 64, "image/jpeg")]


@pytest.mark.parametrize(
    ("evidence", "code"),
    [
        (Evidence("abc", "image/jpeg"), "invalid_evidence_hash"),
        (Evidence("a" * 64, "a photo"), "invalid_media_type"),
    ],
)
def test_evidence_must_be_a_sha256_and_a_media_type(world, evidence, code):
    visit = world.visit(world.factory())
    with pytest.raises(DomainError) as refused:
        world.inspections.record_finding(
            visit, "FL-07", None, "", 0, by=world.inspector, evidence=(evidence,)
        )
    assert refused.value.code == code
