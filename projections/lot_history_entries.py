"""A lot's history as people read it: its own events, those of the lots it was made from up to
the moment each was used, and the certification decisions of every factory that made them."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clock import PAKISTAN_TIME
from projections.projection import moment
from projections.view_store import ViewCursor, ViewStore

# Each ancestor is bounded by the moment its child on the way to this lot was made; the lot
# itself is not bounded. Factories are those of any lot on the way.
HISTORY = """
WITH RECURSIVE upstream(lot_id, bound) AS (
    SELECT CAST(%(lot_id)s AS TEXT), CAST('9999' AS TEXT)
    UNION
    SELECT e.parent_id, e.made_at FROM lot_history_edges e JOIN upstream u ON e.child_id = u.lot_id
),
lots AS (SELECT lot_id, MAX(bound) AS bound FROM upstream GROUP BY lot_id),
entries AS (
    SELECT h.lot_id, NULL AS factory_id, h.at, h.event, h.actor_role, h.facts, h.factory_id AS f
    FROM lot_history h JOIN lots l ON l.lot_id = h.lot_id
    WHERE h.at <= l.bound AND h.at <= %(until)s
),
everything AS (
    SELECT lot_id, f AS factory_id, at, event, actor_role, facts FROM entries
    UNION ALL
    SELECT NULL, x.factory_id, x.at, x.event, x.actor_role, x.facts FROM factory_history x
    WHERE x.factory_id IN (SELECT f FROM entries WHERE f IS NOT NULL) AND x.at <= %(until)s
)
SELECT *, COUNT(*) OVER () AS in_all FROM everything"""
# One order both ways (ties broken alike on either backend, where NULLs sort differently).
OLDEST_FIRST = " ORDER BY at, COALESCE(lot_id, ''), COALESCE(factory_id, ''), event"
# The latest entries only, counted in all by the window before the limit: a lot made from
# thousands reads and decodes the rows it shows, not its whole upstream.
LATEST = (
    HISTORY
    + " ORDER BY at DESC, COALESCE(lot_id, '') DESC, COALESCE(factory_id, '') DESC, event DESC"
    + " LIMIT %(latest)s"
)


# The fact that holds an event's own day; other events happened when they were recorded.
FACT_DAY = {
    "ProducedAt": "checked_on",
    "Shipped": "on",
    "Certified": "inspected_on",
    "Suspended": "inspected_on",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    lot_id: str | None  # None for a factory's decision
    factory_id: str | None
    event: str
    actor_role: str
    facts: dict[str, Any]  # what happened, as the view keeps it; api/wording words it
    own: bool  # an event of the lot itself, not of an input lot or a factory
    factory: tuple[str, str] | None  # the name and district of the factory it concerns
    route: tuple[str, str] | None  # a shipment's ports of loading and destination

    @property
    def day(self) -> str:
        """The day of the fact itself (an inspection, a certificate check, a departure) where
        the event carries one; else the day it was recorded, in Pakistan (YYYY-MM-DD)."""
        own_day = self.facts.get(FACT_DAY.get(self.event, ""))
        if own_day:
            return own_day
        return datetime.fromisoformat(self.at).astimezone(PAKISTAN_TIME).date().isoformat()


def find_lot_history(
    store: ViewStore, lot_id: str, until: datetime | None = None
) -> list[HistoryEntry]:
    """The history, oldest first; with `until`, only what had happened by then."""
    with store.reading() as cursor:
        return history_from(read_history_rows(cursor, lot_id, until), lot_id)[0]


def find_latest_history(
    store: ViewStore, lot_id: str, latest: int, until: datetime | None = None
) -> tuple[list[HistoryEntry], int]:
    """The `latest` entries of the history, oldest first, and how many it has in all."""
    with store.reading() as cursor:
        return history_from(read_history_rows(cursor, lot_id, until, latest), lot_id)


HistoryRows = dict[str, Any]  # the views' rows behind a history, as JSON can keep them


def read_history_rows(
    cursor: ViewCursor, lot_id: str, until: datetime | None = None, latest: int | None = None
) -> HistoryRows:
    params = {"lot_id": lot_id, "until": moment(until) if until else "9999", "latest": latest}
    if latest is None:
        found = cursor.execute(HISTORY + OLDEST_FIRST, params).fetchall()
    else:
        found = cursor.execute(LATEST, params).fetchall()[::-1]
    rows = [{**dict(row), "facts": json.loads(row["facts"])} for row in found]
    names = {
        r["factory_id"]: [r["name"], r["district"]]
        for r in _where_in(cursor, "factory_status", "factory_id", rows, "factory_id")
    }
    shipments = [{"shipment_id": r["facts"].get("shipment_id")} for r in rows]
    ports = {
        r["shipment_id"]: [r["port_of_loading"], r["port_of_destination"]]
        for r in _where_in(cursor, "lot_history_shipments", "shipment_id", shipments, "shipment_id")
    }
    in_all = int(found[0]["in_all"]) if found else 0
    for row in rows:
        del row["in_all"]
    return {"entries": rows, "in_all": in_all, "factories": names, "routes": ports}


def history_from(rows: HistoryRows, lot_id: str) -> tuple[list[HistoryEntry], int]:
    """The entries, oldest first, and how many the history has in all."""
    names, routes = rows["factories"], rows["routes"]
    return [_entry(row, lot_id, names, routes) for row in rows["entries"]], rows["in_all"]


def _where_in(cursor: Any, table: str, column: str, rows: list[dict], key: str) -> list[Any]:
    """The rows of `table` whose `column` is one of the `key` values of `rows`."""
    values = sorted({row[key] for row in rows if row[key]})
    if not values:
        return []
    params = {f"v{n}": value for n, value in enumerate(values)}
    placeholders = ", ".join(f"%({name})s" for name in params)
    return cursor.execute(
        f"SELECT * FROM {table} WHERE {column} IN ({placeholders})", params
    ).fetchall()


def _entry(row: dict, lot_id: str, names: dict[str, list], routes: dict) -> HistoryEntry:
    facts = row["facts"]
    route = routes.get(facts.get("shipment_id", ""))
    factory = names.get(row["factory_id"] or "")
    return HistoryEntry(
        at=row["at"],
        lot_id=row["lot_id"],
        factory_id=row["factory_id"],
        event=row["event"],
        actor_role=row["actor_role"],
        facts=facts,
        own=row["lot_id"] == lot_id,
        factory=tuple(factory) if factory else None,
        route=tuple(route) if route else None,
    )
