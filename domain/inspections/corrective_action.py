"""Corrective actions: what a factory must do about a non-compliance, by when, and how the
inspectorate will verify that it was done."""

from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID


class Verification(Enum):
    DESK_REVIEW = "desk_review"
    FOLLOW_UP_VISIT = "follow_up_visit"


class ActionStatus(Enum):
    OPEN = "open"
    PROGRESSING = "progressing"
    CLOSED = "closed"


@dataclass(frozen=True)
class CorrectiveAction:
    finding_id: UUID
    description: str
    owner: str  # a role at the factory, such as "HR manager": who answers for the action
    deadline: date
    verification: Verification
    status: ActionStatus = ActionStatus.OPEN

    def overdue_on(self, day: date) -> bool:
        return self.status is not ActionStatus.CLOSED and day > self.deadline
