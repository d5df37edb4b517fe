"""A factory registered for inspection, and the certification its inspections decide."""

from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import DomainError
from domain.inspections.certification import (
    CertificationOnDate,
    CertificationStatus,
    add_months,
)
from domain.inspections.inspection import Outcome
from domain.places import PROVINCES


class Factory(Aggregate):
    @event("Registered")
    def __init__(
        self,
        name: str,
        ntn: str,
        address: str,
        province: str,
        district: str,
        sector: str,
        by: Actor,
    ) -> None:
        self.name = name
        self.ntn = ntn
        self.address = address
        self.province = province
        self.district = district
        self.sector = sector
        self.certificate_id: UUID | None = None
        self.status = CertificationStatus.NOT_CERTIFIED
        self.valid_until: date | None = None
        self.last_inspection_on: date | None = None

    @classmethod
    def register(
        cls,
        name: str,
        ntn: str,
        address: str,
        province: str,
        district: str,
        sector: str,
        by: Actor,
        factory_id: UUID | None = None,
    ) -> "Factory":
        for value, what in ((name, "name"), (district, "district"), (province, "province")):
            if not value.strip():
                raise DomainError(f"A factory needs its {what}.", code=f"{what}_required")
        if province.strip() not in PROVINCES:
            raise DomainError(
                f"'{province}' is not a province or territory of Pakistan; use one "
                f"of: {', '.join(PROVINCES)}.",
                code="unknown_province",
            )
        return cls._create(
            cls.Registered,
            id=factory_id or uuid4(),
            name=name.strip(),
            ntn=ntn.strip(),
            address=address.strip(),
            province=province.strip(),
            district=district.strip(),
            sector=sector.strip(),
            by=by,
        )

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
