"""Who may do what, proven over the application's own route table: every route, every kind of
caller, their own object, another's, and a missing one.

A route that declares no access rule (api/access.py), or has no sample call here, fails the test:
a new route cannot slip through unexamined. Each route is tried on a world of its own, so that
what one route's successful command changes cannot decide another route's answer.
"""

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api.access import Public, Restricted, Scope, SigningIn, api_routes, rules_of
from api.app import create_app
from bootstrap import Nishan, load_settings
from tests.api.access_world import (
    GTIN,
    WORLD_PASSPHRASE,
    Caller,
    World,
    a_date,
    build_world,
)
from tests.samples import factory_body, ntn

BASE = "http://testserver"


@dataclass(frozen=True)
class Sample:
    path: Callable[[World], dict[str, Any]]  # the route's path parameters
    body: Callable[[World], dict[str, Any]] | None = None
    owned: bool = True  # its objects are the inspector's or the exporter's, not a rival's
    missing: dict[str, Any] | None = None  # path parameters naming nothing, if not new ids


def on(**names: str) -> Callable[[World], dict[str, Any]]:
    """Path parameters taken from the world's objects by name."""
    return lambda world: {param: world.ids[name] for param, name in names.items()}


def nothing(_: World) -> dict[str, Any]:
    return {}


LOT = {
    "product": "Match footballs",
    "hs_code": "950662",
    "quantity": "100",
    "unit": "pieces",
    "produced_from": "2026-10-01",
    "produced_until": "2026-10-31",
}
REASON = {"reason": "Checked with the department"}

