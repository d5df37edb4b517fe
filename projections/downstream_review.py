"""Risk flows downstream: the process that places lots under review when a factory is suspended
and lifts the review when a follow-up visit reinstates it.

It reads two logs: suspensions and reinstatements from Inspections, lots and their productions
from Traceability. Each side is a projection with its own tables and positions, so each keeps
the exactly-once guarantee of any view. What they decide to do is written, in the same
transaction, as tasks; after the batch commits, the tasks become commands on the lots (see
`review_tasks.py`).

A lot is affected by a suspension when it was made at the factory since its last clean
inspection and recorded in Nishan before the factory was reinstated. The suspension side raises
the review for the lots recorded before the suspension, and on the reinstatement raises and
lifts it for every lot recorded before the reinstatement; the production side does the same for
a lot it reads after the suspension side has read the suspension or the reinstatement. Both
decide by the moments the events recorded, never by when each side reads them, so the order in
which the two logs are read, and rebuilds, give the same reviews.
"""

from collections.abc import Mapping
from typing import Any

from eventsourcing.application import Application

from domain.inspections.factory import Factory
from domain.traceability.lot import Lot
from projections.projection import Projection, handles, moment, text
from projections.review_tasks import CREATE_TASKS, run_review_tasks
from projections.view_store import ViewCursor, ViewStore

# Lots made at the factory since its last clean inspection (the last certifying visit before the
# suspension; any lot when it never had one), recorded in Nishan before a given moment.
AFFECTED_LOTS = """
SELECT p.lot_id FROM review_productions p JOIN review_lots l ON l.lot_id = p.lot_id
WHERE p.factory_id = %(factory_id)s AND p.recorded_at < %(before)s
  AND (CAST(%(since)s AS TEXT) IS NULL OR l.period_end >= %(since)s)"""

# The suspensions read so far that a lot recorded at %(at)s falls under: recorded before the
# suspension, or before the reinstatement of a lifted one. One still in force that began before
# the lot was recorded is left to its reinstatement, which alone knows when it ended.
SUSPENSIONS_OF_LOT = """
SELECT s.* FROM review_suspensions s JOIN review_lots l ON l.lot_id = %(lot)s
WHERE s.factory_id = %(factory)s
  AND (s.since IS NULL OR l.period_end >= s.since)
  AND (s.suspended_at > %(at)s OR s.reinstated_at > %(at)s)"""

ADD_TASK = """
INSERT INTO review_tasks (action, review_id, lot_id, factory_id, suspended_on, reason, since,
                          reinstated_on)
VALUES (%(action)s, %(review_id)s, %(lot_id)s, %(factory_id)s, %(suspended_on)s, %(reason)s,
        %(since)s, %(reinstated_on)s)
ON CONFLICT (action, review_id, lot_id) DO NOTHING"""

TASK_FACTS = ("review_id", "factory_id", "suspended_on", "reason", "since", "reinstated_on")


def _serialise(cursor: ViewCursor) -> None:
    """A suspension and a production must not be decided side by side, each missing the other:
    on PostgreSQL both sides' batches take one lock until they commit (one for the process, not
    one per factory, so that two batches never wait on each other). SQLite has one writer at a
    time already."""
    if not cursor.is_sqlite:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended('nishan:review', 0))")


def _add_tasks(
    cursor: ViewCursor, actions: tuple[str, ...], suspension: Mapping[str, Any], lots: list[str]
) -> None:
    facts = {key: suspension[key] for key in TASK_FACTS}
    for action in actions:
        for lot_id in lots:
            cursor.execute(ADD_TASK, {**facts, "action": action, "lot_id": lot_id})


