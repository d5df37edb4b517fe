"""GET /inspections?unassigned=true: the open visits whose inspector may no longer do them (the
account deactivated, its role revoked or changed, or its jurisdiction moved off the factory),
found in SQL from the visits and accounts views, so that an officer can reassign each."""

import pytest

from tests.api.scenario import Scenario, bearer, caught_up, expect


@pytest.fixture
def world(client, nishan):
    """The scenario's Sindh inspector with four visits (scheduled and started at a Karachi
    factory, scheduled at a Hyderabad one, one signed off at Karachi), and a second inspector
    of the district "karachi" (written in lower case) with one scheduled at Karachi."""
    scenario = Scenario.start(client, nishan)
    karachi = scenario.register_factory(name="Korangi Leather Works")
    hyderabad = scenario.register_factory(name="Kotri Textiles", district="Hyderabad")
    body = {
        "name": "Karachi Inspector",
        "role": "inspector",
        "organisation": "Sindh Labour Department",
        "jurisdiction": {"province": "Sindh", "districts": ["karachi"]},
    }
    other = expect(client.post("/accounts", headers=bearer(scenario.admin), json=body), 201)
    ids = {
        "karachi_scheduled": scenario.schedule_visit(
            karachi, started=False, planned_on="2026-12-01"
        ),
        "karachi_started": scenario.schedule_visit(karachi, planned_on="2026-11-20"),
        "hyderabad_scheduled": scenario.schedule_visit(
            hyderabad, started=False, planned_on="2026-12-05"
        ),
        "signed_off": scenario.schedule_visit(karachi, planned_on="2026-11-02"),
    }
    scenario.complete(ids["signed_off"])
    schedule = {
        "factory_id": karachi,
        "inspector_id": other["account_id"],
        "planned_on": "2026-12-03",
    }
    ids["others"] = expect(
        client.post("/inspections", headers=bearer(scenario.admin), json=schedule), 201
    )["inspection_id"]
    caught_up(nishan)
    return scenario, other, ids


def unassigned(client, token, **query) -> list[str]:
    params = {"unassigned": "true", **query}
    answer = expect(client.get("/inspections", headers=bearer(token), params=params), 200)
    return [visit["inspection_id"] for visit in answer["visits"]]


def act(client, nishan, scenario, path: str, body: dict, status: int = 204) -> None:
    done = client.post(path, headers=bearer(scenario.admin), json=body)
    assert done.status_code == status, done.text
    caught_up(nishan)


OPEN_OF_THE_INSPECTOR = ["hyderabad_scheduled", "karachi_scheduled", "karachi_started"]


@pytest.mark.both_backends  # the SQL of the rule: a subquery, integers for truth, folded keys
def test_no_visit_is_unassigned_while_every_inspector_covers_their_factories(client, world):
    scenario, *_ = world
    # The second inspector's "karachi" covers the factory in "Karachi", folded as covers() does.
    assert unassigned(client, scenario.admin) == []


@pytest.mark.both_backends
def test_an_inspector_moved_to_another_province_leaves_their_open_visits_unassigned(
    client, nishan, world
):
    scenario, _, ids = world
    grant = {"role": "inspector", "jurisdiction": {"province": "Punjab"}}
    act(client, nishan, scenario, f"/accounts/{scenario.inspector_id}/role", grant, 200)
    # Latest first, as every list; the signed-off visit is not open, so not listed.
    assert unassigned(client, scenario.admin) == [ids[k] for k in OPEN_OF_THE_INSPECTOR]


def test_an_inspector_moved_to_other_districts_of_the_province_leaves_only_those_outside(
    client, nishan, world
):
    scenario, _, ids = world
    grant = {"role": "inspector", "jurisdiction": {"province": "Sindh", "districts": ["HYDERABAD"]}}
    act(client, nishan, scenario, f"/accounts/{scenario.inspector_id}/role", grant, 200)
    assert unassigned(client, scenario.admin) == [ids["karachi_scheduled"], ids["karachi_started"]]


def test_a_deactivated_inspector_leaves_every_open_visit_unassigned(client, nishan, world):
    scenario, other, ids = world
    act(client, nishan, scenario, f"/accounts/{other['account_id']}/deactivate", {"reason": "Left"})
    assert unassigned(client, scenario.admin) == [ids["others"]]


