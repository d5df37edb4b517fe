"""grievances: each grievance's factory, category, channel and status; never its summary."""

from typing import Any

from domain.inspections.grievance import Grievance, GrievanceStatus
from projections.projection import Projection, handles
from projections.view_store import ViewCursor

# Where a grievance stands after each event that moves it; the dashboard counts by the same.
STATUS_AFTER = {
    Grievance.Acknowledged: GrievanceStatus.ACKNOWLEDGED,
    Grievance.InvestigationStarted: GrievanceStatus.INVESTIGATING,
    Grievance.Resolved: GrievanceStatus.RESOLVED,
    Grievance.Dismissed: GrievanceStatus.DISMISSED,
}


class Grievances(Projection):
    name = "grievances"
    version = 3  # 3: listed by the day received; 2: found by factory (lot_scope.py)
    follows = "Inspections"
    tables = {
        "grievances": """
            CREATE TABLE IF NOT EXISTS grievances (
                grievance_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                category TEXT NOT NULL,
                channel TEXT NOT NULL,
                status TEXT NOT NULL,
                received_on TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
    }

    indexes = {
        "grievances_factory": "grievances (factory_id)",
        "grievances_by_day": "grievances (received_on, grievance_id)",  # GET /grievances
    }

    @handles(Grievance.Recorded)
    def on_recorded(self, event: Grievance.Recorded, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO grievances (grievance_id, factory_id, category, channel, status, "
            "received_on, updated_at) VALUES (%(id)s, %(factory)s, %(category)s, %(channel)s, "
            "'received', %(received)s, %(at)s)",
            {
                "id": str(event.originator_id),
                "factory": str(event.factory_id),
                "category": event.category,
                "channel": event.channel.value,
                "received": event.received_on.isoformat(),
                "at": event.timestamp.isoformat(),
            },
        )

    @handles(*STATUS_AFTER)
    def on_moved(self, event: Any, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE grievances SET status = %(status)s, updated_at = %(at)s "
            "WHERE grievance_id = %(id)s",
            {
                "status": STATUS_AFTER[type(event)].value,
                "at": event.timestamp.isoformat(),
                "id": str(event.originator_id),
            },
        )
