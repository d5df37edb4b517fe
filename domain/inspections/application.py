"""The Inspections application: the use cases of inspectors and compliance officers."""

from collections.abc import Callable
from datetime import date
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder

from domain.accounts.application import Accounts
from domain.actor import Actor, Role
from domain.application import NishanApplication, missing
from domain.errors import DomainError, NotFound
from domain.inspections.catalogue import catalogue, current_version
from domain.inspections.certification import CertificationStatus
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.inspections.evidence import Evidence, EvidenceAsDict
from domain.inspections.factory import Factory
from domain.inspections.factory_details import (
    FactoryDetails,
    FactoryDetailsAsDict,
    GeoPointAsDict,
    Workforce,
    WorkforceAsDict,
)
from domain.inspections.grievance import Grievance, GrievanceChannel
from domain.inspections.inspection import Inspection, Outcome, Severity
from domain.inspections.referral import Referral, ReferralBody, ReferralStatus, referral_id
from domain.transcodings import EnumAsValue
from domain.unique_claim import UniqueClaim
from domain.use_case import use_case

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
        transcoder.register(EnumAsValue(Verification, "verification"))
        transcoder.register(EnumAsValue(ActionStatus, "action_status"))
        transcoder.register(EnumAsValue(ReferralBody, "referral_body"))
        transcoder.register(EnumAsValue(ReferralStatus, "referral_status"))
        transcoder.register(EnumAsValue(GrievanceChannel, "grievance_channel"))
        for transcoding in (
            FactoryDetailsAsDict(),
            WorkforceAsDict(),
            GeoPointAsDict(),
            EvidenceAsDict(),
        ):
            transcoder.register(transcoding)

    @use_case
    def register_factory(
        self, details: FactoryDetails, by: Actor, factory_id: UUID | None = None
    ) -> UUID:
        """Register a factory; the same NTN at the same address is refused with its id."""
        factory = Factory.register(details, by=by, factory_id=factory_id)
        self.save(factory, self._claim(factory.details, factory.id, by))
        return factory.id

    @use_case
    def update_factory_details(
        self,
        factory_id: UUID,
        change: Callable[[FactoryDetails], FactoryDetails],
        by: Actor,
    ) -> bool:
        """Apply `change` to the details as they are now, in one load and save, so that a
        concurrent update is refused (409) rather than silently undone."""
        factory = self.load_factory(factory_id)
        before = factory.details.registration_key()
        if not factory.update_details(change(factory.details), by=by):
            return False
        moved = factory.details.registration_key() != before
        self.save(factory, self._claim(factory.details, factory.id, by) if moved else None)
        return True

    def _claim(self, details: FactoryDetails, factory_id: UUID, by: Actor) -> UniqueClaim | None:
        """Claim the factory's NTN and address, unless it holds them already."""
        return self.claim(
            "factory",
            details.registration_key(),
            factory_id,
            by,
            taken=f"A factory with NTN {details.ntn} at this address is registered already.",
            code="factory_already_registered",
        )

    def load_factory(self, factory_id: UUID) -> Factory:
        return self.get(Factory, factory_id, "factory")

    @use_case
    def schedule_inspection(
        self,
        factory_id: UUID,
        inspector_id: UUID,
        planned_on: date,
        announced: bool,
        by: Actor,
        follow_up_of: UUID | None = None,
        inspection_id: UUID | None = None,
    ) -> UUID:
        """Schedule a visit; a follow-up visit names the completed visit whose corrective
        actions it verifies."""
        if follow_up_of is not None:
            original = self.load_inspection(follow_up_of)
            if original.factory_id != factory_id or original.outcome is None:
                raise DomainError(
                    "A follow-up visit follows a completed visit to the same factory.",
                    code="invalid_follow_up",
                )
        self._require_assignable(inspector_id, self.load_factory(factory_id))
        inspection = Inspection.schedule(
            factory_id,
            inspector_id,
            planned_on,
            announced,
            catalogue_version=current_version(),
            by=by,
            follow_up_of=follow_up_of,
            inspection_id=inspection_id,
        )
        self.save(inspection)
        return inspection.id

    def _require_assignable(self, inspector_id: UUID, factory: Factory) -> None:
        """An active labour inspector whose jurisdiction covers the factory, read now."""
        inspector = self.accounts.load_account(inspector_id)  # the other context, read now
        if inspector.role is not Role.INSPECTOR:
            raise DomainError(
                "The account assigned to this visit is not a labour inspector.",
                code="not_an_inspector",
            )
        if not inspector.active:
            raise DomainError(
                "This inspector's account is deactivated; assign another inspector.",
                code="inspector_deactivated",
            )
        where = factory.details
        if not inspector.jurisdiction.covers(where.province, where.district):
            raise DomainError(
                f"{where.name} is in {where.district}, {where.province}, outside this "
                f"inspector's jurisdiction ({inspector.jurisdiction.describe()}).",
                code="not_in_jurisdiction",
            )

    @use_case
    def reassign_inspection(self, inspection_id: UUID, inspector_id: UUID, by: Actor) -> None:
        """Assign an open visit to another inspector, checked as when it was scheduled: for a
        visit whose inspector was moved, without losing what it recorded."""
        visit = self.visit_for(inspection_id, by)
        self._require_assignable(inspector_id, self.load_factory(visit.factory_id))
        visit.reassign(inspector_id, by=by)
        self.save(visit)

    def load_inspection(self, inspection_id: UUID) -> Inspection:
        return self.get(Inspection, inspection_id, "inspection")

    def visit_for(self, inspection_id: UUID, by: Actor) -> Inspection:
        """The visit, if the actor may act on it now; another's reads word for word as a
        missing one, before any rule can say more of it."""
        visit = self.load_inspection(inspection_id)
        if not self._may_act_on(visit, by):
            raise missing("inspection", inspection_id)
        return visit

    def _may_act_on(self, visit: Inspection, by: Actor) -> bool:
        """An administrator acts on any visit; its assigned inspector only while the factory is
        inside their jurisdiction at the time of the command: moved elsewhere, they leave the
        visit to be reassigned."""
        if not visit.may_act(by):
            return False
        if by.role is Role.ADMIN:
            return True
        where = self.load_factory(visit.factory_id).details
        return self.sees(by, where.province, where.district)

    def _change_visit(
        self, inspection_id: UUID, by: Actor, command: Callable[[Inspection], object]
    ) -> None:
        visit = self.visit_for(inspection_id, by)
        command(visit)
        self.save(visit)

    @use_case
    def start_inspection(self, inspection_id: UUID, by: Actor) -> None:
        self._change_visit(inspection_id, by, lambda visit: visit.start(by=by))

    @use_case
    def record_interviews(self, inspection_id: UUID, interviewed: Workforce, by: Actor) -> None:
        self._change_visit(
            inspection_id, by, lambda visit: visit.record_interviews(interviewed, by=by)
        )

    @use_case
    def record_good_practice(
        self, inspection_id: UUID, cluster: str, description: str, by: Actor
    ) -> None:
        inspection = self.visit_for(inspection_id, by)
        checklist = catalogue(inspection.catalogue_version)
        if cluster not in {c.code for c in checklist.clusters}:
            raise DomainError(
                f"'{cluster}' is not a cluster of checklist version {checklist.version}.",
                code="unknown_cluster",
            )
        inspection.record_good_practice(cluster, description, by=by)
        self.save(inspection)

    @use_case
    def withdraw_finding(
        self, inspection_id: UUID, finding_id: UUID, reason: str, on: date, by: Actor
    ) -> None:
        """Withdraw a finding recorded in error, and close the referral it opened, if any."""
        inspection = self.visit_for(inspection_id, by)
        inspection.withdraw_finding(finding_id, reason, by=by)
        referral = None
        if self.exists(referral_id(finding_id)):
            referral = self.load_referral(referral_id(finding_id))
            if referral.status is not ReferralStatus.CLOSED:
                referral.close(f"The finding was withdrawn: {reason}", on=on, by=by)
        self.save(inspection, referral)

    @use_case
    def record_grievance(
        self,
        factory_id: UUID,
        channel: GrievanceChannel,
        category: str,
        summary: str,
        received_on: date,
        by: Actor,
    ) -> UUID:
        self.factory_for(factory_id, by)
        clusters = {c.code for c in catalogue(current_version()).clusters}
        if category not in clusters:
            raise DomainError(
                f"'{category}' is not a checklist cluster; use one of: "
                f"{', '.join(sorted(clusters))}.",
                code="unknown_cluster",
            )
        grievance = Grievance.record(factory_id, channel, category, summary, received_on, by=by)
        self.save(grievance)
        return grievance.id

    def load_grievance(self, grievance_id: UUID) -> Grievance:
        return self.get(Grievance, grievance_id, "grievance")

    @use_case
    def acknowledge_grievance(self, grievance_id: UUID, on: date, by: Actor) -> None:
        self._change_in_jurisdiction(
            Grievance, grievance_id, by, lambda g: g.acknowledge(on, by=by)
        )

    @use_case
    def investigate_grievance(self, grievance_id: UUID, on: date, by: Actor) -> None:
        self._change_in_jurisdiction(
            Grievance, grievance_id, by, lambda g: g.investigate(on, by=by)
        )

    @use_case
    def resolve_grievance(self, grievance_id: UUID, resolution: str, on: date, by: Actor) -> None:
        self._change_in_jurisdiction(
            Grievance, grievance_id, by, lambda g: g.resolve(resolution, on, by=by)
        )

    @use_case
    def dismiss_grievance(self, grievance_id: UUID, reason: str, on: date, by: Actor) -> None:
        self._change_in_jurisdiction(
            Grievance, grievance_id, by, lambda g: g.dismiss(reason, on, by=by)
        )

    def load_referral(self, referral: UUID) -> Referral:
        return self.get(Referral, referral, "referral")

    @use_case
    def acknowledge_referral(self, referral: UUID, on: date, by: Actor) -> None:
        self._change_in_jurisdiction(Referral, referral, by, lambda r: r.acknowledge(on, by=by))

    @use_case
    def open_referral_case(self, referral: UUID, reference: str, on: date, by: Actor) -> None:
        self._change_in_jurisdiction(
            Referral, referral, by, lambda r: r.open_case(reference, on, by=by)
        )

    @use_case
    def close_referral(self, referral: UUID, note: str, on: date, by: Actor) -> None:
        self._change_in_jurisdiction(Referral, referral, by, lambda r: r.close(note, on, by=by))

    def _change_in_jurisdiction(
        self, aggregate_class: type, aggregate_id: UUID, by: Actor, command: Callable
    ) -> None:
        """Change a referral or grievance of a factory in the actor's jurisdiction (any, for an
        administrator); another's answers as not found."""
        what = aggregate_class.__name__.lower()
        aggregate = self.get(aggregate_class, aggregate_id, what)
        try:
            self.factory_for(aggregate.factory_id, by)
        except NotFound:  # answered exactly as a missing one, so that nothing is revealed
            raise missing(what, aggregate_id) from None
        command(aggregate)
        self.save(aggregate)

    def sees(self, by: Actor, province: str | None, district: str | None) -> bool:
        """Whether a row about a factory in that place is the actor's to see."""
        if by.role is Role.ADMIN:
            return True
        jurisdiction = self.accounts.load_account(by.id).jurisdiction
        return bool(jurisdiction and province and jurisdiction.covers(province, district or ""))

    def factory_for(self, factory_id: UUID, by: Actor) -> Factory:
        """The factory, if it is the actor's to act on (any factory, for an admin); one outside
        an inspector's jurisdiction reads word for word as a missing one."""
        factory = self.load_factory(factory_id)
        if not self.sees(by, factory.details.province, factory.details.district):
            raise missing("factory", factory_id)
        return factory

    @use_case
    def regrade_finding(
        self, inspection_id: UUID, finding_id: UUID, severity: Severity, reason: str, by: Actor
    ) -> None:
        self._change_visit(
            inspection_id,
            by,
            lambda visit: visit.regrade_finding(finding_id, severity, reason, by=by),
        )

    @use_case
    def plan_corrective_action(
        self,
        inspection_id: UUID,
        finding_id: UUID,
        description: str,
        owner: str,
        deadline: date,
        verification: Verification,
        by: Actor,
    ) -> UUID:
        inspection = self.visit_for(inspection_id, by)
        action_id = inspection.plan_corrective_action(
            finding_id, description, owner, deadline, verification, by=by
        )
        self.save(inspection)
        return action_id

    @use_case
    def review_corrective_action(
        self,
        inspection_id: UUID,
        action_id: UUID,
        status: ActionStatus,
        note: str,
        on: date,
        by: Actor,
        follow_up_id: UUID | None = None,
    ) -> None:
        inspection = self.load_inspection(inspection_id)
        follow_up = self.visit_for(follow_up_id, by) if follow_up_id else None
        # Reviewed at its follow-up by that visit's inspector, or by desk by the visit's own.
        reviewing_at = (
            follow_up if follow_up and follow_up.follow_up_of == inspection.id else inspection
        )
        if not self._may_act_on(reviewing_at, by):
            raise missing("inspection", inspection_id)
        inspection.review_action(action_id, status, note, follow_up, by=by)
        factory = self.load_factory(inspection.factory_id)
        if status is ActionStatus.CLOSED:
            factory.meet_condition(action_id, on=on, by=by)
        self.save(inspection, factory)

    @use_case
    def cancel_inspection(self, inspection_id: UUID, reason: str, by: Actor) -> None:
        self._change_visit(inspection_id, by, lambda visit: visit.cancel(reason, by=by))

    @use_case
    def record_finding(
        self,
        inspection_id: UUID,
        indicator: str,
        severity: Severity | None,
        observation: str,
        workers_affected: int,
        by: Actor,
        evidence: tuple[Evidence, ...] = (),
        on: date | None = None,
    ) -> UUID:
        """Record a finding against an indicator of the visit's checklist version; its severity
        is the indicator's default unless the inspector grades it otherwise (never, for a
        zero-tolerance indicator: always critical)."""
        inspection = self.visit_for(inspection_id, by)
        found = catalogue(inspection.catalogue_version).indicator(indicator)
        finding_id = inspection.record_finding(
            found, severity, observation, workers_affected, evidence, by=by
        )
        referral = None
        if found.zero_tolerance and found.referral:  # escalated at once, in the same commit
            referral = Referral.open(
                inspection.factory_id,
                inspection.id,
                finding_id,
                found.code,
                ReferralBody(found.referral),
                self.load_factory(inspection.factory_id).details.district,
                opened_on=on or inspection.planned_on,
                by=by,
            )
        self.save(inspection, referral)
        return finding_id

    @use_case
    def complete_inspection(self, inspection_id: UUID, inspected_on: date, by: Actor) -> Outcome:
        """Sign the visit off; its outcome certifies or suspends the factory in the same commit.

        A follow-up of a visit that suspended the factory reinstates it only when the corrective
        actions of every visit that suspended it are closed: remediation verified.
        """
        inspection = self.visit_for(inspection_id, by)
        outcome = inspection.complete(by=by)
        factory = self.load_factory(inspection.factory_id)
        remediation_verified = inspection.follow_up_of in factory.suspended_by and all(
            action.status is ActionStatus.CLOSED
            for suspending in factory.suspended_by
            for action in self.load_inspection(suspending).actions.values()
        )
        factory.apply_outcome(
            outcome,
            inspection.found_zero_tolerance,
            inspection.id,
            inspected_on,
            self.validity_months,
            conditions={a: action.deadline for a, action in inspection.actions.items()},
            remediation_verified=remediation_verified,
            by=by,
        )
        self.save(inspection, factory)
        return outcome
