"""Events as a release before zero tolerance was held critical stored them, for the tests of how
Nishan reads them now: findings on zero-tolerance indicators graded and regraded below critical,
and FindingRecorded stored at its class_version 1."""

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID, uuid4

import pytest

from domain.actor import Actor
from domain.inspections.application import Inspections
from domain.inspections.catalogue import catalogue
from domain.inspections.inspection import Inspection, Severity


@contextmanager
def earlier_release(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """While open, FindingRecorded is stored at class_version 1, and read back as that release
    read it: as stored, without upcasting."""
    with monkeypatch.context() as patch:
        patch.setattr(Inspection.FindingRecorded, "class_version", 1)
        yield


def record_finding_as_before(
    inspections: Inspections, visit_id: UUID, code: str, severity: Severity, by: Actor
) -> UUID:
    """A finding recorded as that release allowed: graded as the inspector said."""
    visit = inspections.load_inspection(visit_id)
    indicator = catalogue(visit.catalogue_version).indicator(code)
    finding_id = uuid4()
    visit._finding_recorded(
        finding_id=finding_id,
        indicator=indicator.code,
        cluster=indicator.cluster,
        severity=severity,
        zero_tolerance=indicator.zero_tolerance,
        observation="",
        workers_affected=3,
        evidence=(),
        by=by,
    )
    inspections.save(visit)
    return finding_id


def regrade_as_before(
    inspections: Inspections, visit_id: UUID, finding_id: UUID, severity: Severity, by: Actor
) -> None:
    """A regrade that release allowed, of any finding."""
    visit = inspections.load_inspection(visit_id)
    visit._finding_regraded(
        finding_id=finding_id, severity=severity, reason="Advances small", by=by
    )
    inspections.save(visit)
