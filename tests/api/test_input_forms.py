"""Bad input, refused the same way everywhere: days within 1900-2999 on writes as on reads, no
Unix timestamps, decimals and days taken only as written, bodies only as UTF-8 JSON, the
token checked before anything is parsed; 405s say what is allowed and every GET answers HEAD;
and the OpenAPI document declares what the checks are."""

from datetime import timedelta
from uuid import uuid4

import pytest

from api.boundary import NON_BLANK_TEXT, TEXT
from api.input_formats import DAY_PATTERN
from domain.clock import today_in_pakistan
from tests.api.scenario import LOT, SHIPMENT, bearer, expect, heads
from tests.api.test_safe_input import fields_of, refused

FAR_OFF = ("9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01")


@pytest.mark.parametrize("day", FAR_OFF)
def test_days_far_off_are_refused_on_every_write_and_nothing_is_written(
    client, nishan, scenario, day
):
    factory = scenario.register_factory()
    visit = scenario.schedule_visit(factory)
    finding = expect(scenario.record_finding(visit, indicator="WT-02"), 201)["finding_id"]
    before = heads(nishan)
    writes = [
        ("/lots", scenario.exporter, {**LOT, "produced_from": day}, "produced_from"),
        ("/lots", scenario.exporter, {**LOT, "produced_until": day}, "produced_until"),
        ("/shipments", scenario.exporter, {**SHIPMENT, "planned_departure": day},
         "planned_departure"),
        ("/inspections", scenario.admin,
         {"factory_id": factory, "inspector_id": scenario.inspector_id, "planned_on": day},
         "planned_on"),
        ("/grievances", scenario.admin,
         {"factory_id": factory, "channel": "hotline", "category": "WB", "summary": "Late wages",
          "received_on": day}, "received_on"),
        (f"/inspections/{visit}/findings/{finding}/corrective-actions", scenario.inspector,
         {"description": "Pay on time", "owner": "HR", "deadline": day,
          "verification": "desk_review"}, "deadline"),
    ]  # fmt: skip
    for path, token, body, field in writes:
        answer = refused(client.post(path, headers=bearer(token), json=body), 422, "invalid_input")
        assert fields_of(answer) == [field], path
        assert day not in answer["message"]  # the value sent is never echoed
    assert heads(nishan) == before


def test_a_grievance_cannot_be_received_in_the_future(client, nishan, scenario):
    factory = scenario.register_factory()
    tomorrow = (today_in_pakistan() + timedelta(days=1)).isoformat()
    before = heads(nishan)
    body = {"factory_id": factory, "channel": "hotline", "category": "WB", "summary": "Late pay"}
    response = client.post(
        "/grievances", headers=bearer(scenario.admin), json={**body, "received_on": tomorrow}
    )
    refused(response, 422, "received_in_the_future")
    assert heads(nishan) == before
    today = today_in_pakistan().isoformat()
    expect(
        client.post(
            "/grievances", headers=bearer(scenario.admin), json={**body, "received_on": today}
        ),
        201,
    )


@pytest.mark.parametrize("on", ["0", "1700000000", "1700000000.5", "20261120", "2026-11-20T00:00"])
def test_a_day_asked_about_is_a_day_never_a_timestamp(client, scenario, on):
    factory = scenario.register_factory()
    me = expect(client.get("/accounts/me", headers=bearer(scenario.inspector)), 200)
    for path in (f"/accounts/{me['account_id']}", f"/factories/{factory}/certification"):
        answer = client.get(path, params={"on": on}, headers=bearer(scenario.admin))
        assert fields_of(refused(answer, 422, "invalid_input")) == ["query.on"], path
    lot = scenario.create_lot()
    refused(client.get(f"/lots/{lot}", params={"as_of": on}), 422, "invalid_as_of")
    for path in (f"/accounts/{me['account_id']}", f"/factories/{factory}/certification"):
        answer = client.get(path, params={"on": "2026-11-20"}, headers=bearer(scenario.admin))
        assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    "quantity", [" 5", "5 ", "+5", "-5", "5e2", "1_000", "0x10", "0", "0.000", "5.0001", "", True]
)
def test_a_quantity_is_taken_only_as_written(client, nishan, scenario, quantity):
    before = heads(nishan)
    response = client.post(
        "/lots", headers=bearer(scenario.exporter), json={**LOT, "quantity": quantity}
    )
    assert fields_of(refused(response, 422, "invalid_input")) == ["quantity"]
    assert heads(nishan) == before


@pytest.mark.parametrize("quantity", ["5", "12500.5", "0.001", 5, 12.5, 1e-3, 7.0])
def test_decimals_are_taken_as_text_or_as_json_numbers(client, scenario, quantity):
    response = client.post(
        "/lots", headers=bearer(scenario.exporter), json={**LOT, "quantity": quantity}
    )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("day", ["2026-11-01T00:00:00", "2026-11-01 ", "20261101", "2026-11-1",
                                 "2026-02-30", 20261101])  # fmt: skip
def test_a_day_is_written_yyyy_mm_dd_and_nothing_else(client, scenario, day):
    response = client.post(
        "/lots", headers=bearer(scenario.exporter), json={**LOT, "produced_from": day}
    )
    assert fields_of(refused(response, 422, "invalid_input")) == ["produced_from"]


