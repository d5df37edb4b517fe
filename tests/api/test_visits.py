"""A visit recorded over HTTP, on both backends."""

from uuid import UUID

from tests.api.scenario import Scenario, bearer, expect


def test_an_inspector_records_a_visit_with_evidence_interviews_and_good_practice(client, nishan):
    scenario = Scenario.start(client, nishan)
    visit = scenario.schedule_visit(scenario.register_factory())
    inspector = bearer(scenario.inspector)
    finding = scenario.record_finding(
        visit,
        indicator="WT-02",
        evidence=[{"sha256": "b" * 64, "media_type": "application/pdf"}],
    )
    scenario.plan_action(visit, expect(finding, 201)["finding_id"])
    interviews = client.post(
        f"/inspections/{visit}/interviews", headers=inspector, json={"women": 5, "men": 7}
    )
    assert interviews.status_code == 204
    practice = client.post(
        f"/inspections/{visit}/good-practices",
        headers=inspector,
        json={"cluster": "OSH", "description": "Fire drills every quarter"},
    )
    assert practice.status_code == 204
    assert scenario.complete(visit) == "pass_with_corrective_actions"
    inspection = nishan.inspections.load_inspection(UUID(visit))
    assert inspection.interviewed.total == 12 and inspection.good_practices == 1


def test_a_cancelled_visit_takes_no_findings(client, nishan):
    scenario = Scenario.start(client, nishan)
    visit = scenario.schedule_visit(scenario.register_factory(), started=False)
    cancelled = client.post(
        f"/inspections/{visit}/cancel",
        headers=bearer(scenario.inspector),
        json={"reason": "Factory closed: power outage"},
    )
    assert cancelled.status_code == 204
    response = scenario.record_finding(visit, indicator="WT-02")
    assert response.status_code == 422
    assert response.json()["code"] == "visit_cancelled"


def test_a_finding_before_arrival_is_refused(client, nishan):
    scenario = Scenario.start(client, nishan)
    visit = scenario.schedule_visit(scenario.register_factory(), started=False)
    response = scenario.record_finding(visit, indicator="WT-02")
    assert response.status_code == 422
    assert response.json()["code"] == "visit_not_started"


def test_a_finding_is_corrected_over_http(client, nishan):
    scenario = Scenario.start(client, nishan)
    visit = scenario.schedule_visit(scenario.register_factory())
    finding = expect(scenario.record_finding(visit, indicator="OSH-01"), 201)["finding_id"]
    inspector = bearer(scenario.inspector)
    withdrawn = client.post(
        f"/inspections/{visit}/findings/{finding}/withdraw",
        headers=inspector,
        json={"reason": "Recorded against the wrong factory"},
    )
    assert withdrawn.status_code == 204
    regrade = client.post(
        f"/inspections/{visit}/findings/{finding}/regrade",
        headers=inspector,
        json={"severity": "minor", "reason": "x"},
    )
    assert (regrade.status_code, regrade.json()["code"]) == (422, "finding_withdrawn")
    missing = client.post(
        f"/inspections/{visit}/findings/{UUID(int=1)}/withdraw",
        headers=inspector,
        json={"reason": "x"},
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "finding_not_found")
    assert scenario.complete(visit) == "pass"
