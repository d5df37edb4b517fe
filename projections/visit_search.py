"""Visits found by what an inspector or an officer asks for, a page at a time, from the visits
view: by state, planned day, district (in any case), factory, inspector and jurisdiction, in the
order of their days; and
the open ones whose inspector may no longer do them, judged against the accounts view."""

from dataclasses import dataclass
from datetime import date

from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role
from domain.inspections.inspection import VisitState
from projections.list_query import ListQuery, Query

# An open visit is left without an inspector unless its inspector's account is active, holds
# the inspector role and covers the factory's place now: as Jurisdiction.covers judges it, the
# province, and, if the account lists districts, the district folded as both views fold it
# (factory_status.district_key, account_districts.district_key). An account the view does not
# know yet (the worker a moment behind on PostgreSQL) counts as one that may not.
UNASSIGNED = (
    "state IN ({open}) AND NOT EXISTS (SELECT 1 FROM accounts a JOIN factory_status f "
    "ON f.factory_id = visits.factory_id WHERE a.account_id = visits.inspector_id "
    "AND a.active = 1 AND a.role = {inspector} AND a.province = f.province "
    "AND (a.whole_province = 1 OR EXISTS (SELECT 1 FROM account_districts d "
    "WHERE d.account_id = a.account_id AND d.district_key = f.district_key)))"
)
OPEN = (VisitState.SCHEDULED.value, VisitState.STARTED.value)


@dataclass(frozen=True)
class VisitSearch:
    states: tuple[str, ...] = ()  # VisitState values; none: every state
    planned_from: date | None = None
    planned_to: date | None = None
    district: str | None = None
    factory_id: str | None = None
    inspector_id: str | None = None
    unassigned: bool = False  # only the open visits whose inspector may no longer do them
    within: Jurisdiction | None = None  # at factories of this place; None: everywhere


def visits_query(
    search: VisitSearch, *, soonest_first: bool, after: tuple[str, ...] | None, limit: int
) -> Query:
    """The statement that finds at most `limit` visits, by planned day (then id), after the
    visit whose (planned_on, inspection_id) is `after`; the API runs it in one round trip
    (api/quick_reads.py)."""
    query = ListQuery()
    query.where_in("state", search.states)
    query.where("planned_on", ">=", search.planned_from)
    query.where("planned_on", "<=", search.planned_to)
    query.in_district("district_key", search.district)
    query.where("factory_id", "=", search.factory_id)
    query.where("inspector_id", "=", search.inspector_id)
    query.within(search.within, "province", "district_key")
    if search.unassigned:
        query.holds(UNASSIGNED, open=OPEN, inspector=Role.INSPECTOR.value)
    return query.ordered(
        "SELECT inspection_id, factory_id, factory_name, inspector_id, planned_on, state, "
        "province, district FROM visits",
        ("planned_on", "inspection_id"),
        ascending=soonest_first,
        after=after,
        limit=limit,
    )
