"""Exporters listed a page at a time from the exporter_register view, the latest registered
first, and one exporter by id."""

from collections.abc import Mapping
from typing import Any

from projections.list_query import ListQuery, Query
from projections.view_store import ViewStore

EXPORTER_COLUMNS = "exporter_id, name, ntn, city, registered_on, registered_at"


def exporters_query(
    only: str | None, *, oldest_first: bool, after: tuple[str, ...] | None, limit: int
) -> Query:
    """At most `limit` exporters (only the one whose id is `only`, if given), by the moment
    they were registered (then id), after the exporter whose (registered_at, exporter_id) is
    `after`."""
    query = ListQuery()
    query.where("exporter_id", "=", only)
    return query.ordered(
        f"SELECT {EXPORTER_COLUMNS} FROM exporter_register",
        ("registered_at", "exporter_id"),
        ascending=oldest_first,
        after=after,
        limit=limit,
    )


def find_exporter(store: ViewStore, exporter_id: str) -> Mapping[str, Any] | None:
    with store.reading() as cursor:
        row = cursor.execute(
            f"SELECT {EXPORTER_COLUMNS} FROM exporter_register WHERE exporter_id = %(id)s",
            {"id": exporter_id},
        ).fetchone()
    return dict(row) if row is not None else None
