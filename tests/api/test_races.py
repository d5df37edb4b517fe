"""Sixteen writers at once on one lot and one visit, over real HTTP, on both backends.

Each writer has its own connection and all are released together. Every answer must be a
success, 409 `concurrent_change` (it lost the race) or 422 with a rule's code: never a 500, never
"database is locked". Writers that lost a race try again, as a client should. Then the event logs,
read directly, must hold each accepted command exactly once, nothing of a refused one, and no
broken rule: a lot never gives more than it holds, a lot is in one shipment at most.
"""

import logging
import random
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import psycopg
import pytest

from domain.inspections.catalogue import catalogue
from domain.inspections.inspection import Inspection
from domain.inspections.referral import Referral
from domain.traceability.lot import Lot
from domain.traceability.shipment import Shipment
from tests.api.scenario import SHIPMENT, Scenario, bearer, expect

pytestmark = pytest.mark.both_backends  # the backend can change the answer

WRITERS = 16
MAX_TRIES = 20
ORIGINAL = Decimal("1500")
PARTS = ["100.125", "29.875"]  # 130 a split: 16 ask for 2080, 11 fit, 70 remain
SPLIT = sum(map(Decimal, PARTS))
FITTING_SPLITS = int(ORIGINAL // SPLIT)
ATTACHERS = 4
SHIPPERS = 4
# Sixteen indicators, three of them zero-tolerance ones that open a referral in the same commit.
INDICATORS = [
    "CL-01", "FL-02", "FL-07", "CL-03", "CL-04", "FL-12", "FA-01", "DH-01",
    "WB-01", "WB-05", "WT-01", "WT-03", "OSH-01", "CR-02", "GR-01", "EN-03",
]  # fmt: skip


@dataclass
class Command:
    name: str
    path: str
    token: str
    body: dict[str, Any]
    refusals: set[str]  # the 422 codes the rules may answer this command with
    answers: list[httpx.Response] = field(default_factory=list)

    @property
    def final(self) -> httpx.Response:
        return self.answers[-1]

    @property
    def accepted(self) -> bool:
        return self.final.status_code in (201, 204)


def race(origin: str, commands: list[Command]) -> None:
    """Release every command at once, each from its own client; retry those that lost a race."""
    barrier = threading.Barrier(len(commands))
    failures: list[BaseException] = []

    def write(command: Command) -> None:
        try:
            with httpx.Client(base_url=origin, timeout=30) as client:
                client.get("/healthz")  # connected before the start, so that all start together
                barrier.wait(timeout=30)
                for _ in range(MAX_TRIES):
                    answer = client.post(
                        command.path, headers=bearer(command.token), json=command.body
                    )
                    command.answers.append(answer)
                    if answer.status_code == 503:  # busy: try again when it says
                        time.sleep(float(answer.headers.get("Retry-After", 1)))
                    elif answer.status_code == 409:  # lost a race: back off a little
                        time.sleep(random.uniform(0, 0.02))
                    else:
                        return
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=write, args=(c,)) for c in commands]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting"


def check_answers(commands: list[Command], busy_allowed: bool = False) -> None:
    """Each answer is a success, a lost race or a rule's refusal (or, where the database was
    held by another, 503 `busy` with Retry-After); and each writer got a final answer."""
    expected = {409: {"concurrent_change"}, 503: {"busy"} if busy_allowed else set()}
    for command in commands:
        for answer in command.answers:
            status = answer.status_code
            where = f"{command.name}: {status} {answer.text}"
            assert status in (201, 204, 409, 422, 503), where
            if status in (409, 422, 503):
                assert answer.json()["message"], where
                assert answer.json()["code"] in expected.get(status, command.refusals), where
            if status == 503:
                assert int(answer.headers["Retry-After"]) >= 1, where
        assert command.final.status_code in (201, 204, 422), (
            f"{command.name} had no final answer in {MAX_TRIES} tries"
        )


def splitters(lot: str, token: str) -> list[Command]:
    """WRITERS splits of the same lot, each asking for SPLIT: only FITTING_SPLITS can fit."""
    return [
        Command(
            f"split {n}",
            f"/lots/{lot}/split",
            token,
            {"quantities": PARTS},
            {"quantity_exceeds_remaining"},
        )
        for n in range(WRITERS)
    ]


def logged(app: Any) -> list[Any]:
    """Every event of an application's log, in the order it was recorded."""
    events, start = [], 1
    while page := app.recorder.select_notifications(start=start, limit=500):
        events.extend(app.mapper.to_domain_event(n) for n in page)
        start = page[-1].id + 1
    return events


