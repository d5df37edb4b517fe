"""GET /inspections: an inspector's schedule and an officer's search, a page at a time."""

import base64
import json
from uuid import uuid4

import pytest

from tests.api.scenario import Scenario, bearer, expect


@pytest.fixture
def visits(client, nishan):
    """Six visits at two factories in two districts: four the scenario's inspector's (one
    started, one signed off, one cancelled, one scheduled), two another inspector's."""
    scenario = Scenario.start(client, nishan)
    karachi = scenario.register_factory(name="Korangi Leather Works")
    hyderabad = scenario.register_factory(name="Kotri Textiles", district="Hyderabad")
    body = {
        "name": "Second Inspector",
        "role": "inspector",
        "organisation": "Sindh Labour Department",
        "jurisdiction": {"province": "Sindh"},
    }
    other = expect(client.post("/accounts", headers=bearer(scenario.admin), json=body), 201)
    ids = {
        "started": scenario.schedule_visit(karachi, planned_on="2026-11-02"),
        "signed_off": scenario.schedule_visit(karachi, planned_on="2026-11-05"),
        "cancelled": scenario.schedule_visit(hyderabad, started=False, planned_on="2026-11-09"),
        "scheduled": scenario.schedule_visit(hyderabad, started=False, planned_on="2026-12-10"),
    }
    scenario.complete(ids["signed_off"])
    cancel = {"reason": "The factory was closed for Eid"}
    cancelled = client.post(
        f"/inspections/{ids['cancelled']}/cancel", headers=bearer(scenario.admin), json=cancel
    )
    assert cancelled.status_code == 204, cancelled.text
    for key, day in (("others_early", "2026-11-03"), ("others_late", "2026-12-01")):
        schedule = {"factory_id": karachi, "inspector_id": other["account_id"], "planned_on": day}
        ids[key] = expect(
            client.post("/inspections", headers=bearer(scenario.admin), json=schedule), 201
        )["inspection_id"]
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()  # as the worker would on PostgreSQL
    return scenario, other, karachi, hyderabad, ids


def listed(client, token, **query) -> list[str]:
    answer = expect(client.get("/inspections", headers=bearer(token), params=query), 200)
    return [visit["inspection_id"] for visit in answer["visits"]]


def test_an_officer_sees_every_visit_latest_first_with_its_factory_and_status(client, visits):
    scenario, *_, ids = visits
    answer = expect(client.get("/inspections", headers=bearer(scenario.admin)), 200)
    order = ["scheduled", "others_late", "cancelled", "signed_off", "others_early", "started"]
    assert [v["inspection_id"] for v in answer["visits"]] == [ids[key] for key in order]
    assert answer["next_cursor"] is None
    first = answer["visits"][0]
    assert first["status"] == "scheduled" and first["planned_on"] == "2026-12-10"
    assert first["factory_name"] == "Kotri Textiles" and first["district"] == "Hyderabad"
    statuses = {v["inspection_id"]: v["status"] for v in answer["visits"]}
    assert statuses[ids["started"]] == "in_progress"
    assert statuses[ids["signed_off"]] == "signed_off"
    assert statuses[ids["cancelled"]] == "cancelled"


def test_an_inspector_sees_only_the_visits_assigned_to_them(client, visits):
    scenario, other, _, _, ids = visits
    mine = {ids[key] for key in ("started", "signed_off", "cancelled", "scheduled")}
    assert set(listed(client, scenario.inspector)) == mine
    assert set(listed(client, other["token"])) == {ids["others_early"], ids["others_late"]}
    # Another's visits, asked for by name, answer as if there were none.
    assert listed(client, scenario.inspector, inspector_id=other["account_id"]) == []
    assert listed(client, scenario.inspector, inspector_id=scenario.inspector_id) != []


def test_the_filters_narrow_the_list(client, visits):
    scenario, other, _, hyderabad, ids = visits
    admin = scenario.admin
    assert listed(client, admin, status="in_progress") == [ids["started"]]
    assert set(listed(client, admin, status=["scheduled", "in_progress"])) == {
        ids["scheduled"], ids["others_late"], ids["others_early"], ids["started"]
    }  # fmt: skip
    assert listed(client, admin, **{"from": "2026-11-03", "to": "2026-11-09"}) == [
        ids["cancelled"], ids["signed_off"], ids["others_early"]
    ]  # fmt: skip
    assert listed(client, admin, district="Hyderabad") == [ids["scheduled"], ids["cancelled"]]
    assert listed(client, admin, district="HYDERABAD") == [ids["scheduled"], ids["cancelled"]]
    assert listed(client, admin, factory_id=hyderabad) == [ids["scheduled"], ids["cancelled"]]
    assert listed(client, admin, inspector_id=other["account_id"]) == [
        ids["others_late"], ids["others_early"]
    ]  # fmt: skip
    assert listed(client, admin, factory_id=str(uuid4())) == []


