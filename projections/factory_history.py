"""factory_history: each factory's certification decisions in order, for the history of the lots
made there. Public facts only: the status, the inspection day, the validity, the reason."""

import json
from typing import Any

from domain.inspections.factory import Factory
from projections.projection import Projection, handles, moment
from projections.view_store import ViewCursor


class FactoryHistory(Projection):
    name = "factory_history"
    version = 1
    follows = "Inspections"
    tables = {
        "factory_history": """
            CREATE TABLE IF NOT EXISTS factory_history (
                factory_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                at TEXT NOT NULL,
                event TEXT NOT NULL,
                actor_role TEXT NOT NULL,
                facts TEXT NOT NULL,
                PRIMARY KEY (factory_id, version)
            )""",
    }

    def _record(self, cursor: ViewCursor, event: Any, facts: dict[str, Any]) -> None:
        cursor.execute(
            "INSERT INTO factory_history (factory_id, version, at, event, actor_role, facts) "
            "VALUES (%(id)s, %(version)s, %(at)s, %(event)s, %(role)s, %(facts)s)",
            {
                "id": str(event.originator_id),
                "version": event.originator_version,
                "at": moment(event.timestamp),
                "event": type(event).__name__,
                "role": event.by.role.value,
                "facts": json.dumps(facts, sort_keys=True),
            },
        )

    @handles(Factory.Certified)
    def on_certified(self, event: Factory.Certified, cursor: ViewCursor) -> None:
        facts = {
            "status": "certified_with_conditions" if event.with_conditions else "certified",
            "inspected_on": event.inspected_on.isoformat(),
            "valid_until": event.valid_until.isoformat(),
        }
        self._record(cursor, event, facts)

    @handles(Factory.Suspended)
    def on_suspended(self, event: Factory.Suspended, cursor: ViewCursor) -> None:
        facts = {"inspected_on": event.inspected_on.isoformat(), "reason": event.reason}
        self._record(cursor, event, facts)