def test_sixteen_writers_at_once_lose_nothing_and_break_no_rule(live_server, caplog):

    nishan = live_server.nishan
    with httpx.Client(base_url=live_server.origin, timeout=30) as client:
        scenario = Scenario.start(client, nishan)
        factory = scenario.register_factory()
        scenario.complete(scenario.schedule_visit(factory))  # certified: lots may be made there
        lot = scenario.create_lot(quantity=str(ORIGINAL))
        other_lot = scenario.create_lot(quantity=str(ORIGINAL))
        shipments = [
            expect(
                client.post("/shipments", headers=bearer(scenario.exporter), json=SHIPMENT), 201
            )["shipment_id"]
            for _ in range(SHIPPERS)
        ]
        visit = scenario.schedule_visit(scenario.register_factory())
    lots_before = {
        e.originator_id for e in logged(nishan.traceability) if isinstance(e, Lot.Created)
    }

    splits = splitters(lot, scenario.exporter)
    # The same factory and stage, four times: the lot records it once.
    attaches = [
        Command(
            f"attach {n}",
            f"/lots/{lot}/factories",
            scenario.exporter,
            {"factory_id": factory, "stage": "stitching"},
            {"production_already_recorded"},
        )
        for n in range(ATTACHERS)
    ]
    # The other lot into four shipments at once, while it is split: it joins one shipment at
    # most, and once in a shipment it is not split.
    shipping = [
        Command(
            f"ship {n}",
            f"/shipments/{shipment}/lots",
            scenario.exporter,
            {"lot_id": other_lot},
            {"lot_in_another_shipment"},
        )
        for n, shipment in enumerate(shipments)
    ]
    other_splits = [
        Command(
            f"split other {n}",
            f"/lots/{other_lot}/split",
            scenario.exporter,
            {"quantities": ["100"]},
            {"lot_in_shipment"},
        )
        for n in range(SHIPPERS)
    ]
    findings = [
        Command(
            f"finding {code}",
            f"/inspections/{visit}/findings",
            scenario.inspector,
            {"indicator": code, "observation": "seen at once", "workers_affected": 3},
            set(),
        )
        for code in INDICATORS
    ]
    everything = splits + attaches + shipping + other_splits + findings
    race(live_server.origin, splits + attaches + shipping + other_splits)
    race(live_server.origin, findings)
    check_answers(everything)
    # Nothing went wrong behind the answers either, such as a view that could not catch up.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert any(a.status_code == 409 for c in everything for a in c.answers), (
        "no writer lost a race: the test did not race"
    )

    # The lot: one Gave per accepted split, with the children that answer named; the quantity
    # rule held all along, and the lot keeps exactly what no split took.
    accepted = [c for c in splits if c.accepted]
    assert len(accepted) == FITTING_SPLITS
    children = [c.final.json()["lot_ids"] for c in accepted]
    history = list(nishan.traceability.events.get(UUID(lot)))
    gave = [e for e in history if isinstance(e, Lot.Gave)]
    assert sorted([str(i) for i in e.to] for e in gave) == sorted(children)
    assert all(e.process == "split" and e.quantity == SPLIT for e in gave)
    remaining = ORIGINAL
    for event in gave:
        remaining -= event.quantity
        assert remaining >= 0, "the lot gave more than it held"
    assert nishan.traceability.load_lot(UUID(lot)).quantity == ORIGINAL - SPLIT * len(accepted)
    # Each child exists once, with its part, made from the lot; a refused split made no lot.
    created = Counter(
        e.originator_id for e in logged(nishan.traceability) if isinstance(e, Lot.Created)
    )
    assert all(n == 1 for n in created.values())
    new_lots = set(created) - lots_before
    other_children = [c.final.json()["lot_ids"] for c in other_splits if c.accepted]
    assert new_lots == {UUID(c) for made in children + other_children for c in made}
    for pair in children:
        for child, part in zip(pair, PARTS, strict=True):
            child_lot = nishan.traceability.load_lot(UUID(child))
            assert (child_lot.quantity, child_lot.parents) == (Decimal(part), [UUID(lot)])

    # The factory and stage are recorded on the lot once, by the one attach that succeeded.
    produced = [e for e in history if isinstance(e, Lot.ProducedAt)]
    assert len(produced) == sum(c.accepted for c in attaches) == 1

    # The other lot is in exactly one shipment, the one whose answer said so, and was split
    # only before it joined it.
    [joined] = [c for c in shipping if c.accepted]
    other_history = list(nishan.traceability.events.get(UUID(other_lot)))
    [assigned] = [e for e in other_history if isinstance(e, Lot.AssignedToShipment)]
    assert f"/shipments/{assigned.shipment_id}/lots" == joined.path
    after = other_history[other_history.index(assigned) :]
    assert not any(isinstance(e, Lot.Gave) for e in after), "a lot in a shipment was split"
    other_gave = [e for e in other_history if isinstance(e, Lot.Gave)]
    assert len(other_gave) == sum(c.accepted for c in other_splits)
    for shipment in shipments:
        added = [
            e
            for e in nishan.traceability.events.get(UUID(shipment))
            if isinstance(e, Shipment.LotAdded)
        ]
        assert len(added) == (1 if shipment == str(assigned.shipment_id) else 0)

    # The visit: every writer's finding recorded exactly once, under the id its answer gave.
    assert all(c.final.status_code == 201 for c in findings)
    answered = {UUID(c.final.json()["finding_id"]): c.body["indicator"] for c in findings}
    recorded = [
        e
        for e in nishan.inspections.events.get(UUID(visit))
        if isinstance(e, Inspection.FindingRecorded)
    ]
    assert len(recorded) == WRITERS
    assert {e.finding_id: e.indicator for e in recorded} == answered
    # A zero-tolerance finding opened its referral in the same commit: one each, none for a
    # lost race.
    checklist = catalogue(nishan.inspections.load_inspection(UUID(visit)).catalogue_version)
    referred = {f for f, code in answered.items() if checklist.indicator(code).referral}
    opened = [e for e in logged(nishan.inspections) if isinstance(e, Referral.Opened)]
    assert len(referred) == 3  # CL-01, FL-02 and FL-07
    assert Counter(e.finding_id for e in opened) == Counter(referred)

    # The views caught up with all of it: the lot's public history shows each accepted split
    # once, and each child's lineage leads back to the lot.
    live_server.views.wait_until_current()
    with httpx.Client(base_url=live_server.origin, timeout=30) as client:
        entries = expect(client.get(f"/lots/{lot}/history"), 200)["entries"]
        lineages = [
            expect(client.get(f"/lots/{c}/lineage"), 200) for made in children for c in made
        ]
    public_gave = [e for e in entries if e["event"] == "Gave" and e["lot_id"] == lot]
    assert len(public_gave) == FITTING_SPLITS
    gave = " gave 130 pairs to 2 new lots by "
    assert all(gave in e["summary"] for e in public_gave), public_gave
    assert all(line["ancestors"] == [{"lot_id": lot, "depth": 1}] for line in lineages)


