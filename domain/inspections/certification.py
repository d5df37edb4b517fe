"""Certification: what a factory's inspection outcome means for the lots made there."""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID


class CertificationStatus(Enum):
    NOT_CERTIFIED = "not_certified"
    CERTIFIED = "certified"
    CERTIFIED_WITH_CONDITIONS = "certified_with_conditions"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    CONDITIONS_OVERDUE = "conditions_overdue"  # a corrective action passed its deadline

    @property
    def is_valid(self) -> bool:
        return self in (
            CertificationStatus.CERTIFIED,
            CertificationStatus.CERTIFIED_WITH_CONDITIONS,
        )

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class CertificationOnDate:
    """A factory's certification as it stood on one day: what a lot's event relies on."""

    on: date
    certificate_id: UUID | None
    status: CertificationStatus
    valid_until: date | None


@dataclass(frozen=True)
class CertificationPeriod:
    """What an inspection decided, from the day of the inspection until the next decision."""

    since: date
    status: CertificationStatus  # certified, certified with conditions, or suspended
    certificate_id: UUID | None = None
    valid_until: date | None = None
    conditions: tuple[tuple[UUID, date], ...] = ()  # corrective actions and their deadlines


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
