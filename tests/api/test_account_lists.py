"""GET /accounts: an officer's list of the accounts, from the accounts view, a page at a time."""

import base64
import json
from uuid import uuid4

import pytest

from tests.api.scenario import Scenario, bearer, expect


@pytest.fixture
def accounts(client, nishan):
    """The scenario's four accounts (an admin, a Sindh inspector, two exporter users), then a
    Punjab inspector of two districts, an admin whose role is revoked and a deactivated
    inspector, opened in that order."""
    scenario = Scenario.start(client, nishan)
    admin = bearer(scenario.admin)

    def open_one(name: str, role: str, **more) -> str:
        body = {"name": name, "role": role, "organisation": "Labour Department", **more}
        return expect(client.post("/accounts", headers=admin, json=body), 201)["account_id"]

    ids = {
        "punjab": open_one(
            "Punjab Inspector",
            "inspector",
            jurisdiction={"province": "Punjab", "districts": ["Sialkot", "Lahore"]},
        ),
        "revoked": open_one("Former Officer", "admin"),
        "deactivated": open_one(
            "Retired Inspector", "inspector", jurisdiction={"province": "Sindh"}
        ),
    }
    reason = {"reason": "Left the department"}
    for path in (
        f"/accounts/{ids['revoked']}/role/revoke",
        f"/accounts/{ids['deactivated']}/deactivate",
    ):
        assert client.post(path, headers=admin, json=reason).status_code == 204
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()  # as the worker would on PostgreSQL
    return scenario, ids


def listed(client, token, **query) -> list[dict]:
    return expect(client.get("/accounts", headers=bearer(token), params=query), 200)["accounts"]


def test_an_officer_lists_every_account_latest_opened_first_with_its_role_and_place(
    client, accounts
):
    scenario, ids = accounts
    rows = listed(client, scenario.admin)
    assert len(rows) == 7
    assert [row["account_id"] for row in rows[:3]] == [
        ids["deactivated"], ids["revoked"], ids["punjab"]
    ]  # fmt: skip
    assert rows[-1]["account_id"] != scenario.inspector_id  # the console's admin, first opened
    assert [row["opened_at"] for row in rows] == sorted(
        (r["opened_at"] for r in rows), reverse=True
    )
    punjab = rows[2]
    assert punjab["name"] == "Punjab Inspector" and punjab["role"] == "inspector"
    assert punjab["jurisdiction"] == {"province": "Punjab", "districts": ["Lahore", "Sialkot"]}
    assert punjab["active"] is True and punjab["exporter_id"] is None
    assert rows[1]["role"] is None and rows[1]["jurisdiction"] is None
    assert rows[0]["active"] is False
    exporters = [row for row in rows if row["role"] == "exporter"]
    assert len(exporters) == 2 and all(row["exporter_id"] for row in exporters)
    assert {"token", "tokens", "passphrase"}.isdisjoint(punjab)


def test_the_role_and_active_filters_narrow_the_list(client, accounts):
    scenario, ids = accounts
    admin = scenario.admin

    def ids_of(**query) -> set[str]:
        return {row["account_id"] for row in listed(client, admin, **query)}

    assert ids_of(role="inspector") == {scenario.inspector_id, ids["punjab"], ids["deactivated"]}
    assert ids_of(role="inspector", active="true") == {scenario.inspector_id, ids["punjab"]}
    assert ids_of(active="false") == {ids["deactivated"]}
    assert ids_of(role="none") == {ids["revoked"]}
    assert len(ids_of(role=["none", "exporter"])) == 3
    assert len(ids_of(role="admin")) == 1  # the console's; the revoked one holds none now
    assert ids_of(role="exporter", active="false") == set()


def test_a_role_granted_again_moves_the_account_between_filters(client, nishan, accounts):
    scenario, ids = accounts
    grant = {"role": "inspector", "jurisdiction": {"province": "Balochistan"}}
    granted = client.post(
        f"/accounts/{ids['revoked']}/role", headers=bearer(scenario.admin), json=grant
    )
    assert granted.status_code == 200, granted.text
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    [row] = [
        r
        for r in listed(client, scenario.admin, role="inspector")
        if r["account_id"] == ids["revoked"]
    ]
    assert row["jurisdiction"] == {"province": "Balochistan", "districts": []}
    assert listed(client, scenario.admin, role="none") == []


