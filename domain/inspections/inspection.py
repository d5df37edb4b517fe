"""An inspection visit: scheduled, findings recorded, completed with an outcome."""

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor, Role
from domain.errors import DomainError, NotAllowed, NotFound
from domain.inspections.catalogue import Indicator, catalogue
from domain.inspections.corrective_action import ActionStatus, CorrectiveAction, Verification
from domain.inspections.evidence import Evidence
from domain.inspections.factory_details import Workforce
from domain.inspections.severity import Severity

__all__ = ["Inspection", "InspectionCompleted", "Outcome", "Severity", "ZeroToleranceIsCritical"]


class Outcome(Enum):
    PASS = "pass"
    PASS_WITH_CORRECTIVE_ACTIONS = "pass_with_corrective_actions"
    FAIL = "fail"


class InspectionCompleted(DomainError):
    code = "inspection_completed"


class ZeroToleranceIsCritical(DomainError):
    code = "zero_tolerance_is_critical"

    def __init__(self, indicator: Indicator, then: str = "") -> None:
        super().__init__(
            f"{indicator.code} ({indicator.title}) is a zero-tolerance indicator: a finding on "
            f"it is always critical{then}."
        )


class VisitState(Enum):
    SCHEDULED = "scheduled"
    STARTED = "started"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Finding:
    indicator: str
    severity: Severity
    zero_tolerance: bool
    withdrawn: bool = False


