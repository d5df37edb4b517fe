"""Safe input on every route: bodies are bounded in size and refused before they are read whole,
JSON's types are taken as sent, every string, list and number is bounded, refusals name the
field and never echo what was sent, and every answer and log line carries the request's id."""

import asyncio
import http.client
import logging
import re
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.body_limit import MAX_BODY_BYTES, BodyLimit
from domain.accounts.account import CONSOLE
from domain.actor import Role
from tests.api.scenario import LOT, bearer, expect, heads
from tests.samples import factory_body

GENERATED_ID = re.compile(r"[0-9a-f]{32}")
TRACE_TEXT = ("Traceback", 'File "', "Error:")


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert not any(text in response.text for text in TRACE_TEXT)
    body = response.json()
    assert body["code"] == code
    return body


def fields_of(body: dict) -> list[str]:
    return [field["field"] for field in body["fields"]]


# Size


def test_a_body_over_the_limit_is_413_and_nothing_is_written(client, nishan, scenario):
    padding = "x" * MAX_BODY_BYTES
    before = heads(nishan)
    response = client.post(
        "/factories", headers=bearer(scenario.admin), json=factory_body(address=padding)
    )
    body = refused(response, 413, "body_too_large")
    assert "64 KiB" in body["message"]
    assert padding[:100] not in response.text
    assert heads(nishan) == before


def test_a_body_just_under_the_limit_is_read_and_judged_on_its_fields(client, scenario):
    body = factory_body(address="x" * (MAX_BODY_BYTES - 1000))
    response = client.post("/factories", headers=bearer(scenario.admin), json=body)
    assert fields_of(refused(response, 422, "invalid_input")) == ["address"]


def test_a_chunked_body_over_the_limit_is_413_and_nothing_is_written(client, nishan, scenario):
    def chunks():
        yield b'{"product": "'
        for _ in range(MAX_BODY_BYTES // 4096 + 2):
            yield b"y" * 4096
        yield b'"}'

    before = heads(nishan)
    headers = {**bearer(scenario.exporter), "Content-Type": "application/json"}
    response = client.post("/lots", headers=headers, content=chunks())
    assert "content-length" not in response.request.headers  # only the chunks tell the size
    refused(response, 413, "body_too_large")
    assert heads(nishan) == before


def test_uvicorn_refuses_a_chunked_body_over_the_limit(live_server):
    # Signed in: a command without a valid token is refused before its body is read at all.
    token = live_server.nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE)
    address = urlsplit(live_server.origin)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    chunks = [b'{"product": "'] + [b"z" * 8192] * 9 + [b'"}']
    connection.request(
        "POST",
        "/lots",
        body=iter(chunks),
        headers={
            "Content-Type": "application/json",
            "X-Request-ID": "chunked-1",
            **bearer(token.token),
        },
        encode_chunked=True,
    )
    answer = connection.getresponse()
    text = answer.read().decode()
    connection.close()
    assert answer.status == 413
    assert '"body_too_large"' in text
    assert answer.getheader("X-Request-ID") == "chunked-1"


class Chunks:
    """An ASGI receive that hands out `count` chunks and counts how many were taken."""

    def __init__(self, count: int, size: int) -> None:
        self.count, self.size, self.taken = count, size, 0

    async def __call__(self) -> dict:
        self.taken += 1
        more = self.taken < self.count
        return {"type": "http.request", "body": b"a" * self.size, "more_body": more}


def _serve(limit: int, headers: list, receive: Chunks) -> tuple[list[dict], bool]:
    """Run BodyLimit around an app that reads its body to the end; the messages sent back, and
    whether the app got the whole body."""
    sent: list[dict] = []
    whole = False

    async def app(scope, receive, send) -> None:
        nonlocal whole
        while (await receive()).get("more_body"):
            pass
        whole = True
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(BodyLimit(app, max_bytes=limit)(scope, receive, send))
    return sent, whole


def test_the_limit_stops_reading_a_stream_as_soon_as_it_is_passed():
    receive = Chunks(count=1000, size=1024)
    sent, whole = _serve(8 * 1024, [], receive)
    assert sent[0]["status"] == 413
    assert not whole
    assert receive.taken == 9  # eight chunks fit, the ninth passes the limit; none after it


def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read():
    receive = Chunks(count=1000, size=1024)
    sent, _ = _serve(8 * 1024, [(b"content-length", b"1024000")], receive)
    assert sent[0]["status"] == 413
    assert receive.taken == 0


