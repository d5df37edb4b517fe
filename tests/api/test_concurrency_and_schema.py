"""A concurrent change of the same visit is 409 and loses nothing; the schema describes it all."""

from uuid import UUID

import pytest

from api.access import SigningIn, api_routes, rules_of
from domain.inspections.application import Inspections
from domain.traceability.gs1 import is_valid_gtin
from tests.api.scenario import Scenario, expect


@pytest.mark.both_backends
def test_a_concurrent_change_of_the_same_visit_is_409_and_writes_nothing(
    client, nishan, monkeypatch
):
    scenario = Scenario.start(client, nishan)
    visit = scenario.schedule_visit(scenario.register_factory())
    stale = nishan.inspections.load_inspection(UUID(visit))  # a request that loaded it first...
    expect(scenario.record_finding(visit, indicator="WT-02"), 201)  # ...while another committed
    head = nishan.inspections.recorder.max_notification_id()

    monkeypatch.setattr(Inspections, "load_inspection", lambda self, _: stale)
    response = scenario.record_finding(visit, indicator="WT-03")
    assert response.status_code == 409
    assert response.json()["code"] == "concurrent_change"
    assert nishan.inspections.recorder.max_notification_id() == head
    monkeypatch.undo()
    assert len(nishan.inspections.load_inspection(UUID(visit)).findings) == 1


def test_every_route_is_in_the_openapi_schema_and_every_command_is_guarded(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/inspections/{inspection_id}/findings",
        "/grievances",
        "/referrals/overdue",
        "/corrective-actions/overdue",
        "/catalogue",
        "/factories/{factory_id}",
    ):
        assert path in paths, path
    # Signing in and out are the commands a person sends before holding a credential.
    signing_in = {
        (method.lower(), route.path)
        for route in api_routes(client.app)
        if any(isinstance(rule, SigningIn) for rule in rules_of(route))
        for method in route.methods
    }
    assert ("post", "/sign-in") in signing_in
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method in ("post", "patch", "put", "delete") and (method, path) not in signing_in:
                assert operation.get("security"), f"{method.upper()} {path} has no auth"


def test_the_documented_gtin_example_is_one_nishan_accepts(client):
    lot = client.get("/openapi.json").json()["components"]["schemas"]["LotCreate"]
    for example in lot["properties"]["gtin"]["examples"]:
        assert is_valid_gtin(example), example


def test_the_open_data_downloads_declare_both_their_formats(client):
    paths = client.get("/openapi.json").json()["paths"]
    for download in ("/open-data/dashboard.{extension}", "/open-data/findings.{extension}"):
        content = paths[download]["get"]["responses"]["200"]["content"]
        assert {"application/json", "text/csv"} <= set(content), download
