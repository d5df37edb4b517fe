"""The national dashboard and its open data, checked against a known history on both backends."""

import csv
import io
from datetime import date

import pytest

from domain.inspections.corrective_action import ActionStatus, Verification
from domain.inspections.grievance import GrievanceChannel
from domain.inspections.referral import referral_id
from domain.inspections.severity import Severity
from tests.samples import People, factory_details

CANARY = "Ayesha Bibi, CNIC 35202-1234567-1, +92 300 1234567"


def known_history(nishan) -> None:
    """Two Punjab factories over October and November 2026."""
    people = People(nishan)
    inspections, admin = nishan.inspections, people.admin
    kiln = inspections.register_factory(
        factory_details(name="Kasur Kilns", district="Kasur", sector="2392"), by=admin
    )
    balls = people.certified_factory(date(2026, 10, 20), district="Sialkot")

    def find(visit, indicator, on, severity=None):
        return inspections.record_finding(visit, indicator, severity, CANARY, 3, by=admin, on=on)

    def act(visit, finding, verification=Verification.FOLLOW_UP_VISIT):
        return inspections.plan_corrective_action(
            visit, finding, CANARY, CANARY, date(2026, 12, 31), verification, by=admin
        )

    # Kasur, October: child labour found, and a minor finding; the kiln is suspended.
    oct5 = date(2026, 10, 5)
    visit = people.visit(kiln, oct5)
    child_labour = find(visit, "CL-01", oct5)
    minor = find(visit, "CR-01", oct5)
    actions = [act(visit, child_labour), act(visit, minor)]
    inspections.complete_inspection(visit, oct5, by=admin)
    referral = referral_id(child_labour)
    inspections.acknowledge_referral(referral, date(2026, 10, 6), by=admin)
    inspections.close_referral(referral, "Children back in school", date(2026, 10, 30), by=admin)
    inspections.record_grievance(
        kiln, GrievanceChannel.WORKER_COMMITTEE, "WB", CANARY, date(2026, 10, 12), by=admin
    )

    # Kasur, November: a follow-up closes both actions and reinstates the kiln.
    nov15 = date(2026, 11, 15)
    follow_up = inspections.schedule_inspection(
        kiln, people.inspector_id, nov15, False, by=admin, follow_up_of=visit
    )
    inspections.start_inspection(follow_up, by=admin)
    for action in actions:
        inspections.review_corrective_action(
            visit, action, ActionStatus.CLOSED, CANARY, on=nov15, by=admin, follow_up_id=follow_up
        )
    inspections.complete_inspection(follow_up, nov15, by=admin)

    # Sialkot, November: wages and contracts; a finding withdrawn, another regraded, a visit
    # cancelled, and a grievance resolved.
    nov10 = date(2026, 11, 10)
    visit = people.visit(balls, nov10)
    act(visit, find(visit, "WB-01", nov10), Verification.DESK_REVIEW)
    regraded = find(visit, "CR-02", nov10)
    act(visit, regraded, Verification.DESK_REVIEW)
    inspections.regrade_finding(visit, regraded, Severity.MINOR, "Contracts exist", by=admin)
    inspections.withdraw_finding(visit, find(visit, "DH-01", nov10), "Wrong factory", nov10, admin)
    inspections.complete_inspection(visit, nov10, by=admin)
    inspections.cancel_inspection(people.visit(balls, nov10), "Factory closed for Eid", by=admin)
    grievance = inspections.record_grievance(
        balls, GrievanceChannel.HOTLINE, "WT", CANARY, date(2026, 11, 2), by=admin
    )
    inspections.investigate_grievance(grievance, date(2026, 11, 3), by=admin)
    inspections.resolve_grievance(grievance, "Overtime paid", date(2026, 11, 9), by=admin)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()


def figures(**overrides) -> dict:
    zero = {
        "inspections": 0,
        "follow_up_visits": 0,
        "failed_visits": 0,
        "findings": 0,
        "critical_findings": 0,
        "zero_tolerance_findings": 0,
        "zero_tolerance_visits": 0,
        "actions_planned": 0,
        "actions_closed": 0,
        "closure_rate": None,
        "referrals": 0,
        "referrals_open": 0,
        "grievances": 0,
        "grievances_open": 0,
    }
    return {**zero, **overrides}


