"""Every operation of the OpenAPI document, fuzzed by Schemathesis, in-process on PostgreSQL.

Requests come as an administrator, an inspector and an exporter user in turn, and often aim at
records that exist (a factory, visits, a finding and its corrective action, lots, a shipment, a
grievance, and whatever the fuzzing itself creates), so that the handlers and the domain behind
them really run. Whatever comes in, the answer is never a server error, its status is one the
document lists, and its body and content type are what the document says.
"""

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from bootstrap import Nishan, load_settings
from domain.accounts.account import CONSOLE
from domain.actor import Role
from domain.inspections.catalogue import current_version
from domain.traceability.gs1 import gtin_check_digit
from domain.traceability.transport_codes import container_check_digit
from tests.api.scenario import Scenario, bearer, expect
from tests.conftest import PostgresDatabases
from tests.samples import ntn

# A request the document allows is never refused as malformed: it may be answered, or refused
# for what the record says (another's or a missing record 404, a conflict 409, a rule 422 with
# the rule's code), but never for its form. These codes are refusals of form.
FORMAT_REFUSALS = frozenset(
    {
        "invalid_input",
        "unreadable_body",
        "invalid_as_of",
        "invalid_gtin",
        "invalid_ntn",
        "invalid_lot_number",
        "invalid_locode",
        "invalid_hs_code",
        "invalid_container_number",
        "invalid_evidence_hash",
        "invalid_media_type",
        "invalid_month",
        "invalid_breakdown",
        "invalid_format",
        "invalid_read_after",
        "invalid_if_match",
        "invalid_idempotency_key",
    }
)
# 429: a sign-in name tried five times in a row is locked for a while (POST /sign-in). 303: a
# page's form done (the sign-out form goes back to the sign-in page).
ACCEPTED_STATUSES = ["2XX", "303", "304", "401", "403", "404", "409", "422", "429"]


@st.composite
def _gtins(draw: st.DrawFn) -> str:
    body = draw(
        st.sampled_from([7, 11, 12, 13]).flatmap(
            lambda n: st.text("0123456789", min_size=n, max_size=n)
        )
    )
    return body + str(gtin_check_digit(body))


@st.composite
def _container_numbers(draw: st.DrawFn) -> str:
    owner = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))
    first_ten = (
        owner + draw(st.sampled_from("UJZ")) + draw(st.text("0123456789", min_size=6, max_size=6))
    )
    return first_ten + str(container_check_digit(first_ten))


# The document's formats for check digits, which no pattern can say.
schemathesis.openapi.format("gtin", _gtins())
schemathesis.openapi.format("iso6346", _container_numbers())


@schemathesis.check
def refused_for_its_form(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request generated within the document (positive data) refused for its form."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code < 400:
        return None
    try:
        code = response.json().get("code")
    except ValueError:
        return None
    if code in FORMAT_REFUSALS:
        raise AssertionError(
            f"The document allows this request, but it was refused for its form: "
            f"{response.status_code} {code}: {response.json().get('message')}"
        )
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    refused_for_its_form,
]
ROLES = ("admin", "inspector", "exporter")
TURNS = itertools.cycle(ROLES)


# The document is read when the test runs, not when it is collected (its cases take seconds to
# prepare); the requests go to the app of the `world` fixture, on a PostgreSQL database of its own.
schema = schemathesis.pytest.from_fixture("api_schema")


@dataclass
class World:
    app: FastAPI
    nishan: Nishan
    tokens: dict[str, str]
    # Ids of records that exist, by the name a path parameter or a body field gives them.
    ids: dict[str, list[str]] = field(default_factory=dict)
    # Values of a name that means one thing under one path and another elsewhere (`from` is
    # a month for the open data, a day for the visits), by the path's start and the name.
    scoped: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def values_for(self, path: str, name: str) -> list[str]:
        for (start, scoped_name), values in self.scoped.items():
            if scoped_name == name and path.startswith(start):
                return values
        return self.ids.get(name, [])

    def know(self, name: str, value: str) -> None:
        known = self.ids.setdefault(name, [])
        if value not in known:
            known.append(value)

    def is_ours(self, authorization: str | None) -> bool:
        return authorization in {bearer(token)["Authorization"] for token in self.tokens.values()}

    def renew_lost_tokens(self) -> None:
        """The fuzzing may revoke its own token, or change an account: such a role gets a new
        account, as its people would."""
        with TestClient(self.app) as client:
            for role, token in self.tokens.items():
                me = client.get("/accounts/me", headers=bearer(token))
                if me.status_code != 200 or me.json()["role"] != role:
                    self.tokens[role] = _open_account(client, self, role)