class Inspection(Aggregate):
    @event("Scheduled")
    def __init__(
        self,
        factory_id: UUID,
        inspector_id: UUID,
        planned_on: date,
        announced: bool,
        catalogue_version: str,
        follow_up_of: UUID | None,
        by: Actor,
    ) -> None:
        self.factory_id = factory_id
        self.follow_up_of = follow_up_of
        self.actions: dict[UUID, CorrectiveAction] = {}
        self.inspector_id = inspector_id
        self.planned_on = planned_on
        self.announced = announced
        self.catalogue_version = catalogue_version
        self.state = VisitState.SCHEDULED
        self.findings: dict[UUID, Finding] = {}
        self.interviewed = Workforce(women=0, men=0)
        self.good_practices = 0
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
        follow_up_of: UUID | None = None,
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
            follow_up_of=follow_up_of,
            by=by,
        )

    def start(self, by: Actor) -> None:
        """The inspector has arrived at the factory."""
        self._require_may_act(by)
        self._require_open()
        if self.state is VisitState.STARTED:
            raise DomainError("This visit has started already.", code="visit_already_started")
        self._started(by=by)

    @event("Started")
    def _started(self, by: Actor) -> None:
        self.state = VisitState.STARTED

    def reassign(self, inspector_id: UUID, by: Actor) -> None:
        """Another inspector takes over an open visit: what it recorded stays with it."""
        self._require_open()
        if inspector_id == self.inspector_id:
            raise DomainError(
                "This inspector is assigned to this visit already.", code="inspector_unchanged"
            )
        self._reassigned(inspector_id=inspector_id, by=by)

    @event("Reassigned")
    def _reassigned(self, inspector_id: UUID, by: Actor) -> None:
        self.inspector_id = inspector_id

    def record_finding(
        self,
        indicator: Indicator,
        severity: Severity | None,
        observation: str,
        workers_affected: int,
        evidence: tuple[Evidence, ...],
        by: Actor,
    ) -> UUID:
        """Severity defaults to the indicator's; a zero-tolerance indicator is always critical,
        whatever the catalogue or the inspector says."""
        self._require_started(by)
        if workers_affected < 0:
            raise DomainError(
                "The number of workers affected cannot be negative.",
                code="invalid_workers_affected",
            )
        if indicator.zero_tolerance and severity not in (None, Severity.CRITICAL):
            raise ZeroToleranceIsCritical(indicator)
        graded = Severity.CRITICAL if indicator.zero_tolerance else severity or indicator.severity
        finding_id = uuid4()
        self._finding_recorded(
            finding_id=finding_id,
            indicator=indicator.code,
            cluster=indicator.cluster,
            severity=graded,
            zero_tolerance=indicator.zero_tolerance,
            observation=observation,
            workers_affected=workers_affected,
            evidence=tuple(e.checked() for e in evidence),
            by=by,
        )
        return finding_id

    class FindingRecorded(Aggregate.Event):
        finding_id: UUID
        indicator: str
        cluster: str
        severity: Severity
        zero_tolerance: bool
        observation: str
        workers_affected: int
        evidence: tuple[Evidence, ...]
        by: Actor
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Recorded before zero tolerance was held critical, perhaps graded lower: it is
            # critical, wherever the event is read.
            if state["zero_tolerance"]:
                state["severity"] = Severity.CRITICAL

    @event(FindingRecorded)
    def _finding_recorded(
        self,
        finding_id: UUID,
        indicator: str,
        cluster: str,
        severity: Severity,
        zero_tolerance: bool,
        observation: str,
        workers_affected: int,
        evidence: tuple[Evidence, ...],
        by: Actor,
    ) -> None:
        self.findings[finding_id] = Finding(indicator, severity, zero_tolerance)

    def withdraw_finding(self, finding_id: UUID, reason: str, by: Actor) -> None:
        """Correct a finding recorded in error; the original stays in the history."""
        self._require_correctable(finding_id, reason, by)
        self._finding_withdrawn(finding_id=finding_id, reason=reason.strip(), by=by)

    @event("FindingWithdrawn")
    def _finding_withdrawn(self, finding_id: UUID, reason: str, by: Actor) -> None:
        self.findings[finding_id] = replace(self.findings[finding_id], withdrawn=True)
        # Its corrective actions lapse with it: nothing remains to correct.
        self.actions = {a: x for a, x in self.actions.items() if x.finding_id != finding_id}

    def regrade_finding(self, finding_id: UUID, severity: Severity, reason: str, by: Actor) -> None:
        self._require_correctable(finding_id, reason, by)
        finding = self.findings[finding_id]
        if finding.zero_tolerance:
            indicator = catalogue(self.catalogue_version).indicator(finding.indicator)
            raise ZeroToleranceIsCritical(indicator, then=", and is not regraded")
        if severity is Severity.CRITICAL and any(
            a.finding_id == finding_id and a.verification is not Verification.FOLLOW_UP_VISIT
            for a in self.actions.values()
        ):
            raise DomainError(
                "A critical finding's remedy is verified at a follow-up visit: re-plan its "
                "desk-review actions before grading it critical.",
                code="follow_up_visit_required",
            )
        if finding.severity is severity:
            raise DomainError(
                f"This finding is graded {severity.value} already.", code="severity_unchanged"
            )
        self._finding_regraded(
            finding_id=finding_id, severity=severity, reason=reason.strip(), by=by
        )

    @event("FindingRegraded")
    def _finding_regraded(
        self, finding_id: UUID, severity: Severity, reason: str, by: Actor
    ) -> None:
        finding = self.findings[finding_id]
        # Stored before such regrades were refused: a zero-tolerance finding stays critical.
        if not finding.zero_tolerance:
            self.findings[finding_id] = replace(finding, severity=severity)

    def _require_correctable(self, finding_id: UUID, reason: str, by: Actor) -> None:
        self._require_started(by)
        finding = self.findings.get(finding_id)
        if finding is None:
            raise NotFound(f"This visit has no finding {finding_id}.", code="finding_not_found")
        if finding.withdrawn:
            raise DomainError("This finding was withdrawn already.", code="finding_withdrawn")
        if not reason.strip():
            raise DomainError("A correction needs its reason.", code="reason_required")

    def plan_corrective_action(
        self,
        finding_id: UUID,
        description: str,
        owner: str,
        deadline: date,
        verification: Verification,
        by: Actor,
    ) -> UUID:
        """An action the factory must take about a standing finding, before sign-off."""
        self._require_started(by)
        finding = self.findings.get(finding_id)
        if finding is None or finding.withdrawn:
            raise NotFound(
                f"This visit has no standing finding {finding_id}.", code="finding_not_found"
            )
        for value, what in ((description, "description"), (owner, "owner")):
            if not value.strip():
                raise DomainError(f"A corrective action needs its {what}.", code=f"{what}_required")
        if verification is not Verification.FOLLOW_UP_VISIT and (
            finding.zero_tolerance or finding.severity is Severity.CRITICAL
        ):
            raise DomainError(
                "Remedying a critical or zero-tolerance finding is verified at a follow-up "
                "visit, not by desk review.",
                code="follow_up_visit_required",
            )
        if deadline <= self.planned_on:
            raise DomainError(
                "A corrective action's deadline must come after the visit.", code="invalid_deadline"
            )
        action_id = uuid4()
        self._corrective_action_planned(
            action_id=action_id,
            finding_id=finding_id,
            description=description.strip(),
            owner=owner.strip(),
            deadline=deadline,
            verification=verification,
            by=by,
        )
        return action_id

    @event("CorrectiveActionPlanned")
    def _corrective_action_planned(
        self,
        action_id: UUID,
        finding_id: UUID,
        description: str,
        owner: str,
        deadline: date,
        verification: Verification,
        by: Actor,
    ) -> None:
        self.actions[action_id] = CorrectiveAction(
            finding_id, description, owner, deadline, verification
        )

    def review_action(
        self,
        action_id: UUID,
        status: ActionStatus,
        note: str,
        follow_up: "Inspection | None",
        by: Actor,
    ) -> None:
        """Mark an action open, progressing or closed: at a follow-up visit to the factory, or
        by desk review where that is how the action is verified."""
        action = self.actions.get(action_id)
        if action is None:
            raise NotFound(
                f"This visit has no corrective action {action_id}.",
                code="corrective_action_not_found",
            )
        if self.state is not VisitState.COMPLETED:
            raise DomainError(
                "Corrective actions are reviewed after the visit that planned them is signed off.",
                code="visit_not_completed",
            )
        if action.status is ActionStatus.CLOSED:
            raise DomainError("This corrective action is closed already.", code="action_closed")
        if follow_up is None:
            self._require_may_act(by)
            if action.verification is Verification.FOLLOW_UP_VISIT:
                raise DomainError(
                    "This action is verified at a follow-up visit, not by desk review.",
                    code="follow_up_visit_required",
                )
        elif follow_up.follow_up_of != self.id or follow_up.state is not VisitState.STARTED:
            raise DomainError(
                "Actions are reviewed during a started follow-up visit of the "
                "inspection that planned them.",
                code="not_a_follow_up",
            )
        else:
            follow_up._require_may_act(by)
        self._corrective_action_reviewed(
            action_id=action_id,
            status=status,
            note=note.strip(),
            follow_up_id=follow_up.id if follow_up else None,
            by=by,
        )

    @event("CorrectiveActionReviewed")
    def _corrective_action_reviewed(
        self,
        action_id: UUID,
        status: ActionStatus,
        note: str,
        follow_up_id: UUID | None,
        by: Actor,
    ) -> None:
        if action_id in self.actions:  # tolerate a history whose action was voided later
            self.actions[action_id] = replace(self.actions[action_id], status=status)

    def record_interviews(self, interviewed: Workforce, by: Actor) -> None:
        """Workers interviewed, counted by gender: never who they were."""
        self._require_started(by)
        if min(interviewed.women, interviewed.men, interviewed.transgender) < 0:
            raise DomainError("Interview counts cannot be negative.", code="invalid_interviews")
        if interviewed.total == 0:
            raise DomainError("Record at least one interview.", code="invalid_interviews")
        self._workers_interviewed(interviewed=interviewed, by=by)

    @event("WorkersInterviewed")
    def _workers_interviewed(self, interviewed: Workforce, by: Actor) -> None:
        self.interviewed = Workforce(
            women=self.interviewed.women + interviewed.women,
            men=self.interviewed.men + interviewed.men,
            transgender=self.interviewed.transgender + interviewed.transgender,
        )

    def record_good_practice(self, cluster: str, description: str, by: Actor) -> None:
        self._require_started(by)
        if not description.strip():
            raise DomainError("Describe the good practice.", code="description_required")
        self._good_practice_recorded(cluster=cluster, description=description.strip(), by=by)

    @event("GoodPracticeRecorded")
    def _good_practice_recorded(self, cluster: str, description: str, by: Actor) -> None:
        self.good_practices += 1

    def cancel(self, reason: str, by: Actor) -> None:
        self._require_may_act(by)
        self._require_open()
        if not reason.strip():
            raise DomainError("Say why the visit is cancelled.", code="reason_required")
        self._cancelled(reason=reason.strip(), by=by)

    @event("Cancelled")
    def _cancelled(self, reason: str, by: Actor) -> None:
        self.state = VisitState.CANCELLED
        self.actions = {}  # a cancelled visit decides nothing, so it asks for nothing

    def complete(self, by: Actor) -> Outcome:
        self._require_started(by)
        planned = {action.finding_id for action in self.actions.values()}
        unplanned = [
            f.indicator
            for fid, f in self.findings.items()
            if not f.withdrawn and fid not in planned
        ]
        if unplanned:
            raise DomainError(
                "Every non-compliance needs a corrective action before sign-off; plan one for: "
                f"{', '.join(sorted(unplanned))}.",
                code="corrective_actions_missing",
            )
        self._completed(outcome=self._outcome_from_findings(), by=by)
        return self.outcome

    @event("Completed")
    def _completed(self, outcome: Outcome, by: Actor) -> None:
        self.state = VisitState.COMPLETED
        self.outcome = outcome

    @property
    def standing_findings(self) -> list[Finding]:
        """The findings not withdrawn, as last graded."""
        return [f for f in self.findings.values() if not f.withdrawn]

    @property
    def found_zero_tolerance(self) -> bool:
        return any(f.zero_tolerance for f in self.standing_findings)

    def _outcome_from_findings(self) -> Outcome:
        severities = {f.severity for f in self.standing_findings}
        if self.found_zero_tolerance or Severity.CRITICAL in severities:
            return Outcome.FAIL
        if severities:
            return Outcome.PASS_WITH_CORRECTIVE_ACTIONS
        return Outcome.PASS

    def may_act(self, by: Actor) -> bool:
        """Its assigned inspector and administrators act on a visit."""
        return by.role is Role.ADMIN or by.id == self.inspector_id

    def _require_may_act(self, by: Actor) -> None:
        if not self.may_act(by):
            raise NotAllowed("Only the assigned inspector or an administrator acts on a visit.")

    def _require_open(self) -> None:
        if self.state is VisitState.COMPLETED:
            raise InspectionCompleted(
                "This inspection was completed and signed off; it takes no further changes."
            )
        if self.state is VisitState.CANCELLED:
            raise DomainError(
                "This visit was cancelled; it takes no further changes.", code="visit_cancelled"
            )

    def _require_started(self, by: Actor) -> None:
        self._require_may_act(by)
        self._require_open()
        if self.state is not VisitState.STARTED:
            raise DomainError(
                "Start the visit on arrival at the factory before recording what was found.",
                code="visit_not_started",
            )
