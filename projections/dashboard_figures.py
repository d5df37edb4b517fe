"""The dashboard's figures, broken down by any of province, district, sector and month.

Each kind of fact is counted by its own GROUP BY over the dashboard view and the results are
merged by breakdown, so that a visit's month, a referral's month and a grievance's month each
mean what the dashboard module says they mean.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from projections.view_store import ViewStore

DIMENSIONS = ("province", "district", "sector", "month")

# What each figure counts; the README's open-data section documents the same list.
FIGURES = {
    "inspections": "completed visits",
    "follow_up_visits": "completed follow-up visits",
    "failed_visits": "completed visits whose outcome was fail (the factory was suspended)",
    "findings": "findings of completed visits, withdrawn ones excluded",
    "critical_findings": "findings graded critical",
    "zero_tolerance_findings": "findings on a zero-tolerance indicator (child, forced, bonded)",
    "zero_tolerance_visits": "completed visits with at least one zero-tolerance finding",
    "actions_planned": "corrective actions planned at completed visits",
    "actions_closed": "of those, closed by a follow-up or desk review",
    "closure_rate": "actions_closed / actions_planned, or null when none were planned",
    "referrals": "zero-tolerance referrals opened to an enforcement body",
    "referrals_open": "of those, not yet closed",
    "grievances": "worker grievances received",
    "grievances_open": "of those, neither resolved nor dismissed",
}

_FACTORY = "JOIN dashboard_factories f ON f.factory_id = {alias}.factory_id"
_VISIT = "JOIN dashboard_visits v ON v.inspection_id = {alias}.inspection_id"


@dataclass(frozen=True)
class _Fact:
    source: str
    month: str
    counts: dict[str, str]


_FACTS = (
    _Fact(
        "dashboard_visits v " + _FACTORY.format(alias="v"),
        "v.month",
        {
            "inspections": "COUNT(*)",
            "follow_up_visits": "SUM(v.follow_up)",
            "failed_visits": "SUM(CASE WHEN v.outcome = 'fail' THEN 1 ELSE 0 END)",
        },
    ),
    _Fact(
        "dashboard_findings d " + _VISIT.format(alias="d") + " " + _FACTORY.format(alias="v"),
        "v.month",
        {
            "findings": "COUNT(*)",
            "critical_findings": "SUM(CASE WHEN d.severity = 'critical' THEN 1 ELSE 0 END)",
            "zero_tolerance_findings": "SUM(d.zero_tolerance)",
            "zero_tolerance_visits": "COUNT(DISTINCT CASE WHEN d.zero_tolerance = 1 "
            "THEN d.inspection_id END)",
        },
    ),
    _Fact(
        "dashboard_actions a " + _VISIT.format(alias="a") + " " + _FACTORY.format(alias="v"),
        "v.month",
        {
            "actions_planned": "COUNT(*)",
            "actions_closed": "SUM(CASE WHEN a.status = 'closed' THEN 1 ELSE 0 END)",
        },
    ),
    _Fact(
        "dashboard_referrals r " + _FACTORY.format(alias="r"),
        "r.month",
        {
            "referrals": "COUNT(*)",
            "referrals_open": "SUM(CASE WHEN r.status <> 'closed' THEN 1 ELSE 0 END)",
        },
    ),
    _Fact(
        "dashboard_grievances g " + _FACTORY.format(alias="g"),
        "g.month",
        {
            "grievances": "COUNT(*)",
            "grievances_open": "SUM(CASE WHEN g.status NOT IN ('resolved', 'dismissed') "
            "THEN 1 ELSE 0 END)",
        },
    ),
)


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    district: str | None = None
    sector: str | None = None
    month_from: str | None = None  # YYYY-MM, inclusive
    month_to: str | None = None


def _where(fact_month: str, filters: Filters) -> tuple[str, dict[str, Any]]:
    clauses, params = [f"{fact_month} IS NOT NULL"], {}
    for dimension in ("province", "district", "sector"):
        value = getattr(filters, dimension)
        if value is not None:
            clauses.append(f"f.{dimension} = %({dimension})s")
            params[dimension] = value
    if filters.month_from:
        clauses.append(f"{fact_month} >= %(month_from)s")
        params["month_from"] = filters.month_from
    if filters.month_to:
        clauses.append(f"{fact_month} <= %(month_to)s")
        params["month_to"] = filters.month_to
    return " AND ".join(clauses), params


def _columns(by: Sequence[str], fact_month: str) -> list[str]:
    return [fact_month if d == "month" else f"f.{d}" for d in by]


def find_dashboard(store: ViewStore, by: Sequence[str], filters: Filters) -> list[dict[str, Any]]:
    """One row per breakdown value (all of Pakistan when `by` is empty), with every figure."""
    rows: dict[tuple, dict[str, Any]] = {}
    with store.reading() as cursor:
        for fact in _FACTS:
            columns = _columns(by, fact.month)
            where, params = _where(fact.month, filters)
            selected = [f"{c} AS {d}" for c, d in zip(columns, by, strict=True)]
            counts = [f"COALESCE({sql}, 0) AS {name}" for name, sql in fact.counts.items()]
            group = f" GROUP BY {', '.join(columns)}" if columns else ""
            statement = f"SELECT {', '.join(selected + counts)} FROM {fact.source} WHERE {where}"
            for row in cursor.execute(statement + group, params).fetchall():
                row = dict(row)
                key = tuple(row[d] for d in by)
                merged = rows.setdefault(key, {**dict(zip(by, key, strict=True)), **_zeros()})
                merged.update({name: int(row[name]) for name in fact.counts})
    for row in rows.values():
        planned = row["actions_planned"]
        row["closure_rate"] = round(row["actions_closed"] / planned, 4) if planned else None
    if not by and not rows:
        rows[()] = {**_zeros(), "closure_rate": None}
    return [rows[key] for key in sorted(rows)]


def _zeros() -> dict[str, Any]:
    return {name: 0 for name in FIGURES if name != "closure_rate"}


def find_findings_by_indicator(
    store: ViewStore, by: Sequence[str], filters: Filters
) -> list[dict[str, Any]]:
    """Findings of completed visits by cluster, indicator and severity, within each breakdown."""
    columns = _columns(by, "v.month")
    where, params = _where("v.month", filters)
    selected = [f"{c} AS {d}" for c, d in zip(columns, by, strict=True)]
    keys = [*columns, "d.cluster", "d.indicator", "d.severity"]
    statement = (
        f"SELECT {', '.join([*selected, 'd.cluster', 'd.indicator', 'd.severity'])}, "
        "COUNT(*) AS findings, SUM(d.zero_tolerance) AS zero_tolerance_findings "
        f"FROM {_FACTS[1].source} WHERE {where} GROUP BY {', '.join(keys)} "
        f"ORDER BY {', '.join(keys)}"
    )
    with store.reading() as cursor:
        return [
            {**dict(row), "zero_tolerance_findings": int(row["zero_tolerance_findings"])}
            for row in cursor.execute(statement, params).fetchall()
        ]
