"""Who made a command. Every event records its actor, so history explains itself."""

from dataclasses import dataclass
from enum import Enum
from uuid import UUID


class Role(Enum):
    ADMIN = "admin"
    INSPECTOR = "inspector"
    EXPORTER = "exporter"
    SYSTEM = "system"  # Nishan itself, acting on what another context recorded
    NONE = "none"  # an account whose role was revoked: it may act on nothing


@dataclass(frozen=True)
class Actor:
    """An account acting in a role; recorded as `by` on every event."""

    id: UUID
    role: Role
