"""lot_verdicts: each lot's verdict kept ready, so that lots can be listed and filtered by it.

A verdict is made from both logs (the lot's factories, their certificates and suspensions, the
lot's reviews) and from the day it is read: a certificate expires, a condition goes overdue. So
it is kept beside the lot's page, by the same projections and in the same transaction
(lot_pages.py), as the verdict that holds while nothing lapses, with the last day on which
nothing has: a list reads the verdict of the day it is asked on from the two (`VERDICT_TODAY`).
A lot with no row yet (its page is being made) reads as not verified, as its record does.
"""

from typing import Any

from domain.clock import EARLIEST_DAY
from projections.lot_record import LotRows, Verdict, lot_record_from
from projections.status_today import VALID_STATUSES
from projections.view_store import ViewCursor

CREATE_VERDICTS = """
CREATE TABLE IF NOT EXISTS lot_verdicts (
    lot_id TEXT PRIMARY KEY,
    verdict TEXT NOT NULL,
    lapses_after TEXT,
    review_reason TEXT
)"""

STORE_VERDICT = """
INSERT INTO lot_verdicts (lot_id, verdict, lapses_after, review_reason)
VALUES (%(lot_id)s, %(verdict)s, %(lapses_after)s, %(review_reason)s)
ON CONFLICT (lot_id) DO UPDATE SET verdict = excluded.verdict,
    lapses_after = excluded.lapses_after, review_reason = excluded.review_reason"""

# The verdict on the day %(today)s, from the row of lot_verdicts `v`: a verified lot whose
# factory's certificate or conditions have lapsed since is not verified (lot_record._verdict).
VERDICT_TODAY = """CASE
    WHEN v.verdict IS NULL THEN 'not_verified'
    WHEN v.verdict IN ('verified', 'verified_at_production') AND v.lapses_after IS NOT NULL
         AND v.lapses_after < %(today)s THEN 'not_verified'
    ELSE v.verdict END"""


def store_verdict(cursor: ViewCursor, lot_id: str, rows: LotRows) -> None:
    """Keep the lot's verdict, from the rows its record is made of (lot_record.read_lot_rows)."""
    # Read on a day before any certificate could lapse: the verdict while nothing has.
    record = lot_record_from(rows, EARLIEST_DAY)
    open_reasons = [review.reason for review in record.reviews if review.open]
    cursor.execute(
        STORE_VERDICT,
        {
            "lot_id": lot_id,
            "verdict": record.verdict.value,
            "lapses_after": _lapses_after(rows["factories"]),
            "review_reason": open_reasons[0]
            if record.verdict is Verdict.UNDER_REVIEW and open_reasons
            else None,
        },
    )


def _lapses_after(factories: list[dict[str, Any]]) -> str | None:
    """The last day on which every valid certificate the lot relies on holds: the earliest of
    their expiry days and of the deadlines of the conditions they depend on (status_today)."""
    days = [
        row[column]
        for row in factories
        if row["status"] in VALID_STATUSES
        for column in ("valid_until", "conditions_due")
        if row[column]
    ]
    return min(days) if days else None