def test_a_revoked_role_or_another_role_leaves_every_open_visit_unassigned(client, nishan, world):
    scenario, other, ids = world
    path = f"/accounts/{other['account_id']}/role"
    act(client, nishan, scenario, f"{path}/revoke", {"reason": "Suspended pending an inquiry"})
    assert unassigned(client, scenario.admin) == [ids["others"]]
    act(client, nishan, scenario, path, {"role": "admin"}, 200)
    assert unassigned(client, scenario.admin) == [ids["others"]]
    # The inspector role granted again, where the factory is: the visit is theirs to do again.
    grant = {"role": "inspector", "jurisdiction": {"province": "Sindh"}}
    act(client, nishan, scenario, path, grant, 200)
    assert unassigned(client, scenario.admin) == []


def test_a_visit_reassigned_to_an_inspector_who_covers_it_leaves_the_list(client, nishan, world):
    scenario, other, ids = world
    grant = {"role": "inspector", "jurisdiction": {"province": "Punjab"}}
    act(client, nishan, scenario, f"/accounts/{scenario.inspector_id}/role", grant, 200)
    reassign = {"inspector_id": other["account_id"]}
    act(client, nishan, scenario, f"/inspections/{ids['karachi_started']}/reassign", reassign)
    assert unassigned(client, scenario.admin) == [
        ids["hyderabad_scheduled"],
        ids["karachi_scheduled"],
    ]
    cancel = {"reason": "The factory closed"}
    act(client, nishan, scenario, f"/inspections/{ids['hyderabad_scheduled']}/cancel", cancel)
    assert unassigned(client, scenario.admin) == [ids["karachi_scheduled"]]


def test_unassigned_combines_with_the_other_filters_and_pages(client, nishan, world):
    scenario, _, ids = world
    grant = {"role": "inspector", "jurisdiction": {"province": "Punjab"}}
    act(client, nishan, scenario, f"/accounts/{scenario.inspector_id}/role", grant, 200)
    admin = scenario.admin
    assert unassigned(client, admin, district="Hyderabad") == [ids["hyderabad_scheduled"]]
    assert unassigned(client, admin, status="in_progress") == [ids["karachi_started"]]
    assert unassigned(client, admin, status="signed_off") == []
    assert unassigned(client, admin, **{"from": "2026-12-01"}) == [
        ids["hyderabad_scheduled"], ids["karachi_scheduled"]
    ]  # fmt: skip
    assert unassigned(client, admin, inspector_id=scenario.inspector_id, sort="planned_on") == [
        ids[k] for k in reversed(OPEN_OF_THE_INSPECTOR)
    ]
    seen, cursor = [], None
    while True:
        query = {"unassigned": "true", "limit": 2, **({"cursor": cursor} if cursor else {})}
        answer = expect(client.get("/inspections", headers=bearer(admin), params=query), 200)
        seen.append([visit["inspection_id"] for visit in answer["visits"]])
        if (cursor := answer["next_cursor"]) is None:
            break
    assert seen == [[ids[k] for k in OPEN_OF_THE_INSPECTOR[:2]], [ids[OPEN_OF_THE_INSPECTOR[2]]]]
    # unassigned=false asks for no such filter: every visit.
    assert len(unassigned(client, admin, unassigned="false")) == 5


def test_a_moved_inspector_sees_neither_listed_nor_opened_the_visits_the_move_left_behind(
    client, nishan, world
):
    """One rule for the list and the visit: an inspector sees the visits they may open and act
    on, those assigned to them in their jurisdiction now. What the move to Hyderabad leaves
    behind at Karachi is for an officer to reassign; the inspector neither lists it (even as
    unassigned) nor opens it, and keeps what is still theirs, listed and opened alike."""
    scenario, other, ids = world
    grant = {"role": "inspector", "jurisdiction": {"province": "Sindh", "districts": ["hyderabad"]}}
    act(client, nishan, scenario, f"/accounts/{scenario.inspector_id}/role", grant, 200)
    listed = expect(client.get("/inspections", headers=bearer(scenario.inspector)), 200)
    assert [visit["inspection_id"] for visit in listed["visits"]] == [ids["hyderabad_scheduled"]]
    assert unassigned(client, scenario.inspector) == []
    for key in ("karachi_scheduled", "karachi_started", "signed_off"):
        opened = client.get(f"/inspections/{ids[key]}", headers=bearer(scenario.inspector))
        assert opened.status_code == 404, opened.text
    opened = client.get(
        f"/inspections/{ids['hyderabad_scheduled']}", headers=bearer(scenario.inspector)
    )
    assert opened.status_code == 200, opened.text
    # The officer finds the left-behind visits to reassign; the other inspector none of theirs.
    assert unassigned(client, scenario.admin) == [ids["karachi_scheduled"], ids["karachi_started"]]
    assert unassigned(client, other["token"]) == []
    assert unassigned(client, other["token"], inspector_id=scenario.inspector_id) == []
