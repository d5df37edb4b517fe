"""Visits found by what an inspector or an officer asks for, a page at a time, from the visits
view: by state, planned day, district, factory and inspector, in the order of their days."""

from dataclasses import dataclass
from datetime import date
from typing import Any

Query = tuple[str, dict[str, Any]]  # a statement and its parameters


@dataclass(frozen=True)
class VisitSearch:
    states: tuple[str, ...] = ()  # VisitState values; none: every state
    planned_from: date | None = None
    planned_to: date | None = None
    district: str | None = None
    factory_id: str | None = None
    inspector_id: str | None = None


def visits_query(
    search: VisitSearch, *, soonest_first: bool, after: tuple[str, str] | None, limit: int
) -> Query:
    """The statement that finds at most `limit` visits, by planned day (then id, so that the
    order is total), after the visit whose (planned_on, inspection_id) is `after`; the API runs
    it in one round trip (api/quick_reads.py)."""
    clauses, params = _clauses(search)
    if after is not None:
        # A row value: the index on (planned_on, inspection_id) starts where the page does.
        clauses.append(
            f"(planned_on, inspection_id) {'>' if soonest_first else '<'} (%(day)s, %(id)s)"
        )
        params.update(day=after[0], id=after[1])
    order = "ASC" if soonest_first else "DESC"
    statement = (
        "SELECT inspection_id, factory_id, factory_name, inspector_id, planned_on, state, "
        f"province, district FROM visits WHERE {' AND '.join(clauses) or '1 = 1'} "
        f"ORDER BY planned_on {order}, inspection_id {order} LIMIT %(limit)s"
    )
    return statement, {**params, "limit": limit}


def _clauses(search: VisitSearch) -> tuple[list[str], dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if search.states:
        names = [f"state_{n}" for n in range(len(search.states))]
        clauses.append(f"state IN ({', '.join(f'%({name})s' for name in names)})")
        params.update(zip(names, search.states, strict=True))
    for column, value, operator in (
        ("planned_on", search.planned_from, ">="),
        ("planned_on", search.planned_to, "<="),
        ("district", search.district, "="),
        ("factory_id", search.factory_id, "="),
        ("inspector_id", search.inspector_id, "="),
    ):
        if value is not None:
            name = f"{column}_{len(params)}"
            clauses.append(f"{column} {operator} %({name})s")
            params[name] = value.isoformat() if isinstance(value, date) else value
    return clauses, params