SAMPLES: dict[tuple[str, str], Sample] = {
    # Public: anyone reads; nothing here writes.
    ("GET", "/"): Sample(nothing, owned=False),
    ("GET", "/lookup"): Sample(nothing, owned=False),
    ("GET", "/healthz"): Sample(nothing, owned=False),
    ("GET", "/lots/{lot_id}"): Sample(on(lot_id="lot")),
    ("GET", "/lots/{lot_id}/qr.{image_format}"): Sample(
        lambda w: {"lot_id": w.lot, "image_format": "png"}
    ),
    ("GET", "/lots/{lot_id}/lineage"): Sample(on(lot_id="lot")),
    ("GET", "/lots/{lot_id}/history"): Sample(on(lot_id="lot")),
    ("GET", "/lots/{lot_id}/label"): Sample(on(lot_id="lot")),
    ("GET", "/01/{gtin}/10/{lot:path}"): Sample(
        lambda w: {"gtin": GTIN, "lot": w.lot_number}, missing={"gtin": GTIN, "lot": "NONE-1"}
    ),
    ("GET", "/shipments/{shipment_id}/labels"): Sample(on(shipment_id="planned_shipment")),
    ("GET", "/factories/{factory_id}"): Sample(on(factory_id="factory")),
    ("GET", "/catalogue"): Sample(nothing, owned=False),
    ("GET", "/vocabularies"): Sample(nothing, owned=False),
    ("GET", "/docs"): Sample(nothing, owned=False),
    ("GET", "/inspections"): Sample(nothing, owned=False),
    ("GET", "/inspections/{inspection_id}"): Sample(on(inspection_id="signed_off_visit")),
    ("GET", "/referrals"): Sample(nothing, owned=False),
    ("GET", "/catalogue/{version}"): Sample(
        lambda _: {"version": "2026.1"}, missing={"version": "1999.1"}
    ),
    ("GET", "/open-data/dashboard.{extension}"): Sample(lambda _: {"extension": "csv"}),
    ("GET", "/open-data/findings.{extension}"): Sample(lambda _: {"extension": "json"}),
    ("GET", "/open-data/datapackage.json"): Sample(nothing, owned=False),
    # Accounts.
    ("POST", "/accounts"): Sample(
        nothing, lambda _: {"name": "Hina Baig", "role": "admin", "organisation": "NCC"}, False
    ),
    ("GET", "/accounts"): Sample(nothing, owned=False),
    ("GET", "/accounts/me"): Sample(nothing, owned=False),
    ("POST", "/accounts/{account_id}/sign-in-code"): Sample(
        on(account_id="inspector_account"), lambda _: {}
    ),
    # Signing in and out: anyone, with an account or none; the route checks what it is sent.
    ("GET", "/sign-in"): Sample(nothing, owned=False),
    ("POST", "/sign-in"): Sample(
        nothing,
        lambda w: {"sign_in_name": w.sign_in_name, "passphrase": WORLD_PASSPHRASE},
        owned=False,
    ),
    ("POST", "/sign-out"): Sample(nothing, owned=False),
    ("POST", "/accounts/me/token/revoke"): Sample(nothing, owned=False),
    ("GET", "/accounts/{account_id}"): Sample(on(account_id="inspector_account")),
    ("POST", "/accounts/{account_id}/deactivate"): Sample(
        on(account_id="inspector_account"), lambda _: REASON
    ),
    ("POST", "/accounts/{account_id}/role"): Sample(
        on(account_id="inspector_account"), lambda _: {"role": "admin"}
    ),
    ("POST", "/accounts/{account_id}/role/revoke"): Sample(
        on(account_id="inspector_account"), lambda _: REASON
    ),
    ("POST", "/accounts/{account_id}/tokens"): Sample(
        on(account_id="inspector_account"), lambda _: {}
    ),
    ("POST", "/accounts/{account_id}/tokens/revoke"): Sample(
        on(account_id="inspector_account"), lambda _: REASON
    ),
    ("POST", "/accounts/{account_id}/tokens/{token_id}/revoke"): Sample(
        on(account_id="inspector_account", token_id="inspector_token"), lambda _: REASON
    ),
    # Exporters and factories.
    ("POST", "/exporters"): Sample(
        nothing, lambda _: {"name": "New Exports", "ntn": ntn(), "city": "Lahore"}, False
    ),
    ("POST", "/exporters/{exporter_id}/users"): Sample(
        on(exporter_id="exporter"), lambda _: {"name": "Second user"}
    ),
    ("POST", "/factories"): Sample(nothing, lambda _: factory_body(), False),
    ("PATCH", "/factories/{factory_id}"): Sample(
        on(factory_id="factory"), lambda _: {"name": "Chenab Sports Industries, Unit 3"}
    ),
    ("GET", "/factories/{factory_id}/certification"): Sample(on(factory_id="factory")),
    ("GET", "/factories"): Sample(nothing, owned=False),
    ("GET", "/factories/{factory_id}/file"): Sample(on(factory_id="factory")),
    # Visits, findings, corrective actions.
    ("POST", "/inspections"): Sample(
        nothing,
        lambda w: {
            "factory_id": str(w.factory),
            "inspector_id": str(w.inspector_account),
            "planned_on": a_date(3),
            "announced": False,
        },
    ),
    ("POST", "/inspections/{inspection_id}/start"): Sample(on(inspection_id="scheduled_visit")),
    ("POST", "/inspections/{inspection_id}/reassign"): Sample(
        on(inspection_id="open_visit"), lambda w: {"inspector_id": str(w.colleague_account)}
    ),
    ("POST", "/inspections/{inspection_id}/findings"): Sample(
        on(inspection_id="open_visit"), lambda _: {"indicator": "WT-01"}
    ),
    ("POST", "/inspections/{inspection_id}/complete"): Sample(on(inspection_id="clean_visit")),
    ("POST", "/inspections/{inspection_id}/interviews"): Sample(
        on(inspection_id="open_visit"), lambda _: {"women": 3, "men": 2}
    ),
    ("POST", "/inspections/{inspection_id}/good-practices"): Sample(
        on(inspection_id="open_visit"),
        lambda _: {"cluster": "GR", "description": "An elected worker committee meets monthly"},
    ),
    ("POST", "/inspections/{inspection_id}/cancel"): Sample(
        on(inspection_id="open_visit"), lambda _: REASON
    ),
    ("POST", "/inspections/{inspection_id}/findings/{finding_id}/withdraw"): Sample(
        on(inspection_id="open_visit", finding_id="open_finding"), lambda _: REASON
    ),
    ("POST", "/inspections/{inspection_id}/findings/{finding_id}/regrade"): Sample(
        on(inspection_id="open_visit", finding_id="open_finding"),
        lambda _: {"severity": "minor", **REASON},
    ),
    ("POST", "/inspections/{inspection_id}/findings/{finding_id}/corrective-actions"): Sample(
        on(inspection_id="open_visit", finding_id="open_finding"),
        lambda _: {
            "description": "Pay overtime at double rate",
            "owner": "HR manager",
            "deadline": a_date(30),
            "verification": "desk_review",
        },
    ),
    ("POST", "/inspections/{inspection_id}/corrective-actions/{action_id}/review"): Sample(
        on(inspection_id="signed_off_visit", action_id="action"),
        lambda _: {"status": "progressing", "note": "Payslips seen"},
    ),
    ("GET", "/corrective-actions/overdue"): Sample(nothing, owned=False),
    # Grievances and referrals.
    ("POST", "/grievances"): Sample(
        nothing,
        lambda w: {
            "factory_id": str(w.factory),
            "channel": "hotline",
            "category": "WB",
            "summary": "Wages paid late",
        },
    ),
    ("POST", "/grievances/{grievance_id}/acknowledge"): Sample(on(grievance_id="grievance")),
    ("POST", "/grievances/{grievance_id}/investigate"): Sample(on(grievance_id="grievance")),
    ("POST", "/grievances/{grievance_id}/resolve"): Sample(
        on(grievance_id="investigated_grievance"), lambda _: {"resolution": "Wages paid"}
    ),
    ("POST", "/grievances/{grievance_id}/dismiss"): Sample(
        on(grievance_id="grievance"), lambda _: REASON
    ),
    ("GET", "/referrals/overdue"): Sample(nothing, owned=False),
    ("GET", "/grievances"): Sample(nothing, owned=False),
    ("POST", "/referrals/{referral_id}/acknowledge"): Sample(on(referral_id="referral")),
    ("POST", "/referrals/{referral_id}/case"): Sample(
        on(referral_id="referral"), lambda _: {"case_reference": "DVC-SKT/2026/114"}
    ),
    ("POST", "/referrals/{referral_id}/close"): Sample(
        on(referral_id="referral"), lambda _: {"note": "Children removed and schooled"}
    ),
    # Lots and shipments.
    ("POST", "/lots"): Sample(nothing, lambda _: LOT, owned=False),
    ("POST", "/lots/{lot_id}/factories"): Sample(
        on(lot_id="lot"), lambda w: {"factory_id": str(w.factory), "stage": "packing"}
    ),
    ("POST", "/lots/{lot_id}/split"): Sample(on(lot_id="lot"), lambda _: {"quantities": ["10"]}),
    ("POST", "/lots/merge"): Sample(nothing, lambda w: {"lot_ids": [str(w.lot), str(w.free_lot)]}),
    ("POST", "/lots/transform"): Sample(
        nothing,
        lambda w: {
            "inputs": [{"lot_id": str(w.free_lot), "quantity": "10"}],
            "outputs": [
                {"product": "Balls", "hs_code": "950662", "quantity": "10", "unit": "pieces"}
            ],
            "factory_id": str(w.factory),
            "stage": "finishing",
        },
    ),
    ("POST", "/shipments"): Sample(
        nothing,
        lambda _: {
            "port_of_loading": "PKKHI",
            "port_of_destination": "DEHAM",
            "planned_departure": a_date(10),
            "mode": "sea",
        },
        owned=False,
    ),
    ("POST", "/shipments/{shipment_id}/lots"): Sample(
        on(shipment_id="planned_shipment"), lambda w: {"lot_id": str(w.free_lot)}
    ),
    ("POST", "/shipments/{shipment_id}/depart"): Sample(on(shipment_id="planned_shipment")),
    ("POST", "/shipments/{shipment_id}/arrive"): Sample(on(shipment_id="departed_shipment")),
    ("POST", "/shipments/{shipment_id}/cancel"): Sample(
        on(shipment_id="planned_shipment"), lambda _: REASON
    ),
    # Reads of the traceability side: a company's records, or everyone's for officers.
    ("GET", "/lots"): Sample(nothing, owned=False),
    ("GET", "/shipments"): Sample(nothing, owned=False),
    ("GET", "/shipments/{shipment_id}"): Sample(on(shipment_id="planned_shipment")),
    ("GET", "/exporters"): Sample(nothing, owned=False),
    ("GET", "/exporters/{exporter_id}"): Sample(on(exporter_id="exporter")),
}