def test_a_stream_within_the_limit_is_passed_on_whole():
    receive = Chunks(count=8, size=1024)
    sent, whole = _serve(8 * 1024, [], receive)
    assert sent[0]["status"] == 204
    assert whole


# Strict types


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"workforce": {"women": "40", "men": 160}}, "workforce.women"),
        ({"workforce": {"women": 40.5, "men": 160}}, "workforce.women"),
        ({"workforce": {"women": True, "men": 160}}, "workforce.women"),
        ({"name": 5}, "name"),
        ({"goods": [4203]}, "goods.0"),
        ({"location": {"latitude": True, "longitude": "74.5"}}, "location.latitude"),
    ],
)
def test_a_factory_body_is_not_coerced(client, nishan, scenario, overrides, field):
    before = heads(nishan)
    response = client.post(
        "/factories", headers=bearer(scenario.admin), json=factory_body(**overrides)
    )
    assert fields_of(refused(response, 422, "invalid_input")) == [field]
    assert heads(nishan) == before


@pytest.mark.parametrize("announced", ["true", "false", 1, 0, "yes"])
def test_a_boolean_is_only_true_or_false(client, nishan, scenario, announced):
    factory_id = scenario.register_factory()
    body = {
        "factory_id": factory_id,
        "inspector_id": scenario.inspector_id,
        "planned_on": "2026-11-20",
        "announced": announced,
    }
    before = heads(nishan)
    response = client.post("/inspections", headers=bearer(scenario.admin), json=body)
    body = refused(response, 422, "invalid_input")
    assert fields_of(body) == ["announced"]
    assert "announced" in body["message"]
    assert heads(nishan) == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hs_code": 420329}, "hs_code"),
        ({"produced_from": 20261001}, "produced_from"),
        ({"produced_from": 1790812800}, "produced_from"),  # a Unix timestamp is not a day
        ({"quantity": True}, "quantity"),
        ({"quantity": "NaN"}, "quantity"),
        ({"unit": 1}, "unit"),
    ],
)
def test_a_lot_body_is_not_coerced(client, nishan, scenario, overrides, field):
    before = heads(nishan)
    response = client.post("/lots", headers=bearer(scenario.exporter), json={**LOT, **overrides})
    assert fields_of(refused(response, 422, "invalid_input")) == [field]
    assert heads(nishan) == before


@pytest.mark.parametrize("quantity", ["1500", 1500, 1500.5, "1500.250"])
def test_json_has_no_decimal_so_a_quantity_is_a_number_or_its_text(client, scenario, quantity):
    # Dates and the unit's enum arrive as text, as JSON can only send them.
    response = client.post(
        "/lots", headers=bearer(scenario.exporter), json={**LOT, "quantity": quantity}
    )
    expect(response, 201)


def test_ids_and_days_are_read_from_their_text(client, scenario):
    factory_id = scenario.register_factory()
    body = {
        "factory_id": factory_id.upper(),
        "inspector_id": scenario.inspector_id,
        "planned_on": "2026-11-20",
        "announced": True,
    }
    expect(client.post("/inspections", headers=bearer(scenario.admin), json=body), 201)


def test_an_id_is_not_a_number(client, scenario):
    response = client.post(
        f"/lots/{scenario.create_lot()}/factories",
        headers=bearer(scenario.exporter),
        json={"factory_id": 12345, "stage": "tanning"},
    )
    assert fields_of(refused(response, 422, "invalid_input")) == ["factory_id"]


def test_a_finding_counts_workers_in_numbers_not_text(scenario):
    visit = scenario.schedule_visit(scenario.register_factory())
    response = scenario.record_finding(visit, indicator="CL-01", workers_affected="3")
    assert fields_of(refused(response, 422, "invalid_input")) == ["workers_affected"]


# Unknown fields


@pytest.mark.parametrize(
    ("path", "token", "body", "field"),
    [
        ("/factories", "admin", factory_body(certified=True), "certified"),
        ("/factories", "admin", factory_body(owner_id=str(uuid4())), "owner_id"),
        (
            "/factories",
            "admin",
            factory_body(workforce={"women": 1, "men": 1, "children": 0}),
            "workforce.children",
        ),
        ("/lots", "exporter", {**LOT, "owner_id": str(uuid4())}, "owner_id"),
        ("/lots", "exporter", {**LOT, "exporter_id": str(uuid4())}, "exporter_id"),
        ("/lots", "exporter", {**LOT, "certified": True}, "certified"),
    ],
)
def test_unknown_fields_are_refused_by_name_and_write_nothing(
    client, nishan, scenario, path, token, body, field
):
    before = heads(nishan)
    response = client.post(path, headers=bearer(getattr(scenario, token)), json=body)
    body = refused(response, 422, "invalid_input")
    assert fields_of(body) == [field]
    assert body["fields"][0]["type"] == "extra_forbidden"
    assert heads(nishan) == before


