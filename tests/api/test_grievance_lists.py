"""GET /grievances: grievances an officer or an inspector follows, within an inspector's
jurisdiction, the latest received first, a page at a time; never their summaries."""

import pytest

from tests.api.scenario import Scenario, bearer, caught_up, expect

SUMMARY = "Supervisor Rukhsana Bibi withholds wages"


@pytest.fixture
def grievances(client, nishan):
    """Three grievances: two against a Karachi factory (received on the 10th and the 12th, the
    first acknowledged), one against a Hyderabad factory (the 14th)."""
    scenario = Scenario.start(client, nishan)
    karachi = scenario.register_factory(name="Korangi Leather Works")
    hyderabad = scenario.register_factory(name="Kotri Textiles", district="Hyderabad")
    found = {}
    for name, factory, day, channel in (
        ("karachi_first", karachi, "2026-11-10", "hotline"),
        ("karachi_second", karachi, "2026-11-12", "worker_committee"),
        ("hyderabad", hyderabad, "2026-11-14", "inspector"),
    ):
        body = {
            "factory_id": factory,
            "channel": channel,
            "category": "WB",
            "summary": SUMMARY,
            "received_on": day,
        }
        answer = client.post("/grievances", headers=bearer(scenario.admin), json=body)
        found[name] = expect(answer, 201)["grievance_id"]
    acknowledged = client.post(
        f"/grievances/{found['karachi_first']}/acknowledge", headers=bearer(scenario.admin)
    )
    assert acknowledged.status_code == 204, acknowledged.text
    caught_up(nishan)
    return scenario, karachi, hyderabad, found


def listed(client, token, **query) -> list[str]:
    answer = expect(client.get("/grievances", headers=bearer(token), params=query), 200)
    return [grievance["grievance_id"] for grievance in answer["grievances"]]


def ids(found, *names: str) -> list[str]:
    return [found[name] for name in names]


LATEST_FIRST = ("hyderabad", "karachi_second", "karachi_first")


def test_an_officer_sees_every_grievance_latest_first_with_its_factory_and_no_summary(
    client, grievances
):
    scenario, karachi, _, found = grievances
    answer = client.get("/grievances", headers=bearer(scenario.admin))
    assert [g["grievance_id"] for g in expect(answer, 200)["grievances"]] == ids(
        found, *LATEST_FIRST
    )
    first = next(
        g for g in answer.json()["grievances"] if g["grievance_id"] == found["karachi_first"]
    )
    assert first == {
        "grievance_id": found["karachi_first"],
        "factory_id": karachi,
        "factory_name": "Korangi Leather Works",
        "province": "Sindh",
        "district": "Karachi",
        "category": "WB",
        "channel": "hotline",
        "status": "acknowledged",
        "received_on": "2026-11-10",
    }
    assert SUMMARY not in answer.text and "Rukhsana" not in answer.text


def test_an_inspector_sees_the_grievances_of_their_jurisdiction_only(client, grievances):
    scenario, _, _, found = grievances
    assert listed(client, scenario.inspector) == ids(found, *LATEST_FIRST)  # all of Sindh
    hyderabad_only = scenario.open_inspector("Sindh", ["HYDERABAD"])  # any case
    assert listed(client, hyderabad_only) == ids(found, "hyderabad")
    assert listed(client, hyderabad_only, district="Karachi") == []
    punjab = scenario.open_inspector("Punjab", [])
    assert listed(client, punjab) == []


def test_the_filters_narrow_the_list(client, grievances):
    scenario, karachi, hyderabad, found = grievances
    admin = scenario.admin
    assert listed(client, admin, status="acknowledged") == ids(found, "karachi_first")
    assert listed(client, admin, status="received") == ids(found, "hyderabad", "karachi_second")
    assert listed(client, admin, status=["received", "acknowledged"], district="karachi") == ids(
        found, "karachi_second", "karachi_first"
    )
    assert listed(client, admin, factory_id=hyderabad) == ids(found, "hyderabad")
    assert listed(client, admin, factory_id=karachi, status="dismissed") == []
    assert listed(client, admin, sort="received_on") == ids(found, *reversed(LATEST_FIRST))


@pytest.mark.both_backends  # the order of rows and of row values is the database's
def test_pages_follow_each_other_and_a_foreign_cursor_is_refused(client, grievances):
    scenario, *_ = grievances
    admin = bearer(scenario.admin)
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        answer = expect(client.get("/grievances", headers=admin, params=query), 200)
        seen += [grievance["grievance_id"] for grievance in answer["grievances"]]
        if (cursor := answer["next_cursor"]) is None:
            break
    assert seen == listed(client, scenario.admin) and len(seen) == 3
    first = expect(client.get("/grievances", headers=admin, params={"limit": 1}), 200)
    refused = client.get(
        "/grievances", headers=admin, params={"cursor": first["next_cursor"], "sort": "received_on"}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_cursor"
    assert client.get("/grievances", headers=admin, params={"status": "lost"}).status_code == 422


def test_exporters_and_strangers_are_refused(client, grievances):
    scenario, *_ = grievances
    assert client.get("/grievances").status_code == 401
    refused = client.get("/grievances", headers=bearer(scenario.exporter))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden_role"


def test_a_factory_that_moved_is_listed_where_it_is_now(client, nishan, grievances):
    scenario, karachi, _, found = grievances
    karachi_only = scenario.open_inspector("Sindh", ["Karachi"])
    moved = client.patch(
        f"/factories/{karachi}", headers=bearer(scenario.admin), json={"district": "Hyderabad"}
    )
    assert moved.status_code in (200, 204), moved.text
    caught_up(nishan)
    assert listed(client, karachi_only) == []
    assert listed(client, scenario.admin, district="Hyderabad") == ids(found, *LATEST_FIRST)
