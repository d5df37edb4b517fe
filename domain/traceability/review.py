"""A lot under review: risk that flows downstream from a suspended factory.

When an inspection suspends a factory, every lot made there since its last clean inspection,
and every lot made from those, is placed under review until a follow-up visit reinstates the
factory. The raising and the lifting are events in each lot's own history.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.actor import Actor, Role

# The downstream review process acts on what the Inspections log recorded, not on a person's word.
REVIEW_PROCESS = Actor(UUID(int=1), Role.SYSTEM)


@dataclass(frozen=True)
class Suspension:
    """What the review relies on: the visit that suspended the factory, and since when lots
    made there are in doubt (its last clean inspection; None when it never had one)."""

    review_id: UUID  # the suspending visit's id: one review per suspending visit
    factory_id: UUID
    suspended_on: date
    reason: str
    since: date | None


@dataclass
class ReviewOnLot:
    suspension: Suspension
    open: bool = True
