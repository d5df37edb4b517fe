"""GET /lots: an exporter's lots, or every lot for an officer, with each lot's verdict of the
day, filtered and a page at a time."""

import base64
import json
from datetime import date, timedelta
from uuid import uuid4

import pytest

import api.routers.lots
from domain.clock import today_in_pakistan
from tests.api.scenario import Scenario, bearer, caught_up, expect


@pytest.fixture
def lots(client, nishan):
    """Chenab's five lots, in the order recorded: gloves made at a certified factory; footballs
    made at a factory suspended since; a lot made nowhere yet; gloves on a planned shipment;
    gloves shipped. And one lot of a rival exporter's."""
    scenario = Scenario.start(client, nishan)
    good = scenario.register_factory(name="Korangi Leather Works")
    bad = scenario.register_factory(name="Kotri Sports", district="Hyderabad")
    for factory in (good, bad):
        scenario.complete(scenario.schedule_visit(factory))
    ids = {}
    ids["gloves"] = scenario.create_lot(lot_number="GL-1", gtin="09506000134352")
    expect(scenario.attach(ids["gloves"], good, "stitching"), 201)
    # Made until today: after Kotri's last clean inspection, so reached by its suspension.
    today = today_in_pakistan().isoformat()
    ids["footballs"] = scenario.create_lot(
        product="Hand-stitched match footballs", produced_from=today, produced_until=today
    )
    expect(scenario.attach(ids["footballs"], bad, "stitching"), 201)
    ids["unmade"] = scenario.create_lot(product="Leather belts")
    ids["planned"] = scenario.create_lot()
    expect(scenario.attach(ids["planned"], good, "packing"), 201)
    scenario.create_shipment(ids["planned"])
    ids["shipped"] = scenario.create_lot()
    expect(scenario.attach(ids["shipped"], good, "packing"), 201)
    departing = scenario.create_shipment(ids["shipped"])
    departed = client.post(f"/shipments/{departing}/depart", headers=bearer(scenario.exporter))
    assert departed.status_code == 204, departed.text
    rival = client.post(
        "/lots", headers=bearer(scenario.rival_exporter), json={"product": "Rival gloves",
        "hs_code": "420329", "quantity": "10", "unit": "pairs",
        "produced_from": "2026-10-01", "produced_until": "2026-10-31"},
    )  # fmt: skip
    ids["rival"] = expect(rival, 201)["lot_id"]
    # Bonded labour found at Kotri: the factory is suspended, its footballs put under review.
    visit = scenario.schedule_visit(bad)
    finding = expect(scenario.record_finding(visit, indicator="FL-09"), 201)["finding_id"]
    scenario.plan_action(visit, finding)
    scenario.complete(visit)
    caught_up(nishan)
    return scenario, ids, good


def listed(client, token, **query) -> list[str]:
    answer = expect(client.get("/lots", headers=bearer(token), params=query), 200)
    return [lot["lot_id"] for lot in answer["lots"]]


MINE = ("shipped", "planned", "unmade", "footballs", "gloves")  # the latest recorded first


def test_an_exporter_sees_their_company_lots_latest_first_with_what_a_list_shows(client, lots):
    scenario, ids, good = lots
    answer = expect(client.get("/lots", headers=bearer(scenario.exporter)), 200)
    assert [lot["lot_id"] for lot in answer["lots"]] == [ids[key] for key in MINE]
    assert answer["next_cursor"] is None
    by_id = {lot["lot_id"]: lot for lot in answer["lots"]}
    gloves = by_id[ids["gloves"]]
    assert (gloves["lot_number"], gloves["gtin"]) == ("GL-1", "09506000134352")
    assert (gloves["product"], gloves["quantity"], gloves["unit"]) == (
        "Leather gloves", "1500", "pairs"
    )  # fmt: skip
    assert gloves["status"] == "open" and gloves["verdict"] == "verified"
    assert gloves["under_review"] is False and gloves["review_reason"] is None
    assert gloves["factory_ids"] == [good]
    assert len({lot["exporter_id"] for lot in answer["lots"]}) == 1
    assert date.fromisoformat(gloves["created_on"])
    footballs = by_id[ids["footballs"]]
    assert footballs["verdict"] == "under_review" and footballs["under_review"] is True
    assert footballs["review_reason"]
    assert by_id[ids["unmade"]]["verdict"] == "not_verified"
    assert by_id[ids["unmade"]]["factory_ids"] == []
    assert by_id[ids["planned"]]["status"] == "in_shipment"
    assert by_id[ids["shipped"]]["status"] == "shipped"