@pytest.mark.both_backends  # the order of rows and of row values is the database's
def test_pages_follow_each_other_without_a_gap_or_a_repeat_in_either_order(client, accounts):
    scenario, _ = accounts
    for sort in ("-opened_at", "opened_at"):
        whole = [row["account_id"] for row in listed(client, scenario.admin, sort=sort)]
        pages, cursor = [], None
        while True:
            query = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
            answer = expect(
                client.get("/accounts", headers=bearer(scenario.admin), params=query), 200
            )
            pages.append([row["account_id"] for row in answer["accounts"]])
            if (cursor := answer["next_cursor"]) is None:
                break
        assert [len(page) for page in pages] == [3, 3, 1]
        assert [account for page in pages for account in page] == whole
    oldest = [row["account_id"] for row in listed(client, scenario.admin, sort="opened_at")]
    assert oldest == list(reversed([row["account_id"] for row in listed(client, scenario.admin)]))


def packed(*values: str) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()


def test_a_cursor_of_another_order_or_malformed_and_bad_filters_are_refused(client, accounts):
    scenario, _ = accounts
    admin = bearer(scenario.admin)
    first = expect(client.get("/accounts", headers=admin, params={"limit": 1}), 200)
    forged = [
        packed("opened_at", "2026-11-01", str(uuid4())),  # a day, not a moment
        packed("opened_at", "2026-11-01T10:00:00+00:00", str(uuid4())),  # not to the microsecond
        packed("opened_at", "2026-11-01T10:00:00.000000", str(uuid4())),  # no zone
        packed("opened_at", "2026-11-01T10:00:00.000000+00:00", "not-an-id"),
    ]
    for cursor in (first["next_cursor"], "not-a-cursor", *forged):
        params = {"sort": "opened_at", "cursor": cursor}
        refused = expect(client.get("/accounts", headers=admin, params=params), 422)
        assert refused["code"] == "invalid_cursor", cursor
    for query in ({"role": "system"}, {"active": "perhaps"}, {"limit": 0}, {"sort": "name"}):
        refused = client.get("/accounts", headers=admin, params=query)
        assert refused.status_code == 422 and refused.json()["code"] == "invalid_input", query


def test_inspectors_exporters_and_strangers_are_refused(client, accounts):
    scenario, _ = accounts
    assert client.get("/accounts").status_code == 401
    for token in (scenario.inspector, scenario.exporter):
        refused = client.get("/accounts", headers=bearer(token))
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden_role"


@pytest.mark.both_backends  # on PostgreSQL the worker, a moment behind, is waited for
def test_an_account_opened_is_listed_on_the_next_read_that_sends_back_its_written_header(
    client, nishan
):
    """Read your writes: the account's command says how far it wrote into the Accounts log."""
    nishan.settings.read_wait_seconds = 0.3
    scenario = Scenario.start(client, nishan)
    nishan.updater.catch_up()
    body = {"name": "New Inspector", "role": "inspector", "jurisdiction": {"province": "Sindh"}}
    opened = client.post("/accounts", headers=bearer(scenario.admin), json=body)
    written = opened.headers["Nishan-Written"]
    assert written.startswith("Accounts=")
    headers = {**bearer(scenario.admin), "Nishan-Read-After": written}
    if not nishan.updates_views_inline:  # no worker runs in this test: the bounded wait passes
        answer = client.get("/accounts", headers=headers)
        assert answer.status_code == 503 and answer.json()["code"] == "views_behind"
        nishan.updater.catch_up()  # what the worker does moments after the commit
    rows = expect(client.get("/accounts", headers=headers), 200)["accounts"]
    assert rows[0]["account_id"] == opened.json()["account_id"]


def test_an_accounts_view_of_an_earlier_release_answers_views_behind_until_it_is_made_again(
    client, nishan
):
    """Served before the worker has made the view again (its sign-in names are new): a moment's
    wait, never a 500."""
    scenario = Scenario.start(client, nishan)
    with nishan.views.transaction() as cursor:
        cursor.execute("ALTER TABLE accounts DROP COLUMN sign_in_name")
    answer = client.get("/accounts", headers=bearer(scenario.admin))
    assert answer.status_code == 503 and answer.json()["code"] == "views_behind"
    assert answer.headers["retry-after"] == "10"