CALLERS = (
    "anonymous",
    "inspector",
    "inspector of another province",
    "inspector not assigned",
    "exporter",
    "another exporter",
    "admin",
)
CONVERTER = re.compile(r"\{(\w+):\w+\}")  # {lot:path} is filled in as {lot}
# Whose objects the world's are, by the rule's scope: that caller goes first among the allowed.
HOME = {
    Scope.JURISDICTION: "inspector",
    Scope.ASSIGNED: "inspector",
    Scope.COMPANY: "exporter",
    Scope.SELF: "inspector",
}


def route_table() -> list[tuple[str, str, list]]:
    app = create_app()  # the route table only: it opens nothing until it serves
    return sorted(
        (method, route.path, rules_of(route))
        for route in api_routes(app)
        for method in route.methods - {"HEAD"}
    )


ROUTES = route_table()


def test_every_route_declares_one_access_rule_and_has_a_sample_call():
    undeclared = [f"{m} {p}" for m, p, rules in ROUTES if len(rules) != 1]
    assert not undeclared, f"routes without exactly one access rule: {undeclared}"
    unsampled = [f"{m} {p}" for m, p, _ in ROUTES if (m, p) not in SAMPLES]
    assert not unsampled, f"routes with no sample call in this test: {unsampled}"
    stale = set(SAMPLES) - {(m, p) for m, p, _ in ROUTES}
    assert not stale, f"samples for routes that no longer exist: {stale}"


