"""referrals: zero-tolerance referrals and where each stands, for officers to chase."""

from datetime import date
from typing import Any

from domain.inspections.referral import Referral, ReferralBody, ReferralStatus
from projections.projection import Projection, handles
from projections.view_store import ViewCursor, ViewStore

# Where a referral stands after each event that moves it; the dashboard counts by the same.
STATUS_AFTER = {
    Referral.Acknowledged: ReferralStatus.ACKNOWLEDGED,
    Referral.CaseOpened: ReferralStatus.CASE_OPENED,
    Referral.Closed: ReferralStatus.CLOSED,
}


class Referrals(Projection):
    name = "referrals"
    version = 3  # 3: listed by the day opened; 2: found by factory (lot_scope.py)
    follows = "Inspections"
    tables = {
        "referrals": """
            CREATE TABLE IF NOT EXISTS referrals (
                referral_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                inspection_id TEXT NOT NULL,
                indicator TEXT NOT NULL,
                body TEXT NOT NULL,
                body_name TEXT NOT NULL,
                district TEXT NOT NULL,
                opened_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                status TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
    }

    indexes = {
        "referrals_factory": "referrals (factory_id)",
        "referrals_by_day": "referrals (opened_on, referral_id)",  # GET /referrals, by page
    }

    @handles(Referral.Opened)
    def on_opened(self, event: Referral.Opened, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO referrals (referral_id, factory_id, inspection_id, indicator, body, "
            "body_name, district, opened_on, due_on, status, updated_at) VALUES (%(id)s, "
            "%(factory)s, %(visit)s, %(indicator)s, %(body)s, %(body_name)s, %(district)s, "
            "%(opened)s, %(due)s, 'sent', %(at)s)",
            {
                "id": str(event.originator_id),
                "factory": str(event.factory_id),
                "visit": str(event.inspection_id),
                "indicator": event.indicator,
                "body": event.body.value,
                "body_name": ReferralBody(event.body).name_in(event.district),
                "district": event.district,
                "opened": event.opened_on.isoformat(),
                "due": event.due_on.isoformat(),
                "at": event.timestamp.isoformat(),
            },
        )

    @handles(*STATUS_AFTER)
    def on_moved(self, event: Any, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE referrals SET status = %(status)s, updated_at = %(at)s "
            "WHERE referral_id = %(id)s",
            {
                "status": STATUS_AFTER[type(event)].value,
                "at": event.timestamp.isoformat(),
                "id": str(event.originator_id),
            },
        )


def find_overdue_referrals(store: ViewStore, today: date) -> list[dict[str, Any]]:
    """Referrals still waiting for the body to acknowledge them after their due date."""
    with store.reading() as cursor:
        rows = cursor.execute(
            "SELECT r.*, f.name AS factory_name, f.province, f.district AS factory_district "
            "FROM referrals r "
            "LEFT JOIN factory_status f ON f.factory_id = r.factory_id "
            "WHERE r.status = 'sent' AND r.due_on < %(today)s ORDER BY r.due_on, r.referral_id",
            {"today": today.isoformat()},
        ).fetchall()
    return [
        {**row, "days_overdue": (today - date.fromisoformat(row["due_on"])).days}
        for row in map(dict, rows)
    ]
