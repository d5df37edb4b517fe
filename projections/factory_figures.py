"""Each factory's public compliance figures: what a buyer sees beside a factory on a lot's
page, and what the factory's public status shows. Read from the dashboard's rows, which hold
no personal data; counts only, never what was found or said.

Only signed-off visits count: one in progress may still withdraw or regrade what it found. A
finding stays open while any of its corrective actions is not closed; an action is overdue once
its deadline has passed, which depends on the day it is read.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from domain.inspections.catalogue import cluster_title
from projections.view_store import ViewCursor

SIGNED_OFF = "v.outcome IS NOT NULL"
STILL_OPEN = (
    "EXISTS (SELECT 1 FROM dashboard_actions a "
    "WHERE a.finding_id = d.finding_id AND a.status <> 'closed')"
)
FINDINGS = f"""
SELECT v.factory_id, d.cluster, d.severity, COUNT(*) AS found,
       SUM(CASE WHEN {STILL_OPEN} THEN 1 ELSE 0 END) AS still_open
FROM dashboard_findings d JOIN dashboard_visits v ON v.inspection_id = d.inspection_id
WHERE {SIGNED_OFF} AND v.factory_id IN ({{factories}})
GROUP BY v.factory_id, d.cluster, d.severity
ORDER BY v.factory_id, d.cluster, d.severity"""
# By deadline, not yet counted as overdue: that depends on the day they are read, and the rows
# are kept ready for any day (lot_pages.py).
ACTIONS = f"""
SELECT v.factory_id, a.deadline, COUNT(*) AS still_open
FROM dashboard_actions a JOIN dashboard_visits v ON v.inspection_id = a.inspection_id
WHERE {SIGNED_OFF} AND a.status <> 'closed' AND v.factory_id IN ({{factories}})
GROUP BY v.factory_id, a.deadline"""
REFERRALS = """
SELECT factory_id, COUNT(*) AS made,
       SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END) AS still_open
FROM dashboard_referrals WHERE factory_id IN ({factories}) GROUP BY factory_id"""
GRIEVANCES = """
SELECT factory_id, COUNT(*) AS still_open
FROM dashboard_grievances WHERE status NOT IN ('resolved', 'dismissed')
  AND factory_id IN ({factories}) GROUP BY factory_id"""


class Flag(Enum):
    """What a buyer should not miss about a factory, beyond its certification."""

    CRITICAL_FINDINGS_OPEN = "critical_findings_open"
    ACTIONS_OVERDUE = "actions_overdue"
    REFERRALS_OPEN = "referrals_open"  # a zero-tolerance case is with the authorities
    GRIEVANCES_OPEN = "grievances_open"


@dataclass(frozen=True)
class FindingCount:
    cluster: str
    cluster_title: str
    severity: str
    found: int
    still_open: int


@dataclass(frozen=True)
class FactoryFigures:
    findings: list[FindingCount] = field(default_factory=list)
    open_findings: int = 0
    open_corrective_actions: int = 0
    overdue_corrective_actions: int = 0
    referrals: int = 0
    open_referrals: int = 0
    open_grievances: int = 0

    @property
    def flags(self) -> list[Flag]:
        raised = {
            Flag.CRITICAL_FINDINGS_OPEN: any(
                f.severity == "critical" and f.still_open for f in self.findings
            ),
            Flag.ACTIONS_OVERDUE: self.overdue_corrective_actions > 0,
            Flag.REFERRALS_OPEN: self.open_referrals > 0,
            Flag.GRIEVANCES_OPEN: self.open_grievances > 0,
        }
        return [flag for flag, up in raised.items() if up]


def find_factory_figures(
    cursor: ViewCursor, factory_ids: Iterable[str], today: date
) -> dict[str, FactoryFigures]:
    """The figures of each factory asked about; zeros for one with nothing on record."""
    return figures_from(read_figure_rows(cursor, factory_ids), today)


FigureRows = dict[str, Any]  # the views' rows behind the figures, as JSON can keep them


def read_figure_rows(cursor: ViewCursor, factory_ids: Iterable[str]) -> FigureRows:
    """What the figures of these factories are counted from, on any day."""
    ids = sorted(set(factory_ids))
    found: FigureRows = {"factories": ids, "findings": [], "actions": []}
    found |= {"referrals": [], "grievances": []}
    if not ids:
        return found
    params: dict[str, Any] = {f"f{n}": factory_id for n, factory_id in enumerate(ids)}
    marks = ", ".join(f"%(f{n})s" for n in range(len(ids)))
    for key, statement in (
        ("findings", FINDINGS),
        ("actions", ACTIONS),
        ("referrals", REFERRALS),
        ("grievances", GRIEVANCES),
    ):
        rows = cursor.execute(statement.format(factories=marks), params).fetchall()
        found[key] = [{name: _plain(value) for name, value in dict(row).items()} for row in rows]
    return found


def _plain(value: Any) -> Any:
    """A count as a number JSON keeps (PostgreSQL sums bigints into decimals)."""
    return int(value) if isinstance(value, Decimal) else value


def figures_from(rows: FigureRows, today: date) -> dict[str, FactoryFigures]:
    findings: dict[str, list[FindingCount]] = {}
    for row in rows["findings"]:
        findings.setdefault(row["factory_id"], []).append(
            FindingCount(
                row["cluster"],
                cluster_title(row["cluster"]),
                row["severity"],
                int(row["found"]),
                int(row["still_open"]),
            )
        )
    open_actions: dict[str, int] = {}
    overdue: dict[str, int] = {}
    for row in rows["actions"]:
        factory_id, count = row["factory_id"], int(row["still_open"])
        open_actions[factory_id] = open_actions.get(factory_id, 0) + count
        if row["deadline"] < today.isoformat():
            overdue[factory_id] = overdue.get(factory_id, 0) + count
    referrals = {row["factory_id"]: row for row in rows["referrals"]}
    grievances = {row["factory_id"]: row for row in rows["grievances"]}
    return {
        factory_id: FactoryFigures(
            findings=findings.get(factory_id, []),
            open_findings=sum(f.still_open for f in findings.get(factory_id, [])),
            open_corrective_actions=open_actions.get(factory_id, 0),
            overdue_corrective_actions=overdue.get(factory_id, 0),
            referrals=int(referrals.get(factory_id, {}).get("made", 0)),
            open_referrals=int(referrals.get(factory_id, {}).get("still_open", 0)),
            open_grievances=int(grievances.get(factory_id, {}).get("still_open", 0)),
        )
        for factory_id in rows["factories"]
    }
