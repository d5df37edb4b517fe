"""A factory registered for inspection, and the certification its inspections decide."""

from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.inspections.certification import (
    CertificationOnDate,
    CertificationPeriod,
    CertificationStatus,
    add_months,
)
from domain.inspections.factory_details import FactoryDetails
from domain.inspections.inspection import Outcome
from domain.inspections.sectors import SECTORS


def _sector_coded(state: dict[str, Any]) -> None:
    """Details stored when the sector was free text ("garments"), with the ISIC code it meant,
    or "other" and the text as typed."""
    details: FactoryDetails = state["details"]
    sector, note = SECTORS.from_earlier_words(details.sector)
    state["details"] = replace(details, sector=sector, sector_note=note)


class Factory(Aggregate):
    class Registered(Aggregate.Created):
        details: FactoryDetails
        by: Actor
        class_version = 2  # 2: the sector is an ISIC code

        upcast_v1_v2 = staticmethod(_sector_coded)

    class DetailsUpdated(Aggregate.Event):
        details: FactoryDetails
        by: Actor
        class_version = 2  # 2: the sector is an ISIC code

        upcast_v1_v2 = staticmethod(_sector_coded)

    @event(Registered)
    def __init__(self, details: FactoryDetails, by: Actor) -> None:
        self.details = details
        self.certificate_id: UUID | None = None
        self.status = CertificationStatus.NOT_CERTIFIED
        self.valid_until: date | None = None
        self.last_inspection_on: date | None = None
        self.suspended_by: list[UUID] = []  # every visit that suspended it since its certificate
        self.history: list[CertificationPeriod] = []
        self.conditions_met: dict[UUID, date] = {}

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

    @event(DetailsUpdated)
    def _details_updated(self, details: FactoryDetails, by: Actor) -> None:
        self.details = details

    def apply_outcome(
        self,
        outcome: Outcome,
        zero_tolerance: bool,
        inspection_id: UUID,
        inspected_on: date,
        validity_months: int,
        conditions: dict[UUID, date],
        remediation_verified: bool,
        by: Actor,
    ) -> None:
        """Certify or suspend the factory as a completed inspection's outcome decides.

        A suspended factory is certified again only by a follow-up of a visit that suspended
        it, once the corrective actions of every such visit are closed (`remediation_verified`).
        """
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
        if self.status is CertificationStatus.SUSPENDED and not remediation_verified:
            return
        with_conditions = outcome is Outcome.PASS_WITH_CORRECTIVE_ACTIONS
        self._certified(
            certificate_id=uuid4(),
            with_conditions=with_conditions,
            inspection_id=inspection_id,
            inspected_on=inspected_on,
            valid_until=add_months(inspected_on, validity_months),
            conditions=[[a, d] for a, d in sorted(conditions.items())] if with_conditions else [],
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
        conditions: list,  # [action id, deadline] pairs: the corrective actions it depends on
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
        self.suspended_by = []
        self.history.append(
            CertificationPeriod(
                inspected_on,
                self.status,
                certificate_id,
                valid_until,
                tuple((action, deadline) for action, deadline in conditions),
            )
        )

    @event("Suspended")
    def _suspended(self, inspection_id: UUID, inspected_on: date, reason: str, by: Actor) -> None:
        self.status = CertificationStatus.SUSPENDED
        self.last_inspection_on = inspected_on
        self.suspended_by.append(inspection_id)
        self.history.append(CertificationPeriod(inspected_on, CertificationStatus.SUSPENDED))

    def meet_condition(self, action_id: UUID, on: date, by: Actor) -> None:
        """A corrective action the certificate depends on was closed."""
        current = self.history[-1] if self.history else None
        if current is None or action_id not in dict(current.conditions):
            return
        if action_id in self.conditions_met:
            return
        self._condition_met(action_id=action_id, met_on=on, by=by)

    @event("ConditionMet")
    def _condition_met(self, action_id: UUID, met_on: date, by: Actor) -> None:
        self.conditions_met[action_id] = met_on

    def certification_on(self, day: date) -> CertificationOnDate:
        """The factory's certification as it stood on `day`, past or present."""
        periods = [p for p in self.history if p.since <= day]
        if not periods:
            return CertificationOnDate(day, None, CertificationStatus.NOT_CERTIFIED, None)
        period = periods[-1]
        status = period.status
        if status.is_valid and period.valid_until is not None and day > period.valid_until:
            status = CertificationStatus.EXPIRED
        elif any(
            deadline < day
            and not (action in self.conditions_met and self.conditions_met[action] <= day)
            for action, deadline in period.conditions
        ):
            status = CertificationStatus.CONDITIONS_OVERDUE
        return CertificationOnDate(day, period.certificate_id, status, period.valid_until)
