"""Retries with an Idempotency-Key record once and answer alike; If-Match refuses lost updates."""

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from eventsourcing.persistence import StoredEvent

from api import command_requests
from domain.command_receipt import receipt_id, request_hash
from domain.traceability.lot import Lot
from tests.api.scenario import LOT, Scenario, bearer, expect, heads

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def _events(app, aggregate_id: UUID) -> list:
    return list(app.events.get(aggregate_id))


def _receipts(nishan) -> list:
    """Every receipt event in every log."""
    return [
        n
        for app in (nishan.accounts, nishan.inspections, nishan.traceability)
        for n in app.recorder.select_notifications(start=1, limit=10_000)
        if "CommandReceipt" in n.topic
    ]


def _splits(nishan, lot_id: str) -> list:
    return [e for e in _events(nishan.traceability, UUID(lot_id)) if isinstance(e, Lot.Gave)]


def test_a_retried_command_records_one_event_and_answers_the_same(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    headers = {**bearer(scenario.exporter), "Idempotency-Key": str(uuid4())}
    body = {"quantities": ["100", "200"]}

    first = client.post(f"/lots/{lot}/split", headers=headers, json=body)
    # The connection dropped before the inspector's phone saw the answer: it sends it again.
    again = client.post(f"/lots/{lot}/split", headers=headers, json=body)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(_splits(nishan, lot)) == 1
    assert nishan.traceability.load_lot(UUID(lot)).quantity == 1200


def test_the_same_key_with_another_body_is_refused_and_records_nothing(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    headers = {**bearer(scenario.exporter), "Idempotency-Key": "retry-1"}
    expect(client.post(f"/lots/{lot}/split", headers=headers, json={"quantities": ["100"]}), 201)
    head = nishan.traceability.recorder.max_notification_id()

    reused = client.post(f"/lots/{lot}/split", headers=headers, json={"quantities": ["300"]})

    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert nishan.traceability.recorder.max_notification_id() == head


def test_keys_are_each_callers_own(client, nishan):
    # Two exporters who happen to choose the same key do not meet.
    scenario = Scenario.start(client, nishan)
    mine = scenario.create_lot()
    theirs = expect(client.post("/lots", headers=bearer(scenario.rival_exporter), json=LOT), 201)
    for token, lot in ((scenario.exporter, mine), (scenario.rival_exporter, theirs["lot_id"])):
        answer = client.post(
            f"/lots/{lot}/split",
            headers={**bearer(token), "Idempotency-Key": "same"},
            json={"quantities": ["10"]},
        )
        assert answer.status_code == 201 and "Idempotent-Replayed" not in answer.headers
    assert len(_splits(nishan, mine)) == len(_splits(nishan, theirs["lot_id"])) == 1


def test_a_refused_command_keeps_no_receipt_so_its_retry_is_decided_anew(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    headers = {**bearer(scenario.exporter), "Idempotency-Key": "too-much"}
    body = {"quantities": ["2000"]}
    assert client.post(f"/lots/{lot}/split", headers=headers, json=body).status_code == 422
    again = client.post(f"/lots/{lot}/split", headers=headers, json=body)
    assert again.status_code == 422
    assert again.json()["code"] != "idempotency_key_reused"
    assert "Idempotent-Replayed" not in again.headers


def test_an_answer_that_shows_a_token_is_never_kept(client, nishan):
    scenario = Scenario.start(client, nishan)
    headers = {**bearer(scenario.admin), "Idempotency-Key": "open-once"}
    body = {"name": "Hina Baig", "role": "admin", "organisation": "NCC"}
    opened = expect(client.post("/accounts", headers=headers, json=body), 201)

    again = client.post("/accounts", headers=headers, json=body)

    assert again.status_code == 409
    assert again.json()["code"] == "answer_not_kept"
    assert opened["token"] not in again.text
    stored = nishan.accounts.recorder.select_notifications(start=1, limit=1000)
    receipts = [n for n in stored if "CommandReceipt" in n.topic]
    assert [r.topic.rsplit(".", 1)[-1] for r in receipts] == ["Recorded"]
    assert b'"withheld":true' in receipts[0].state
    assert not any(opened["token"].encode() in n.state for n in stored)


def all_at_once(origin: str, writers: int, send: Callable[[httpx.Client], Any]) -> list:
    """Release `writers` clients together, each sending once; their answers."""
    start, answers = threading.Barrier(writers), []

    def write() -> None:
        with httpx.Client(base_url=origin, timeout=30) as client:
            start.wait()
            answers.append(send(client))

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_concurrent_retries_record_the_command_once(live_server):
    with httpx.Client(base_url=live_server.origin) as client:
        scenario = Scenario.start(client, live_server.nishan)
        lot = scenario.create_lot()
    headers = {**bearer(scenario.exporter), "Idempotency-Key": str(uuid4())}

    answers = all_at_once(
        live_server.origin,
        8,
        lambda client: client.post(
            f"/lots/{lot}/split", headers=headers, json={"quantities": ["5"]}
        ),
    )

    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1  # every retry was given the one answer
    assert len(_splits(live_server.nishan, lot)) == 1


def test_if_match_refuses_a_change_made_on_a_stale_read(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()  # version 1
    owner = bearer(scenario.exporter)
    first = client.post(
        f"/lots/{lot}/split", headers={**owner, "If-Match": '"1"'}, json={"quantities": ["1"]}
    )
    assert first.status_code == 201
    assert first.headers["ETag"] == '"2"'
    head = nishan.traceability.recorder.max_notification_id()

    stale = client.post(
        f"/lots/{lot}/split", headers={**owner, "If-Match": '"1"'}, json={"quantities": ["1"]}
    )

    assert stale.status_code == 409
    assert stale.json()["code"] == "version_mismatch"
    assert stale.json()["current_version"] == 2
    assert nishan.traceability.recorder.max_notification_id() == head
    fresh = client.post(
        f"/lots/{lot}/split", headers={**owner, "If-Match": '"2"'}, json={"quantities": ["1"]}
    )
    assert fresh.status_code == 201 and fresh.headers["ETag"] == '"3"'


def test_if_match_does_not_reveal_anothers_record(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    answer = client.post(
        f"/lots/{lot}/split",
        headers={**bearer(scenario.rival_exporter), "If-Match": '"9"'},
        json={"quantities": ["1"]},
    )
    assert answer.status_code == 404
    assert "version" not in answer.text


def test_malformed_if_match_and_idempotency_keys_are_refused(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    owner = bearer(scenario.exporter)
    for headers, code in (
        ({"If-Match": "1"}, "invalid_if_match"),
        ({"Idempotency-Key": "x" * 256}, "invalid_idempotency_key"),
        ({"Idempotency-Key": "with space"}, "invalid_idempotency_key"),
    ):
        answer = client.post(
            f"/lots/{lot}/split", headers={**owner, **headers}, json={"quantities": ["1"]}
        )
        assert (answer.status_code, answer.json()["code"]) == (422, code)
    assert not _splits(nishan, lot)
    assert not _receipts(nishan)


def test_of_sixteen_writers_who_read_the_same_version_exactly_one_changes_the_lot(live_server):
    with httpx.Client(base_url=live_server.origin) as client:
        scenario = Scenario.start(client, live_server.nishan)
        lot = scenario.create_lot()  # version 1
    headers = {**bearer(scenario.exporter), "If-Match": '"1"'}

    answers = all_at_once(
        live_server.origin,
        16,
        lambda client: client.post(
            f"/lots/{lot}/split", headers=headers, json={"quantities": ["5"]}
        ),
    )

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 15, [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {
        "version_mismatch",
        "concurrent_change",
    }
    assert len(_splits(live_server.nishan, lot)) == 1


def test_a_retry_refused_because_its_first_attempt_won_gets_the_first_answer(
    client, nishan, monkeypatch
):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    shipment = scenario.create_shipment(lot)
    headers = {**bearer(scenario.exporter), "Idempotency-Key": "depart-once"}
    first = client.post(f"/shipments/{shipment}/depart", headers=headers)
    assert first.status_code == 204
    # The retry looked for the receipt before the first attempt committed, so it runs the
    # command again, which its rule refuses now that the shipment has departed.
    real, looks = command_requests.find_receipt, []

    def too_early_once(nishan, receipt):
        looks.append(receipt)
        return None if len(looks) == 1 else real(nishan, receipt)

    monkeypatch.setattr(command_requests, "find_receipt", too_early_once)

    again = client.post(f"/shipments/{shipment}/depart", headers=headers)

    assert again.status_code == 204, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(looks) == 2  # before the command, and again after its refusal


def test_a_revoked_token_is_never_given_an_answer_again(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    headers = {**bearer(scenario.exporter), "Idempotency-Key": "before-revocation"}
    expect(client.post(f"/lots/{lot}/split", headers=headers, json={"quantities": ["1"]}), 201)
    me = expect(client.get("/accounts/me", headers=bearer(scenario.exporter)), 200)
    revoked = client.post(
        f"/accounts/{me['account_id']}/tokens/revoke",
        headers=bearer(scenario.admin),
        json={"reason": "Phone stolen"},
    )
    assert revoked.status_code == 204
    again = client.post(f"/lots/{lot}/split", headers=headers, json={"quantities": ["1"]})
    assert (again.status_code, again.json()["code"]) == (401, "token_revoked")
    assert "lot_ids" not in again.text


def _store_legacy_receipt(nishan, key: str, caller: str, digest: str, answer: dict | None):
    """A receipt as releases before this one recorded it: no result, and its answer, if it
    was kept at all, in an Answered event of its own."""
    app = nishan.traceability
    receipt = receipt_id(caller, key)
    actor = nishan.accounts.load_account(UUID(caller)).actor
    old_state = {
        "timestamp": datetime.now(UTC),
        "originator_topic": "domain.command_receipt:CommandReceipt",
        "request_hash": digest,
        "by": actor,
    }
    stored = [StoredEvent(receipt, 1, "domain.command_receipt:CommandReceipt.Recorded",
                          app.mapper.transcoder.encode(old_state))]  # fmt: skip
    if answer is not None:
        kept = {"timestamp": datetime.now(UTC), "by": actor, "withheld": False, **answer}
        stored.append(StoredEvent(receipt, 2, "domain.command_receipt:CommandReceipt.Answered",
                                  app.mapper.transcoder.encode(kept)))  # fmt: skip
    app.recorder.insert_events(stored)


def test_receipts_of_earlier_releases_are_answered_as_they_were_kept(client, nishan):
    scenario = Scenario.start(client, nishan)
    lot = scenario.create_lot()
    me = expect(client.get("/accounts/me", headers=bearer(scenario.exporter)), 200)
    path, body = f"/lots/{lot}/split", b'{"quantities":["1"]}'
    digest = request_hash("POST", path, "", body)
    kept = {"status": 201, "headers": {"content-type": "application/json"}, "body": '{"x":1}'}
    _store_legacy_receipt(nishan, "kept", me["account_id"].replace("-", ""), digest, kept)
    _store_legacy_receipt(nishan, "lost", me["account_id"].replace("-", ""), digest, None)
    head = heads(nishan)

    def retry(key: str):
        headers = {**bearer(scenario.exporter), "Idempotency-Key": key}
        return client.post(path, headers={**headers, "Content-Type": "application/json"},
                           content=body)  # fmt: skip

    answered, lost = retry("kept"), retry("lost")
    assert (answered.status_code, answered.json()) == (201, {"x": 1})
    assert answered.headers["Idempotent-Replayed"] == "true"
    assert (lost.status_code, lost.json()["code"]) == (409, "answer_lost")
    assert heads(nishan) == head  # neither ran the command again


def test_if_match_on_a_command_that_changes_another_record_is_refused(client, nishan):
    scenario = Scenario.start(client, nishan)
    lots = [scenario.create_lot(), scenario.create_lot()]
    head = heads(nishan)
    merged = client.post(
        "/lots/merge",
        headers={**bearer(scenario.exporter), "If-Match": '"1"'},
        json={"lot_ids": lots},
    )
    me = expect(client.get("/accounts/me", headers=bearer(scenario.exporter)), 200)
    revoked = client.post(
        f"/accounts/{me['account_id']}/tokens/{uuid4()}/revoke",
        headers={**bearer(scenario.admin), "If-Match": '"1"'},
        json={"reason": "x"},
    )
    assert (merged.status_code, merged.json()["code"]) == (422, "if_match_not_applicable")
    assert revoked.status_code == 404  # no such token: the rule of the record comes first
    assert heads(nishan) == head
