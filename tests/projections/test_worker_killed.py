"""Exactly once, proven the hard way: the projection worker is a real process, killed with
SIGKILL at random moments of its catch-up and restarted; the views it leaves equal a rebuild
from scratch, every position is at the head of its log, and every lot under review was placed
there once."""

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal

import pytest

from domain.inspections.corrective_action import Verification
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from projections.catalogue import PROJECTIONS
from tests.projections.test_exactly_once import snapshot
from tests.samples import People

pytestmark = pytest.mark.both_backends  # the backend can change the answer

LOTS = 500
KILLS = 4


def start_worker(nishan) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "projections", "run"],
        env={**os.environ, "NISHAN_DATABASE_URL": nishan.settings.database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def pending_tasks(nishan) -> int:
    with nishan.views.reading() as cursor:
        return cursor.execute("SELECT COUNT(*) AS n FROM review_tasks").fetchone()["n"]


def progress(nishan) -> tuple:
    """How far the worker has gone: the views' positions, and the review tasks left."""
    return (*(p.position for p in nishan.updater.positions()), pending_tasks(nishan))


def settled(nishan) -> bool:
    return not any(p.lag for p in nishan.updater.positions()) and not pending_tasks(nishan)


def test_a_worker_killed_at_random_moments_leaves_views_equal_to_a_rebuild(nishan):
    nishan.updates_views_inline = False  # on SQLite too: only the worker process keeps the views
    people = People(nishan)
    exporter, trace = people.exporter, nishan.traceability
    mill = people.certified_factory(date(2026, 9, 15), name="Multan Spinning")
    october = ProductionPeriod(date(2026, 10, 1), date(2026, 10, 31))
    for n in range(LOTS):
        lot = trace.create_lot(
            "Yarn", "5205", Decimal(n + 1), Unit.KILOGRAMS, "", october, by=exporter
        )
        trace.attach_lot_to_factory(lot, mill, "spinning", date(2026, 11, 2), by=exporter)
    # Bonded labour at the mill: the worker must also place every lot under review, once.
    visit = people.visit(mill, date(2026, 11, 20))
    finding = nishan.inspections.record_finding(visit, "FL-09", None, "", 4, by=people.admin)
    nishan.inspections.plan_corrective_action(
        visit, finding, "Write off advances", "Owner", date(2026, 12, 20),
        Verification.FOLLOW_UP_VISIT, by=people.admin,
    )  # fmt: skip
    nishan.inspections.complete_inspection(visit, date(2026, 11, 20), by=people.admin)

    seed = random.randrange(1_000_000)
    moments = sorted(random.Random(seed).sample(range(300, 2000), KILLS))
    kills = []
    for moment in moments:
        worker = start_worker(nishan)
        time.sleep(moment / 1000)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        kills.append(progress(nishan))
    assert len(set(kills)) > 1, f"the kills never fell between two steps of work (seed {seed})"

    worker = start_worker(nishan)
    try:
        deadline = time.monotonic() + 120
        while not settled(nishan):
            assert worker.poll() is None, "the restarted worker stopped"
            assert time.monotonic() < deadline, f"the worker did not finish (seed {seed})"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

    after_kills = snapshot(nishan)
    assert len(after_kills["lot_reviews"]) == LOTS
    head = trace.recorder.max_notification_id()
    placed = trace.recorder.select_notifications(
        start=0, limit=10 * head, topics=["domain.traceability.lot:Lot.PlacedUnderReview"]
    )
    assert len(placed) == LOTS, f"reviews recorded more than once (seed {seed})"

    for name in PROJECTIONS:
        nishan.updater.rebuild(name)
    assert snapshot(nishan) == after_kills, f"seed {seed}"
    assert trace.recorder.max_notification_id() == head  # the rebuild recorded nothing again
    assert all(p.lag == 0 for p in nishan.updater.positions())
