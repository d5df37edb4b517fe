"""Grievances found by what an officer or an inspector asks for, a page at a time, from the
grievances view: by status, district and factory, within an inspector's jurisdiction, the
latest received first. The factory's name and place are as factory_status holds them now (the
grievances view has no place), as referral_search.py lists referrals: a grievance is listed to
the inspectors who may act on it now. Never a summary: the view holds none."""

from dataclasses import dataclass

from domain.accounts.jurisdiction import Jurisdiction
from projections.list_query import ListQuery, Query


@dataclass(frozen=True)
class GrievanceSearch:
    statuses: tuple[str, ...] = ()  # GrievanceStatus values; none: every status
    district: str | None = None
    factory_id: str | None = None
    # None: everywhere (an officer); else the factories of this jurisdiction only.
    within: Jurisdiction | None = None


def grievances_query(
    search: GrievanceSearch, *, oldest_first: bool, after: tuple[str, ...] | None, limit: int
) -> Query:
    """At most `limit` grievances, by the day they were received (then id), after the
    grievance whose (received_on, grievance_id) is `after`."""
    query = ListQuery()
    query.where_in("g.status", search.statuses)
    query.in_district("f.district_key", search.district)
    query.where("g.factory_id", "=", search.factory_id)
    query.within(search.within, "f.province", "f.district_key")
    return query.ordered(
        "SELECT g.grievance_id, g.factory_id, f.name AS factory_name, f.province, f.district, "
        "g.category, g.channel, g.status, g.received_on, g.updated_at "
        "FROM grievances g LEFT JOIN factory_status f ON f.factory_id = g.factory_id",
        ("g.received_on", "g.grievance_id"),
        ascending=oldest_first,
        after=after,
        limit=limit,
    )
