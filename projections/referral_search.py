"""Referrals found by what an officer or an inspector asks for, a page at a time, from the
referrals view: by status, district and factory, within an inspector's jurisdiction, in the
order they were opened. The factory's name and place are as factory_status holds them now, so
that a referral is listed to the inspectors who may act on it (acting checks the factory's
place now too), wherever the factory was when the referral was opened."""

from dataclasses import dataclass

from domain.accounts.jurisdiction import Jurisdiction
from projections.list_query import ListQuery, Query


@dataclass(frozen=True)
class ReferralSearch:
    statuses: tuple[str, ...] = ()  # ReferralStatus values; none: every status
    district: str | None = None
    factory_id: str | None = None
    # None: everywhere (an officer); else the factories of this jurisdiction only.
    within: Jurisdiction | None = None


def referrals_query(
    search: ReferralSearch, *, oldest_first: bool, after: tuple[str, ...] | None, limit: int
) -> Query:
    """At most `limit` referrals, by the day they were opened (then id), after the referral
    whose (opened_on, referral_id) is `after`."""
    query = ListQuery()
    query.where_in("r.status", search.statuses)
    query.in_district("f.district_key", search.district)
    query.where("r.factory_id", "=", search.factory_id)
    query.within(search.within, "f.province", "f.district_key")
    return query.ordered(
        "SELECT r.referral_id, r.factory_id, f.name AS factory_name, r.inspection_id, "
        "r.indicator, r.body, r.body_name, f.district, f.province, r.opened_on, r.due_on, "
        "r.status FROM referrals r LEFT JOIN factory_status f ON f.factory_id = r.factory_id",
        ("r.opened_on", "r.referral_id"),
        ascending=oldest_first,
        after=after,
        limit=limit,
    )
