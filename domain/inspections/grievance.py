"""A grievance against a factory: the remedy side of the National Action Plan on Business and
Human Rights. Anonymous by construction: there is no field for the complainant's name."""

from datetime import date
from enum import Enum
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.clock import today_in_pakistan
from domain.errors import DomainError


class GrievanceChannel(Enum):
    HOTLINE = "hotline"
    INSPECTOR = "inspector"
    WORKER_COMMITTEE = "worker_committee"


class GrievanceStatus(Enum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"

    @property
    def is_open(self) -> bool:
        return self not in (GrievanceStatus.RESOLVED, GrievanceStatus.DISMISSED)


class Grievance(Aggregate):
    @event("Recorded")
    def __init__(
        self,
        factory_id: UUID,
        channel: GrievanceChannel,
        category: str,
        summary: str,  # private to the inspectorate, like an inspector's observation
        received_on: date,
        by: Actor,
    ) -> None:
        self.factory_id = factory_id
        self.category = category
        self.status = GrievanceStatus.RECEIVED

    @classmethod
    def record(
        cls,
        factory_id: UUID,
        channel: GrievanceChannel,
        category: str,
        summary: str,
        received_on: date,
        by: Actor,
    ) -> "Grievance":
        if not summary.strip():
            raise DomainError("Say what the grievance is about.", code="summary_required")
        if received_on > today_in_pakistan():
            raise DomainError(
                f"A grievance cannot be received in the future ({received_on:%d %B %Y} is after "
                "today in Pakistan): give the day it came in.",
                code="received_in_the_future",
            )
        return cls._create(
            cls.Recorded,
            id=uuid4(),
            factory_id=factory_id,
            channel=channel,
            category=category,
            summary=summary.strip(),
            received_on=received_on,
            by=by,
        )

    def acknowledge(self, on: date, by: Actor) -> None:
        self._require({GrievanceStatus.RECEIVED}, "acknowledged")
        self._acknowledged(on=on, by=by)

    @event("Acknowledged")
    def _acknowledged(self, on: date, by: Actor) -> None:
        self.status = GrievanceStatus.ACKNOWLEDGED

    def investigate(self, on: date, by: Actor) -> None:
        self._require({GrievanceStatus.RECEIVED, GrievanceStatus.ACKNOWLEDGED}, "investigated")
        self._investigation_started(on=on, by=by)

    @event("InvestigationStarted")
    def _investigation_started(self, on: date, by: Actor) -> None:
        self.status = GrievanceStatus.INVESTIGATING

    def resolve(self, resolution: str, on: date, by: Actor) -> None:
        self._require({GrievanceStatus.INVESTIGATING}, "resolved")
        if not resolution.strip():
            raise DomainError("Say how the grievance was resolved.", code="resolution_required")
        self._resolved(resolution=resolution.strip(), on=on, by=by)

    @event("Resolved")
    def _resolved(self, resolution: str, on: date, by: Actor) -> None:
        self.status = GrievanceStatus.RESOLVED

    def dismiss(self, reason: str, on: date, by: Actor) -> None:
        self._require({s for s in GrievanceStatus if s.is_open}, "dismissed")
        if not reason.strip():
            raise DomainError("A dismissal needs its reason.", code="reason_required")
        self._dismissed(reason=reason.strip(), on=on, by=by)

    @event("Dismissed")
    def _dismissed(self, reason: str, on: date, by: Actor) -> None:
        self.status = GrievanceStatus.DISMISSED

    def _require(self, allowed: set[GrievanceStatus], becoming: str) -> None:
        if self.status not in allowed:
            raise DomainError(
                f"This grievance is {self.status.value}; it cannot be {becoming} now.",
                code="grievance_status",
            )