def test_an_unknown_field_cannot_be_smuggled_into_a_factory_update(client, nishan, scenario):
    factory_id = scenario.register_factory()
    before = heads(nishan)
    response = client.patch(
        f"/factories/{factory_id}", headers=bearer(scenario.admin), json={"certified": True}
    )
    assert fields_of(refused(response, 422, "invalid_input")) == ["certified"]
    assert heads(nishan) == before


# Bounds


@pytest.mark.parametrize(
    ("path", "token", "body", "field", "kind"),
    [
        ("/factories", "admin", factory_body(name="N" * 201), "name", "string_too_long"),
        ("/factories", "admin", factory_body(ntn="1" * 5000), "ntn", "string_too_long"),
        ("/factories", "admin", factory_body(goods=["4203"] * 31), "goods", "too_long"),
        (
            "/factories",
            "admin",
            factory_body(workforce={"women": 1_000_001, "men": 0}),
            "workforce.women",
            "less_than_equal",
        ),
        ("/lots", "exporter", {**LOT, "product": "P" * 201}, "product", "string_too_long"),
        ("/lots", "exporter", {**LOT, "quantity": "1e20"}, "quantity", "decimal_form"),
        ("/lots", "exporter", {**LOT, "hs_code": "4" * 300}, "hs_code", "string_too_long"),
        (
            "/lots/merge",
            "exporter",
            {"lot_ids": [str(uuid4()) for _ in range(101)]},
            "lot_ids",
            "too_long",
        ),
        (
            "/shipments",
            "exporter",
            {
                "port_of_loading": "PKKHI",
                "port_of_destination": "DEHAM",
                "planned_departure": "2026-12-01",
                "mode": "sea",
                "containers": ["CSQU3054383"] * 201,
            },
            "containers",
            "too_long",
        ),
    ],
)
def test_over_long_strings_lists_and_numbers_are_refused(
    client, nishan, scenario, path, token, body, field, kind
):
    before = heads(nishan)
    response = client.post(path, headers=bearer(getattr(scenario, token)), json=body)
    body = refused(response, 422, "invalid_input")
    assert (body["fields"][0]["field"], body["fields"][0]["type"]) == (field, kind)
    assert heads(nishan) == before


def test_a_list_too_long_for_its_field_is_refused_whole(client, scenario):
    body = {"quantities": ["1"] * 101}
    response = client.post(
        f"/lots/{scenario.create_lot()}/split", headers=bearer(scenario.exporter), json=body
    )
    assert fields_of(refused(response, 422, "invalid_input")) == ["quantities"]


@pytest.mark.parametrize(
    "path",
    [
        f"/lots/{'a' * 65}",
        f"/lots/{'a' * 65}/history",
        f"/lots/{'a' * 65}/label",
        f"/catalogue/{'v' * 41}",
        "/open-data/dashboard.jsonx",
        f"/01/{'9' * 65}/10/LOT1",
        f"/lots/{UUID(int=7)}?as_of={'2' * 41}",
        f"/open-data/dashboard.json?province={'P' * 121}",
    ],
)
def test_over_long_path_and_query_strings_are_refused(client, path):
    refused(client.get(path, headers={"Accept": "application/json"}), 422, "invalid_input")


# What refusals say, and what they never say


def test_a_refusal_never_echoes_what_was_sent(client, scenario):
    secret = "Ayesha Siddiqui, CNIC 35202-1234567-8"
    attempts = [
        factory_body(name=secret * 10),  # too long
        factory_body(name=[secret]),  # not a string
        factory_body(workforce={"women": secret, "men": 1}),  # not a number
        factory_body(ntn=secret),  # not a tax number
    ]
    for body in attempts:
        response = client.post("/factories", headers=bearer(scenario.admin), json=body)
        refused(response, 422, "invalid_input")
        assert "Ayesha" not in response.text
        assert all("input" not in field for field in response.json()["fields"])


