"""An account: a person acting in one role, for an organisation."""

from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor, Role
from domain.errors import DomainError

# The operator at the server's console (the `nishan` command), who opens the first admin.
CONSOLE = Actor(id=UUID(int=0), role=Role.ADMIN)


class Account(Aggregate):
    @event("Opened")
    def __init__(self, name: str, role: Role, organisation: str, by: Actor) -> None:
        self.name = name
        self.role = role
        self.organisation = organisation
        self.opened_by = by

    @classmethod
    def open(
        cls, name: str, role: Role, organisation: str, by: Actor, account_id: UUID | None = None
    ) -> "Account":
        if not name.strip():
            raise DomainError(
                "An account needs the name of the person who uses it.", code="name_required"
            )
        if role is Role.EXPORTER and not organisation.strip():
            raise DomainError(
                "An exporter account needs the name of its exporting company.",
                code="organisation_required",
            )
        return cls._create(
            cls.Opened,
            id=account_id or uuid4(),
            name=name.strip(),
            role=role,
            organisation=organisation.strip(),
            by=by,
        )

    @property
    def actor(self) -> Actor:
        return Actor(id=self.id, role=self.role)
