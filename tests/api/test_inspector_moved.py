"""An inspector moved to another jurisdiction: the visits assigned before read as missing ones,
and the answer to the grant that moved them lists the visits left without an inspector."""

import threading
from uuid import UUID, uuid4

import pytest

from tests.api.scenario import Scenario, bearer, expect


def punjab_inspector(client, nishan) -> tuple[Scenario, dict[str, str]]:
    """A Punjab inspector with visits in Sialkot (scheduled), Lahore (started), Multan (signed
    off) and Kasur (cancelled)."""
    scenario = Scenario.start(client, nishan, province="Punjab")
    visits = {}
    for district, started, planned_on in (
        ("Sialkot", False, "2026-11-24"),
        ("Lahore", True, "2026-11-20"),
        ("Multan", True, "2026-11-18"),
        ("Kasur", False, "2026-11-19"),
    ):
        factory = scenario.register_factory(province="Punjab", district=district)
        visits[district] = scenario.schedule_visit(factory, started, planned_on=planned_on)
    assert scenario.complete(visits["Multan"]) == "pass"
    cancelled = client.post(
        f"/inspections/{visits['Kasur']}/cancel",
        headers=bearer(scenario.admin),
        json={"reason": "Factory closed"},
    )
    assert cancelled.status_code == 204
    return scenario, visits


def move(client, scenario: Scenario, **grant) -> dict:
    answer = client.post(
        f"/accounts/{scenario.inspector_id}/role", headers=bearer(scenario.admin), json=grant
    )
    return expect(answer, 200)


def test_an_inspector_moved_to_another_province_finds_their_visits_missing(client, nishan):
    scenario, visits = punjab_inspector(client, nishan)
    move(client, scenario, role="inspector", jurisdiction={"province": "Sindh"})
    inspector = bearer(scenario.inspector)
    for visit, path, body in (
        (visits["Sialkot"], "start", None),
        (visits["Lahore"], "findings", {"indicator": "WT-02"}),
        (visits["Lahore"], "interviews", {"women": 2, "men": 1}),
        (visits["Lahore"], "complete", None),
    ):
        answer = client.post(f"/inspections/{visit}/{path}", headers=inspector, json=body)
        missing = uuid4()
        nothing = client.post(f"/inspections/{missing}/{path}", headers=inspector, json=body)
        assert answer.status_code == nothing.status_code == 404, (path, answer.text)
        assert answer.text.replace(visit, "<id>") == nothing.text.replace(str(missing), "<id>")
    # An administrator acts on them as before.
    admin = bearer(scenario.admin)
    assert client.post(f"/inspections/{visits['Sialkot']}/start", headers=admin).status_code == 204


@pytest.mark.both_backends  # on PostgreSQL the answer waits for the visits view
def test_the_grant_that_moves_an_inspector_names_the_visits_left_without_one(client, nishan):
    scenario, visits = punjab_inspector(client, nishan)
    catching_up = None
    if not nishan.updates_views_inline:
        # No worker has read the visits yet: it does a moment after the grant is sent.
        catching_up = threading.Timer(0.5, nishan.updater.catch_up)
        catching_up.start()
    to_lahore = move(
        client,
        scenario,
        role="inspector",
        jurisdiction={"province": "Punjab", "districts": ["Lahore"]},
    )
    if catching_up is not None:
        catching_up.join()
    assert to_lahore["jurisdiction"] == {"province": "Punjab", "districts": ["Lahore"]}
    assert to_lahore["visits_list_complete"] is True
    [sialkot] = to_lahore["visits_left_without_inspector"]
    assert sialkot == {
        "inspection_id": visits["Sialkot"],
        "factory_id": sialkot["factory_id"],
        "planned_on": "2026-11-24",
        "state": "scheduled",
        "province": "Punjab",
        "district": "Sialkot",
    }
    assert sialkot["factory_id"] == str(
        nishan.inspections.load_inspection(UUID(visits["Sialkot"])).factory_id
    )

    to_sindh = move(client, scenario, role="inspector", jurisdiction={"province": "Sindh"})
    left = to_sindh["visits_left_without_inspector"]
    assert [(v["district"], v["state"]) for v in left] == [
        ("Lahore", "started"),
        ("Sialkot", "scheduled"),
    ]  # soonest first; signed-off and cancelled visits need no one
    promoted = move(client, scenario, role="admin")
    assert (promoted["role"], promoted["jurisdiction"]) == ("admin", None)
    assert promoted["visits_left_without_inspector"] == left


def test_a_grant_that_moves_no_visit_lists_none(client, nishan):
    scenario, _ = punjab_inspector(client, nishan)
    widened = move(
        client,
        scenario,
        role="inspector",
        jurisdiction={"province": "Punjab", "districts": ["Lahore", "Sialkot"]},
    )
    assert widened["visits_left_without_inspector"] == []
    assert widened["visits_list_complete"] is True


def test_the_grant_says_when_the_visits_could_not_be_read_in_time(postgres_nishan):
    from fastapi.testclient import TestClient

    from api.app import create_app

    postgres_nishan.settings.read_wait_seconds = 0.2
    with TestClient(create_app(nishan=postgres_nishan), raise_server_exceptions=False) as client:
        scenario, _ = punjab_inspector(client, postgres_nishan)
        # No worker runs: the views have read none of the visits.
        answer = move(client, scenario, role="inspector", jurisdiction={"province": "Sindh"})
    assert answer["visits_list_complete"] is False
    assert answer["role"] == "inspector"  # the grant is recorded all the same
    assert postgres_nishan.accounts.load_account(answer["account_id"]).jurisdiction.province == (
        "Sindh"
    )


def test_the_officer_reassigns_a_started_visit_and_the_new_inspector_carries_on(client, nishan):
    scenario, visits = punjab_inspector(client, nishan)
    lahore = visits["Lahore"]
    finding = expect(scenario.record_finding(lahore, indicator="WT-02"), 201)["finding_id"]
    move(client, scenario, role="inspector", jurisdiction={"province": "Sindh"})
    admin = bearer(scenario.admin)
    colleague = expect(
        client.post(
            "/accounts",
            headers=admin,
            json={
                "name": "Nadia Hussain",
                "role": "inspector",
                "organisation": "Punjab Labour Department",
                "jurisdiction": {"province": "Punjab", "districts": ["Lahore"]},
            },
        ),
        201,
    )
    reassign = f"/inspections/{lahore}/reassign"
    refused = client.post(reassign, headers=admin, json={"inspector_id": scenario.inspector_id})
    assert (refused.status_code, refused.json()["code"]) == (422, "not_in_jurisdiction")
    done = client.post(reassign, headers=admin, json={"inspector_id": colleague["account_id"]})
    assert done.status_code == 204, done.text
    # What the visit recorded stays with it; the new inspector plans its action and signs off.
    planned = client.post(
        f"/inspections/{lahore}/findings/{finding}/corrective-actions",
        headers=bearer(colleague["token"]),
        json={
            "description": "Cap overtime",
            "owner": "HR manager",
            "deadline": "2026-12-31",
            "verification": "desk_review",
        },
    )
    assert planned.status_code == 201, planned.text
    signed = client.post(f"/inspections/{lahore}/complete", headers=bearer(colleague["token"]))
    assert expect(signed, 200)["outcome"] == "pass_with_corrective_actions"
    left = move(client, scenario, role="admin")["visits_left_without_inspector"]
    assert [v["district"] for v in left] == ["Sialkot"]
