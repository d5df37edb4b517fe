"""Lots found by what an exporter or an officer asks for, a page at a time, from the lot_list
view with each lot's verdict of the day (lot_verdicts): by status, verdict, product, the day
the lot was created and whether it is under review, within one exporter's lots or everyone's,
in the order they were created."""

from dataclasses import dataclass
from datetime import date

from projections.list_query import ListQuery, Query
from projections.lot_verdicts import VERDICT_TODAY


@dataclass(frozen=True)
class LotSearch:
    today: date  # the day the verdicts are read for
    exporter_id: str | None = None  # None: every exporter's (an officer)
    statuses: tuple[str, ...] = ()  # LotStatus values; none: every status
    verdicts: tuple[str, ...] = ()  # Verdict values; none: every verdict
    product: str | None = None  # a part of the product's description, in any case
    created_from: date | None = None
    created_to: date | None = None
    under_review: bool | None = None


def lots_query(
    search: LotSearch, *, oldest_first: bool, after: tuple[str, ...] | None, limit: int
) -> Query:
    """At most `limit` lots, by the moment they were created (then id), after the lot whose
    (created_at, lot_id) is `after`."""
    query = ListQuery()
    query.where("l.exporter_id", "=", search.exporter_id)
    query.where_in("l.status", search.statuses)
    query.where_in(f"({VERDICT_TODAY})", search.verdicts)
    query.where_contains("l.product_key", search.product.casefold() if search.product else None)
    query.where("l.created_on", ">=", search.created_from)
    query.where("l.created_on", "<=", search.created_to)
    if search.under_review is not None:
        # A review does not lapse with the day: the verdict kept says it.
        query.clauses.append(
            "v.verdict = 'under_review'"
            if search.under_review
            else "(v.verdict IS NULL OR v.verdict <> 'under_review')"
        )
    statement, params = query.ordered(
        "SELECT l.lot_id, l.exporter_id, l.lot_number, l.gtin, l.product, l.quantity, l.unit, "
        f"l.status, l.factory_ids, l.created_on, l.created_at, {VERDICT_TODAY} AS verdict, "
        "v.review_reason FROM lot_list l LEFT JOIN lot_verdicts v ON v.lot_id = l.lot_id",
        ("l.created_at", "l.lot_id"),
        ascending=oldest_first,
        after=after,
        limit=limit,
    )
    return statement, {**params, "today": search.today.isoformat()}
