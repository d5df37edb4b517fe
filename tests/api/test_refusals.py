"""Bad input and broken rules get a clear 4xx answer with a stable code, and write nothing."""

from uuid import uuid4

import pytest

from tests.api.scenario import LOT, bearer, heads
from tests.samples import factory_body


def test_a_lot_at_an_uncertified_factory_is_refused_with_a_reason_and_nothing_is_written(
    scenario, nishan
):
    factory_id = scenario.register_factory()
    lot_id = scenario.create_lot()
    before = heads(nishan)
    response = scenario.attach(lot_id, factory_id, "tanning")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "factory_not_certified"
    assert "Korangi Leather Works is not certified" in body["message"]
    assert heads(nishan) == before


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "unauthenticated"),
        (bearer("nsh_not-a-real-token"), "invalid_token"),
        ({"Authorization": "Basic dXNlcjpwdw=="}, "unauthenticated"),
    ],
)
def test_commands_without_a_valid_token_are_401(client, nishan, headers, code):
    before = heads(nishan)
    response = client.post("/factories", headers=headers, json=factory_body())
    assert response.status_code == 401
    assert response.json()["code"] == code
    assert response.headers["www-authenticate"] == "Bearer"
    assert heads(nishan) == before


def test_a_role_that_may_not_act_is_403(client, nishan, scenario):
    before = heads(nishan)
    response = client.post("/factories", headers=bearer(scenario.exporter), json=factory_body())
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden_role"
    response = client.post("/lots", headers=bearer(scenario.inspector), json=LOT)
    assert response.status_code == 403
    assert heads(nishan) == before


def test_a_malformed_body_is_422_naming_the_field_at_fault(client, nishan, scenario):
    before = heads(nishan)
    response = client.post(
        "/lots", headers=bearer(scenario.exporter), json={**LOT, "quantity": "a lot"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [f["field"] for f in body["fields"]] == ["quantity"]
    assert "quantity" in body["message"]
    assert heads(nishan) == before


def test_unknown_fields_cannot_be_smuggled_in(client, scenario):
    response = client.post(
        "/factories", headers=bearer(scenario.admin), json={**factory_body(), "certified": True}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "certified"


def test_a_body_that_is_not_json_is_422_not_500(client, scenario):
    headers = {**bearer(scenario.exporter), "Content-Type": "application/json"}
    response = client.post("/lots", headers=headers, content=b"{not json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_unknown_factories_and_lots_are_404(client, scenario):
    response = scenario.attach(scenario.create_lot(), str(uuid4()), "tanning")
    assert response.status_code == 404
    assert response.json()["code"] == "factory_not_found"
    response = scenario.attach(str(uuid4()), str(uuid4()), "tanning")
    assert response.status_code == 404
    assert response.json()["code"] == "lot_not_found"
    assert client.get(f"/factories/{uuid4()}").status_code == 404


def test_another_exporters_lot_is_404_and_reveals_nothing(nishan, scenario):
    lot_id = scenario.create_lot()
    factory_id = scenario.register_factory()
    before = heads(nishan)
    response = scenario.attach(lot_id, factory_id, "tanning", token=scenario.rival_exporter)
    missing_id = str(uuid4())
    missing = scenario.attach(missing_id, factory_id, "tanning", token=scenario.rival_exporter)
    # Answered exactly as a lot that does not exist: nothing tells the two apart.
    assert response.status_code == missing.status_code == 404
    assert response.text == missing.text.replace(missing_id, lot_id)
    assert heads(nishan) == before


def test_a_completed_inspection_takes_no_findings(scenario):
    visit = scenario.schedule_visit(scenario.register_factory())
    scenario.complete(visit)
    response = scenario.record_finding(visit, indicator="CL-01", severity="critical")
    assert response.status_code == 422
    assert response.json()["code"] == "inspection_completed"


def test_an_unknown_lot_page_is_a_friendly_404(client):
    page = client.get(f"/lots/{uuid4()}", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "We could not find this lot" in page.text
    assert client.get("/lots/not-a-uuid/qr.png").status_code == 404
    machine = client.get("/lots/not-a-uuid", headers={"Accept": "application/json"})
    assert machine.json()["code"] == "lot_not_found"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Evil\x00Works"),
        ("district", "Sialkot\x1b[31m"),
        ("ntn", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667-\u0668"),
    ],
)
def test_control_characters_and_non_ascii_digits_are_refused(
    client, nishan, scenario, field, value
):
    before = heads(nishan)
    response = client.post(
        "/factories", headers=bearer(scenario.admin), json={**factory_body(), field: value}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == field
    assert heads(nishan) == before


def test_a_finding_against_an_unknown_indicator_is_422_and_writes_nothing(nishan, scenario):
    visit = scenario.schedule_visit(scenario.register_factory())
    before = heads(nishan)
    response = scenario.record_finding(visit, indicator="XX-99")
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_indicator"
    assert heads(nishan) == before


def test_a_lot_with_a_wrong_gtin_check_digit_is_422(client, nishan, scenario):
    before = heads(nishan)
    response = client.post(
        "/lots", headers=bearer(scenario.exporter), json={**LOT, "gtin": "4006381333932"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_gtin"
    assert heads(nishan) == before


def test_a_body_that_is_not_text_is_400_with_a_stable_code_and_writes_nothing(scenario, nishan):
    before = heads(nishan)
    response = scenario.client.post(
        "/lots",
        headers={**bearer(scenario.exporter), "Content-Type": "application/json"},
        content=b'{"product": "\xff"}',  # not UTF-8: it cannot even be read as JSON text
    )
    assert response.status_code == 400
    answer = response.json()
    assert (answer["code"], answer["message"]) == (
        "unreadable_body",
        "The request body could not be read: send JSON, encoded as UTF-8.",
    )
    assert heads(nishan) == before


def test_days_and_moments_far_outside_the_record_are_refused_not_a_500(
    client, nishan, scenario, verified_lot
):
    # A day's end, or a moment in UTC, past what Python's dates hold once overflowed into 500s.
    json = {"Accept": "application/json"}
    for far in ("9999-12-31", "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+05:00"):
        for path in (f"/lots/{verified_lot}", f"/lots/{verified_lot}/history"):
            answer = client.get(path, params={"as_of": far}, headers=json)
            assert answer.status_code == 422, (path, far, answer.text)
            assert answer.json()["code"] == "invalid_as_of"
    me = client.get("/accounts/me", headers=bearer(scenario.admin)).json()
    factory = scenario.register_factory()
    for path in (f"/accounts/{me['account_id']}", f"/factories/{factory}/certification"):
        for far in ("9999-12-31", "0001-01-01"):
            answer = client.get(path, params={"on": far}, headers=bearer(scenario.admin))
            assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input"), path
