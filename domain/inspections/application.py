"""The Inspections application: the use cases of inspectors and compliance officers."""

from datetime import date
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder

from domain.accounts.application import Accounts
from domain.actor import Actor, Role
from domain.application import NishanApplication
from domain.errors import DomainError
from domain.inspections.catalogue import catalogue, current_version
from domain.inspections.certification import CertificationStatus
from domain.inspections.factory import Factory
from domain.inspections.inspection import Inspection, Outcome, Severity
from domain.transcodings import EnumAsValue

DEFAULT_VALIDITY_MONTHS = 12


class Inspections(NishanApplication):
    def __init__(self, env: dict[str, str] | None = None, *, accounts: Accounts) -> None:
        super().__init__(env)
        self.accounts = accounts
        self.validity_months = int(
            self.env.get("CERTIFICATE_VALIDITY_MONTHS") or DEFAULT_VALIDITY_MONTHS
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(EnumAsValue(Severity, "severity"))
        transcoder.register(EnumAsValue(Outcome, "outcome"))
        transcoder.register(EnumAsValue(CertificationStatus, "certification_status"))

    def register_factory(
        self,
        name: str,
        ntn: str,
        address: str,
        province: str,
        district: str,
        sector: str,
        by: Actor,
        factory_id: UUID | None = None,
    ) -> UUID:
        factory = Factory.register(
            name, ntn, address, province, district, sector, by=by, factory_id=factory_id
        )
        self.save(factory)
        return factory.id

    def load_factory(self, factory_id: UUID) -> Factory:
        return self.get(Factory, factory_id, "factory")

    def schedule_inspection(
        self,
        factory_id: UUID,
        inspector_id: UUID,
        planned_on: date,
        announced: bool,
        by: Actor,
        inspection_id: UUID | None = None,
    ) -> UUID:
        self.load_factory(factory_id)  # the factory must exist
        inspector = self.accounts.load_account(inspector_id)
        if inspector.role is not Role.INSPECTOR:
            raise DomainError(
                "The account assigned to this visit is not a labour inspector.",
                code="not_an_inspector",
            )
        inspection = Inspection.schedule(
            factory_id,
            inspector_id,
            planned_on,
            announced,
            catalogue_version=current_version(),
            by=by,
            inspection_id=inspection_id,
        )
        self.save(inspection)
        return inspection.id

    def load_inspection(self, inspection_id: UUID) -> Inspection:
        return self.get(Inspection, inspection_id, "inspection")

    def record_finding(
        self,
        inspection_id: UUID,
        indicator: str,
        severity: Severity | None,
        observation: str,
        workers_affected: int,
        by: Actor,
    ) -> UUID:
        """Record a finding against an indicator of the visit's checklist version; its severity
        is the indicator's default unless the inspector grades it otherwise."""
        inspection = self.load_inspection(inspection_id)
        found = catalogue(inspection.catalogue_version).indicator(indicator)
        finding_id = inspection.record_finding(
            found, severity or found.severity, observation, workers_affected, by=by
        )
        self.save(inspection)
        return finding_id

    def complete_inspection(self, inspection_id: UUID, inspected_on: date, by: Actor) -> Outcome:
        """Sign the visit off; its outcome certifies or suspends the factory in the same commit."""
        inspection = self.load_inspection(inspection_id)
        outcome = inspection.complete(by=by)
        factory = self.load_factory(inspection.factory_id)
        factory.apply_outcome(
            outcome,
            inspection.found_zero_tolerance,
            inspection.id,
            inspected_on,
            self.validity_months,
            by=by,
        )
        self.save(inspection, factory)
        return outcome