def test_public_routes_only_read():
    writes = [f"{m} {p}" for m, p, rules in ROUTES if isinstance(rules[0], Public) and m != "GET"]
    assert not writes


def expected(
    rule: Public | SigningIn | Restricted, sample: Sample, caller: Caller, variant: str
) -> str:
    """'allowed', or the status of the refusal the caller must get."""
    if isinstance(rule, SigningIn):
        return "allowed"
    if isinstance(rule, Public):
        return "404" if variant == "missing" else "allowed"
    if caller.role is None:
        return "401"
    if rule.roles and caller.role not in rule.roles:
        return "403"
    if variant == "missing":
        return "404"
    if sample.owned and rule.scope in caller.rival_in:
        return "404"  # another's object reads exactly as a missing one
    return "allowed"


def missing_path(sample: Sample, path: dict[str, Any]) -> dict[str, Any] | None:
    """The same path naming nothing: new ids in place of the world's."""
    if sample.missing is not None:
        return sample.missing
    if not any(isinstance(value, UUID) for value in path.values()):
        return None
    return {k: uuid4() if isinstance(v, UUID) else v for k, v in path.items()}


def answer_is(expectation: str, status: int, first_allowed: bool, public: bool) -> bool:
    if expectation != "allowed":
        return str(status) == expectation
    if first_allowed:  # the world was built for this call: it must succeed
        return status < (400 if public else 300)
    # Callers after the first find the world changed by it: a rule may refuse them now.
    return status < 400 or status in (409, 422)


@pytest.fixture(scope="module")
def built_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """The world, built once into a SQLite file: each route gets a copy of that file."""
    database = tmp_path_factory.mktemp("access-world") / "nishan.db"
    nishan = Nishan(load_settings(database_url=f"sqlite:///{database}"))
    try:
        world = build_world(nishan)
    finally:
        nishan.close()  # every write in the one file, none left in a journal
    return database, world


