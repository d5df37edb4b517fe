"""A referral of a zero-tolerance finding to the body that acts on it, opened the moment the
finding is recorded: the best programmes escalate within days, not at the next audit."""

from datetime import date, timedelta
from enum import Enum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import DomainError

_NAMESPACE = uuid5(NAMESPACE_URL, "https://nishan.pk/referrals")
ACKNOWLEDGEMENT_DAYS = 7  # the body is asked to acknowledge within a week


class ReferralBody(Enum):
    DISTRICT_VIGILANCE_COMMITTEE = "district_vigilance_committee"  # bonded labour
    FIA = "fia"  # trafficking
    CHILD_LABOUR_UNIT = "child_labour_unit"  # the labour department's

    def name_in(self, district: str) -> str:
        return {
            ReferralBody.DISTRICT_VIGILANCE_COMMITTEE: f"District Vigilance Committee, {district}",
            ReferralBody.FIA: "Federal Investigation Agency",
            ReferralBody.CHILD_LABOUR_UNIT: f"Labour department child-labour unit, {district}",
        }[self]


class ReferralStatus(Enum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    CASE_OPENED = "case_opened"
    CLOSED = "closed"


def referral_id(finding_id: UUID) -> UUID:
    """One referral per finding, found from the finding."""
    return uuid5(_NAMESPACE, str(finding_id))


class Referral(Aggregate):
    @event("Opened")
    def __init__(
        self,
        factory_id: UUID,
        inspection_id: UUID,
        finding_id: UUID,
        indicator: str,
        body: ReferralBody,
        district: str,
        opened_on: date,
        due_on: date,
        by: Actor,
    ) -> None:
        self.factory_id = factory_id
        self.inspection_id = inspection_id
        self.body = body
        self.district = district
        self.due_on = due_on
        self.status = ReferralStatus.SENT

    @classmethod
    def open(
        cls,
        factory_id: UUID,
        inspection_id: UUID,
        finding_id: UUID,
        indicator: str,
        body: ReferralBody,
        district: str,
        opened_on: date,
        by: Actor,
    ) -> "Referral":
        return cls._create(
            cls.Opened,
            id=referral_id(finding_id),
            factory_id=factory_id,
            inspection_id=inspection_id,
            finding_id=finding_id,
            indicator=indicator,
            body=body,
            district=district,
            opened_on=opened_on,
            due_on=opened_on + timedelta(days=ACKNOWLEDGEMENT_DAYS),
            by=by,
        )

    def acknowledge(self, on: date, by: Actor) -> None:
        self._require(ReferralStatus.SENT, "acknowledged")
        self._acknowledged(on=on, by=by)

    @event("Acknowledged")
    def _acknowledged(self, on: date, by: Actor) -> None:
        self.status = ReferralStatus.ACKNOWLEDGED

    def open_case(self, case_reference: str, on: date, by: Actor) -> None:
        if self.status not in (ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED):
            raise DomainError(
                f"This referral is {self.status.value.replace('_', ' ')}; a case is opened on a "
                "referral sent or acknowledged.",
                code="referral_status",
            )
        if not case_reference.strip():
            raise DomainError("Give the body's case reference.", code="case_reference_required")
        self._case_opened(case_reference=case_reference.strip(), on=on, by=by)

    @event("CaseOpened")
    def _case_opened(self, case_reference: str, on: date, by: Actor) -> None:
        self.status = ReferralStatus.CASE_OPENED

    def close(self, note: str, on: date, by: Actor) -> None:
        if self.status is ReferralStatus.CLOSED:
            raise DomainError("This referral is closed already.", code="referral_status")
        if not note.strip():
            raise DomainError("Say how the referral ended.", code="note_required")
        self._closed(note=note.strip(), on=on, by=by)

    @event("Closed")
    def _closed(self, note: str, on: date, by: Actor) -> None:
        self.status = ReferralStatus.CLOSED

    def _require(self, status: ReferralStatus, becoming: str) -> None:
        if self.status is not status:
            raise DomainError(
                f"This referral is {self.status.value.replace('_', ' ')}; only a referral "
                f"{status.value.replace('_', ' ')} can be {becoming}.",
                code="referral_status",
            )
