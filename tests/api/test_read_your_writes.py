"""Read your writes: a query that names a command's positions sees that command's effect, or is
told to retry; on SQLite at once, on PostgreSQL once the views have caught up."""

import pytest

from tests.api.scenario import Scenario, bearer
from tests.samples import factory_body


@pytest.mark.both_backends
def test_a_query_after_a_command_sees_it_or_is_told_to_retry(client, nishan):
    nishan.settings.read_wait_seconds = 0.3
    scenario = Scenario.start(client, nishan)
    created = client.post("/factories", headers=bearer(scenario.admin), json=factory_body())
    assert created.status_code == 201, created.text
    written = created.headers["Nishan-Written"]
    assert written.startswith("Inspections=")
    factory = created.json()["factory_id"]

    answer = client.get(f"/factories/{factory}", headers={"Nishan-Read-After": written})
    if nishan.updates_views_inline:  # SQLite: the views were current when the command answered
        assert answer.status_code == 200 and answer.json()["status"] == "not_certified"
        return
    # PostgreSQL, with no worker running in this test: the bounded wait passes.
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] == "1"
    assert answer.json()["code"] == "views_behind"
    nishan.updater.catch_up()  # what the projection worker does moments after a commit
    answer = client.get(f"/factories/{factory}", headers={"Nishan-Read-After": written})
    assert answer.status_code == 200 and answer.json()["status"] == "not_certified"


def test_a_query_names_positions_the_way_a_command_gave_them(client):
    for value in ("soon", "Inspections=", "Inspections=1;Traceability=2", "Grievances=3"):
        answer = client.get("/catalogue", headers={"Nishan-Read-After": value})
        assert (answer.status_code, answer.json()["code"]) == (422, "invalid_read_after"), value
    for value in ("Inspections=0", "Accounts=0,Inspections=0"):  # the views follow all three
        assert client.get("/catalogue", headers={"Nishan-Read-After": value}).status_code == 200


def test_queries_write_nothing_and_say_so(client):
    assert "Nishan-Written" not in client.get("/catalogue").headers
