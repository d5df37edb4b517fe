"""Accounts found by what an officer asks for, a page at a time, from the accounts view: by role
and whether active, in the order they were opened."""

from dataclasses import dataclass

from projections.list_query import ListQuery, Query

NO_ROLE = "none"  # asked for as a role: the accounts whose role was revoked


@dataclass(frozen=True)
class AccountSearch:
    roles: tuple[str, ...] = ()  # Role values, or NO_ROLE; none: every account
    active: bool | None = None


def accounts_query(
    search: AccountSearch, *, oldest_first: bool, after: tuple[str, ...] | None, limit: int
) -> Query:
    """At most `limit` accounts, by the moment they were opened (then id), after the account
    whose (opened_at, account_id) is `after`."""
    query = ListQuery()
    roles = tuple(role for role in search.roles if role != NO_ROLE)
    if NO_ROLE in search.roles:
        query.holds("(role IS NULL OR role IN ({roles}))", roles=roles or ("",))
    else:
        query.where_in("role", roles)
    query.where("active", "=", None if search.active is None else int(search.active))
    return query.ordered(
        "SELECT account_id, name, sign_in_name, role, organisation, exporter_id, province, "
        "districts, active, opened_at FROM accounts",
        ("opened_at", "account_id"),
        ascending=oldest_first,
        after=after,
        limit=limit,
    )