# The world of the module's run, for the hook that aims requests at it.
WORLD: list[World] = []


@pytest.fixture(scope="module")
def world(postgres_databases: PostgresDatabases) -> Iterator[World]:
    # Failed sign-ins answer slower and slower (proven in test_sign_in.py): here, where the
    # fuzzing fails hundreds, that would only sleep. The lockout itself still happens.
    with pytest.MonkeyPatch.context() as patch, postgres_databases.new() as url:
        patch.setattr("domain.accounts.application.delay_after", lambda failures: 0.0)
        nishan = Nishan(load_settings(database_url=url, public_base_url="http://testserver"))
        app = create_app(nishan=nishan)
        with TestClient(app, raise_server_exceptions=False) as client:
            world = _seed(client, nishan, app)
        WORLD.append(world)
        yield world
        WORLD.remove(world)
        nishan.close()


def _open_account(client: TestClient, world: World, role: str) -> str:
    """A new account in `role`, opened as Scenario.start opens them; its token."""
    if role == "admin":
        return world.nishan.accounts.open_account(
            "Zainab Malik", Role.ADMIN, "NCC", by=CONSOLE
        ).token
    admin = bearer(world.tokens["admin"])
    if role == "inspector":
        body = {
            "name": "Hamza Iqbal",
            "role": "inspector",
            "organisation": "Sindh Labour Department",
            "jurisdiction": {"province": "Sindh"},
        }
        return expect(client.post("/accounts", headers=admin, json=body), 201)["token"]
    exporter = world.ids["exporter_id"][0]
    body = {"name": "Fatima Sheikh"}
    response = client.post(f"/exporters/{exporter}/users", headers=admin, json=body)
    return expect(response, 201)["token"]


def _seed(client: TestClient, nishan: Nishan, app: FastAPI) -> World:
    """A small world: a certified factory whose lot is on a shipment, a visit with a finding and
    its corrective action, a grievance, and an account the fuzzing may deactivate."""
    scenario = Scenario.start(client, nishan)
    admin = bearer(scenario.admin)
    world = World(app=app, nishan=nishan, tokens={"admin": scenario.admin})
    registered = {"name": "Mehran Fuzz Exports", "ntn": ntn(), "city": "Karachi"}
    exporter_id = expect(client.post("/exporters", headers=admin, json=registered), 201)
    world.know("exporter_id", exporter_id["exporter_id"])
    world.tokens["inspector"] = scenario.inspector
    world.tokens["exporter"] = scenario.exporter = _open_account(client, world, "exporter")
    factory = scenario.register_factory()
    certified_by = scenario.schedule_visit(factory)
    scenario.complete(certified_by)
    lot = scenario.create_lot(gtin="08961234567894", lot_number="FUZZ-1")
    expect(scenario.attach(lot, factory, "tanning"), 201)
    shipment = expect(
        client.post(
            "/shipments",
            headers=bearer(scenario.exporter),
            json={
                "port_of_loading": "PKKHI",
                "port_of_destination": "DEHAM",
                "planned_departure": "2026-12-01",
                "mode": "sea",
            },
        ),
        201,
    )["shipment_id"]
    response = client.post(
        f"/shipments/{shipment}/lots", headers=bearer(scenario.exporter), json={"lot_id": lot}
    )
    assert response.status_code == 204, response.text
    visit = scenario.schedule_visit(factory)
    finding = expect(scenario.record_finding(visit, indicator="WT-02"), 201)["finding_id"]
    action = scenario.plan_action(visit, finding)
    grievance = expect(
        client.post(
            "/grievances",
            headers=admin,
            json={
                "factory_id": factory,
                "channel": "hotline",
                "category": "WB",
                "summary": "Wages paid late",
            },
        ),
        201,
    )["grievance_id"]
    spare = nishan.accounts.open_account("Spare Officer", Role.ADMIN, "NCC", by=CONSOLE)
    nishan.updater.catch_up()
    for name, value in (
        ("factory_id", factory),
        ("inspection_id", certified_by),
        ("inspection_id", visit),
        ("follow_up_id", visit),
        ("finding_id", finding),
        ("action_id", action),
        ("lot_id", lot),
        ("shipment_id", shipment),
        ("grievance_id", grievance),
        ("account_id", str(spare.account_id)),
        ("inspector_id", scenario.inspector_id),
        # Not ids, but values without which the operations would only ever refuse.
        ("version", current_version()),
        ("extension", "json"),
        ("extension", "csv"),
        ("by", "district,sector"),
        ("by", "month"),
        ("by", ""),
        ("province", "Sindh"),
        ("as_of", "2026-11-20"),
        ("as_of", "2030-01-01T12:00:00+05:00"),
        ("gtin", "08961234567894"),
        ("lot", "FUZZ-1"),
        ("produced_from", "2026-10-01"),
        ("produced_until", "2026-10-31"),
        ("planned_on", "2026-11-20"),
        ("deadline", "2026-12-31"),
        ("indicator", "WT-02"),
        ("indicator", "FL-09"),
        # The registry's search (GET /factories): a factory's name, its place and sector.
        ("q", "korangi"),
        ("district", "Karachi"),
        ("sector", "1512"),
    ):
        world.know(name, value)
    world.scoped = {
        ("/open-data", "from"): ["2026-01"],
        ("/open-data", "to"): ["2026-12"],
        ("/inspections", "from"): ["2026-11-01"],
        ("/inspections", "to"): ["2026-12-31"],
        ("/lots", "from"): ["2026-11-01"],
        ("/lots", "to"): ["2026-12-31"],
        ("/shipments", "from"): ["2026-11-01"],
        ("/shipments", "to"): ["2026-12-31"],
    }
    return world


