"""Shipments found by what an exporter or an officer asks for, a page at a time, from the
shipment_register view: by state and planned departure, within one exporter's shipments or
everyone's; and one shipment in full, with its lots."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.list_query import ListQuery, Query
from projections.view_store import ViewStore

SHIPMENT_COLUMNS = (
    "s.shipment_id, s.exporter_id, s.port_of_loading, s.port_of_destination, s.mode, "
    "s.containers, s.planned_departure, s.departed_on, s.arrived_on, s.state, s.cancel_reason, "
    "s.created_on, s.lots"
)


@dataclass(frozen=True)
class ShipmentSearch:
    exporter_id: str | None = None  # None: every exporter's (an officer)
    states: tuple[str, ...] = ()  # ShipmentState values; none: every state
    planned_from: date | None = None
    planned_to: date | None = None


def shipments_query(
    search: ShipmentSearch, *, soonest_first: bool, after: tuple[str, ...] | None, limit: int
) -> Query:
    """At most `limit` shipments, by planned departure (then id), after the shipment whose
    (planned_departure, shipment_id) is `after`."""
    query = ListQuery()
    query.where("s.exporter_id", "=", search.exporter_id)
    query.where_in("s.state", search.states)
    query.where("s.planned_departure", ">=", search.planned_from)
    query.where("s.planned_departure", "<=", search.planned_to)
    return query.ordered(
        f"SELECT {SHIPMENT_COLUMNS} FROM shipment_register s",
        ("s.planned_departure", "s.shipment_id"),
        ascending=soonest_first,
        after=after,
        limit=limit,
    )


def find_shipment(
    store: ViewStore, shipment_id: str
) -> tuple[Mapping[str, Any], list[Mapping[str, Any]]] | None:
    """The shipment and its lots (in the order it took them), or None."""
    with store.reading() as cursor:
        shipment = cursor.execute(
            f"SELECT {SHIPMENT_COLUMNS} FROM shipment_register s WHERE s.shipment_id = %(id)s",
            {"id": shipment_id},
        ).fetchone()
        if shipment is None:
            return None
        lots = cursor.execute(
            "SELECT r.lot_id, l.lot_number, l.gtin, l.product, l.quantity, l.unit, l.status "
            "FROM shipment_register_lots r LEFT JOIN lot_list l ON l.lot_id = r.lot_id "
            "WHERE r.shipment_id = %(id)s ORDER BY r.added_at, r.lot_id",
            {"id": shipment_id},
        ).fetchall()
    return dict(shipment), [dict(lot) for lot in lots]