def test_an_officer_sees_every_company_lots_and_may_ask_for_one_company(client, lots):
    scenario, ids, _ = lots
    every = listed(client, scenario.admin)
    assert every == [ids["rival"], *(ids[key] for key in MINE)]
    chenab = expect(client.get("/lots", headers=bearer(scenario.exporter)), 200)
    company = chenab["lots"][0]["exporter_id"]
    assert listed(client, scenario.admin, exporter_id=company) == [ids[key] for key in MINE]


def test_another_exporter_sees_none_of_the_company_lots_even_when_naming_it(client, lots):
    scenario, ids, _ = lots
    assert listed(client, scenario.rival_exporter) == [ids["rival"]]
    chenab = expect(client.get("/lots", headers=bearer(scenario.exporter)), 200)
    company = chenab["lots"][0]["exporter_id"]
    assert listed(client, scenario.rival_exporter, exporter_id=company) == []


def test_lots_are_filtered_by_status_verdict_product_review_and_day(client, lots):
    scenario, ids, _ = lots
    mine = scenario.exporter
    assert listed(client, mine, status="shipped") == [ids["shipped"]]
    assert listed(client, mine, status=["open", "in_shipment"]) == [
        ids["planned"], ids["unmade"], ids["footballs"], ids["gloves"]
    ]  # fmt: skip
    assert listed(client, mine, verdict="under_review") == [ids["footballs"]]
    assert listed(client, mine, verdict=["not_verified", "under_review"]) == [
        ids["unmade"], ids["footballs"]
    ]  # fmt: skip
    assert listed(client, mine, under_review="true") == [ids["footballs"]]
    assert ids["footballs"] not in listed(client, mine, under_review="false")
    assert listed(client, mine, product="FOOTBALL") == [ids["footballs"]]
    assert listed(client, mine, product="belts") == [ids["unmade"]]
    assert listed(client, mine, product="%") == []  # a wildcard is a character like any other
    day = expect(client.get("/lots", headers=bearer(mine)), 200)["lots"][0]["created_on"]
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    assert listed(client, mine, **{"from": day, "to": day}) == [ids[key] for key in MINE]
    assert listed(client, mine, to=before) == []
    assert listed(client, mine, **{"from": before}) == [ids[key] for key in MINE]


def test_a_verified_lot_is_listed_not_verified_once_its_factory_certificate_has_expired(
    client, lots, monkeypatch
):
    scenario, ids, good = lots
    valid_until = expect(client.get(f"/factories/{good}"), 200)["valid_until"]
    last_day = date.fromisoformat(valid_until)

    def verdict_on(day: date) -> str:
        monkeypatch.setattr(api.routers.lots, "today_in_pakistan", lambda: day)
        [gloves] = [
            lot
            for lot in expect(client.get("/lots", headers=bearer(scenario.exporter)), 200)["lots"]
            if lot["lot_id"] == ids["gloves"]
        ]
        return gloves["verdict"]

    assert verdict_on(last_day) == "verified"
    assert verdict_on(last_day + timedelta(days=1)) == "not_verified"
    lapsed = listed(client, scenario.exporter, verdict="not_verified")
    assert ids["gloves"] in lapsed and ids["footballs"] not in lapsed


