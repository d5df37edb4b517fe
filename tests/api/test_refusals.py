"""Bad input and broken rules get a clear 4xx answer with a stable code, and write nothing."""

from uuid import uuid4

import pytest

from tests.api.conftest import bearer, open_accounts

FACTORY = {
    "name": "Korangi Leather Works",
    "ntn": "3318804-6",
    "address": "Sector 7-A",
    "province": "Sindh",
    "district": "Karachi",
    "sector": "leather goods",
}
LOT = {"product": "Leather gloves", "hs_code": "420329", "quantity": "1500", "unit": "pairs"}


@pytest.fixture
def tokens(client, nishan):
    return open_accounts(client, nishan)


def heads(nishan) -> tuple:
    return tuple(
        app.recorder.max_notification_id()
        for app in (nishan.accounts, nishan.inspections, nishan.traceability)
    )


def register_factory(client, tokens) -> str:
    response = client.post("/factories", headers=bearer(tokens.admin), json=FACTORY)
    assert response.status_code == 201, response.text
    return response.json()["factory_id"]


def create_lot(client, tokens, token=None) -> str:
    response = client.post("/lots", headers=bearer(token or tokens.exporter), json=LOT)
    assert response.status_code == 201, response.text
    return response.json()["lot_id"]


def test_a_lot_at_an_uncertified_factory_is_refused_with_a_reason_and_nothing_is_written(
    client, nishan, tokens
):
    factory_id = register_factory(client, tokens)
    lot_id = create_lot(client, tokens)
    before = heads(nishan)
    response = client.post(
        f"/lots/{lot_id}/factories",
        headers=bearer(tokens.exporter),
        json={"factory_id": factory_id, "stage": "tanning"},
    )
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
    response = client.post("/factories", headers=headers, json=FACTORY)
    assert response.status_code == 401
    assert response.json()["code"] == code
    assert response.headers["www-authenticate"] == "Bearer"
    assert heads(nishan) == before


def test_a_role_that_may_not_act_is_403(client, nishan, tokens):
    before = heads(nishan)
    response = client.post("/factories", headers=bearer(tokens.exporter), json=FACTORY)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden_role"
    response = client.post("/lots", headers=bearer(tokens.inspector), json=LOT)
    assert response.status_code == 403
    assert heads(nishan) == before


def test_a_malformed_body_is_422_naming_the_field_at_fault(client, nishan, tokens):
    before = heads(nishan)
    response = client.post(
        "/lots", headers=bearer(tokens.exporter), json={**LOT, "quantity": "a lot"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [f["field"] for f in body["fields"]] == ["quantity"]
    assert "quantity" in body["message"]
    assert heads(nishan) == before


def test_unknown_fields_cannot_be_smuggled_in(client, nishan, tokens):
    response = client.post(
        "/factories", headers=bearer(tokens.admin), json={**FACTORY, "certified": True}
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "certified"


def test_a_body_that_is_not_json_is_422_not_500(client, tokens):
    response = client.post(
        "/lots",
        headers={**bearer(tokens.exporter), "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_unknown_factories_and_lots_are_404(client, tokens):
    lot_id = create_lot(client, tokens)
    response = client.post(
        f"/lots/{lot_id}/factories",
        headers=bearer(tokens.exporter),
        json={"factory_id": str(uuid4()), "stage": "tanning"},
    )
    assert response.status_code == 404
    assert response.json()["code"] == "factory_not_found"
    response = client.post(
        f"/lots/{uuid4()}/factories",
        headers=bearer(tokens.exporter),
        json={"factory_id": str(uuid4()), "stage": "tanning"},
    )
    assert response.json()["code"] == "lot_not_found"
    assert client.get(f"/factories/{uuid4()}").status_code == 404


def test_another_exporters_lot_is_404_and_reveals_nothing(client, nishan, tokens):
    lot_id = create_lot(client, tokens)
    factory_id = register_factory(client, tokens)
    before = heads(nishan)
    response = client.post(
        f"/lots/{lot_id}/factories",
        headers=bearer(tokens.rival_exporter),
        json={"factory_id": factory_id, "stage": "tanning"},
    )
    assert response.status_code == 404
    assert lot_id not in response.text
    assert heads(nishan) == before


def test_a_completed_inspection_takes_no_findings(client, tokens):
    factory_id = register_factory(client, tokens)
    visit = client.post(
        "/inspections",
        headers=bearer(tokens.admin),
        json={
            "factory_id": factory_id,
            "inspector_id": tokens.inspector_id,
            "planned_on": "2026-11-20",
        },
    ).json()["inspection_id"]
    assert (
        client.post(f"/inspections/{visit}/complete", headers=bearer(tokens.inspector)).status_code
        == 200
    )
    response = client.post(
        f"/inspections/{visit}/findings",
        headers=bearer(tokens.inspector),
        json={"indicator": "CL-01", "severity": "critical"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "inspection_completed"


def test_an_unknown_lot_page_is_a_friendly_404(client):
    page = client.get(f"/lots/{uuid4()}", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "We could not find this lot" in page.text
    assert client.get("/lots/not-a-uuid/qr.png").status_code == 404
    machine = client.get("/lots/not-a-uuid", headers={"Accept": "application/json"})
    assert machine.json()["code"] == "lot_not_found"
