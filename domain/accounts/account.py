"""An account: a person acting in one role, for an organisation."""

from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.errors import DomainError

# The operator at the server's console (the `nishan` command), who opens the first admin.
CONSOLE = Actor(id=UUID(int=0), role=Role.ADMIN)


class Account(Aggregate):
    @event("Opened")
    def __init__(
        self,
        name: str,
        role: Role,
        organisation: str,
        jurisdiction: Jurisdiction | None,
        exporter_id: UUID | None,
        by: Actor,
    ) -> None:
        self.name = name
        self.exporter_id = exporter_id
        self.role = role
        self.organisation = organisation
        self.jurisdiction = jurisdiction
        self.active = True

    @classmethod
    def open(
        cls,
        name: str,
        role: Role,
        organisation: str,
        by: Actor,
        jurisdiction: Jurisdiction | None = None,
        exporter_id: UUID | None = None,
        account_id: UUID | None = None,
    ) -> "Account":
        if not name.strip():
            raise DomainError(
                "An account needs the name of the person who uses it.", code="name_required"
            )
        if role is Role.EXPORTER and exporter_id is None:
            raise DomainError(
                "An exporter account belongs to a registered exporter: open it with "
                "POST /exporters/{exporter_id}/users.",
                code="exporter_required",
            )
        if role is not Role.EXPORTER and exporter_id is not None:
            raise DomainError(
                "Only exporter accounts belong to an exporter.", code="exporter_not_applicable"
            )
        if role is Role.INSPECTOR and jurisdiction is None:
            raise DomainError(
                "An inspector account needs its jurisdiction: a province, and its districts if "
                "the inspector does not cover the whole province.",
                code="jurisdiction_required",
            )
        if role is not Role.INSPECTOR and jurisdiction is not None:
            raise DomainError(
                "Only inspectors have a jurisdiction.", code="jurisdiction_not_applicable"
            )
        return cls._create(
            cls.Opened,
            id=account_id or uuid4(),
            name=name.strip(),
            role=role,
            organisation=organisation.strip(),
            jurisdiction=jurisdiction.checked() if jurisdiction else None,
            exporter_id=exporter_id,
            by=by,
        )

    @property
    def actor(self) -> Actor:
        return Actor(id=self.id, role=self.role)

    def deactivate(self, reason: str, by: Actor) -> None:
        if not reason.strip():
            raise DomainError("Say why the account is deactivated.", code="reason_required")
        if not self.active:
            raise DomainError("This account is deactivated already.", code="account_deactivated")
        self._deactivated(reason=reason.strip(), by=by)

    @event("Deactivated")
    def _deactivated(self, reason: str, by: Actor) -> None:
        self.active = False
