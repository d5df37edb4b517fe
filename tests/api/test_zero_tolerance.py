"""Forced, bonded and child labour and trafficking are always critical: over HTTP, findings
graded otherwise and regrades are refused, and what an earlier release stored graded lower is
shown critical and counted as zero tolerance on the public page and in the open data."""

import re
from uuid import UUID

import pytest

from bootstrap import Nishan
from domain.actor import Actor, Role
from domain.inspections.inspection import Severity
from projections.catalogue import PROJECTIONS
from tests.api.scenario import Scenario, bearer, expect, heads
from tests.earlier_release import earlier_release, record_finding_as_before, regrade_as_before

BONDED_LABOUR = "FL-09"


def kasur_visit(scenario: Scenario) -> str:
    factory_id = scenario.register_factory(province="Punjab", district="Kasur")
    return scenario.schedule_visit(factory_id)


@pytest.mark.parametrize("severity", ["major", "minor"])
def test_bonded_labour_graded_below_critical_is_refused_and_records_nothing(
    client, nishan, severity
):
    scenario = Scenario.start(client, nishan, province="Punjab")
    visit = kasur_visit(scenario)
    before = heads(nishan)
    answer = scenario.record_finding(visit, indicator=BONDED_LABOUR, severity=severity)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "zero_tolerance_is_critical"
    assert answer.json()["message"] == (
        "FL-09 (Debt bondage (peshgi or other advances tying workers)) is a zero-tolerance "
        "indicator: a finding on it is always critical."
    )
    assert heads(nishan) == before


def test_bonded_labour_with_no_severity_sent_is_critical(client, nishan):
    scenario = Scenario.start(client, nishan, province="Punjab")
    visit = kasur_visit(scenario)
    finding = expect(scenario.record_finding(visit, indicator=BONDED_LABOUR), 201)["finding_id"]
    graded = expect(
        scenario.record_finding(visit, indicator=BONDED_LABOUR, severity="critical"), 201
    )["finding_id"]
    findings = nishan.inspections.load_inspection(UUID(visit)).findings
    assert findings[UUID(finding)].severity is findings[UUID(graded)].severity is Severity.CRITICAL


@pytest.mark.parametrize("severity", ["critical", "major", "minor"])
def test_a_regrade_of_a_bonded_labour_finding_is_refused_whatever_the_grade(
    client, nishan, severity
):
    scenario = Scenario.start(client, nishan, province="Punjab")
    visit = kasur_visit(scenario)
    finding = expect(scenario.record_finding(visit, indicator=BONDED_LABOUR), 201)["finding_id"]
    before = heads(nishan)
    answer = client.post(
        f"/inspections/{visit}/findings/{finding}/regrade",
        headers=bearer(scenario.inspector),
        json={"severity": severity, "reason": "The advances were small"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "zero_tolerance_is_critical"
    assert "FL-09" in answer.json()["message"] and "always critical" in answer.json()["message"]
    assert heads(nishan) == before


@pytest.mark.both_backends  # the views are rebuilt and caught up on each backend
def test_zero_tolerance_findings_an_earlier_release_stored_below_critical_show_as_critical(
    client, nishan, monkeypatch
):
    def current():
        if not nishan.updates_views_inline:
            nishan.updater.catch_up()

    scenario = Scenario.start(client, nishan, province="Punjab")
    factory_id = scenario.register_factory(province="Punjab", district="Kasur")
    assert scenario.complete(scenario.schedule_visit(factory_id)) == "pass"
    lot = scenario.create_lot()
    expect(scenario.attach(lot, factory_id, "tanning"), 201)
    visit = scenario.schedule_visit(factory_id)
    inspector = Actor(UUID(scenario.inspector_id), Role.INSPECTOR)

    # An earlier release let bonded labour be graded minor, and child labour regraded minor;
    # its events were stored that way, and its views read them so.
    with earlier_release(monkeypatch):
        bonded = record_finding_as_before(
            nishan.inspections, UUID(visit), BONDED_LABOUR, Severity.MINOR, inspector
        )
        child = record_finding_as_before(
            nishan.inspections, UUID(visit), "CL-01", Severity.CRITICAL, inspector
        )
        regrade_as_before(nishan.inspections, UUID(visit), child, Severity.MINOR, inspector)
        current()
    # This release starts: its worker rebuilds the views whose version changed.
    with nishan.views.transaction() as cursor:
        cursor.execute("UPDATE projection_versions SET version = 2 WHERE projection = 'dashboard'")
    Nishan(nishan.settings, keeps_views=list(PROJECTIONS)).close()

    for finding in (bonded, child):
        scenario.plan_action(visit, str(finding))
    assert scenario.complete(visit) == "fail"
    current()

    findings = nishan.inspections.load_inspection(UUID(visit)).findings
    assert findings[bonded].severity is findings[child].severity is Severity.CRITICAL
    status = client.get(f"/factories/{factory_id}").json()
    assert [(f["cluster"], f["severity"], f["found"]) for f in status["figures"]["findings"]] == [
        ("CL", "critical", 1),
        ("FL", "critical", 1),
    ]
    assert "critical_findings_open" in status["figures"]["flags"]
    [factory] = client.get(f"/lots/{lot}", headers={"Accept": "application/json"}).json()[
        "factories"
    ]
    assert factory["figures"] == status["figures"]
    page = client.get(f"/lots/{lot}").text
    row = re.search(r"<th scope=\"row\">Forced and bonded labour</th>(.*?)</tr>", page, re.S)
    cells = re.findall(r"<td>(\d+)", row.group(1))
    assert cells == ["1", "0", "0"]  # critical, major, minor

    rows = client.get("/open-data/findings.json?by=district").json()["rows"]
    assert [
        (r["indicator"], r["severity"], r["findings"], r["zero_tolerance_findings"]) for r in rows
    ] == [("CL-01", "critical", 1, 1), ("FL-09", "critical", 1, 1)]
    [pakistan] = client.get("/open-data/dashboard.json?by=").json()["rows"]
    assert pakistan["critical_findings"] == pakistan["zero_tolerance_findings"] == 2
    assert pakistan["zero_tolerance_visits"] == 1