HOLD_SECONDS = 2.5


@contextmanager
def write_lock_held(database: Any) -> Iterator[Callable[[], int]]:
    """Another process holds the log's write lock, as a long migration or a backup would;
    gives what that process reads as the log's last notification id."""
    if database.is_sqlite:
        other = sqlite3.connect(database.sqlite_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # readers go on; no other writer may commit
        try:
            yield lambda: other.execute("SELECT MAX(rowid) FROM traceability_events").fetchone()[0]
        finally:
            other.rollback()
            other.close()
        return
    with psycopg.connect(database.url) as other:
        other.execute("LOCK TABLE traceability_events IN EXCLUSIVE MODE")  # what writers take
        yield lambda: other.execute(
            "SELECT MAX(notification_id) FROM traceability_events"
        ).fetchone()[0]
        other.rollback()


@pytest.fixture
def short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NISHAN_LOCK_WAIT_SECONDS", "1")


def test_writers_held_up_by_a_lock_are_told_to_try_again_and_lose_nothing(
    short_lock_wait, live_server
):
    nishan = live_server.nishan
    with httpx.Client(base_url=live_server.origin, timeout=30) as client:
        scenario = Scenario.start(client, nishan)
        lot = scenario.create_lot(quantity=str(ORIGINAL))
    head = nishan.traceability.recorder.max_notification_id()
    splits = splitters(lot, scenario.exporter)
    locked, written_while_locked = threading.Event(), []

    def hold() -> None:
        with write_lock_held(nishan.settings.database) as last_notification:
            locked.set()
            time.sleep(HOLD_SECONDS)
            written_while_locked.append(last_notification() != head)

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    # The writers come while the lock is held. On SQLite they are answered 503 `busy` after
    # NISHAN_LOCK_WAIT_SECONDS and try again when Retry-After says; on PostgreSQL they wait.
    race(live_server.origin, splits)
    holder.join()
    assert written_while_locked == [False]
    check_answers(splits, busy_allowed=True)
    busy = [a for c in splits for a in c.answers if a.status_code == 503]
    assert busy or not nishan.settings.database.is_sqlite, "the lock held no writer up"
    for answer in busy:
        assert "try again" in answer.json()["message"].lower(), answer.text

    # Once the lock is gone, every writer got through or was refused by the quantity rule.
    accepted = [c for c in splits if c.accepted]
    assert len(accepted) == FITTING_SPLITS
    gave = [e for e in nishan.traceability.events.get(UUID(lot)) if isinstance(e, Lot.Gave)]
    assert sorted([str(i) for i in e.to] for e in gave) == sorted(
        c.final.json()["lot_ids"] for c in accepted
    )
    assert nishan.traceability.load_lot(UUID(lot)).quantity == ORIGINAL - SPLIT * FITTING_SPLITS
