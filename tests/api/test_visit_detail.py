"""GET /inspections/{id}: a visit read back in full by those who may act on it, from the
visit_detail view; another's visit answers word for word as a missing one."""

import base64
import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.clock import today_in_pakistan
from domain.inspections.referral import referral_id
from tests.api.scenario import Scenario, bearer, expect

PHOTO = b"the payroll register, page 14"


def ok(answer: Any) -> None:
    assert answer.status_code in (200, 201, 204), answer.text


def moments(value: Any) -> Any:
    """The answer with its times read as times, so that they compare as instants."""
    if isinstance(value, dict):
        return {
            key: datetime.fromisoformat(item)
            if (key == "at" or key.endswith("_at")) and isinstance(item, str)
            else moments(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [moments(item) for item in value]
    return value


def times_of(nishan, record: str) -> list[tuple[str, datetime]]:
    """Each event of a record with its time, in order, as the log holds them."""
    events = nishan.inspections.repository.event_store.get(UUID(record))
    return [(type(e).__qualname__.split(".")[-1], e.timestamp.astimezone(UTC)) for e in events]


class Life:
    """A visit taken through its whole life over HTTP, with what each step returned."""

    def __init__(self, client, nishan) -> None:
        self.client, self.nishan = client, nishan
        scenario = self.scenario = Scenario.start(client, nishan)
        self.admin_id = expect(client.get("/accounts/me", headers=bearer(scenario.admin)), 200)[
            "account_id"
        ]
        colleague = {
            "name": "Second Inspector",
            "role": "inspector",
            "organisation": "Sindh Labour Department",
            "jurisdiction": {"province": "Sindh"},
        }
        self.colleague = expect(
            client.post("/accounts", headers=bearer(scenario.admin), json=colleague), 201
        )
        self.factory = scenario.register_factory()
        admin, inspector = bearer(scenario.admin), bearer(scenario.inspector)
        # Scheduled for the colleague, then given to the scenario's inspector.
        schedule = {
            "factory_id": self.factory,
            "inspector_id": self.colleague["account_id"],
            "planned_on": "2026-11-20",
            "announced": False,
        }
        visit = self.visit = expect(client.post("/inspections", headers=admin, json=schedule), 201)[
            "inspection_id"
        ]
        reassign = {"inspector_id": scenario.inspector_id}
        ok(client.post(f"/inspections/{visit}/reassign", headers=admin, json=reassign))
        scenario.arrive(visit)
        # A finding graded down, one recorded in error and withdrawn, one of zero tolerance.
        self.evidence = hashlib.sha256(PHOTO).hexdigest()
        self.wages = expect(
            scenario.record_finding(
                visit,
                indicator="WT-02",
                observation="Overtime in March paid at the single rate",
                workers_affected=12,
                evidence=[{"sha256": self.evidence.upper(), "media_type": "Image/JPEG"}],
            ),
            201,
        )["finding_id"]
        regrade = {"severity": "minor", "reason": "Paid in full since, with arrears"}
        self.act(f"/inspections/{visit}/findings/{self.wages}/regrade", regrade)
        self.mistaken = expect(scenario.record_finding(visit, indicator="WB-01"), 201)["finding_id"]
        self.child = expect(
            scenario.record_finding(
                visit, indicator="CL-01", observation="Two boys at the stitching tables"
            ),
            201,
        )["finding_id"]
        self.act(f"/inspections/{visit}/interviews", {"women": 3, "men": 2})
        self.act(f"/inspections/{visit}/interviews", {"transgender": 1})
        practice = {"cluster": "OSH", "description": "Fire drills every month, logged"}
        ok(client.post(f"/inspections/{visit}/good-practices", headers=inspector, json=practice))

        def plan(finding: str, verification: str) -> str:
            body = {
                "description": f"Remedy {finding[:8]}",
                "owner": "HR manager",
                "deadline": "2026-12-31",
                "verification": verification,
            }
            answer = client.post(
                f"/inspections/{visit}/findings/{finding}/corrective-actions",
                headers=inspector,
                json=body,
            )
            return expect(answer, 201)["action_id"]

        self.lapsed_action = plan(self.mistaken, "desk_review")
        withdraw = {"reason": "Recorded against the wrong factory"}
        self.act(f"/inspections/{visit}/findings/{self.mistaken}/withdraw", withdraw)
        self.wages_action = plan(self.wages, "desk_review")
        self.child_action = plan(self.child, "follow_up_visit")
        self.outcome = scenario.complete(visit)
        # After sign-off: a desk review, the referral acknowledged and its case opened, and a
        # follow-up visit that closes the child-labour action.
        review = {"status": "progressing", "note": "Arrears paid; payroll software changed"}
        self.act(f"/inspections/{visit}/corrective-actions/{self.wages_action}/review", review)
        self.referral = str(referral_id(UUID(self.child)))
        ok(client.post(f"/referrals/{self.referral}/acknowledge", headers=inspector))
        case = {"case_reference": "CLU-KHI/2026/7"}
        ok(client.post(f"/referrals/{self.referral}/case", headers=inspector, json=case))
        self.follow_up = scenario.schedule_visit(self.factory, follow_up_of=visit)
        ok(scenario.close_action(visit, self.child_action, self.follow_up, "Both boys in school"))
        self.today = today_in_pakistan()
        self.catch_up()

    def act(self, path: str, body: dict | None = None) -> None:
        """A command of the visit's inspector that must succeed."""
        headers = bearer(self.scenario.inspector)
        ok(self.client.post(path, headers=headers, json=body))

    def catch_up(self) -> None:
        if not self.nishan.updates_views_inline:
            self.nishan.updater.catch_up()  # as the worker would on PostgreSQL

    def read(self, visit: str, token: str | None = None) -> Any:
        headers = bearer(token) if token else {}
        return self.client.get(f"/inspections/{visit}", headers=headers)


@pytest.fixture
def life(client, nishan) -> Life:
    return Life(client, nishan)


def test_a_visit_taken_through_its_whole_life_is_read_back_completely_and_exactly(life):
    s, nishan = life.scenario, life.nishan
    inspector = {"account_id": s.inspector_id, "role": "inspector"}
    admin = {"account_id": life.admin_id, "role": "admin"}
    events = times_of(nishan, life.visit)
    at = {name: [t for n, t in events if n == name] for name, _ in events}
    visit = {
        "inspection_id": life.visit,
        "factory": {
            "factory_id": life.factory,
            "name": "Korangi Leather Works",
            "province": "Sindh",
            "district": "Karachi",
        },
        "inspector_id": s.inspector_id,
        "planned_on": "2026-11-20",
        "announced": False,
        "catalogue_version": "2026.1",
        "status": "signed_off",
        "outcome": "fail",
        "scheduled_at": at["Scheduled"][0],
        "scheduled_by": admin,
        "started_at": at["Started"][0],
        "signed_off_at": at["Completed"][0],
        "cancelled_at": None,
        "cancellation_reason": None,
        "reassignments": [
            {
                "from_inspector_id": life.colleague["account_id"],
                "to_inspector_id": s.inspector_id,
                "at": at["Reassigned"][0],
                "by": admin,
            }
        ],
        "findings": [
            {
                "finding_id": life.wages,
                "indicator": "WT-02",
                "cluster": "WT",
                "severity": "minor",
                "severity_recorded": "major",
                "zero_tolerance": False,
                "observation": "Overtime in March paid at the single rate",
                "workers_affected": 12,
                "evidence": [
                    {
                        "sha256": life.evidence,  # as the domain keeps it: lower case
                        "media_type": "image/jpeg",
                        "link": "ni:///sha-256;"
                        + base64.urlsafe_b64encode(hashlib.sha256(PHOTO).digest())
                        .decode()
                        .rstrip("=")
                        + "?ct=image/jpeg",
                    }
                ],
                "recorded_at": at["FindingRecorded"][0],
                "recorded_by": inspector,
                "regrades": [
                    {
                        "from_severity": "major",
                        "to_severity": "minor",
                        "reason": "Paid in full since, with arrears",
                        "at": at["FindingRegraded"][0],
                        "by": inspector,
                    }
                ],
                "withdrawn": False,
                "withdrawal": None,
            },
            {
                "finding_id": life.mistaken,
                "indicator": "WB-01",
                "cluster": "WB",
                "severity": "major",
                "severity_recorded": "major",
                "zero_tolerance": False,
                "observation": "",
                "workers_affected": 0,
                "evidence": [],
                "recorded_at": at["FindingRecorded"][1],
                "recorded_by": inspector,
                "regrades": [],
                "withdrawn": True,
                "withdrawal": {
                    "reason": "Recorded against the wrong factory",
                    "at": at["FindingWithdrawn"][0],
                    "by": inspector,
                },
            },
            {
                "finding_id": life.child,
                "indicator": "CL-01",
                "cluster": "CL",
                "severity": "critical",
                "severity_recorded": "critical",
                "zero_tolerance": True,
                "observation": "Two boys at the stitching tables",
                "workers_affected": 0,
                "evidence": [],
                "recorded_at": at["FindingRecorded"][2],
                "recorded_by": inspector,
                "regrades": [],
                "withdrawn": False,
                "withdrawal": None,
            },
        ],
        "interviews": {
            "women": 3,
            "men": 2,
            "transgender": 1,
            "total": 6,
            "recorded": [
                {
                    "women": 3,
                    "men": 2,
                    "transgender": 0,
                    "at": at["WorkersInterviewed"][0],
                    "by": inspector,
                },
                {
                    "women": 0,
                    "men": 0,
                    "transgender": 1,
                    "at": at["WorkersInterviewed"][1],
                    "by": inspector,
                },
            ],
        },
        "good_practices": [
            {
                "cluster": "OSH",
                "description": "Fire drills every month, logged",
                "at": at["GoodPracticeRecorded"][0],
                "by": inspector,
            }
        ],
        "corrective_actions": [
            {
                "action_id": action,
                "finding_id": finding,
                "indicator": indicator,
                "description": f"Remedy {finding[:8]}",
                "owner": "HR manager",
                "deadline": "2026-12-31",
                "verification": verification,
                "status": status,
                "lapsed": lapsed,
                "planned_at": at["CorrectiveActionPlanned"][index],
                "planned_by": inspector,
                "reviews": reviews,
            }
            for index, (
                action,
                finding,
                indicator,
                verification,
                status,
                lapsed,
                reviews,
            ) in enumerate(
                [
                    (life.lapsed_action, life.mistaken, "WB-01", "desk_review", "open", True, []),
                    (
                        life.wages_action,
                        life.wages,
                        "WT-02",
                        "desk_review",
                        "progressing",
                        False,
                        [
                            {
                                "status": "progressing",
                                "note": "Arrears paid; payroll software changed",
                                "follow_up_id": None,
                                "at": at["CorrectiveActionReviewed"][0],
                                "by": inspector,
                            }
                        ],
                    ),
                    (
                        life.child_action,
                        life.child,
                        "CL-01",
                        "follow_up_visit",
                        "closed",
                        False,
                        [
                            {
                                "status": "closed",
                                "note": "Both boys in school",
                                "follow_up_id": life.follow_up,
                                "at": at["CorrectiveActionReviewed"][1],
                                "by": inspector,
                            }
                        ],
                    ),
                ]
            )
        ],
        "referrals": [
            {
                "referral_id": life.referral,
                "finding_id": life.child,
                "indicator": "CL-01",
                "body": "child_labour_unit",
                "body_name": "Labour department child-labour unit, Karachi",
                "district": "Karachi",
                "opened_on": life.today.isoformat(),
                "due_on": (life.today + timedelta(days=7)).isoformat(),
                "status": "case_opened",
                "acknowledged_on": life.today.isoformat(),
                "case_reference": "CLU-KHI/2026/7",
                "case_opened_on": life.today.isoformat(),
                "closed_on": None,
            }
        ],
        "follow_up_of": None,
        "follow_ups": [
            {
                "inspection_id": life.follow_up,
                "inspector_id": s.inspector_id,
                "planned_on": "2026-11-20",
                "status": "in_progress",
                "outcome": None,
            }
        ],
    }
    assert moments(expect(life.read(life.visit, s.inspector), 200)) == visit
    # The follow-up names the visit it follows up, and that visit lists it.
    follow_up = expect(life.read(life.follow_up, s.inspector), 200)
    assert follow_up["follow_up_of"] == {
        "inspection_id": life.visit,
        "inspector_id": s.inspector_id,
        "planned_on": "2026-11-20",
        "status": "signed_off",
        "outcome": "fail",
    }
    assert follow_up["follow_ups"] == [] and follow_up["findings"] == []


def test_a_follow_up_signed_off_is_shown_so_on_the_visit_it_follows_up(life):
    life.scenario.complete(life.follow_up)
    life.catch_up()
    [shown] = expect(life.read(life.visit, life.scenario.admin), 200)["follow_ups"]
    assert (shown["status"], shown["outcome"]) == ("signed_off", "pass")


def test_an_officer_reads_any_visit_and_other_callers_are_told_nothing(life):
    s = life.scenario
    mine = expect(life.read(life.visit, s.inspector), 200)
    assert expect(life.read(life.visit, s.admin), 200) == mine
    # The colleague it was taken from reads it exactly as a visit that is not there.
    theirs = life.read(life.visit, life.colleague["token"])
    nowhere = uuid4()
    missing = life.read(str(nowhere), life.colleague["token"])
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["code"] == "inspection_not_found"
    assert theirs.text.replace(life.visit, "<id>") == missing.text.replace(str(nowhere), "<id>")
    assert life.read(str(nowhere), s.admin).status_code == 404
    assert life.read(life.factory, s.admin).status_code == 404  # a factory is no visit
    assert life.read(life.visit).status_code == 401
    assert life.read(life.visit, s.exporter).status_code == 403


def test_an_inspector_moved_away_from_the_factory_reads_its_visit_no_more(life):
    # Moved to Punjab, the inspector no longer acts on Karachi's visits, nor reads them.
    s = life.scenario
    grant = {"role": "inspector", "jurisdiction": {"province": "Punjab"}}
    ok(life.client.post(f"/accounts/{s.inspector_id}/role", headers=bearer(s.admin), json=grant))
    assert life.read(life.visit, s.inspector).status_code == 404


@pytest.mark.both_backends  # the rebuild copies the staged rows into each backend's tables
def test_the_view_rebuilt_from_the_log_gives_the_same_document(life):
    s = life.scenario
    before = expect(life.read(life.visit, s.admin), 200)
    assert life.nishan.updater.rebuild("visit_detail") > 0
    assert expect(life.read(life.visit, s.admin), 200) == before


def test_a_factory_renamed_or_moved_is_shown_so_on_its_visits(life):
    s = life.scenario
    change = {"name": "Korangi Leather Works, Unit 2", "district": "Hyderabad"}
    ok(life.client.patch(f"/factories/{life.factory}", headers=bearer(s.admin), json=change))
    life.catch_up()
    for visit in (life.visit, life.follow_up):
        factory = expect(life.read(visit, s.admin), 200)["factory"]
        assert factory["name"] == "Korangi Leather Works, Unit 2"
        assert factory["district"] == "Hyderabad"


def test_a_cancelled_visit_shows_why_and_asks_for_nothing(client, nishan):
    s = Scenario.start(client, nishan)
    visit = s.schedule_visit(s.register_factory())
    finding = expect(s.record_finding(visit, indicator="WT-03"), 201)["finding_id"]
    s.plan_action(visit, finding)
    cancel = {"reason": "The factory was closed for Eid"}
    ok(client.post(f"/inspections/{visit}/cancel", headers=bearer(s.inspector), json=cancel))
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    detail = expect(client.get(f"/inspections/{visit}", headers=bearer(s.inspector)), 200)
    assert detail["status"] == "cancelled" and detail["outcome"] is None
    assert detail["cancellation_reason"] == "The factory was closed for Eid"
    assert detail["cancelled_at"] is not None and detail["signed_off_at"] is None
    assert [a["lapsed"] for a in detail["corrective_actions"]] == [True]


@pytest.mark.both_backends
def test_a_visit_the_views_have_not_reached_yet_is_waited_for_not_called_missing(
    client, nishan, views
):
    # With the projection worker running (on PostgreSQL a moment behind each command), a visit
    # read at once after it was scheduled is there, not a 404.
    s = Scenario.start(client, nishan)
    factory = s.register_factory()
    views.wait_until_current()
    schedule = {"factory_id": factory, "inspector_id": s.inspector_id, "planned_on": "2026-11-20"}
    visit = expect(client.post("/inspections", headers=bearer(s.admin), json=schedule), 201)
    answer = client.get(f"/inspections/{visit['inspection_id']}", headers=bearer(s.admin))
    assert expect(answer, 200)["status"] == "scheduled"


def test_a_visit_in_the_log_that_the_views_lag_behind_answers_retry_not_missing(postgres_nishan):
    from fastapi.testclient import TestClient

    from api.app import create_app

    nishan = postgres_nishan
    nishan.settings.read_wait_seconds = 0.3
    with TestClient(create_app(nishan=nishan), raise_server_exceptions=False) as client:
        s = Scenario.start(client, nishan)
        factory = s.register_factory()
        schedule = {
            "factory_id": factory,
            "inspector_id": s.inspector_id,
            "planned_on": date(2026, 11, 20).isoformat(),
        }
        visit = expect(client.post("/inspections", headers=bearer(s.admin), json=schedule), 201)
        # No worker runs: the view never gets there within the wait.
        answer = client.get(f"/inspections/{visit['inspection_id']}", headers=bearer(s.admin))
        assert answer.status_code == 503, answer.text
        assert (answer.json()["code"], answer.headers["Retry-After"]) == ("views_behind", "1")
        # A visit the log does not hold is missing at once, however far behind the views are.
        assert client.get(f"/inspections/{uuid4()}", headers=bearer(s.admin)).status_code == 404
        nishan.updater.catch_up()
        answer = client.get(f"/inspections/{visit['inspection_id']}", headers=bearer(s.admin))
        assert expect(answer, 200)["status"] == "scheduled"


def test_a_zero_tolerance_finding_withdrawn_shows_its_referral_closed(client, nishan):
    s = Scenario.start(client, nishan)
    visit = s.schedule_visit(s.register_factory())
    finding = expect(s.record_finding(visit, indicator="FL-02"), 201)["finding_id"]
    withdraw = {"reason": "The worker was an apprentice of age, with papers"}
    answer = client.post(
        f"/inspections/{visit}/findings/{finding}/withdraw",
        headers=bearer(s.inspector),
        json=withdraw,
    )
    ok(answer)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    detail = expect(client.get(f"/inspections/{visit}", headers=bearer(s.admin)), 200)
    [referral] = detail["referrals"]
    assert (referral["body"], referral["status"]) == ("fia", "closed")
    assert referral["closed_on"] == today_in_pakistan().isoformat()
    assert detail["findings"][0]["withdrawn"] is True
