"""What an account could do, period by period, read from its events: so that who could do what
on any date is answerable, long after roles have changed."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.accounts.account import Account
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role


@dataclass(frozen=True)
class Grant:
    role: Role | None  # None: the role was revoked, or the account deactivated
    jurisdiction: Jurisdiction | None
    since: datetime
    until: datetime | None  # None: still so
    by: Actor

    def covers(self, moment: datetime) -> bool:
        return self.since <= moment and (self.until is None or moment < self.until)


def grants_of(events: Iterable[Any]) -> list[Grant]:
    periods: list[Grant] = []

    def begin(role: Role | None, jurisdiction: Jurisdiction | None, event: Any) -> None:
        if periods:
            last = periods[-1]
            periods[-1] = Grant(last.role, last.jurisdiction, last.since, event.timestamp, last.by)
        periods.append(Grant(role, jurisdiction, event.timestamp, None, event.by))

    for event in events:
        if isinstance(event, Account.Opened | Account.RoleGranted):
            begin(event.role, event.jurisdiction, event)
        elif isinstance(event, Account.RoleRevoked | Account.Deactivated):
            begin(None, None, event)
    return periods


def grant_at(grants: list[Grant], moment: datetime) -> Grant | None:
    return next((g for g in grants if g.covers(moment)), None)
