"""The downstream review process on both backends: which lots it flags, that the order in which
it reads the two logs does not matter, that it survives repeats, rebuilds and conflicts, and
that the projection worker runs it."""

import time
from datetime import date
from decimal import Decimal

import pytest
from eventsourcing.persistence import RecordConflictError

from domain.inspections.corrective_action import ActionStatus, Verification
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from projections.lot_record import ReasonKind, Verdict, find_lot_record
from projections.review_tasks import ATTEMPTS
from tests.samples import People

pytestmark = pytest.mark.both_backends  # the backend can change the answer

CLEAN_VISIT = date(2026, 9, 15)
BAD_VISIT = date(2026, 11, 20)
FOLLOW_UP = date(2026, 11, 21)
BEFORE_CLEAN = ProductionPeriod(date(2026, 8, 1), date(2026, 8, 31))
SINCE_CLEAN = ProductionPeriod(date(2026, 9, 1), date(2026, 10, 31))


class Mill:
    """A spinning mill certified on CLEAN_VISIT, with lots of yarn made before and since."""

    def __init__(self, nishan) -> None:
        self.nishan, self.people = nishan, People(nishan)
        exporter = self.people.exporter
        self.factory = self.people.certified_factory(CLEAN_VISIT, name="Multan Spinning")
        traceability = nishan.traceability
        self.old, self.new = (
            traceability.create_lot(
                "Cotton yarn", "5205", Decimal(1000), Unit.KILOGRAMS, "", period, by=exporter
            )
            for period in (BEFORE_CLEAN, SINCE_CLEAN)
        )
        for lot in (self.old, self.new):
            traceability.attach_lot_to_factory(
                lot, self.factory, "spinning", BAD_VISIT, by=exporter
            )
        [self.part] = traceability.split_lot(self.new, [Decimal(400)], by=exporter)

    def suspend(self):
        """Bonded labour found; returns the visit, whose follow-up reinstates the factory."""
        inspections, admin = self.nishan.inspections, self.people.admin
        visit = self.people.visit(self.factory, BAD_VISIT)
        finding = inspections.record_finding(visit, "FL-09", None, "", 9, by=admin, on=BAD_VISIT)
        self.action = inspections.plan_corrective_action(
            visit,
            finding,
            "Write off the advances",
            "Owner",
            date(2026, 12, 20),
            Verification.FOLLOW_UP_VISIT,
            by=admin,
        )
        inspections.complete_inspection(visit, BAD_VISIT, by=admin)
        return visit

    def reinstate(self, visit) -> None:
        inspections, admin = self.nishan.inspections, self.people.admin
        follow_up = inspections.schedule_inspection(
            self.factory, self.people.inspector_id, FOLLOW_UP, False, by=admin, follow_up_of=visit
        )
        inspections.start_inspection(follow_up, by=admin)
        inspections.review_corrective_action(
            visit, self.action, ActionStatus.CLOSED, "Written off", on=FOLLOW_UP, by=admin,
            follow_up_id=follow_up,
        )  # fmt: skip
        inspections.complete_inspection(follow_up, FOLLOW_UP, by=admin)

    def verdict(self, lot) -> Verdict:
        return find_lot_record(self.nishan.views, str(lot), FOLLOW_UP).verdict


def reviews(nishan) -> list[tuple]:
    with nishan.views.reading() as cursor:
        rows = cursor.execute(
            "SELECT lot_id, review_id, via_lot_id, since, reinstated_on FROM lot_reviews"
        ).fetchall()
    return sorted(tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in rows)


def test_lots_made_since_the_last_clean_inspection_and_their_descendants_are_flagged(nishan):
    mill = Mill(nishan)
    visit = mill.suspend()
    nishan.updater.catch_up()
    assert mill.verdict(mill.new) is Verdict.UNDER_REVIEW
    assert mill.verdict(mill.part) is Verdict.UNDER_REVIEW
    # Made before the clean visit: not under review, but not the green verdict while suspended.
    assert mill.verdict(mill.old) is Verdict.VERIFIED_AT_PRODUCTION
    assert {(row[0], row[3]) for row in reviews(nishan)} == {
        (str(mill.new), CLEAN_VISIT.isoformat()),
        (str(mill.part), CLEAN_VISIT.isoformat()),
    }

    mill.reinstate(visit)
    nishan.updater.catch_up()
    assert mill.verdict(mill.new) is mill.verdict(mill.part) is Verdict.VERIFIED
    assert mill.verdict(mill.old) is Verdict.VERIFIED
    assert [row[4] for row in reviews(nishan)] == [FOLLOW_UP.isoformat()] * 2


def _one_log_first(nishan, first: str, second: str) -> list[tuple]:
    nishan.updates_views_inline = False  # on SQLite too: the test says which log is read first
    mill = Mill(nishan)
    mill.suspend()
    nishan.updater.catch_up([first])
    nishan.updater.catch_up([second])
    nishan.updater.catch_up()
    return [(row[0] == str(mill.new), row[0] == str(mill.part)) for row in reviews(nishan)]


def test_a_suspension_read_before_the_productions_flags_the_same_lots(nishan):
    flagged = _one_log_first(nishan, "review_suspensions", "review_productions")
    assert sorted(flagged) == [(False, True), (True, False)]


