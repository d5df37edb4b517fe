"""A lot's answers are kept while its kept page (lot_pages) stands still, and never outlive a
change: the next command's effect is on the page at once, in every language and format, and a
change to one lot leaves the other lots' answers kept. A served process may send a kept answer
unread for a moment (NISHAN_PAGE_CACHE_RECHECK_SECONDS, 0 in the other tests here); then a
change is on the page once that moment has passed, and at once for a client that asks."""

import time
from datetime import date

import psycopg
import pytest
from fastapi.testclient import TestClient

import api.page_cache
import api.routers.digital_link
import api.routers.public
from api.app import create_app
from api.i18n.catalogs import language
from api.quick_reads import QuickReads
from bootstrap import Nishan
from projections.lot_pages import SELECT_PAGE
from tests.api.scenario import Scenario, caught_up, expect


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The lots whose record was made for an answer, in order: a cached answer makes none."""
    reads: list[str] = []
    make = api.routers.public.lot_now

    def counting(request, nishan, lot_id):
        reads.append(lot_id)
        return make(request, nishan, lot_id)

    monkeypatch.setattr(api.routers.public, "lot_now", counting)
    return reads


@pytest.fixture
def world(client, nishan):
    scenario = Scenario.start(client, nishan)
    factory_id = scenario.register_factory()
    scenario.complete(scenario.schedule_visit(factory_id))
    lot_id = scenario.create_lot(gtin="08961234567894", lot_number="C-1")
    expect(scenario.attach(lot_id, factory_id, "tanning"), 201)
    caught_up(nishan)
    return scenario, factory_id, lot_id


@pytest.mark.both_backends
def test_the_same_question_is_answered_from_the_cache(client, world, made):
    _, _, lot_id = world
    first = client.get(f"/lots/{lot_id}")
    again = client.get(f"/lots/{lot_id}")
    assert made == [lot_id]
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-language"] == "en"
    assert "Accept-Language" in again.headers["vary"]
    revalidated = client.get(f"/lots/{lot_id}", headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 304


def test_formats_and_languages_are_kept_apart(client, world, made):
    _, _, lot_id = world
    english = client.get(f"/lots/{lot_id}").text
    german = client.get(f"/lots/{lot_id}", headers={"Accept-Language": "de"})
    data = client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"})
    linkset = client.get(f"/lots/{lot_id}", headers={"Accept": "application/linkset+json"})
    assert "Verifiziert" in german.text and "Verifiziert" not in english
    assert german.headers["content-language"] == "de"
    assert data.json()["lot_id"] == lot_id
    assert linkset.headers["content-type"] == "application/linkset+json"
    assert len(made) == 4
    resolved = client.get("/01/08961234567894/10/C-1", headers={"Accept": "application/json"})
    assert resolved.json() == data.json()


@pytest.mark.both_backends
def test_a_change_is_on_the_page_at_once(client, nishan, world):
    scenario, factory_id, lot_id = world
    before = client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"}).json()
    assert before["factories"][0]["status_now"] == "certified"
    client.get(f"/lots/{lot_id}?lang=fr")  # kept, in French too
    # Child labour found at the factory: suspended, and the lot under review.
    visit = scenario.schedule_visit(factory_id, planned_on="2026-11-25")
    finding = expect(scenario.record_finding(visit, indicator="CL-01"), 201)["finding_id"]
    scenario.plan_action(visit, finding)
    assert scenario.complete(visit) == "fail"
    caught_up(nishan)
    after = client.get(f"/lots/{lot_id}", headers={"Accept": "application/json"}).json()
    assert after["factories"][0]["status_now"] == "suspended"
    assert after["reasons"] != before["reasons"]
    page = client.get(f"/lots/{lot_id}?lang=fr")
    assert f">{language('fr').gettext('Suspended')}<" in page.text


def test_a_new_day_is_a_new_answer(client, world, made, monkeypatch):
    """Certificates expire with the day, so an answer is kept for its day only."""
    _, _, lot_id = world
    client.get(f"/lots/{lot_id}")
    monkeypatch.setattr(api.routers.public, "today_in_pakistan", lambda: date(2099, 1, 1))
    assert client.get(f"/lots/{lot_id}").status_code == 200
    assert made == [lot_id, lot_id]


def test_an_unknown_lot_is_never_kept(client, world, made):
    missing = "6f1c1b3e-0000-4000-8000-000000000000"
    assert client.get(f"/lots/{missing}").status_code == 404
    assert client.get(f"/lots/{missing}").status_code == 404
    assert made == [missing, missing]


@pytest.mark.both_backends
def test_a_change_to_one_lot_leaves_the_others_answers_kept(client, nishan, world, made):
    scenario, factory_id, lot_id = world
    other = scenario.create_lot(product="Gloves")
    expect(scenario.attach(other, factory_id, "tanning"), 201)
    caught_up(nishan)
    for lot in (lot_id, other):
        client.get(f"/lots/{lot}")
    scenario.create_shipment(other)  # the other lot changes; this one does not
    caught_up(nishan)
    del made[:]
    client.get(f"/lots/{lot_id}")
    assert made == []
    client.get(f"/lots/{other}")
    assert made == [other]


def test_what_the_client_sends_as_host_never_reaches_another_reader(client, world):
    _, _, lot_id = world
    forged = client.get(f"/lots/{lot_id}", headers={"Host": "evil.example"})
    assert "evil.example" not in forged.text  # the switcher's links are relative
    assert 'href="?lang=de"' in client.get(f"/lots/{lot_id}").text


def test_a_digital_links_escaped_slash_is_another_lot(client, nishan, world):
    scenario, factory_id, _ = world
    for number, product in (("A/B", "Slashed"), ("A", "Plain")):
        lot_id = scenario.create_lot(gtin="08961234567894", lot_number=number, product=product)
        expect(scenario.attach(lot_id, factory_id, "tanning"), 201)
    caught_up(nishan)
    as_json = {"Accept": "application/json"}
    slashed = client.get("/01/08961234567894/10/A%2FB", headers=as_json).json()
    plain = client.get("/01/08961234567894/10/A/B", headers=as_json).json()  # /B: a qualifier
    assert (slashed["product"], plain["product"]) == ("Slashed", "Plain")


def test_only_the_pages_own_queries_are_kept(client, world, made):
    _, _, lot_id = world
    for _ in range(2):
        client.get(f"/lots/{lot_id}?utm_source=carton")
    assert made == [lot_id, lot_id]  # a bot's endless ?x=... cannot fill the memory
    for _ in range(2):
        client.get(f"/lots/{lot_id}?lang=ur")
    assert made == [lot_id, lot_id, lot_id]


def test_an_answer_not_kept_reads_the_lots_row_once_and_json_decodes_no_history(
    client, world, monkeypatch
):
    _, _, lot_id = world
    reads: list[str] = []
    one = QuickReads.one
    monkeypatch.setattr(QuickReads, "one", lambda self, *a: reads.append(a[0]) or one(self, *a))
    decoded = []
    history_from = api.routers.public.history_from
    monkeypatch.setattr(
        api.routers.public, "history_from", lambda *a: decoded.append(a) or history_from(*a)
    )
    data = client.get(f"/lots/{lot_id}?utm_source=carton", headers={"Accept": "application/json"})
    assert data.json()["lot_id"] == lot_id
    assert reads == [SELECT_PAGE] and decoded == []
    page = client.get(f"/lots/{lot_id}?utm_source=carton")  # the page shows the history
    assert "history" in page.text and len(decoded) == 1 and reads == [SELECT_PAGE] * 2


@pytest.mark.both_backends
def test_while_a_rebuild_makes_pages_again_answers_come_from_the_views(client, nishan, world, made):
    """A rebuilt view may say something else than the pages kept before it: until they are
    made again, answers are made from the views and not kept."""
    _, _, lot_id = world
    first = client.get(f"/lots/{lot_id}")
    with nishan.views.transaction() as cursor:  # a rebuild has swapped a view in
        cursor.execute("UPDATE projection_restarts SET restarts = restarts + 1")
    assert [client.get(f"/lots/{lot_id}").content for _ in range(2)] == [first.content] * 2
    assert made == [lot_id] * 3
    nishan.updater.rebuild("lot_compliance")  # and then makes the pages again
    assert client.get(f"/lots/{lot_id}").content == first.content
    # The page made again holds what it held before: its digest is the same, and the answer
    # kept for that digest is served.
    assert made == [lot_id] * 3


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)  # SQLite has no server
def test_a_dropped_database_connection_costs_no_error(client, nishan, world, database_url):
    """PostgreSQL restarted, failed over or killed idle connections: the next pages answer."""
    _, _, lot_id = world
    assert client.get(f"/lots/{lot_id}").status_code == 200
    database = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        )
    assert [client.get(f"/lots/{lot_id}").status_code for _ in range(6)] == [200] * 6


@pytest.fixture
def row_reads(monkeypatch) -> list[str]:
    """The lots whose kept row was read to check a kept answer."""
    reads: list[str] = []
    check = api.routers.public.kept_page

    def counting(request, lot_id):
        reads.append(lot_id)
        return check(request, lot_id)

    monkeypatch.setattr(api.routers.public, "kept_page", counting)
    return reads


def suspend(scenario, nishan, factory_id) -> None:
    """Child labour found at the factory: suspended. The lot was made before, so it is now
    verified at production, no longer verified."""
    visit = scenario.schedule_visit(factory_id, planned_on="2026-11-25")
    finding = expect(scenario.record_finding(visit, indicator="CL-01"), 201)["finding_id"]
    scenario.plan_action(visit, finding)
    assert scenario.complete(visit) == "fail"
    caught_up(nishan)


def verdict(client, lot_id, **headers) -> str:
    answer = client.get(f"/lots/{lot_id}", headers={"Accept": "application/json", **headers})
    return answer.json()["verdict"]


def test_within_the_recheck_window_a_kept_answer_is_sent_without_reading_its_row(
    client, nishan, world, made, row_reads
):
    scenario, factory_id, lot_id = world
    client.app.state.page_cache.recheck_seconds = 60
    assert verdict(client, lot_id) == "verified"
    for _ in range(5):
        assert verdict(client, lot_id) == "verified"
    assert made == [lot_id] and row_reads == [lot_id]  # one read, five answers unread
    suspend(scenario, nishan, factory_id)
    assert verdict(client, lot_id) == "verified"  # a moment old, as the window allows
    assert made == [lot_id]


@pytest.mark.parametrize(
    "asking",
    [
        {"Cache-Control": "max-age=0"},  # a browser's reload
        {"Cache-Control": "no-cache"},  # a forced reload
        {"Nishan-Read-After": "Inspections=1"},  # a client waiting for its own write
    ],
)
def test_a_client_that_asks_for_the_lot_as_it_is_now_gets_it_within_the_window(
    client, nishan, world, asking
):
    scenario, factory_id, lot_id = world
    client.app.state.page_cache.recheck_seconds = 60
    assert verdict(client, lot_id) == "verified"
    suspend(scenario, nishan, factory_id)
    assert verdict(client, lot_id, **asking) == "verified_at_production"
    assert verdict(client, lot_id) == "verified_at_production"  # and the kept answer is the new one


def test_after_the_window_the_row_is_read_again(client, nishan, world, row_reads):
    scenario, factory_id, lot_id = world
    client.app.state.page_cache.recheck_seconds = 0.3
    assert verdict(client, lot_id) == "verified"
    suspend(scenario, nishan, factory_id)
    time.sleep(0.35)
    assert verdict(client, lot_id) == "verified_at_production"
    assert row_reads == [lot_id, lot_id]


def test_each_read_that_confirms_an_answer_opens_a_new_window(client, world, row_reads):
    _, _, lot_id = world
    client.app.state.page_cache.recheck_seconds = 0.2
    assert verdict(client, lot_id) == "verified"
    time.sleep(0.25)
    for _ in range(4):  # the first reads the row again, the others are within its window
        assert verdict(client, lot_id) == "verified"
    assert row_reads == [lot_id, lot_id]


def test_a_cartons_digital_link_within_the_window_is_not_looked_up_again(
    client, world, monkeypatch
):
    _, _, lot_id = world
    client.app.state.page_cache.recheck_seconds = 60
    lookups = []
    look_up = api.routers.digital_link.find_lots_by_gs1

    def counting(*args):
        lookups.append(args[1:])
        return look_up(*args)

    monkeypatch.setattr(api.routers.digital_link, "find_lots_by_gs1", counting)
    scans = [client.get("/01/08961234567894/10/C-1") for _ in range(5)]
    assert {scan.status_code for scan in scans} == {200}
    assert len({scan.headers["etag"] for scan in scans}) == 1
    assert lot_id in scans[-1].text
    assert lookups == [("08961234567894", "C-1")]
    head = client.head("/01/08961234567894/10/C-1")
    assert head.status_code == 200 and head.headers["etag"] == scans[0].headers["etag"]


def test_every_way_of_writing_a_lots_address_shares_one_kept_answer(client, world, made):
    _, _, lot_id = world
    addresses = [
        f"/lots/{lot_id}",
        f"/lots/{lot_id.upper()}",
        f"/lots/urn:uuid:{lot_id}",
        "/01/08961234567894/10/C-1",
        "/01/8961234567894/10/C-1",  # the GTIN-13 as printed, without its leading zero
        "/01/08961234567894/10/C-1/21/0001",  # one carton's serial
        "/01/08961234567894/10/C-1/21/0002",  # and another's
    ]
    answers = [client.get(address) for address in addresses]
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.headers["etag"] for answer in answers}) == 1
    assert made == [lot_id]  # made once, for the first; the others were kept
    german = client.get("/01/08961234567894/10/C-1/21/0003", headers={"Accept-Language": "de"})
    assert german.headers["content-language"] == "de" and made == [lot_id, lot_id]


def test_a_served_app_keeps_answers_unread_as_long_as_its_setting_says(settings):
    system = Nishan(settings.model_copy(update={"page_cache_recheck_seconds": 5.0}))
    try:
        with TestClient(create_app(nishan=system)) as served:
            assert served.app.state.page_cache.recheck_seconds == 5.0
    finally:
        system.close()


def test_a_new_day_reads_the_row_within_the_window(client, world, made, monkeypatch):
    _, _, lot_id = world
    client.app.state.page_cache.recheck_seconds = 60
    client.get(f"/lots/{lot_id}")
    monkeypatch.setattr(api.routers.public, "today_in_pakistan", lambda: date(2099, 1, 1))
    assert client.get(f"/lots/{lot_id}").status_code == 200
    assert made == [lot_id, lot_id]
