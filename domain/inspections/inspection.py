"""An inspection visit: scheduled, findings recorded, completed with an outcome."""

from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor, Role
from domain.errors import DomainError, NotAllowed
from domain.inspections.catalogue import Indicator
from domain.inspections.severity import Severity

__all__ = ["Inspection", "InspectionCompleted", "Outcome", "Severity"]


class Outcome(Enum):
    PASS = "pass"
    PASS_WITH_CORRECTIVE_ACTIONS = "pass_with_corrective_actions"
    FAIL = "fail"


class InspectionCompleted(DomainError):
    code = "inspection_completed"


@dataclass(frozen=True)
class Finding:
    indicator: str
    severity: Severity
    zero_tolerance: bool


class Inspection(Aggregate):
    @event("Scheduled")
    def __init__(
        self,
        factory_id: UUID,
        inspector_id: UUID,
        planned_on: date,
        announced: bool,
        catalogue_version: str,
        by: Actor,
    ) -> None:
        self.factory_id = factory_id
        self.inspector_id = inspector_id
        self.planned_on = planned_on
        self.announced = announced
        self.catalogue_version = catalogue_version
        self.findings: dict[UUID, Finding] = {}
        self.outcome: Outcome | None = None

    @classmethod
    def schedule(
        cls,
        factory_id: UUID,
        inspector_id: UUID,
        planned_on: date,
        announced: bool,
        catalogue_version: str,
        by: Actor,
        inspection_id: UUID | None = None,
    ) -> "Inspection":
        return cls._create(
            cls.Scheduled,
            id=inspection_id or uuid4(),
            factory_id=factory_id,
            inspector_id=inspector_id,
            planned_on=planned_on,
            announced=announced,
            catalogue_version=catalogue_version,
            by=by,
        )

    def record_finding(
        self,
        indicator: Indicator,
        severity: Severity,
        observation: str,
        workers_affected: int,
        by: Actor,
    ) -> UUID:
        self._require_may_act(by)
        self._require_open()
        if workers_affected < 0:
            raise DomainError(
                "The number of workers affected cannot be negative.",
                code="invalid_workers_affected",
            )
        finding_id = uuid4()
        self._finding_recorded(
            finding_id=finding_id,
            indicator=indicator.code,
            cluster=indicator.cluster,
            severity=severity,
            zero_tolerance=indicator.zero_tolerance,
            observation=observation,
            workers_affected=workers_affected,
            by=by,
        )
        return finding_id

    @event("FindingRecorded")
    def _finding_recorded(
        self,
        finding_id: UUID,
        indicator: str,
        cluster: str,
        severity: Severity,
        zero_tolerance: bool,
        observation: str,
        workers_affected: int,
        by: Actor,
    ) -> None:
        self.findings[finding_id] = Finding(indicator, severity, zero_tolerance)

    def complete(self, by: Actor) -> Outcome:
        self._require_may_act(by)
        self._require_open()
        self._completed(outcome=self._outcome_from_findings(), by=by)
        return self.outcome

    @event("Completed")
    def _completed(self, outcome: Outcome, by: Actor) -> None:
        self.outcome = outcome

    @property
    def found_zero_tolerance(self) -> bool:
        return any(f.zero_tolerance for f in self.findings.values())

    def _outcome_from_findings(self) -> Outcome:
        severities = {f.severity for f in self.findings.values()}
        if self.found_zero_tolerance or Severity.CRITICAL in severities:
            return Outcome.FAIL
        if severities:
            return Outcome.PASS_WITH_CORRECTIVE_ACTIONS
        return Outcome.PASS

    def _require_may_act(self, by: Actor) -> None:
        if by.role is not Role.ADMIN and by.id != self.inspector_id:
            raise NotAllowed("Only the assigned inspector or an administrator acts on a visit.")

    def _require_open(self) -> None:
        if self.outcome is not None:
            raise InspectionCompleted(
                "This inspection was completed and signed off; it takes no further changes."
            )
