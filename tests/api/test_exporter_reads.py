"""GET /exporters and GET /exporters/{id}: the registered companies for officers; an
exporter's user sees only their own."""

from uuid import uuid4

import pytest

from tests.api.scenario import Scenario, bearer, caught_up, expect
from tests.samples import ntn


@pytest.fixture
def exporters(client, nishan):
    """Chenab and Rival (the scenario's), then three more registered by an officer."""
    scenario = Scenario.start(client, nishan)
    admin = bearer(scenario.admin)
    more = []
    for name in ("Indus Apparel", "Ravi Towels", "Margalla Gloves"):
        body = {"name": name, "ntn": ntn(), "city": "Lahore"}
        more.append(expect(client.post("/exporters", headers=admin, json=body), 201))
    caught_up(nishan)
    return scenario, [answer["exporter_id"] for answer in more]


def names(client, token, **query) -> list[str]:
    answer = expect(client.get("/exporters", headers=bearer(token), params=query), 200)
    return [exporter["name"] for exporter in answer["exporters"]]


def test_an_officer_sees_every_exporter_the_latest_registered_first(client, exporters):
    scenario, _ = exporters
    assert names(client, scenario.admin) == [
        "Margalla Gloves", "Ravi Towels", "Indus Apparel", "Rival Exports", "Chenab Sports Exports"
    ]  # fmt: skip
    assert names(client, scenario.admin, sort="registered_at")[0] == "Chenab Sports Exports"
    [first] = expect(client.get("/exporters", headers=bearer(scenario.admin)), 200)["exporters"][:1]
    assert first["city"] == "Lahore" and first["ntn"] and first["registered_on"]


def test_an_exporter_user_sees_only_their_own_company(client, exporters):
    scenario, _ = exporters
    assert names(client, scenario.exporter) == ["Chenab Sports Exports"]
    assert names(client, scenario.rival_exporter) == ["Rival Exports"]


@pytest.mark.both_backends  # the order of rows and of row values is the database's
def test_exporter_pages_follow_each_other_and_a_forged_cursor_is_refused(client, exporters):
    scenario, _ = exporters
    whole = names(client, scenario.admin)
    pages, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        answer = expect(client.get("/exporters", headers=bearer(scenario.admin), params=query), 200)
        pages.append([exporter["name"] for exporter in answer["exporters"]])
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [name for page in pages for name in page] == whole
    refused = client.get("/exporters", headers=bearer(scenario.admin), params={"cursor": "xyz"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_cursor"


def test_one_exporter_is_read_by_officers_and_by_its_own_users_only(client, exporters):
    scenario, more = exporters
    mine = expect(client.get("/exporters", headers=bearer(scenario.exporter)), 200)
    chenab = mine["exporters"][0]["exporter_id"]
    for token in (scenario.admin, scenario.exporter):
        answer = expect(client.get(f"/exporters/{chenab}", headers=bearer(token)), 200)
        assert answer["name"] == "Chenab Sports Exports" and answer["city"] == "Sialkot"
    assert (
        expect(client.get(f"/exporters/{more[0]}", headers=bearer(scenario.admin)), 200)["name"]
        == "Indus Apparel"
    )
    theirs = client.get(f"/exporters/{chenab}", headers=bearer(scenario.rival_exporter))
    nothing_id = uuid4()
    nothing = client.get(f"/exporters/{nothing_id}", headers=bearer(scenario.rival_exporter))
    assert theirs.status_code == nothing.status_code == 404
    assert theirs.json()["message"].replace(chenab, "<id>") == nothing.json()["message"].replace(
        str(nothing_id), "<id>"
    )
    refused = client.get(f"/exporters/{chenab}", headers=bearer(scenario.inspector))
    assert refused.status_code == 403
    assert client.get("/exporters").status_code == 401
