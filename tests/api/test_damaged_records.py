"""A damaged store says so: a command or a page that meets a record with a missing event, or an
event that does not decode, answers 503 record_damaged and writes nothing; a rebuild and the
worker stop with STORE_DAMAGED (3), naming the log, the record and the position, and leave the
views as they were."""

import os
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.i18n.catalogs import language
from bootstrap import Nishan
from domain.damaged_record import RecordDamaged
from projections.worker import ChangeListener, run_worker
from tests.api.scenario import Scenario, bearer, expect, heads
from tests.damage import delete_event, garble_event, hollow_event
from tests.samples import People

DAMAGES = {
    "a deleted event": delete_event,
    "an undecodable event": garble_event,
    "json that is not the event": hollow_event,
}


def a_lot_with_a_history(client, nishan) -> tuple[Scenario, str, str]:
    """A lot made at a certified factory and put on a shipment: four events of its own."""
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory))
    lot = scenario.create_lot()
    expect(scenario.attach(lot, factory, "tanning"), 201)
    scenario.create_shipment(lot)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return scenario, lot, factory


def run_nishan(*args: str, database_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NISHAN_DATABASE_URL": database_url},
    )


@pytest.mark.both_backends
@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_command_on_a_damaged_record_is_answered_503_and_writes_nothing(
    client, nishan, database_url, damage
):
    scenario, lot, factory = a_lot_with_a_history(client, nishan)
    damage(database_url, "Traceability", UUID(lot), 2)
    before = heads(nishan)
    answer = client.post(
        f"/lots/{lot}/split", headers=bearer(scenario.exporter), json={"quantities": ["1", "2"]}
    )
    assert answer.status_code == 503, answer.text
    assert answer.json()["code"] == "record_damaged"
    assert "could not be read" in answer.json()["message"]
    assert heads(nishan) == before
    # The lot's past record, replayed from its events, meets the damage too.
    past = client.get(
        f"/lots/{lot}", params={"as_of": datetime.now(UTC).isoformat()},
        headers={"Accept": "application/json"},
    )  # fmt: skip
    assert past.status_code == 503, past.text
    assert past.json()["code"] == "record_damaged"
    # A person's browser gets a page that says so, in its language, and nothing of the record.
    page = client.get(
        f"/lots/{lot}", params={"as_of": datetime.now(UTC).isoformat(), "lang": "ur"},
        headers={"Accept": "text/html"},
    )  # fmt: skip
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-language"] == "ur" and '<html lang="ur" dir="rtl">' in page.text
    assert language("ur").gettext("Not available at the moment") in page.text
    assert language("ur").gettext("Please try again later.") in page.text
    assert "Leather gloves" not in page.text  # nothing of the record
    # Other records answer as before.
    other = scenario.create_lot()
    expect(scenario.attach(other, factory, "tanning"), 201)


@pytest.mark.both_backends
@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_rebuild_stops_at_the_damage_and_leaves_the_views(client, nishan, database_url, damage):
    _, lot, _ = a_lot_with_a_history(client, nishan)
    positions = nishan.updater.positions()
    damage(database_url, "Traceability", UUID(lot), 2)
    rebuilt = run_nishan("projections", "rebuild", "--all", database_url=database_url)
    assert rebuilt.returncode == 3, rebuilt.stdout + rebuilt.stderr
    message = " ".join(rebuilt.stderr.split())
    assert f"The Traceability log is damaged: record {lot}, version" in message
    assert "at position" in message
    assert nishan.updater.positions() == positions


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_the_worker_stops_with_the_record_it_cannot_read(postgres_nishan, postgres_url, damage):
    nishan = postgres_nishan
    people = People(nishan)
    factory = people.certified_factory(datetime.now(UTC).date())
    nishan.updater.catch_up()
    # Events the worker has not read yet: the factory's details changed twice.
    for district in ("Kasur", "Sialkot"):
        nishan.inspections.update_factory_details(
            factory, lambda details, to=district: replace(details, district=to), by=people.admin
        )
    version = nishan.inspections.load_factory(factory).version
    damage(postgres_url, "Inspections", factory, version - 1)
    stopped = _worker_outcome(nishan)
    assert isinstance(stopped, RecordDamaged), stopped
    assert stopped.record == factory and stopped.log == "Inspections"
    assert stopped.position is not None
    worker = run_nishan("projections", "run", database_url=postgres_url)
    assert worker.returncode == 3, worker.stdout + worker.stderr
    assert f"record {factory}" in " ".join(worker.stderr.split())


def _worker_outcome(nishan, seconds: float = 20.0) -> BaseException | None:
    """What stopped the worker: its error, or None if it was still running after `seconds`
    (and was then told to stop)."""
    stop, outcome = threading.Event(), []

    def work() -> None:
        try:
            run_worker(nishan.updater, None, ChangeListener(None, []), stop, 0.1)
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(seconds)
    stop.set()
    worker.join()
    return outcome[0] if outcome else None


def test_a_damaged_account_met_while_authenticating_is_answered_503(
    client, nishan, settings, database_url
):
    scenario, _, factory = a_lot_with_a_history(client, nishan)
    delete_event(database_url, "Accounts", UUID(scenario.inspector_id), 1)
    restarted = Nishan(settings)  # a new process: nothing of the account in memory
    with TestClient(create_app(nishan=restarted), raise_server_exceptions=False) as fresh:
        answer = fresh.post(
        "/grievances",
            headers=bearer(scenario.inspector),
            json={"factory_id": factory, "channel": "hotline", "category": "FL",
                  "summary": "Wages held back", "received_on": "2026-11-20"},
        )  # fmt: skip
    restarted.close()
    assert answer.status_code == 503, (answer.status_code, answer.text)
    assert answer.json()["code"] == "record_damaged"
