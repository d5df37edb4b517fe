"""A factory registered for inspection, and the certification its inspections decide."""

from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.inspections.certification import (
    CertificationOnDate,
    CertificationStatus,
    add_months,
)
from domain.inspections.factory_details import FactoryDetails
from domain.inspections.inspection import Outcome


class Factory(Aggregate):
    @event("Registered")
    def __init__(self, details: FactoryDetails, by: Actor) -> None:
        self.details = details
        self.certificate_id: UUID | None = None
        self.status = CertificationStatus.NOT_CERTIFIED
        self.valid_until: date | None = None
        self.last_inspection_on: date | None = None

    @classmethod
    def register(
        cls, details: FactoryDetails, by: Actor, factory_id: UUID | None = None
    ) -> "Factory":
        return cls._create(
            cls.Registered, id=factory_id or uuid4(), details=details.checked(), by=by
        )

    @property
    def name(self) -> str:
        return self.details.name

    def update_details(self, details: FactoryDetails, by: Actor) -> bool:
        """Record corrected or changed details; False when nothing changed."""
        details = details.checked()
        if details == self.details:
            return False
        self._details_updated(details=details, by=by)
        return True

    @event("DetailsUpdated")
    def _details_updated(self, details: FactoryDetails, by: Actor) -> None:
        self.details = details

    def apply_outcome(
        self,
        outcome: Outcome,
        zero_tolerance: bool,
        inspection_id: UUID,
        inspected_on: date,
        validity_months: int,
        by: Actor,
    ) -> None:
        """Certify or suspend the factory as the completed inspection's outcome decides."""
        if outcome is Outcome.FAIL:
            reason = (
                "The inspection found a zero-tolerance violation (child, forced or bonded labour)."
                if zero_tolerance
                else "The inspection found a critical non-compliance."
            )
            self._suspended(
                inspection_id=inspection_id, inspected_on=inspected_on, reason=reason, by=by
            )
            return
        self._certified(
            certificate_id=uuid4(),
            with_conditions=outcome is Outcome.PASS_WITH_CORRECTIVE_ACTIONS,
            inspection_id=inspection_id,
            inspected_on=inspected_on,
            valid_until=add_months(inspected_on, validity_months),
            by=by,
        )

    @event("Certified")
    def _certified(
        self,
        certificate_id: UUID,
        with_conditions: bool,
        inspection_id: UUID,
        inspected_on: date,
        valid_until: date,
        by: Actor,
    ) -> None:
        self.certificate_id = certificate_id
        self.status = (
            CertificationStatus.CERTIFIED_WITH_CONDITIONS
            if with_conditions
            else CertificationStatus.CERTIFIED
        )
        self.valid_until = valid_until
        self.last_inspection_on = inspected_on

    @event("Suspended")
    def _suspended(self, inspection_id: UUID, inspected_on: date, reason: str, by: Actor) -> None:
        self.status = CertificationStatus.SUSPENDED
        self.last_inspection_on = inspected_on

    def certification_on(self, day: date) -> CertificationOnDate:
        status = self.status
        if status.is_valid and self.valid_until is not None and day > self.valid_until:
            status = CertificationStatus.EXPIRED
        return CertificationOnDate(day, self.certificate_id, status, self.valid_until)