class ReviewSuspensions(Projection):
    """The Inspections side: which factories are suspended, and since which clean inspection."""

    name = "review_suspensions"
    version = 2
    follows = "Inspections"
    tables = {
        "review_factories": """
            CREATE TABLE IF NOT EXISTS review_factories (
                factory_id TEXT PRIMARY KEY,
                last_clean_on TEXT
            )""",
        "review_suspensions": """
            CREATE TABLE IF NOT EXISTS review_suspensions (
                review_id TEXT PRIMARY KEY,
                factory_id TEXT NOT NULL,
                suspended_on TEXT NOT NULL,
                reason TEXT NOT NULL,
                since TEXT,
                suspended_at TEXT NOT NULL,
                reinstated_on TEXT,
                reinstated_at TEXT
            )""",
    }
    shared_tables = {"review_tasks": CREATE_TASKS}  # with the Traceability side
    reads = ("review_lots", "review_productions")

    @handles(Factory.Suspended)
    def on_suspended(self, event: Factory.Suspended, cursor: ViewCursor) -> None:
        factory_id = text(event.originator_id)
        _serialise(cursor)
        factory = cursor.execute(
            "SELECT last_clean_on FROM review_factories WHERE factory_id = %(id)s",
            {"id": factory_id},
        ).fetchone()
        suspension = {
            "review_id": str(event.inspection_id),
            "factory_id": factory_id,
            "suspended_on": event.inspected_on.isoformat(),
            "reason": event.reason,
            "since": factory["last_clean_on"] if factory else None,
            "suspended_at": moment(event.timestamp),
            "reinstated_on": None,
        }
        cursor.execute(
            "INSERT INTO review_suspensions (review_id, factory_id, suspended_on, reason, since, "
            "suspended_at) VALUES (%(review_id)s, %(factory_id)s, %(suspended_on)s, %(reason)s, "
            "%(since)s, %(suspended_at)s)",
            suspension,
        )
        lots = cursor.execute(
            AFFECTED_LOTS, {**suspension, "before": moment(event.timestamp)}
        ).fetchall()
        _add_tasks(cursor, ("raise",), suspension, [row["lot_id"] for row in lots])

    @handles(Factory.Certified)
    def on_certified(self, event: Factory.Certified, cursor: ViewCursor) -> None:
        factory_id = text(event.originator_id)
        _serialise(cursor)
        on, at = event.inspected_on.isoformat(), moment(event.timestamp)
        cursor.execute(
            "INSERT INTO review_factories (factory_id, last_clean_on) VALUES (%(id)s, %(on)s) "
            "ON CONFLICT (factory_id) DO UPDATE SET last_clean_on = excluded.last_clean_on",
            {"id": factory_id, "on": on},
        )
        suspensions = cursor.execute(
            "SELECT * FROM review_suspensions WHERE factory_id = %(id)s AND reinstated_on IS NULL",
            {"id": factory_id},
        ).fetchall()
        for row in suspensions:
            suspension = {**dict(row), "reinstated_on": on}
            # Every lot recorded while it was in force: raised (once) and lifted.
            lots = cursor.execute(AFFECTED_LOTS, {**suspension, "before": at}).fetchall()
            _add_tasks(cursor, ("raise", "lift"), suspension, [lot["lot_id"] for lot in lots])
        cursor.execute(
            "UPDATE review_suspensions SET reinstated_on = %(on)s, reinstated_at = %(at)s "
            "WHERE factory_id = %(id)s AND reinstated_on IS NULL",
            {"id": factory_id, "on": on, "at": at},
        )

    def follow_up(self, store: ViewStore, applications: Mapping[str, Application]) -> int:
        return run_review_tasks(store, applications["Traceability"])


class ReviewProductions(Projection):
    """The Traceability side: which lots were made at which factory, and when."""

    name = "review_productions"
    version = 2
    follows = "Traceability"
    tables = {
        "review_lots": """
            CREATE TABLE IF NOT EXISTS review_lots (
                lot_id TEXT PRIMARY KEY,
                period_end TEXT NOT NULL
            )""",
        "review_productions": """
            CREATE TABLE IF NOT EXISTS review_productions (
                lot_id TEXT NOT NULL,
                factory_id TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (lot_id, factory_id)
            )""",
    }
    shared_tables = {"review_tasks": CREATE_TASKS}
    reads = ("review_suspensions",)

    @handles(Lot.Created)
    def on_created(self, event: Lot.Created, cursor: ViewCursor) -> None:
        cursor.execute(
            "INSERT INTO review_lots (lot_id, period_end) VALUES (%(id)s, %(end)s)",
            {"id": text(event.originator_id), "end": event.period.end.isoformat()},
        )

    @handles(Lot.ProducedAt)
    def on_produced_at(self, event: Lot.ProducedAt, cursor: ViewCursor) -> None:
        params = {
            "lot": text(event.originator_id),
            "factory": text(event.factory_id),
            "at": moment(event.timestamp),
        }
        _serialise(cursor)
        cursor.execute(
            "INSERT INTO review_productions (lot_id, factory_id, recorded_at) "
            "VALUES (%(lot)s, %(factory)s, %(at)s) ON CONFLICT (lot_id, factory_id) DO NOTHING",
            params,
        )
        for row in cursor.execute(SUSPENSIONS_OF_LOT, params).fetchall():
            lifted = row["reinstated_on"] is not None
            _add_tasks(cursor, ("raise", "lift") if lifted else ("raise",), row, [params["lot"]])

    def follow_up(self, store: ViewStore, applications: Mapping[str, Application]) -> int:
        return run_review_tasks(store, applications["Traceability"])
