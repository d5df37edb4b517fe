"""dashboard: the national knowledge base. One row per visit, finding, corrective action,
referral and grievance, each with its factory's province, district and sector and its month, so
that any breakdown is one GROUP BY. No personal data: no names, observations, owners, summaries
or notes, only codes, places, dates and states.

A visit counts in the month of its inspection day (the day the factory's certification was
decided on), or, when its outcome changed nothing, the month it was signed off in Pakistan; its
findings and corrective actions count with it. A referral counts in the month it was opened,
a grievance in the month it was received.
"""

from datetime import datetime
from typing import Any

from domain.clock import PAKISTAN_TIME
from domain.inspections.factory import Factory
from domain.inspections.factory_details import FactoryDetails
from domain.inspections.grievance import Grievance
from domain.inspections.inspection import Inspection
from domain.inspections.referral import Referral
from projections.grievances import STATUS_AFTER as GRIEVANCE_STATUS_AFTER
from projections.projection import Projection, handles
from projections.referrals import STATUS_AFTER as REFERRAL_STATUS_AFTER
from projections.view_store import ViewCursor


def _month(moment: datetime) -> str:
    return moment.astimezone(PAKISTAN_TIME).strftime("%Y-%m")


class Dashboard(Projection):
    name = "dashboard"
    # 2: actions keep their deadline, for the factories' overdue actions; 3: zero-tolerance
    # findings stay critical, however an earlier release let them be graded or regraded.
    version = 4  # 4: sectors coded (ISIC Rev. 4), indexed by factory
    follows = "Inspections"
    tables = {
        "dashboard_factories": """
            CREATE TABLE IF NOT EXISTS dashboard_factories (
                factory_id TEXT PRIMARY KEY,
                province TEXT NOT NULL,
                district TEXT NOT NULL,
                sector TEXT NOT NULL
            )""",
        "dashboard_visits": """
            CREATE TABLE IF NOT EXISTS dashboard_visits (
                inspection_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                follow_up INTEGER NOT NULL,
                month TEXT,
                outcome TEXT
            )""",
        "dashboard_findings": """
            CREATE TABLE IF NOT EXISTS dashboard_findings (
                finding_id TEXT PRIMARY KEY,
                inspection_id TEXT NOT NULL,
                indicator TEXT NOT NULL,
                cluster TEXT NOT NULL,
                severity TEXT NOT NULL,
                zero_tolerance INTEGER NOT NULL
            )""",
        "dashboard_actions": """
            CREATE TABLE IF NOT EXISTS dashboard_actions (
                action_id TEXT PRIMARY KEY,
                inspection_id TEXT NOT NULL,
                finding_id TEXT NOT NULL,
                deadline TEXT NOT NULL,
                status TEXT NOT NULL
            )""",
        "dashboard_referrals": """
            CREATE TABLE IF NOT EXISTS dashboard_referrals (
                referral_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                body TEXT NOT NULL,
                month TEXT NOT NULL,
                status TEXT NOT NULL
            )""",
        "dashboard_grievances": """
            CREATE TABLE IF NOT EXISTS dashboard_grievances (
                grievance_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                category TEXT NOT NULL,
                month TEXT NOT NULL,
                status TEXT NOT NULL
            )""",
    }
    # A lot's page counts its factories' findings, actions, referrals and grievances
    # (factory_figures.py): by factory, never by scanning every visit in the store.
    indexes = {
        "dashboard_visits_by_factory_id": "dashboard_visits (factory_id)",
        "dashboard_findings_by_inspection_id": "dashboard_findings (inspection_id)",
        "dashboard_actions_by_inspection_id": "dashboard_actions (inspection_id)",
        "dashboard_actions_by_finding_id": "dashboard_actions (finding_id)",
        "dashboard_referrals_by_factory_id": "dashboard_referrals (factory_id)",
        "dashboard_grievances_by_factory_id": "dashboard_grievances (factory_id)",
    }

    # Factories: only where they are, never who or exactly where.

    @handles(Factory.Registered)
    def on_registered(self, event: Factory.Registered, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO dashboard_factories (factory_id, province, district, sector) "
            "VALUES (%(id)s, %(province)s, %(district)s, %(sector)s)",
            _place(event.originator_id, event.details),
        )

    @handles(Factory.DetailsUpdated)
    def on_details_updated(self, event: Factory.DetailsUpdated, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE dashboard_factories SET province = %(province)s, district = %(district)s, "
            "sector = %(sector)s WHERE factory_id = %(id)s",
            _place(event.originator_id, event.details),
        )

    # Visits and what they found.

    @handles(Inspection.Scheduled)
    def on_scheduled(self, event: Inspection.Scheduled, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO dashboard_visits (inspection_id, factory_id, follow_up) "
            "VALUES (%(id)s, %(factory)s, %(follow_up)s)",
            {
                "id": str(event.originator_id),
                "factory": str(event.factory_id),
                "follow_up": int(event.follow_up_of is not None),
            },
        )

    @handles(Inspection.Completed)
    def on_completed(self, event: Inspection.Completed, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE dashboard_visits SET month = %(month)s, outcome = %(outcome)s "
            "WHERE inspection_id = %(id)s",
            {
                "id": str(event.originator_id),
                "month": _month(event.timestamp),
                "outcome": event.outcome.value,
            },
        )

    @handles(Factory.Certified, Factory.Suspended)
    def on_decided(self, event: Any, cursor: ViewCursor) -> None:
        # Saved with the visit's Completed event: the inspection day it records decides the month.
        cursor.execute(
            "UPDATE dashboard_visits SET month = %(month)s WHERE inspection_id = %(id)s",
            {"id": str(event.inspection_id), "month": event.inspected_on.strftime("%Y-%m")},
        )

    @handles(Inspection.Cancelled)
    def on_cancelled(self, event: Inspection.Cancelled, cursor: ViewCursor) -> None:
        params = {"id": str(event.originator_id)}
        for table in ("dashboard_visits", "dashboard_findings", "dashboard_actions"):
            cursor.execute(f"DELETE FROM {table} WHERE inspection_id = %(id)s", params)

    @handles(Inspection.FindingRecorded)
    def on_finding_recorded(self, event: Inspection.FindingRecorded, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO dashboard_findings (finding_id, inspection_id, indicator, cluster, "
            "severity, zero_tolerance) VALUES (%(id)s, %(visit)s, %(indicator)s, %(cluster)s, "
            "%(severity)s, %(zero_tolerance)s)",
            {
                "id": str(event.finding_id),
                "visit": str(event.originator_id),
                "indicator": event.indicator,
                "cluster": event.cluster,
                "severity": event.severity.value,
                "zero_tolerance": int(event.zero_tolerance),
            },
        )

    @handles(Inspection.FindingWithdrawn)
    def on_finding_withdrawn(self, event: Inspection.FindingWithdrawn, cursor: ViewCursor) -> None:
        # A finding recorded in error never happened, and neither did its corrective actions.
        params = {"finding": str(event.finding_id)}
        cursor.execute("DELETE FROM dashboard_findings WHERE finding_id = %(finding)s", params)
        cursor.execute("DELETE FROM dashboard_actions WHERE finding_id = %(finding)s", params)

    @handles(Inspection.FindingRegraded)
    def on_finding_regraded(self, event: Inspection.FindingRegraded, cursor: ViewCursor) -> None:
        # Regrades of zero-tolerance findings, stored before they were refused, change nothing.
        cursor.execute(
            "UPDATE dashboard_findings SET severity = %(severity)s "
            "WHERE finding_id = %(finding)s AND zero_tolerance = 0",
            {"severity": event.severity.value, "finding": str(event.finding_id)},
        )

    @handles(Inspection.CorrectiveActionPlanned)
    def on_action_planned(
        self, event: Inspection.CorrectiveActionPlanned, cursor: ViewCursor
    ) -> None:
        cursor.execute(
            "INSERT INTO dashboard_actions (action_id, inspection_id, finding_id, deadline, "
            "status) VALUES (%(id)s, %(visit)s, %(finding)s, %(deadline)s, 'open')",
            {
                "id": str(event.action_id),
                "visit": str(event.originator_id),
                "finding": str(event.finding_id),
                "deadline": event.deadline.isoformat(),
            },
        )

    @handles(Inspection.CorrectiveActionReviewed)
    def on_action_reviewed(
        self, event: Inspection.CorrectiveActionReviewed, cursor: ViewCursor
    ) -> None:
        cursor.execute(
            "UPDATE dashboard_actions SET status = %(status)s WHERE action_id = %(id)s",
            {"status": event.status.value, "id": str(event.action_id)},
        )

    # Referrals and grievances.

    @handles(Referral.Opened)
    def on_referral_opened(self, event: Referral.Opened, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO dashboard_referrals (referral_id, factory_id, body, month, status) "
            "VALUES (%(id)s, %(factory)s, %(body)s, %(month)s, 'sent')",
            {
                "id": str(event.originator_id),
                "factory": str(event.factory_id),
                "body": event.body.value,
                "month": event.opened_on.strftime("%Y-%m"),
            },
        )

    @handles(*REFERRAL_STATUS_AFTER)
    def on_referral_moved(self, event: Any, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE dashboard_referrals SET status = %(status)s WHERE referral_id = %(id)s",
            {"status": REFERRAL_STATUS_AFTER[type(event)].value, "id": str(event.originator_id)},
        )

    @handles(Grievance.Recorded)
    def on_grievance_recorded(self, event: Grievance.Recorded, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO dashboard_grievances (grievance_id, factory_id, category, month, status) "
            "VALUES (%(id)s, %(factory)s, %(category)s, %(month)s, 'received')",
            {
                "id": str(event.originator_id),
                "factory": str(event.factory_id),
                "category": event.category,
                "month": event.received_on.strftime("%Y-%m"),
            },
        )

    @handles(*GRIEVANCE_STATUS_AFTER)
    def on_grievance_moved(self, event: Any, cursor: ViewCursor) -> None:
        cursor.execute(
            "UPDATE dashboard_grievances SET status = %(status)s WHERE grievance_id = %(id)s",
            {"status": GRIEVANCE_STATUS_AFTER[type(event)].value, "id": str(event.originator_id)},
        )


def _place(factory_id: Any, details: FactoryDetails) -> dict[str, str]:
    return {
        "id": str(factory_id),
        "province": details.province,
        "district": details.district,
        "sector": details.sector,
    }
