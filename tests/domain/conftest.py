"""Domain tests run the applications on eventsourcing's in-memory store: fast and exhaustive.

Events still go through the JSON transcoder there, so every reload tests the transcodings.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.accounts.account import CONSOLE
from domain.accounts.application import Accounts
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.inspections.application import Inspections
from domain.inspections.corrective_action import ActionStatus, Verification
from domain.traceability.application import Traceability
from tests.samples import factory_details, ntn

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
PUNJAB = Jurisdiction("Punjab")


class World:
    def __init__(self) -> None:
        self.accounts = Accounts(IN_MEMORY)
        self.inspections = Inspections(IN_MEMORY, accounts=self.accounts)
        self.traceability = Traceability(
            IN_MEMORY, accounts=self.accounts, inspections=self.inspections
        )
        self.admin = self.open("Officer", Role.ADMIN, "NCC", by=CONSOLE)
        self.inspector = self.open(
            "Inspector", Role.INSPECTOR, "Punjab Labour Department", jurisdiction=PUNJAB
        )
        self.exporter = self.exporter_user("Chenab Sports Exports")

    def open(
        self,
        name: str,
        role: Role,
        organisation: str,
        by: Actor | None = None,
        jurisdiction: Jurisdiction | None = None,
    ) -> Actor:
        opened = self.accounts.open_account(
            name, role, organisation, by=by or self.admin, jurisdiction=jurisdiction
        )
        return Actor(opened.account_id, role)

    def exporter_user(self, company: str) -> Actor:
        """A user acting for a newly registered exporter called `company`."""
        exporter = self.traceability.register_exporter(company, ntn(), "Sialkot", by=self.admin)
        opened = self.traceability.open_exporter_user(exporter, f"{company} user", by=self.admin)
        return Actor(opened.account_id, Role.EXPORTER)

    def factory(self, name: str = "Chenab Sports Industries", **details: Any) -> UUID:
        return self.inspections.register_factory(
            factory_details(name=name, **details), by=self.admin
        )

    def visit(self, factory_id: UUID, on: date = date(2026, 3, 10)) -> UUID:
        """A visit scheduled for the world's inspector, who has arrived at the factory."""
        visit = self.inspections.schedule_inspection(
            factory_id, self.inspector.id, on, True, by=self.admin
        )
        self.inspections.start_inspection(visit, by=self.inspector)
        return visit

    def follow_up(self, factory_id: UUID, of: UUID, on: date, started: bool = True) -> UUID:
        """A follow-up of visit `of`; by default the inspector has arrived."""
        visit = self.inspections.schedule_inspection(
            factory_id, self.inspector.id, on, False, by=self.admin, follow_up_of=of
        )
        if started:
            self.inspections.start_inspection(visit, by=self.inspector)
        return visit

    def review_at(
        self, visit: UUID, action: UUID, status: ActionStatus, follow_up: UUID, on: date
    ) -> None:
        """The inspector marks an action of `visit` during follow-up visit `follow_up`."""
        self.inspections.review_corrective_action(
            visit,
            action,
            status,
            "Checked on site",
            on=on,
            by=self.inspector,
            follow_up_id=follow_up,
        )

    def plan_action(
        self,
        visit: UUID,
        finding: UUID,
        deadline: date,
        verification: Verification = Verification.FOLLOW_UP_VISIT,
    ) -> UUID:
        return self.inspections.plan_corrective_action(
            visit,
            finding,
            "Remedy the finding",
            "Factory manager",
            deadline,
            verification,
            by=self.inspector,
        )

    def inspect(self, factory_id: UUID, on: date, findings=()) -> UUID:
        visit = self.visit(factory_id, on)
        for indicator, severity in findings:
            finding = self.inspections.record_finding(
                visit, indicator, severity, "", 0, by=self.inspector
            )
            self.plan_action(visit, finding, on + timedelta(days=30))
        self.inspections.complete_inspection(visit, on, by=self.inspector)
        return visit


@pytest.fixture
def world() -> Iterator[World]:
    yield World()
