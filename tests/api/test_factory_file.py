"""GET /factories/{id}/file: a factory's private file for its officers and its inspectors;
to anyone else it is a factory that does not exist."""

import pytest

from tests.api.scenario import Scenario, bearer, expect

SUMMARY = "Supervisor Rukhsana Bibi withholds wages"  # private to the grievance's own record


@pytest.fixture
def factory_file(client, nishan):
    """A Karachi factory certified by a clean visit, then visited again: a child found at work
    (a referral) and overtime unpaid (an action planned); one grievance; another factory."""
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory(name="Korangi Leather Works", ntn="7104231-5")
    certified_by = scenario.schedule_visit(factory, planned_on="2026-11-10")
    scenario.complete(certified_by)
    second = scenario.schedule_visit(factory, planned_on="2026-11-20")
    child = expect(scenario.record_finding(second, indicator="CL-01"), 201)
    overtime = expect(scenario.record_finding(second, indicator="WT-02", severity="major"), 201)
    action = scenario.plan_action(second, overtime["finding_id"])
    body = {"factory_id": factory, "channel": "hotline", "category": "WB", "summary": SUMMARY}
    grievance = expect(client.post("/grievances", headers=bearer(scenario.admin), json=body), 201)
    other = scenario.register_factory(name="Kotri Textiles", district="Hyderabad")
    scenario.schedule_visit(other)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    ids = {
        "factory": factory,
        "certified_by": certified_by,
        "second": second,
        "action": action,
        "child": child["finding_id"],
        "grievance": grievance["grievance_id"],
    }
    return scenario, ids


def test_an_officer_reads_the_whole_file_of_a_factory(client, factory_file):
    scenario, ids = factory_file
    file = expect(
        client.get(f"/factories/{ids['factory']}/file", headers=bearer(scenario.admin)), 200
    )
    public = expect(client.get(f"/factories/{ids['factory']}"), 200)
    assert file["factory"] == public and file["ntn"] == "7104231-5"
    assert [(v["inspection_id"], v["status"]) for v in file["visits"]] == [
        (ids["second"], "in_progress"),
        (ids["certified_by"], "signed_off"),
    ]
    assert all(v["inspector_id"] == scenario.inspector_id for v in file["visits"])
    [decision] = file["certification_history"]
    assert decision["event"] == "Certified" and decision["facts"]["status"] == "certified"
    assert decision["facts"]["valid_until"] == public["valid_until"]
    [action] = file["open_corrective_actions"]
    assert action["action_id"] == ids["action"] and action["indicator"] == "WT-02"
    assert action["status"] == "open" and action["inspection_id"] == ids["second"]
    [grievance] = file["grievances"]
    assert grievance["grievance_id"] == ids["grievance"] and grievance["status"] == "received"
    assert grievance["channel"] == "hotline" and grievance["category"] == "WB"
    [referral] = file["referrals"]
    assert referral["indicator"] == "CL-01" and referral["inspection_id"] == ids["second"]
    assert referral["body"] == "child_labour_unit" and referral["status"] == "sent"


def test_the_file_holds_no_grievance_summary_and_no_person(client, factory_file):
    scenario, ids = factory_file
    text = client.get(f"/factories/{ids['factory']}/file", headers=bearer(scenario.admin)).text
    assert SUMMARY not in text and "Rukhsana" not in text
    assert "Bilal Ahmed Chaudhry" not in text  # the inspector is an id, not a name


def test_a_closed_action_leaves_the_open_ones(client, nishan, factory_file):
    scenario, ids = factory_file
    removal = scenario.plan_action(ids["second"], ids["child"])
    scenario.complete(ids["second"])
    follow_up = scenario.schedule_visit(ids["factory"], follow_up_of=ids["second"])
    closed = scenario.close_action(ids["second"], ids["action"], follow_up, "Paid in full")
    assert closed.status_code == 204, closed.text
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    file = expect(
        client.get(f"/factories/{ids['factory']}/file", headers=bearer(scenario.admin)), 200
    )
    assert [a["action_id"] for a in file["open_corrective_actions"]] == [removal]
    assert len(file["visits"]) == 3


def test_inspectors_of_its_jurisdiction_read_it_and_others_find_no_such_factory(
    client, factory_file
):
    scenario, ids = factory_file
    path = f"/factories/{ids['factory']}/file"
    for token in (scenario.inspector, scenario.open_inspector("Sindh", ["KARACHI"])):
        assert expect(client.get(path, headers=bearer(token)), 200)["ntn"] == "7104231-5"
    missing = "00000000-0000-4000-8000-000000000000"
    for token in (
        scenario.open_inspector("Punjab", []),
        scenario.open_inspector("Sindh", ["Hyderabad"]),
    ):
        theirs = client.get(path, headers=bearer(token))
        nothing = client.get(f"/factories/{missing}/file", headers=bearer(token))
        assert theirs.status_code == nothing.status_code == 404
        assert theirs.json()["code"] == nothing.json()["code"] == "factory_not_found"
        assert theirs.text.replace(ids["factory"], "<id>") == nothing.text.replace(missing, "<id>")


def test_exporters_and_strangers_are_refused(client, factory_file):
    scenario, ids = factory_file
    path = f"/factories/{ids['factory']}/file"
    assert client.get(path).status_code == 401
    refused = client.get(path, headers=bearer(scenario.exporter))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden_role"
    assert (
        client.get("/factories/not-an-id/file", headers=bearer(scenario.admin)).status_code == 422
    )