@pytest.fixture(scope="module")
def api_schema(world: World) -> Any:
    document = schemathesis.openapi.from_dict(create_app().openapi())
    document.hook("flatmap_case")(_as_someone_at_the_world)
    document.config.checks.positive_data_acceptance.expected_statuses = ACCEPTED_STATUSES
    return document


def _as_someone_at_the_world(_: Any, case: Any) -> st.SearchStrategy:
    """Each request as one of the roles; some generated values swapped for ones that mean
    something (ids of records that exist, a download's format, a past moment), in the path,
    the query and at the top of a JSON body."""

    @st.composite
    def aimed(draw: st.DrawFn) -> Any:
        world = WORLD[-1]
        role = draw(st.sampled_from(ROLES), label="role")
        case.headers = {**(case.headers or {}), **bearer(world.tokens[role])}
        for values in (case.path_parameters, case.query, case.body):
            if not isinstance(values, dict):
                continue
            for name, value in list(values.items()):
                known = world.values_for(case.path, name)
                if isinstance(value, str) and known and draw(st.booleans()):
                    values[name] = draw(st.sampled_from(known), label=name)
        return case

    return aimed()


def _learn_from(case: Any, response: Any, world: World) -> None:
    """Ids the fuzzing created become targets too; views are brought up to date with its
    writes, so that a read sees them and a view that cannot take an event fails here."""
    if response.status_code not in (200, 201, 204) or case.method == "GET":
        return
    if response.status_code in (200, 201):
        body = response.json()
        for name in ("factory_id", "inspection_id", "finding_id", "action_id", "lot_id"):
            if isinstance(body, dict) and isinstance(body.get(name), str):
                world.know(name, body[name])
        for lot in body.get("lot_ids", []) if isinstance(body, dict) else []:
            world.know("lot_id", lot)
    world.nishan.updater.catch_up()
    if case.path.startswith("/accounts"):
        world.renew_lost_tokens()


def test_every_operation_documents_its_refusals_with_the_error_body() -> None:
    document = create_app().openapi()
    assert "Error" in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert "422" in answers, f"{method.upper()} {path}"
            if operation.get("security"):
                assert "401" in answers, f"{method.upper()} {path}"
            for status, answer in answers.items():
                if status.startswith(("4", "5")):
                    error = answer["content"]["application/json"]["schema"]
                    assert error == {"$ref": "#/components/schemas/Error"}, (method, path, status)


@schema.parametrize()
@settings(
    max_examples=25,
    # In CI the same inputs each run, so that whether a change lands is not left to chance;
    # elsewhere new ones each run, so that the fuzzing keeps exploring (a failure prints the
    # curl command that reproduces it).
    derandomize=os.environ.get("CI") == "true",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_documented(case: Any, world: World) -> None:
    # Cases that did not come through the hook above (the schema's examples, the coverage
    # phase's) go as each role in turn.
    if not world.is_ours((case.headers or {}).get("Authorization")):
        case.headers = {**(case.headers or {}), **bearer(world.tokens[next(TURNS)])}
    response = case.call_and_validate(app=world.app, checks=CHECKS)
    _learn_from(case, response, world)
