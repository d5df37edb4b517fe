"""GET /factories: the registry, for anyone signed in, found by place, sector, public status
today and by name or National Tax Number, a page at a time."""

from datetime import date, timedelta

import pytest

import api.routers.factories
from tests.api.scenario import Scenario, bearer, caught_up, expect

KORANGI_NTN = "7104231-5"


@pytest.fixture
def registry(client, nishan):
    """Four factories: Korangi Leather Works (Karachi, certified by a clean visit), Kotri
    Textiles (Hyderabad), Ümit Tanneries (Karachi) and "100% Co_op Sports" (Sialkot, Punjab),
    registered in that order."""
    scenario = Scenario.start(client, nishan)
    factories = {
        "korangi": scenario.register_factory(name="Korangi Leather Works", ntn=KORANGI_NTN),
        "kotri": scenario.register_factory(
            name="Kotri Textiles", district="Hyderabad", sector="1312", ntn="71042328"
        ),
        "umit": scenario.register_factory(name="Ümit Tanneries", sector="1511", ntn="6200001-4"),
        "coop": scenario.register_factory(
            name="100% Co_op Sports", province="Punjab", district="Sialkot", sector="3230"
        ),
    }
    scenario.complete(scenario.schedule_visit(factories["korangi"]))
    caught_up(nishan)
    return scenario, factories


def listed(client, token, **query) -> list[str]:
    answer = expect(client.get("/factories", headers=bearer(token), params=query), 200)
    return [factory["factory_id"] for factory in answer["factories"]]


def named(registry, *names: str) -> list[str]:
    return [registry[1][name] for name in names]


def test_every_role_sees_the_registry_newest_first_with_each_public_status(client, registry):
    scenario, factories = registry
    newest_first = named(registry, "coop", "umit", "kotri", "korangi")
    for token in (scenario.admin, scenario.inspector, scenario.exporter):
        assert listed(client, token) == newest_first
    answer = expect(client.get("/factories", headers=bearer(scenario.exporter)), 200)
    korangi = next(f for f in answer["factories"] if f["factory_id"] == factories["korangi"])
    public = expect(client.get(f"/factories/{factories['korangi']}"), 200)
    for field in ("name", "province", "district", "sector", "status", "valid_until"):
        assert korangi[field] == public[field], field
    assert korangi["status"] == "certified" and korangi["valid_until"]
    assert "ntn" not in korangi and KORANGI_NTN not in str(answer)  # found by it, never shown


def test_sort_by_name_lists_them_alphabetically_in_any_case(client, registry):
    scenario, _ = registry
    by_name = named(registry, "coop", "korangi", "kotri", "umit")
    assert listed(client, scenario.admin, sort="name") == by_name


def test_the_place_sector_and_status_filters_narrow_the_list(client, registry):
    scenario, _ = registry
    admin = scenario.admin
    assert listed(client, admin, province="Punjab") == named(registry, "coop")
    assert listed(client, admin, province=" punjab ") == named(registry, "coop")  # any case
    assert listed(client, admin, district="Sialkot ") == named(registry, "coop")  # trimmed
    assert listed(client, admin, province="Sindh", district="karachi") == named(
        registry, "umit", "korangi"
    )
    assert listed(client, admin, sector="1312") == named(registry, "kotri")
    # A division finds its classes: textiles (13) holds weaving (1312), leather (15) both
    # tanning (1511) and luggage (1512).
    assert listed(client, admin, sector="13") == named(registry, "kotri")
    assert listed(client, admin, sector="15") == named(registry, "umit", "korangi")
    assert listed(client, admin, status="certified") == named(registry, "korangi")
    assert listed(client, admin, status=["not_certified", "suspended"]) == named(
        registry, "coop", "umit", "kotri"
    )
    assert listed(client, admin, status="expired") == []
    assert listed(client, admin, district="Karachi", status="not_certified") == named(
        registry, "umit"
    )