@pytest.mark.both_backends  # the order of rows and of row values is the database's
def test_pages_follow_each_other_without_a_gap_or_a_repeat_in_either_order(client, visits):
    scenario, *_ = visits
    for sort in ("-planned_on", "planned_on"):
        whole = listed(client, scenario.admin, sort=sort)
        pages, cursor = [], None
        while True:
            query = {"sort": sort, "limit": 4, **({"cursor": cursor} if cursor else {})}
            answer = expect(
                client.get("/inspections", headers=bearer(scenario.admin), params=query), 200
            )
            pages.append([v["inspection_id"] for v in answer["visits"]])
            cursor = answer["next_cursor"]
            if cursor is None:
                break
        assert [len(page) for page in pages] == [4, 2]
        assert [visit for page in pages for visit in page] == whole
    soonest = listed(client, scenario.admin, sort="planned_on")
    assert soonest == list(reversed(listed(client, scenario.admin)))


def packed(*values: str) -> str:
    """A cursor as a client might forge one."""
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()


@pytest.mark.both_backends  # what a database refuses to read differs (PostgreSQL: NUL)
def test_a_cursor_of_another_order_or_malformed_and_a_limit_too_large_are_refused(client, visits):
    scenario, *_ = visits
    admin = bearer(scenario.admin)
    first = expect(client.get("/inspections", headers=admin, params={"limit": 1}), 200)
    forged = [
        packed("planned_on", "zzz", "yyy"),
        packed("planned_on", "\ud800", str(uuid4())),  # a lone surrogate, as JSON escapes it
        packed("planned_on", "2026-11-01\u0000", str(uuid4())),
        packed("planned_on", "2026-11-01", str(uuid4()).upper()),
        packed("planned_on", "2026-11-01", str(uuid4()), "extra"),
    ]
    for cursor in (first["next_cursor"], "not-a-cursor", "W10", *forged):
        params = {"sort": "planned_on", "cursor": cursor}
        refused = expect(client.get("/inspections", headers=admin, params=params), 422)
        assert refused["code"] == "invalid_cursor", cursor
        assert "first page" in refused["message"]
    for limit in (0, 201):
        refused = client.get("/inspections", headers=admin, params={"limit": limit})
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_input"
    assert (
        client.get("/inspections", params={"status": "finished"}, headers=admin).status_code == 422
    )
    for district in ("Kara\x00chi", "\x07"):
        refused = client.get("/inspections", params={"district": district}, headers=admin)
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_input"
    refused = client.get("/inspections", params={"unassigned": "perhaps"}, headers=admin)
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_input"


def test_visits_on_one_day_page_by_their_ids_without_a_gap_or_a_repeat(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory()
    made = {
        scenario.schedule_visit(factory, started=False, planned_on="2026-12-20") for _ in range(5)
    }
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    for sort in ("-planned_on", "planned_on"):
        seen, cursor = [], None
        while True:
            query = {"sort": sort, "limit": 2, **({"cursor": cursor} if cursor else {})}
            answer = expect(
                client.get("/inspections", headers=bearer(scenario.admin), params=query), 200
            )
            seen += [visit["inspection_id"] for visit in answer["visits"]]
            if (cursor := answer["next_cursor"]) is None:
                break
        assert len(seen) == 5 and set(seen) == made
        assert seen == sorted(made, reverse=sort.startswith("-"))


def test_exporters_and_strangers_are_refused(client, visits):
    scenario, *_ = visits
    assert client.get("/inspections").status_code == 401
    refused = client.get("/inspections", headers=bearer(scenario.exporter))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden_role"


@pytest.mark.both_backends  # each database says "no such column" its own way
def test_a_visits_view_of_an_earlier_release_answers_views_behind_until_it_is_made_again(
    client, nishan
):
    """Served before the worker has made the view again: a moment's wait, never a 500."""
    scenario = Scenario.start(client, nishan)
    with nishan.views.transaction() as cursor:
        cursor.execute("ALTER TABLE visits DROP COLUMN factory_name")
    answer = client.get("/inspections", headers=bearer(scenario.admin))
    assert answer.status_code == 503 and answer.json()["code"] == "views_behind"
    assert answer.headers["retry-after"] == "10"
