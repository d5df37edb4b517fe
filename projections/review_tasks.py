"""The review process's outbox: tasks decided inside a view's transaction, carried out after it.

A command on a lot cannot run inside the view's transaction (on SQLite it would wait on that
transaction's own lock), so the decision is stored as a task that commits with the view's
position, and is carried out once the transaction has committed. A task is deleted only after
its command was saved; running one twice does nothing more, since a lot records each review
once. Lifts of a review wait until every raise of that review has run, so that a lift can never
overtake the raise it undoes.
"""

import logging
import threading
from datetime import date
from uuid import UUID

from eventsourcing.persistence import RecordConflictError

from domain.traceability.application import Traceability
from domain.traceability.review import Suspension
from projections.projection import day
from projections.view_store import ViewStore

log = logging.getLogger(__name__)

CREATE_TASKS = """
CREATE TABLE IF NOT EXISTS review_tasks (
    action TEXT NOT NULL,
    review_id TEXT NOT NULL,
    lot_id TEXT NOT NULL,
    factory_id TEXT NOT NULL,
    suspended_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    since TEXT,
    reinstated_on TEXT,
    PRIMARY KEY (action, review_id, lot_id)
)"""

READY_TASKS = """
SELECT * FROM review_tasks t
WHERE t.action = 'raise'
   OR NOT EXISTS (SELECT 1 FROM review_tasks r
                  WHERE r.action = 'raise' AND r.review_id = t.review_id)
ORDER BY t.action DESC, t.review_id, t.lot_id"""

ATTEMPTS = 3
_running = threading.local()
_one_at_a_time = threading.Lock()


def run_review_tasks(store: ViewStore, traceability: Traceability) -> int:
    """Carry out the pending tasks; returns how many ran. A lot changed meanwhile by someone else
    leaves its task for the next run. Commands saved here make the views catch up again, which
    calls back into this function: that nested call returns at once."""
    if getattr(_running, "active", False):
        return 0
    _running.active = True
    try:
        with _one_at_a_time:
            return _run(store, traceability)
    finally:
        _running.active = False


def _run(store: ViewStore, traceability: Traceability) -> int:
    done = 0
    while True:
        with store.reading() as cursor:
            tasks = [dict(row) for row in cursor.execute(READY_TASKS).fetchall()]
        progress = 0
        for task in tasks:
            if not _carried_out(task, traceability):
                continue
            with store.transaction() as cursor:
                cursor.execute(
                    "DELETE FROM review_tasks WHERE action = %(action)s "
                    "AND review_id = %(review_id)s AND lot_id = %(lot_id)s",
                    task,
                )
            progress += 1
        done += progress
        if not progress:
            return done


def _carried_out(task: dict, traceability: Traceability) -> bool:
    """Carry out a task, reloading the lots when someone changed them meanwhile; a lot that
    keeps changing leaves the task for the next run."""
    for _ in range(ATTEMPTS):
        try:
            _carry_out(task, traceability)
            return True
        except RecordConflictError:
            log.info("review task on lot %s met a concurrent change", task["lot_id"])
    return False


def _carry_out(task: dict, traceability: Traceability) -> None:
    lot_id, review_id = UUID(task["lot_id"]), UUID(task["review_id"])
    if task["action"] == "lift":
        traceability.lift_review(lot_id, review_id, date.fromisoformat(task["reinstated_on"]))
        return
    suspension = Suspension(
        review_id=review_id,
        factory_id=UUID(task["factory_id"]),
        suspended_on=date.fromisoformat(task["suspended_on"]),
        reason=task["reason"],
        since=day(task["since"]),
    )
    traceability.place_under_review(lot_id, suspension)