@pytest.fixture
def world_client(built_world, tmp_path) -> Iterator[tuple[World, TestClient]]:
    """A world of the route's own: a copy of the built one, served in-process."""
    built, world = built_world
    copy = tmp_path / "nishan.db"
    shutil.copyfile(built, copy)
    nishan = Nishan(load_settings(database_url=f"sqlite:///{copy}", public_base_url=BASE))
    try:
        with TestClient(create_app(nishan=nishan), raise_server_exceptions=False) as client:
            yield world, client
    finally:
        nishan.close()


@pytest.mark.parametrize(
    ("method", "path", "rules"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_who_may_call_the_route(method, path, rules, world_client):
    rule, sample = rules[0], SAMPLES[(method, path)]
    world, client = world_client
    own = sample.path(world)
    variants = {"own": own}
    if (missing := missing_path(sample, own)) is not None:
        variants["missing"] = missing
    cells = [(world.callers[name], v) for name in CALLERS for v in variants]
    refused = [cell for cell in cells if expected(rule, sample, *cell) != "allowed"]
    home = HOME.get(getattr(rule, "scope", None), "admin")
    allowed = sorted(
        (cell for cell in cells if cell not in refused), key=lambda cell: cell[0].name != home
    )
    wrong, answers = [], {}
    for index, (caller, variant) in enumerate(refused + allowed):
        url = CONVERTER.sub(r"{\1}", path).format(
            **{k: str(v) for k, v in variants[variant].items()}
        )
        body = sample.body(world) if sample.body else None
        answer = client.request(method, url, headers=caller.headers, json=body)
        expectation = expected(rule, sample, caller, variant)
        first = index == len(refused)
        if not answer_is(expectation, answer.status_code, first, isinstance(rule, Public)):
            wrong.append(
                f"{caller.name} on {variant}: expected {expectation}, got "
                f"{answer.status_code} {answer.text[:200]}"
            )
        answers[caller.name, variant] = answer
    assert not wrong, "\n".join(wrong)
    # Another's object is answered word for word as a missing one: nothing is revealed.
    for (name, variant), answer in answers.items():
        if variant == "own" and (name, "missing") in answers and answer.status_code == 404:
            assert same_but_ids(answer, answers[name, "missing"], own, variants["missing"]), name


def same_but_ids(theirs: Any, nothing: Any, own: dict, missing: dict) -> bool:
    def blank(text: str, ids: dict) -> str:
        for value in ids.values():
            text = text.replace(str(value), "<id>")
        return text

    return blank(theirs.text, own) == blank(nothing.text, missing)


# Signing in and out are no commands of an account: no receipt, and signing in again is a new
# session (tests/api/test_sign_in.py).
COMMAND_ROUTES = [(m, p, r) for m, p, r in ROUTES if m != "GET" and not isinstance(r[0], SigningIn)]


@pytest.mark.parametrize(
    ("method", "path", "rules"), COMMAND_ROUTES, ids=[f"{m} {p}" for m, p, _ in COMMAND_ROUTES]
)
def test_every_command_sent_twice_under_one_key_is_answered_alike(
    method, path, rules, world_client
):
    """Every route's use case answers a retry from its receipt without running again."""
    rule, sample = rules[0], SAMPLES[(method, path)]
    world, client = world_client
    caller = world.callers[HOME.get(getattr(rule, "scope", None), "admin")]
    url = CONVERTER.sub(r"{\1}", path).format(**{k: str(v) for k, v in sample.path(world).items()})
    body = sample.body(world) if sample.body else None
    headers = {**caller.headers, "Idempotency-Key": str(uuid4())}
    first = client.request(method, url, headers=headers, json=body)
    assert first.status_code < 300, first.text
    again = client.request(method, url, headers=headers, json=body)
    if path == "/accounts/me/token/revoke":  # the token it was sent with opens nothing now
        assert (again.status_code, again.json()["code"]) == (401, "token_revoked")
        return
    if again.status_code == 409 and again.json()["code"] == "answer_not_kept":
        # only an answer that shows a secret (a token, a sign-in code) is not kept
        assert {"token", "sign_in_code"} & set(first.json())
        return
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers.get("ETag") == first.headers.get("ETag")
