"""corrective_actions: every planned action with its deadline and status, so that officers can
list the overdue ones. Internal: the owner and descriptions stay in the log."""

from datetime import date
from typing import Any

from domain.inspections.inspection import Inspection
from projections.projection import Projection, handles
from projections.view_store import ViewCursor, ViewStore


class CorrectiveActions(Projection):
    name = "corrective_actions"
    version = 2
    follows = "Inspections"
    tables = {
        "visit_factories": """
            CREATE TABLE IF NOT EXISTS visit_factories (
                inspection_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL
            )""",
        "finding_indicators": """
            CREATE TABLE IF NOT EXISTS finding_indicators (
                finding_id TEXT PRIMARY KEY,
                indicator TEXT NOT NULL
            )""",
        "corrective_actions": """
            CREATE TABLE IF NOT EXISTS corrective_actions (
                action_id TEXT PRIMARY KEY,
                inspection_id TEXT NOT NULL,
                finding_id TEXT NOT NULL,
                factory_id TEXT NOT NULL,
                indicator TEXT NOT NULL,
                deadline TEXT NOT NULL,
                verification TEXT NOT NULL,
                status TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
    }

    @handles(Inspection.Scheduled)
    def on_scheduled(self, event: Inspection.Scheduled, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO visit_factories (inspection_id, factory_id) VALUES (%(id)s, %(factory)s)",
            {"id": str(event.originator_id), "factory": str(event.factory_id)},
        )

    @handles(Inspection.FindingRecorded)
    def on_finding_recorded(self, event: Inspection.FindingRecorded, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO finding_indicators (finding_id, indicator) VALUES (%(id)s, %(indicator)s)",
            {"id": str(event.finding_id), "indicator": event.indicator},
        )

    @handles(Inspection.CorrectiveActionPlanned)
    def on_planned(self, event: Inspection.CorrectiveActionPlanned, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO corrective_actions (action_id, inspection_id, finding_id, factory_id, "
            "indicator, deadline, verification, status, updated_at) "
            "SELECT %(action)s, v.inspection_id, f.finding_id, v.factory_id, f.indicator, "
            "%(deadline)s, "
            "%(verification)s, 'open', %(at)s "
            "FROM visit_factories v, finding_indicators f "
            "WHERE v.inspection_id = %(visit)s AND f.finding_id = %(finding)s",
            {
                "action": str(event.action_id),
                "visit": str(event.originator_id),
                "finding": str(event.finding_id),
                "deadline": event.deadline.isoformat(),
                "verification": event.verification.value,
                "at": event.timestamp.isoformat(),
            },
        )

    @handles(Inspection.FindingWithdrawn)
    def on_finding_withdrawn(self, event: Inspection.FindingWithdrawn, cursor: ViewCursor) -> None:
        # The domain voids a withdrawn finding's actions; so does the view.
        cursor.execute(
            "DELETE FROM corrective_actions WHERE finding_id = %(finding)s",
            {"finding": str(event.finding_id)},
        )

    @handles(Inspection.Cancelled)
    def on_cancelled(self, event: Inspection.Cancelled, cursor: ViewCursor) -> None:
        cursor.execute(
            "DELETE FROM corrective_actions WHERE inspection_id = %(visit)s",
            {"visit": str(event.originator_id)},
        )

    @handles(Inspection.CorrectiveActionReviewed)
    def on_reviewed(self, event: Inspection.CorrectiveActionReviewed, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE corrective_actions SET status = %(status)s, updated_at = %(at)s "
            "WHERE action_id = %(action)s",
            {
                "status": event.status.value,
                "at": event.timestamp.isoformat(),
                "action": str(event.action_id),
            },
        )


def find_overdue_actions(store: ViewStore, today: date) -> list[dict[str, Any]]:
    """Actions not closed whose deadline has passed, the longest overdue first."""
    with store.reading() as cursor:
        rows = cursor.execute(
            "SELECT a.action_id, a.inspection_id, a.factory_id, f.name AS factory_name, "
            "f.province, f.district, a.indicator, a.deadline, a.verification, a.status "
            "FROM corrective_actions a LEFT JOIN factory_status f ON f.factory_id = a.factory_id "
            "WHERE a.status <> 'closed' AND a.deadline < %(today)s "
            "ORDER BY a.deadline, a.action_id",
            {"today": today.isoformat()},
        ).fetchall()
    return [
        {**row, "days_overdue": (today - date.fromisoformat(row["deadline"])).days}
        for row in map(dict, rows)
    ]