def test_productions_read_before_the_suspension_flag_the_same_lots(nishan):
    flagged = _one_log_first(nishan, "review_productions", "review_suspensions")
    assert sorted(flagged) == [(False, True), (True, False)]


def test_rebuilding_the_process_records_nothing_again(nishan):
    mill = Mill(nishan)
    mill.reinstate(mill.suspend())
    nishan.updater.catch_up()
    before, head = reviews(nishan), nishan.traceability.recorder.max_notification_id()
    for name in ("review_suspensions", "review_productions", "lot_compliance"):
        nishan.updater.rebuild(name)
    nishan.updater.catch_up()
    assert reviews(nishan) == before
    assert nishan.traceability.recorder.max_notification_id() == head


def pending_tasks(nishan) -> list[str]:
    with nishan.views.reading() as cursor:
        rows = cursor.execute("SELECT action FROM review_tasks").fetchall()
    return sorted(row["action"] for row in rows)


def test_a_lift_waits_for_a_raise_that_keeps_meeting_concurrent_changes(nishan, monkeypatch):
    nishan.updates_views_inline = False
    mill = Mill(nishan)
    visit = mill.suspend()
    place = nishan.traceability.place_under_review
    conflicts = []

    def conflicting(lot_id, suspension):
        if len(conflicts) < ATTEMPTS:  # exporters' commands keep saving the lot first
            conflicts.append(lot_id)
            raise RecordConflictError("the lot changed meanwhile")
        return place(lot_id, suspension)

    monkeypatch.setattr(nishan.traceability, "place_under_review", conflicting)
    mill.reinstate(visit)  # the lift is decided before the raise could be carried out
    nishan.updater.catch_up()
    # The raise is left for the next run, and the lift waits for it rather than overtake it.
    assert len(conflicts) == ATTEMPTS and pending_tasks(nishan) == ["lift", "raise"]
    assert reviews(nishan) == []

    nishan.updater.catch_up()  # the next run: the worker's next wake-up, or the next command
    assert pending_tasks(nishan) == []
    assert mill.verdict(mill.new) is mill.verdict(mill.part) is Verdict.VERIFIED
    assert mill.verdict(mill.old) is Verdict.VERIFIED
    assert [row[4] for row in reviews(nishan)] == [FOLLOW_UP.isoformat()] * 2


def test_the_projection_worker_runs_the_process(nishan, views):
    mill = Mill(nishan)
    mill.suspend()
    deadline = time.monotonic() + 15
    while (record := find_lot_record(nishan.views, str(mill.part), FOLLOW_UP)) is None or (
        record.verdict is not Verdict.UNDER_REVIEW
    ):
        assert time.monotonic() < deadline, "the worker did not place the lot under review"
        time.sleep(0.05)


def test_a_lot_recorded_after_the_reinstatement_is_not_flagged_whatever_the_order(nishan):
    nishan.updates_views_inline = False
    mill = Mill(nishan)
    mill.reinstate(mill.suspend())
    exporter = mill.people.exporter
    late = nishan.traceability.create_lot(
        "Cotton yarn", "5205", Decimal(50), Unit.KILOGRAMS, "", SINCE_CLEAN, by=exporter
    )
    nishan.traceability.attach_lot_to_factory(
        late, mill.factory, "spinning", FOLLOW_UP, by=exporter
    )
    nishan.updater.catch_up(["review_productions"])  # the production side reads it first
    nishan.updater.catch_up()
    flagged = {row[0] for row in reviews(nishan)}
    assert flagged == {str(mill.new), str(mill.part)}
    head = nishan.traceability.recorder.max_notification_id()
    nishan.updater.rebuild("review_suspensions")
    nishan.updater.rebuild("review_productions")
    nishan.updater.catch_up()
    assert {row[0] for row in reviews(nishan)} == flagged
    assert nishan.traceability.recorder.max_notification_id() == head


def test_a_lot_reads_under_review_from_the_suspension_before_the_process_records_it(nishan):
    nishan.updates_views_inline = False
    mill = Mill(nishan)
    mill.suspend()
    nishan.updater.catch_up(["factory_status", "lot_compliance", "lineage"])
    # The process has not read the suspension yet: every lot made there is in doubt.
    assert mill.verdict(mill.new) is Verdict.UNDER_REVIEW
    assert mill.verdict(mill.part) is Verdict.UNDER_REVIEW
    assert mill.verdict(mill.old) is Verdict.UNDER_REVIEW
    assert reviews(nishan) == []
    nishan.updater.catch_up()
    # Now it has: the lot made before the last clean inspection is cleared by its dates, with
    # the warning that the factory has been suspended since, when and for what.
    record = find_lot_record(nishan.views, str(mill.old), FOLLOW_UP)
    assert record.verdict is Verdict.VERIFIED_AT_PRODUCTION
    assert record.reasons[0].kind is ReasonKind.SUSPENDED_SINCE
    [later] = record.later_suspensions
    assert (later.factory_name, later.suspended_on, later.since, later.clusters) == (
        "Multan Spinning",
        BAD_VISIT,
        CLEAN_VISIT,
        ["FL"],
    )
    assert mill.verdict(mill.part) is Verdict.UNDER_REVIEW