def test_an_unknown_fields_long_name_is_cut_short_and_the_list_is_bounded(client, scenario):
    smuggled = {f"{'k' * 500}{n}": n for n in range(100)}
    response = client.post(
        "/factories", headers=bearer(scenario.admin), json={**factory_body(), **smuggled}
    )
    body = refused(response, 422, "invalid_input")
    assert len(body["fields"]) <= 20
    assert all(len(field["field"]) <= 100 for field in body["fields"])
    assert len(response.content) < 10_000


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 20_000 + b"]" * 20_000,  # nested deeper than the JSON parser goes
        b'{"product": NaN}',
        b"[1, 2, 3]",
        b'"just a string"',
        b"\xff\xfe not utf-8",
    ],
)
def test_malformed_json_is_a_4xx_without_a_trace(client, nishan, scenario, content):
    before = heads(nishan)
    headers = {**bearer(scenario.exporter), "Content-Type": "application/json"}
    response = client.post("/lots", headers=headers, content=content)
    assert 400 <= response.status_code < 500, response.text
    assert not any(text in response.text for text in TRACE_TEXT)
    assert heads(nishan) == before


# Request ids


def test_a_sane_request_id_comes_back_as_sent(client):
    answer = client.get("/healthz", headers={"X-Request-ID": "buyer-app.7_A1"})
    assert answer.headers["X-Request-ID"] == "buyer-app.7_A1"


@pytest.mark.parametrize(
    "given", [None, "", "has space", "x" * 65, "ümlaut".encode("latin-1"), "a/b", "a;b=c"]
)
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(client, given):
    headers = {} if given is None else {"X-Request-ID": given}
    first = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    second = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert GENERATED_ID.fullmatch(first) and GENERATED_ID.fullmatch(second)
    assert first != second


def test_every_kind_of_answer_carries_the_request_id(client, scenario):
    answers = [
        client.get(f"/lots/{uuid4()}", headers={"Accept": "text/html"}),  # a page
        client.post("/lots", json=LOT),  # 401
        client.post("/lots", headers=bearer(scenario.exporter), json={**LOT, "quantity": "x"}),
        client.post(
            "/lots", headers=bearer(scenario.exporter), content=b"x" * (MAX_BODY_BYTES + 1)
        ),
        client.get("/static/does-not-exist.css"),
    ]
    assert [a.status_code for a in answers] == [404, 401, 422, 413, 404]
    assert all(GENERATED_ID.fullmatch(a.headers["X-Request-ID"]) for a in answers)


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def text(self) -> str:
        formatter = logging.Formatter("%(request_id)s %(name)s %(message)s")
        return "\n".join(formatter.format(record) for record in self.records)


LOGGERS = ("nishan.test", "uvicorn.error", "api.errors")


@pytest.fixture
def captured():
    """The records of Nishan's and uvicorn's loggers, caught at those loggers themselves (uvicorn's
    do not propagate once a live server has configured them)."""
    handler = Captured()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def failing_client(nishan):
    app = create_app(nishan=nishan)

    @app.get("/boom")
    def boom() -> None:
        logging.getLogger("nishan.test").warning("about to fail")
        logging.getLogger("uvicorn.error").info("uvicorn's logger, inside the request")
        raise RuntimeError("the secret detail of a bug")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_500_names_its_request_id_and_every_log_line_of_it_carries_the_id(
    failing_client, captured
):
    answer = failing_client.get("/boom", headers={"X-Request-ID": "support-case-42"})
    assert answer.status_code == 500
    body = answer.json()
    assert body["code"] == "internal_error"
    assert body["request_id"] == "support-case-42"
    assert "support-case-42" in body["message"]
    assert answer.headers["X-Request-ID"] == "support-case-42"
    assert "secret detail" not in answer.text and "RuntimeError" not in answer.text
    assert not any(text in answer.text for text in TRACE_TEXT)
    # The log keeps the trace, and each line of the request can be found by its id.
    assert {r.name for r in captured.records} == set(LOGGERS)
    assert all(r.request_id == "support-case-42" for r in captured.records)
    assert "RuntimeError: the secret detail of a bug" in captured.text
    assert "Traceback" in captured.text


def test_a_generated_request_id_is_the_one_in_the_500_and_in_the_log(failing_client, captured):
    answer = failing_client.get("/boom")
    request_id = answer.json()["request_id"]
    assert GENERATED_ID.fullmatch(request_id)
    assert answer.headers["X-Request-ID"] == request_id
    errors = [r for r in captured.records if r.name == "api.errors"]
    assert [r.request_id for r in errors] == [request_id]


def test_log_lines_outside_a_request_carry_no_request_id(client, captured):
    client.get("/healthz", headers={"X-Request-ID": "not-leaking"})
    logging.getLogger("nishan.test").info("between requests")
    assert [r.request_id for r in captured.records] == ["-"]