def test_an_unknown_province_or_sector_is_refused_with_what_is_known(client, registry):
    scenario, _ = registry
    for query, code in (
        ({"province": "Atlantis"}, "unknown_province"),
        ({"sector": "9999"}, "unknown_sector"),
    ):
        answer = client.get("/factories", headers=bearer(scenario.admin), params=query)
        assert answer.status_code == 422 and answer.json()["code"] == code, answer.text
        assert (
            "GET /vocabularies" in answer.json()["message"] or "Punjab" in answer.json()["message"]
        )


def test_a_refused_pattern_is_said_in_words_not_as_a_regular_expression(client, registry):
    scenario, _ = registry
    answer = client.get("/factories", headers=bearer(scenario.admin), params={"q": "a\x01b"})
    assert answer.status_code == 422, answer.text
    [field] = answer.json()["fields"]
    assert field["field"] == "query.q" and "control characters" in field["message"], field
    assert "^" not in answer.json()["message"]


@pytest.mark.both_backends  # LIKE, its escapes and the folding of case are the database's
def test_q_finds_a_name_by_any_part_of_it_in_any_case(client, registry):
    scenario, _ = registry
    admin = scenario.admin
    assert listed(client, admin, q="korangi") == named(registry, "korangi")
    assert listed(client, admin, q="LEATHER") == named(registry, "korangi")  # a word's start
    assert listed(client, admin, q="ther wo") == named(registry, "korangi")  # anywhere
    assert listed(client, admin, q="ko") == named(registry, "kotri", "korangi")
    assert (
        listed(client, admin, q="ümit")
        == listed(client, admin, q="ÜMIT")
        == named(registry, "umit")
    )
    # LIKE's wildcards in what is typed stand for themselves.
    assert listed(client, admin, q="100%") == named(registry, "coop")
    assert listed(client, admin, q="o_o") == named(registry, "coop")
    assert listed(client, admin, q="%") == named(registry, "coop")
    assert listed(client, admin, q="_") == named(registry, "coop")
    assert listed(client, admin, q="Faisalabad") == []


@pytest.mark.both_backends
def test_q_finds_a_factory_by_its_whole_ntn_with_or_without_its_dash_and_never_by_a_part(
    client, registry
):
    """A part of an NTN finds nothing by it: else an exporter, who may not see NTNs, could
    find a factory's digit by digit, ten guesses a digit."""
    scenario, _ = registry
    for token in (scenario.admin, scenario.exporter):
        for typed in ("7104231-5", "71042315", " 7104231-5 ", "7104231 5"):
            assert listed(client, token, q=typed) == named(registry, "korangi"), typed
        # Registered as 71042328, found as 7104232-8 too.
        assert listed(client, token, q="7104232-8") == named(registry, "kotri")
        assert listed(client, token, q="6200001-4") == named(registry, "umit")
        for part in ("7", "710423", "7104231", "7104231-", "1042315"):
            assert listed(client, token, q=part) == [], part
        assert listed(client, token, q="7104231-6") == []


@pytest.mark.both_backends  # days compared as the database compares text
def test_a_certificate_that_expired_is_not_listed_as_certified(client, registry, monkeypatch):
    scenario, factories = registry
    admin = scenario.admin
    korangi = factories["korangi"]
    valid_until = date.fromisoformat(
        expect(client.get(f"/factories/{korangi}"), 200)["valid_until"]
    )

    def on(day: date) -> None:
        monkeypatch.setattr(api.routers.factories, "today_in_pakistan", lambda: day)

    on(valid_until)  # its last valid day
    assert listed(client, admin, status="certified") == [korangi]
    on(valid_until + timedelta(days=1))  # expired today
    assert listed(client, admin, status="certified") == []
    assert listed(client, admin, status="expired") == [korangi]
    answer = expect(client.get("/factories", headers=bearer(admin), params={"q": "korangi"}), 200)
    [shown] = answer["factories"]
    public = expect(client.get(f"/factories/{korangi}"), 200)
    assert shown["status"] == public["status"] == "expired"
    assert shown["valid_until"] is public["valid_until"] is None


