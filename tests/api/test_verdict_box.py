"""The verdict box never misleads: a lot made before a later suspension is a warning of its own
("verified at production"), and what is still open at its factories (conditions, corrective
actions, worker grievances) stands in the box itself, in every language and in the JSON."""

import re

import pytest

from api.i18n.catalogs import language
from domain.clock import today_in_pakistan
from tests.api.scenario import Scenario, bearer, expect

JSON = {"Accept": "application/json"}
HEADINGS = {
    "en": "Verified at production",
    "ur": "تیاری کے وقت تصدیق شدہ",
    "de": "Bei der Herstellung verifiziert",
    "fr": "Vérifié à la fabrication",
}


def verdict_box(page: str) -> str:
    """The verdict's section of a lot page, and nothing after it."""
    return re.search(r'<section class="verdict.*?</section>', page, re.S).group(0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def suspended_later(client, nishan) -> tuple[Scenario, str, str]:
    """A lot made at a mill before its clean inspection, then the mill suspended at a later
    visit for bonded labour and a critical safety finding; returns the lot and the mill."""
    scenario = Scenario.start(client, nishan)
    mill = scenario.register_factory(name="Indus Spinning")
    assert scenario.complete(scenario.schedule_visit(mill)) == "pass"
    lot = scenario.create_lot(lot_number="Y-2610")  # made in October, before the clean visit
    expect(scenario.attach(lot, mill, "spinning"), 201)
    visit = scenario.schedule_visit(mill)
    for indicator, severity in (("FL-09", None), ("OSH-01", "critical"), ("WT-01", "minor")):
        finding = {"indicator": indicator, "workers_affected": 3, "observation": "Seen"}
        if severity:
            finding["severity"] = severity
        found = expect(scenario.record_finding(visit, **finding), 201)
        scenario.plan_action(visit, found["finding_id"])
    assert scenario.complete(visit) == "fail"
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    return scenario, lot, mill


def test_a_lot_made_before_a_later_suspension_is_verified_at_production_not_verified(
    client, suspended_later
):
    _, lot, mill = suspended_later
    record = expect(client.get(f"/lots/{lot}", headers=JSON), 200)
    today = today_in_pakistan().isoformat()
    assert record["verdict"] == "verified_at_production" and record["reviews"] == []
    # The clusters of the critical findings only (the minor working-time one did not suspend).
    assert record["later_suspensions"] == [
        {
            "factory_id": mill,
            "factory_name": "Indus Spinning",
            "suspended_on": today,
            "clusters": ["FL", "OSH"],
            "last_clean_inspection_on": today,
        }
    ]
    day = language("en").date(today_in_pakistan())
    assert record["reasons"] == [
        f"Indus Spinning (Karachi) was suspended on {day} for Forced and bonded labour, "
        "Occupational safety and health; this lot was made before its last clean inspection "
        f"on {day}."
    ]


@pytest.mark.parametrize("code", ["en", "ur", "de", "fr"])
def test_the_warning_box_names_the_suspension_its_causes_and_dates_in_every_language(
    client, suspended_later, code
):
    _, lot, _ = suspended_later
    page = client.get(f"/lots/{lot}?lang={code}", headers={"Accept": "text/html"}).text
    box = verdict_box(page)
    assert 'class="verdict verdict-verified_at_production"' in box
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", box, re.S).group(1).strip()
    assert heading == HEADINGS[code]
    lang = language(code)
    words = text_of(box)
    for value in (
        lang.date(today_in_pakistan()),
        lang.gettext("Forced and bonded labour"),
        lang.gettext("Occupational safety and health"),
        "Indus Spinning",
    ):
        assert value in words, (code, value)
    # Isolated in an Urdu sentence, the district in Urdu script.
    assert f"<bdi>Indus Spinning ({lang.gettext('Karachi')})</bdi>" in box


def test_once_the_factory_is_reinstated_the_lot_is_verified_again(client, nishan):
    scenario = Scenario.start(client, nishan)
    mill = scenario.register_factory(name="Indus Spinning")
    assert scenario.complete(scenario.schedule_visit(mill)) == "pass"
    lot = scenario.create_lot()
    expect(scenario.attach(lot, mill, "spinning"), 201)
    visit = scenario.schedule_visit(mill)
    found = expect(
        scenario.record_finding(visit, indicator="FL-09", workers_affected=2, observation="x"),
        201,
    )
    action = scenario.plan_action(visit, found["finding_id"])
    assert scenario.complete(visit) == "fail"
    assert expect(client.get(f"/lots/{lot}", headers=JSON), 200)["verdict"] == (
        "verified_at_production"
    )
    follow_up = scenario.schedule_visit(mill, follow_up_of=visit, planned_on="2026-11-21")
    assert scenario.close_action(visit, action, follow_up, "Remedied").status_code == 204
    assert scenario.complete(follow_up) == "pass"
    record = expect(client.get(f"/lots/{lot}", headers=JSON), 200)
    assert record["verdict"] == "verified" and record["later_suspensions"] == []
    box = verdict_box(client.get(f"/lots/{lot}", headers={"Accept": "text/html"}).text)
    assert 'class="verdict verdict-verified"' in box


def test_conditions_open_actions_and_grievances_stand_in_the_verdict_box(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory(name="Korangi Leather Works")
    visit = scenario.schedule_visit(factory)
    for indicator in ("WT-01", "OSH-01"):
        body = {"indicator": indicator, "severity": "major", "workers_affected": 4}
        found = expect(scenario.record_finding(visit, observation="Seen", **body), 201)
        scenario.plan_action(visit, found["finding_id"])
    assert scenario.complete(visit) == "pass_with_corrective_actions"
    grievance = {"factory_id": factory, "channel": "hotline", "category": "WB", "summary": "Pay"}
    expect(client.post("/grievances", headers=bearer(scenario.inspector), json=grievance), 201)
    lot = scenario.create_lot()
    expect(scenario.attach(lot, factory, "tanning"), 201)
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()

    record = expect(client.get(f"/lots/{lot}", headers=JSON), 200)
    assert record["verdict"] == "verified"  # conditions do not change the verdict's value
    box = verdict_box(client.get(f"/lots/{lot}", headers={"Accept": "text/html"}).text)
    assert re.search(r"<h1[^>]*>Verified with conditions</h1>", box)
    words = text_of(box)
    assert "Korangi Leather Works has 2 open corrective actions." in words
    assert "Korangi Leather Works has 1 open worker grievance." in words
    german = verdict_box(client.get(f"/lots/{lot}?lang=de").text)
    assert "Verifiziert mit Auflagen" in german
    assert "hat 2 offene Korrekturmaßnahmen." in text_of(german)


def test_a_clean_lot_has_nothing_open_in_its_box(client, verified_lot):
    box = verdict_box(client.get(f"/lots/{verified_lot}", headers={"Accept": "text/html"}).text)
    assert re.search(r"<h1[^>]*>Verified</h1>", box) and "open-matters" not in box


def test_the_openapi_document_declares_the_warning_verdict_and_its_facts(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "verified_at_production" in schemas["Verdict"]["enum"]
    later = schemas["LaterSuspensionPublic"]["properties"]
    assert {"factory_id", "suspended_on", "clusters", "last_clean_inspection_on"} <= set(later)
    assert "verified_at_production" in schemas["LotPublic"]["properties"]["verdict"]["description"]