@pytest.mark.both_backends
def test_the_dashboard_counts_the_known_history_by_district_and_month(client, nishan):
    known_history(nishan)
    answer = client.get("/open-data/dashboard.json?by=district,month")
    assert answer.status_code == 200, answer.text
    rows = {(row.pop("district"), row.pop("month")): row for row in answer.json()["rows"]}
    assert rows == {
        ("Kasur", "2026-10"): figures(
            inspections=1,
            failed_visits=1,
            findings=2,
            critical_findings=1,
            zero_tolerance_findings=1,
            zero_tolerance_visits=1,
            actions_planned=2,
            actions_closed=2,
            closure_rate=1.0,
            referrals=1,
            grievances=1,
            grievances_open=1,
        ),
        ("Kasur", "2026-11"): figures(inspections=1, follow_up_visits=1),
        ("Sialkot", "2026-10"): figures(inspections=1),
        ("Sialkot", "2026-11"): figures(
            inspections=1, findings=2, actions_planned=2, closure_rate=0.0, grievances=1
        ),
    }


@pytest.mark.both_backends
def test_filters_and_the_whole_country(client, nishan):
    known_history(nishan)
    [pakistan] = client.get("/open-data/dashboard.json?by=").json()["rows"]
    assert pakistan == figures(
        inspections=4,
        follow_up_visits=1,
        failed_visits=1,
        findings=4,
        critical_findings=1,
        zero_tolerance_findings=1,
        zero_tolerance_visits=1,
        actions_planned=4,
        actions_closed=2,
        closure_rate=0.5,
        referrals=1,
        grievances=2,
        grievances_open=1,
    )
    november = client.get("/open-data/dashboard.json?by=sector&from=2026-11&to=2026-11").json()
    assert {row["sector"]: row["inspections"] for row in november["rows"]} == {
        "2392": 1,
        "3230": 1,
    }
    kasur = client.get("/open-data/dashboard.json?by=month&district=Kasur").json()["rows"]
    assert [(row["month"], row["inspections"]) for row in kasur] == [
        ("2026-10", 1),
        ("2026-11", 1),
    ]


def test_findings_by_indicator_and_the_csv_download_follow_the_published_schema(client, nishan):
    known_history(nishan)
    rows = client.get("/open-data/findings.json?by=district").json()["rows"]
    assert [(r["district"], r["indicator"], r["severity"], r["findings"]) for r in rows] == [
        ("Kasur", "CL-01", "critical", 1),
        ("Kasur", "CR-01", "minor", 1),
        ("Sialkot", "CR-02", "minor", 1),
        ("Sialkot", "WB-01", "major", 1),
    ]
    package = client.get("/open-data/datapackage.json").json()
    schemas = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}
    download = client.get("/open-data/dashboard.csv?by=province,district,sector,month")
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(download.text)))
    assert list(table[0]) == schemas["dashboard"]
    assert sum(int(row["inspections"]) for row in table) == 4
    # Sectors are ISIC codes, and the package says which.
    [sector] = [f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "sector"]
    assert {row["sector"] for row in table} <= set(sector["constraints"]["enum"])
    assert "ISIC Rev. 4" in sector["description"]
    findings = list(csv.DictReader(io.StringIO(client.get("/open-data/findings.csv?by=").text)))
    assert set(findings[0]) <= set(schemas["findings"])


def test_no_personal_data_reaches_the_open_data(client, nishan):
    known_history(nishan)
    for path in (
        "/open-data/dashboard.json?by=province,district,sector,month",
        "/open-data/dashboard.csv?by=district",
        "/open-data/findings.json?by=district,month",
        "/open-data/findings.csv",
        "/open-data/datapackage.json",
    ):
        text = client.get(path).text
        for canary in ("Ayesha", "35202-1234567-1", "+92 300", "Kasur Kilns"):
            assert canary not in text, (path, canary)


def test_a_malformed_question_is_answered_with_what_to_ask_instead(client):
    for path, code in (
        ("/open-data/dashboard.json?by=factory", "invalid_breakdown"),
        ("/open-data/dashboard.json?by=month,month", "invalid_breakdown"),
        ("/open-data/dashboard.json?from=2026-13", "invalid_month"),
        ("/open-data/findings.json?to=2026-1", "invalid_month"),
        ("/open-data/dashboard.json?sector=garments", "unknown_sector"),
        ("/open-data/dashboard.xlsx", "invalid_format"),
    ):
        answer = client.get(path)
        assert (answer.status_code, answer.json()["code"]) == (422, code), path
        assert answer.json()["message"]