def test_a_count_written_as_an_integral_json_number_is_that_count(client, scenario):
    visit = scenario.schedule_visit(scenario.register_factory())
    answer = client.post(
        f"/inspections/{visit}/interviews",
        headers=bearer(scenario.inspector),
        json={"women": 3.0, "men": 2},
    )
    assert answer.status_code == 204, answer.text
    half = client.post(
        f"/inspections/{visit}/interviews", headers=bearer(scenario.inspector), json={"men": 2.5}
    )
    assert fields_of(refused(half, 422, "invalid_input")) == ["men"]


@pytest.mark.parametrize(
    "body",
    [
        b"\xef\xbb\xbf" + b'{"product": "Gloves"}',  # UTF-8 with a byte order mark
        '{"product": "Gloves"}'.encode("utf-16"),  # UTF-16 with its mark
        '{"product": "Gloves"}'.encode("utf-16-le"),  # and without one
        '{"product": "Gloves"}'.encode("utf-32-be"),
        b'{"product": "Gl\xf6ves"}',  # Latin-1
    ],
)
def test_a_body_is_json_in_utf8_or_it_is_refused(client, nishan, scenario, body):
    before = heads(nishan)
    headers = {**bearer(scenario.exporter), "Content-Type": "application/json"}
    refused(client.post("/lots", headers=headers, content=body), 400, "unreadable_body")
    assert heads(nishan) == before


@pytest.mark.parametrize("token", [None, "nsh_not-a-token"])
def test_a_command_without_a_valid_token_is_refused_before_its_body_is_read(client, token):
    headers = {"Content-Type": "application/json", **(bearer(token) if token else {})}
    for body in (b"{not json", b"\xff\xfe{", b'{"unknown": 1}'):
        answer = client.post("/lots", headers=headers, content=body)
        assert answer.status_code == 401, answer.text
        assert answer.json()["code"] == ("invalid_token" if token else "unauthenticated")
        assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_a_method_an_address_does_not_take_is_405_with_what_it_takes(client, scenario):
    lot = scenario.create_lot()
    for method, path in (("DELETE", "/catalogue"), ("POST", f"/lots/{lot}"), ("PUT", "/lots")):
        answer = client.request(method, path, headers=bearer(scenario.exporter))
        assert (answer.status_code, answer.json()["code"]) == (405, "method_not_allowed")
        assert answer.headers["Allow"], path
    assert client.delete("/catalogue").headers["Allow"] == "GET, HEAD"
    assert client.put("/lots").headers["Allow"] == "GET, HEAD, POST"  # two routers' methods


def test_every_public_get_answers_head_as_it_answers_get(client, verified_lot):
    from api.access import Public, api_routes, rules_of

    values = {"lot_id": verified_lot, "image_format": "png", "extension": "csv"}
    public = [
        route.path
        for route in api_routes(client.app)
        if "GET" in route.methods and isinstance(rules_of(route)[0], Public)
    ]
    tried = 0
    for path in public:
        try:
            url = path.format(**values)
        except KeyError:
            continue  # a path parameter this test has no value for
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code, url
        assert head.content == b"", url
        for name in ("content-type", "etag", "content-length", "cache-control"):
            assert head.headers.get(name) == got.headers.get(name), (url, name)
        tried += 1
    assert tried >= 10
    assert client.head(f"/lots/{uuid4()}").status_code == 404


def test_the_document_declares_what_the_checks_are(client):
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    lot = schemas["LotCreate"]["properties"]
    assert lot["produced_from"]["pattern"] == DAY_PATTERN
    assert lot["product"]["pattern"] == NON_BLANK_TEXT  # required text: not blank
    assert schemas["LotsMerge"]["properties"]["product"]["pattern"] == TEXT
    as_text = next(c for c in lot["quantity"]["anyOf"] if c["type"] == "string")
    assert "pattern" in as_text
    as_number = next(c for c in lot["quantity"]["anyOf"] if c["type"] == "number")
    assert as_number["multipleOf"] == 0.001 and as_number["exclusiveMinimum"] == 0
    assert lot["gtin"]["anyOf"][0]["format"] == "gtin"
    update = schemas["FactoryUpdate"]["properties"]
    assert "anyOf" not in update["name"] and "anyOf" not in update["workforce"]
    assert {c.get("type") for c in update["location"]["anyOf"]} >= {"null"}  # may be removed
    on = next(
        p
        for p in document["paths"]["/factories/{factory_id}/certification"]["get"]["parameters"]
        if p["name"] == "on"
    )
    assert on["schema"]["anyOf"][0]["pattern"] == DAY_PATTERN


@pytest.mark.parametrize(
    "moment",
    [
        "2026-W49-3T23:00:00+05:00",  # a week date
        "20261203T000000Z",  # the basic form
        "2026-12-02T23+05:00",  # hours alone
        "2026-12-02 14:30:00+05:00",  # a space for the T
        "2026-12-02T14:30:00+05:00:30",  # an offset with seconds
        "2026-12-02T14:30:00.123456789+05:00",  # nanoseconds
    ],
)
def test_a_moment_is_only_written_as_the_document_declares(client, scenario, moment):
    lot = scenario.create_lot()
    for path in (f"/lots/{lot}", f"/lots/{lot}/history"):
        refused(client.get(path, params={"as_of": moment}), 422, "invalid_as_of")
    for allowed in ("2026-12-02", "2026-12-02T14:30:00Z", "2026-12-02T14:30:00.5+05:00"):
        answer = client.get(f"/lots/{lot}/history", params={"as_of": allowed})
        assert answer.status_code in (200, 404), answer.text
