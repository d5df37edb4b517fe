"""Visits found by what an inspector or an officer asks for, a page at a time, from the visits
view: by state, planned day, district, factory and inspector, in the order of their days."""

from dataclasses import dataclass
from datetime import date

from projections.list_query import ListQuery, Query


@dataclass(frozen=True)
class VisitSearch:
    states: tuple[str, ...] = ()  # VisitState values; none: every state
    planned_from: date | None = None
    planned_to: date | None = None
    district: str | None = None
    factory_id: str | None = None
    inspector_id: str | None = None


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
    query.where("district", "=", search.district)
    query.where("factory_id", "=", search.factory_id)
    query.where("inspector_id", "=", search.inspector_id)
    return query.ordered(
        "SELECT inspection_id, factory_id, factory_name, inspector_id, planned_on, state, "
        "province, district FROM visits",
        ("planned_on", "inspection_id"),
        ascending=soonest_first,
        after=after,
        limit=limit,
    )
