"""lineage: which lots each lot was made from, answered by recursive SQL, never by loading
aggregates. Upstream factories come from the lots' productions in lot_compliance."""

from typing import Any

from domain.traceability.lot import Lot
from projections.projection import Projection, handles, text
from projections.view_store import ViewCursor, ViewStore


class Lineage(Projection):
    name = "lineage"
    version = 1
    follows = "Traceability"
    tables = {
        "lot_edges": """
            CREATE TABLE IF NOT EXISTS lot_edges (
                parent_id TEXT NOT NULL,
                child_id TEXT NOT NULL,
                process TEXT NOT NULL,
                PRIMARY KEY (parent_id, child_id)
            )""",
    }

    # Descendants are found from parents; ancestors from children.
    indexes = {"lot_edges_child": "lot_edges (child_id)"}

    @handles(Lot.DerivedFrom)
    def on_derived_from(self, event: Lot.DerivedFrom, cursor: ViewCursor) -> None:
        for parent in event.parents:
            cursor.execute(
                "INSERT INTO lot_edges (parent_id, child_id, process) "
                "VALUES (%(parent)s, %(child)s, %(process)s)",
                {
                    "parent": text(parent),
                    "child": text(event.originator_id),
                    "process": event.process,
                },
            )


ANCESTORS = """
WITH RECURSIVE ancestors(lot_id, depth) AS (
    SELECT parent_id, 1 FROM lot_edges WHERE child_id = %(lot_id)s
    UNION
    SELECT e.parent_id, a.depth + 1 FROM lot_edges e JOIN ancestors a ON e.child_id = a.lot_id
)
SELECT lot_id, MIN(depth) AS depth FROM ancestors GROUP BY lot_id ORDER BY depth, lot_id"""

DESCENDANTS = """
WITH RECURSIVE descendants(lot_id, depth) AS (
    SELECT child_id, 1 FROM lot_edges WHERE parent_id = %(lot_id)s
    UNION
    SELECT e.child_id, d.depth + 1 FROM lot_edges e JOIN descendants d ON e.parent_id = d.lot_id
)
SELECT lot_id, MIN(depth) AS depth FROM descendants GROUP BY lot_id ORDER BY depth, lot_id"""

UPSTREAM_FACTORIES = """
WITH RECURSIVE upstream(lot_id) AS (
    SELECT CAST(%(lot_id)s AS TEXT)
    UNION
    SELECT e.parent_id FROM lot_edges e JOIN upstream u ON e.child_id = u.lot_id
)
SELECT DISTINCT p.factory_id, p.stage, p.stage_note, p.lot_id
FROM lot_productions p JOIN upstream u ON p.lot_id = u.lot_id
ORDER BY p.factory_id, p.stage, p.stage_note, p.lot_id"""


def _rows(store: ViewStore, statement: str, lot_id: str) -> list[dict[str, Any]]:
    with store.reading() as cursor:
        return [dict(row) for row in cursor.execute(statement, {"lot_id": lot_id}).fetchall()]


def find_ancestors(store: ViewStore, lot_id: str) -> list[dict[str, Any]]:
    """Every lot this lot was made from, nearest first."""
    return _rows(store, ANCESTORS, lot_id)


def find_descendants(store: ViewStore, lot_id: str) -> list[dict[str, Any]]:
    """Every lot made from this lot, nearest first."""
    return _rows(store, DESCENDANTS, lot_id)


def find_upstream_factories(store: ViewStore, lot_id: str) -> list[dict[str, Any]]:
    """Every factory that worked on this lot or on a lot it was made from, with its stage."""
    return _rows(store, UPSTREAM_FACTORIES, lot_id)
