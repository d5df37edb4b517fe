"""GET /referrals: zero-tolerance referrals an officer chases, within an inspector's
jurisdiction, a page at a time."""

import pytest

from tests.api.scenario import Scenario, bearer, caught_up, expect


@pytest.fixture
def referrals(client, nishan):
    """Three referrals: child labour and bonded labour found in Karachi, child labour in
    Hyderabad; the Karachi child-labour one acknowledged."""
    scenario = Scenario.start(client, nishan)
    karachi = scenario.register_factory(name="Korangi Leather Works")
    hyderabad = scenario.register_factory(name="Kotri Textiles", district="Hyderabad")
    for factory, indicator, day in (
        (karachi, "CL-01", "2026-11-10"),
        (karachi, "FL-09", "2026-11-12"),
        (hyderabad, "CL-01", "2026-11-14"),
    ):
        visit = scenario.schedule_visit(factory, planned_on=day)
        expect(scenario.record_finding(visit, indicator=indicator), 201)
    caught_up(nishan)
    every = expect(client.get("/referrals", headers=bearer(scenario.admin)), 200)["referrals"]
    by_place = {(r["district"], r["indicator"]): r["referral_id"] for r in every}
    found = {
        "karachi_child": by_place[("Karachi", "CL-01")],
        "karachi_bonded": by_place[("Karachi", "FL-09")],
        "hyderabad_child": by_place[("Hyderabad", "CL-01")],
    }
    acknowledged = client.post(
        f"/referrals/{found['karachi_child']}/acknowledge", headers=bearer(scenario.admin)
    )
    assert acknowledged.status_code == 204, acknowledged.text
    caught_up(nishan)
    return scenario, karachi, hyderabad, found


def listed(client, token, **query) -> list[str]:
    answer = expect(client.get("/referrals", headers=bearer(token), params=query), 200)
    return [referral["referral_id"] for referral in answer["referrals"]]


def latest_first(found: dict[str, str], *keys: str) -> list[str]:
    """Referrals opened on one day (the day their findings were recorded) come by id."""
    return sorted((found[key] for key in keys or found), reverse=True)


def test_an_officer_sees_every_referral_latest_first_with_its_factory_and_body(client, referrals):
    scenario, _, _, found = referrals
    answer = expect(client.get("/referrals", headers=bearer(scenario.admin)), 200)
    assert len({r["opened_on"] for r in answer["referrals"]}) == 1
    assert [r["referral_id"] for r in answer["referrals"]] == latest_first(found)
    by_id = {r["referral_id"]: r for r in answer["referrals"]}
    child = by_id[found["hyderabad_child"]]
    assert child["factory_name"] == "Kotri Textiles" and child["province"] == "Sindh"
    assert child["body"] == "child_labour_unit" and child["status"] == "sent"
    assert child["opened_on"] < child["due_on"]
    bonded = by_id[found["karachi_bonded"]]
    assert bonded["body"] == "district_vigilance_committee"
    assert bonded["body_name"] == "District Vigilance Committee, Karachi"


def test_an_inspector_sees_the_referrals_of_their_jurisdiction_only(client, referrals):
    scenario, _, _, found = referrals
    assert set(listed(client, scenario.inspector)) == set(found.values())  # all of Sindh
    hyderabad_only = scenario.open_inspector("Sindh", ["hyderabad"])  # any case
    assert listed(client, hyderabad_only) == [found["hyderabad_child"]]
    punjab = scenario.open_inspector("Punjab", [])
    assert listed(client, punjab) == []


def test_the_filters_narrow_the_list(client, referrals):
    scenario, _, hyderabad, found = referrals
    admin = scenario.admin
    assert listed(client, admin, status="acknowledged") == [found["karachi_child"]]
    assert listed(client, admin, status="sent") == latest_first(
        found, "karachi_bonded", "hyderabad_child"
    )
    assert listed(client, admin, status=["sent", "acknowledged"], district="Karachi") == (
        latest_first(found, "karachi_bonded", "karachi_child")
    )
    assert listed(client, admin, factory_id=hyderabad) == [found["hyderabad_child"]]
    assert listed(client, admin, sort="opened_on") == list(reversed(latest_first(found)))


@pytest.mark.both_backends  # the order of rows and of row values is the database's
def test_pages_follow_each_other_and_a_foreign_cursor_is_refused(client, referrals):
    scenario, *_ = referrals
    admin = bearer(scenario.admin)
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        answer = expect(client.get("/referrals", headers=admin, params=query), 200)
        seen += [referral["referral_id"] for referral in answer["referrals"]]
        if (cursor := answer["next_cursor"]) is None:
            break
    assert seen == listed(client, scenario.admin)
    first = expect(client.get("/referrals", headers=admin, params={"limit": 1}), 200)
    refused = client.get(
        "/referrals", headers=admin, params={"cursor": first["next_cursor"], "sort": "opened_on"}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_cursor"
    assert client.get("/referrals", headers=admin, params={"status": "lost"}).status_code == 422


def test_exporters_and_strangers_are_refused(client, referrals):
    scenario, *_ = referrals
    assert client.get("/referrals").status_code == 401
    refused = client.get("/referrals", headers=bearer(scenario.exporter))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden_role"


def test_a_factory_that_moved_is_listed_where_it_is_now_as_acting_on_it_checks(
    client, nishan, referrals
):
    scenario, karachi, _, found = referrals
    karachi_only = scenario.open_inspector("Sindh", ["Karachi"])
    hyderabad_only = scenario.open_inspector("Sindh", ["HYDERABAD"])
    moved = client.patch(
        f"/factories/{karachi}", headers=bearer(scenario.admin), json={"district": "Hyderabad"}
    )
    assert moved.status_code in (200, 204), moved.text
    caught_up(nishan)
    assert listed(client, karachi_only) == []
    mine = set(listed(client, hyderabad_only))
    assert mine == set(found.values())
    assert listed(client, scenario.admin, district="Hyderabad") == latest_first(found)
    assert listed(client, scenario.admin, district="hyderabad") == latest_first(found)
    bonded = found["karachi_bonded"]
    acted = client.post(f"/referrals/{bonded}/acknowledge", headers=bearer(hyderabad_only))
    assert acted.status_code == 204, acted.text