@pytest.mark.both_backends  # the order of rows and of row values is the database's
def test_pages_follow_each_other_without_a_gap_or_a_repeat_in_either_order(client, lots):
    scenario, *_ = lots
    for sort in ("-created_at", "created_at"):
        whole = listed(client, scenario.admin, sort=sort)
        pages, cursor = [], None
        while True:
            query = {"sort": sort, "limit": 4, **({"cursor": cursor} if cursor else {})}
            answer = expect(client.get("/lots", headers=bearer(scenario.admin), params=query), 200)
            pages.append([lot["lot_id"] for lot in answer["lots"]])
            cursor = answer["next_cursor"]
            if cursor is None:
                break
        assert [len(page) for page in pages] == [4, 2]
        assert [lot for page in pages for lot in page] == whole
    oldest = listed(client, scenario.admin, sort="created_at")
    assert oldest == list(reversed(listed(client, scenario.admin)))


def packed(*values: str) -> str:
    """A cursor as a client might forge one."""
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()


@pytest.mark.both_backends  # what a database refuses to read differs (PostgreSQL: NUL)
def test_a_cursor_of_another_order_or_malformed_is_refused(client, lots):
    scenario, *_ = lots
    admin = bearer(scenario.admin)
    first = expect(client.get("/lots", headers=admin, params={"limit": 1}), 200)
    forged = [
        packed("-created_at", "2026-11-01", str(uuid4())),  # a day, not a moment
        packed("-created_at", "2026-11-01T10:00:00.000000+00:00\u0000", str(uuid4())),
        packed("-created_at", "2026-11-01T10:00:00.000000+00:00", "not-an-id"),
        "not base64 at all!",
    ]
    for cursor in [*forged, first["next_cursor"]]:
        sort = "created_at" if cursor == first["next_cursor"] else "-created_at"
        answer = client.get("/lots", headers=admin, params={"cursor": cursor, "sort": sort})
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_cursor", cursor


def test_inspectors_may_not_list_lots_and_anonymous_callers_must_sign_in(client, lots):
    scenario, *_ = lots
    assert client.get("/lots").status_code == 401
    refused = client.get("/lots", headers=bearer(scenario.inspector))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden_role"


def test_a_lot_public_page_is_still_answered_beside_the_list(client, lots):
    _, ids, _ = lots
    page = client.get(f"/lots/{ids['gloves']}", headers={"Accept": "application/json"})
    assert page.status_code == 200 and page.json()["verdict"] == "verified"


@pytest.mark.both_backends  # each database says "no such table" its own way
def test_a_lot_list_view_not_made_yet_answers_views_behind(client, nishan):
    """Served before the worker has made the new view: a moment's wait, never a 500."""
    scenario = Scenario.start(client, nishan)
    with nishan.views.transaction() as cursor:
        cursor.execute("DROP TABLE lot_verdicts")
    answer = client.get("/lots", headers=bearer(scenario.admin))
    assert answer.status_code == 503 and answer.json()["code"] == "views_behind"


def test_each_lot_is_listed_with_the_verdict_its_public_page_gives_today(client, lots):
    scenario, *_ = lots
    answer = expect(client.get("/lots", headers=bearer(scenario.admin)), 200)
    for lot in answer["lots"]:
        page = client.get(f"/lots/{lot['lot_id']}", headers={"Accept": "application/json"})
        assert lot["verdict"] == expect(page, 200)["verdict"], lot["lot_id"]
    assert {lot["verdict"] for lot in answer["lots"]} >= {"verified", "under_review"}


def test_a_lot_split_into_others_is_listed_used_up_and_its_children_with_what_they_took(
    client, nishan
):
    scenario = Scenario.start(client, nishan)
    parent = scenario.create_lot(lot_number="SP-1")
    split = client.post(
        f"/lots/{parent}/split",
        headers=bearer(scenario.exporter),
        json={"quantities": ["1000", "500"]},
    )
    children = expect(split, 201)["lot_ids"]
    caught_up(nishan)
    answer = expect(client.get("/lots", headers=bearer(scenario.exporter)), 200)
    by_id = {lot["lot_id"]: lot for lot in answer["lots"]}
    assert (by_id[parent]["status"], by_id[parent]["quantity"]) == ("used_up", "0")
    assert [by_id[child]["quantity"] for child in children] == ["1000", "500"]
    assert [by_id[child]["lot_number"] for child in children] == ["SP-1-1", "SP-1-2"]
    assert listed(client, scenario.exporter, status="used_up") == [parent]
