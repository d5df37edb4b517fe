"""The lots a lot was made from, as its page lists them: each input with the process that turned
it into the next lot on the way, nearest first."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from projections.view_store import ViewCursor

MOST_INPUTS_SHOWN = 50  # a merge of merges can reach hundreds; the page stays light

SELECT_INPUTS = """
WITH RECURSIVE inputs(lot_id, child_id, process, depth) AS (
    SELECT parent_id, child_id, process, 1 FROM lot_edges WHERE child_id = %(lot_id)s
    UNION
    SELECT e.parent_id, e.child_id, e.process, i.depth + 1
    FROM lot_edges e JOIN inputs i ON e.child_id = i.lot_id
)
SELECT i.lot_id, i.process, i.depth, c.product, c.lot_number, c.quantity, c.unit,
       c.period_start, c.period_end
FROM (
    -- A lot reached two ways (split, then merged back) is listed once, where it is nearest.
    SELECT lot_id, MIN(process) AS process, MIN(depth) AS depth FROM inputs GROUP BY lot_id
) i JOIN lot_compliance c ON c.lot_id = i.lot_id
ORDER BY i.depth, c.period_start, c.product, i.lot_id"""


@dataclass(frozen=True)
class InputOnRecord:
    lot_id: str
    lot_number: str
    product: str
    quantity: Decimal
    unit: str
    process: str  # how it went into the next lot on the way: split, merge, weaving, …
    depth: int  # 1 for a direct input
    made_from: date
    made_until: date


def inputs_on_record(cursor: ViewCursor, lot_id: str) -> tuple[list[InputOnRecord], int]:
    """The first inputs, nearest first, and how many there are in all."""
    rows, in_all = read_input_rows(cursor, lot_id)
    return inputs_from(rows), in_all


def read_input_rows(cursor: ViewCursor, lot_id: str) -> tuple[list[dict], int]:
    rows = cursor.execute(SELECT_INPUTS, {"lot_id": lot_id}).fetchall()
    return [dict(row) for row in rows[:MOST_INPUTS_SHOWN]], len(rows)


def inputs_from(rows: list[dict]) -> list[InputOnRecord]:
    return [
        InputOnRecord(
            lot_id=row["lot_id"],
            lot_number=row["lot_number"],
            product=row["product"],
            quantity=Decimal(row["quantity"]),
            unit=row["unit"],
            process=row["process"],
            depth=row["depth"],
            made_from=date.fromisoformat(row["period_start"]),
            made_until=date.fromisoformat(row["period_end"]),
        )
        for row in rows
    ]