def test_a_certificate_whose_condition_is_overdue_is_listed_so(client, nishan, monkeypatch):
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory(name="Landhi Gloves")
    visit = scenario.schedule_visit(factory)
    finding = expect(scenario.record_finding(visit, indicator="WT-02", severity="minor"), 201)
    scenario.plan_action(visit, finding["finding_id"], deadline="2026-12-31")
    scenario.complete(visit)
    caught_up(nishan)
    admin = scenario.admin
    assert listed(client, admin, status="certified_with_conditions") == [factory]
    monkeypatch.setattr(api.routers.factories, "today_in_pakistan", lambda: date(2027, 1, 1))
    assert listed(client, admin, status="certified_with_conditions") == []
    assert listed(client, admin, status="conditions_overdue") == [factory]
    public = expect(client.get(f"/factories/{factory}"), 200)
    assert public["status"] == "conditions_overdue"


@pytest.mark.both_backends  # the order of rows and of row values is the database's
@pytest.mark.parametrize("sort", ["-registered_at", "name"])
def test_pages_follow_each_other_and_a_foreign_cursor_is_refused(client, registry, sort):
    scenario, _ = registry
    admin = bearer(scenario.admin)
    seen, cursor = [], None
    while True:
        query = {"limit": 1, "sort": sort, **({"cursor": cursor} if cursor else {})}
        answer = expect(client.get("/factories", headers=admin, params=query), 200)
        assert len(answer["factories"]) == 1
        seen += [factory["factory_id"] for factory in answer["factories"]]
        if (cursor := answer["next_cursor"]) is None:
            break
    assert seen == listed(client, scenario.admin, sort=sort) and len(seen) == 4
    first = expect(client.get("/factories", headers=admin, params={"limit": 1, "sort": sort}), 200)
    other = "name" if sort != "name" else "-registered_at"
    for cursor in (first["next_cursor"], "bm90LWEtY3Vyc29y", "%%%"):
        refused = client.get("/factories", headers=admin, params={"cursor": cursor, "sort": other})
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_cursor"


def test_a_long_name_in_another_script_pages_on(client, nishan):
    """A page after a name carries it in the cursor: the longest name still fits."""
    scenario = Scenario.start(client, nishan)
    long_names = ["ﺭ" * 200, "ﺭ" * 199 + "ﺯ"]
    made = [scenario.register_factory(name=name) for name in long_names]
    caught_up(nishan)
    first = expect(
        client.get(
            "/factories", headers=bearer(scenario.admin), params={"sort": "name", "limit": 1}
        ),
        200,
    )
    query = {"sort": "name", "limit": 1, "cursor": first["next_cursor"]}
    second = expect(client.get("/factories", headers=bearer(scenario.admin), params=query), 200)
    assert [first["factories"][0]["factory_id"], second["factories"][0]["factory_id"]] == made


def test_anonymous_callers_and_bad_filters_are_refused(client, registry):
    scenario, _ = registry
    assert client.get("/factories").status_code == 401
    admin = bearer(scenario.admin)
    for query in ({"status": "lost"}, {"sector": "soccer"}, {"limit": 0}, {"sort": "ntn"}):
        assert client.get("/factories", headers=admin, params=query).status_code == 422, query


def test_an_account_whose_role_was_revoked_is_refused(client, registry):
    scenario, _ = registry
    me = expect(client.get("/accounts/me", headers=bearer(scenario.exporter)), 200)
    revoked = client.post(
        f"/accounts/{me['account_id']}/role/revoke",
        headers=bearer(scenario.admin),
        json={"reason": "Left the company"},
    )
    assert revoked.status_code in (200, 204), revoked.text
    refused = client.get("/factories", headers=bearer(scenario.exporter))
    assert refused.status_code == 403


@pytest.mark.both_backends  # each database says "no such table" its own way
def test_a_registry_not_made_yet_answers_views_behind_until_it_is(client, nishan):
    """Served by a release whose worker has not made the factory_registry view yet: a
    moment's wait, never a 500; the file too."""
    scenario = Scenario.start(client, nishan)
    factory = scenario.register_factory()
    caught_up(nishan)
    with nishan.views.transaction() as cursor:
        cursor.execute("DROP TABLE factory_registry")
    admin = bearer(scenario.admin)
    for path in ("/factories", f"/factories/{factory}/file"):
        answer = client.get(path, headers=admin)
        assert answer.status_code == 503 and answer.json()["code"] == "views_behind", path
        assert answer.headers["retry-after"] == "10"
