"""Accounts over HTTP: tokens are revoked at once, roles granted and revoked change what an
account may do, and the account's record answers who it was on any day."""

from datetime import UTC, datetime, timedelta

from domain.clock import today_in_pakistan
from tests.api.scenario import Scenario, bearer, expect
from tests.samples import factory_body


def _open_inspector(client, admin: str, **more) -> dict:
    body = {
        "name": "Nadia Hussain",
        "role": "inspector",
        "organisation": "Sindh Labour Department",
        "jurisdiction": {"province": "Sindh"},
        **more,
    }
    return expect(client.post("/accounts", headers=bearer(admin), json=body), 201)


def test_a_new_token_is_shown_once_with_its_expiry(client, nishan):
    scenario = Scenario.start(client, nishan)
    opened = _open_inspector(client, scenario.admin, token_days=7)
    assert opened["token"].startswith("nsh_")
    expires = datetime.fromisoformat(opened["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)
    me = expect(client.get("/accounts/me", headers=bearer(opened["token"])), 200)
    assert me["account_id"] == opened["account_id"]
    record = expect(
        client.get(f"/accounts/{opened['account_id']}", headers=bearer(scenario.admin)), 200
    )
    assert record["tokens"] == [opened["token_id"]]
    assert opened["token"] not in str(record)


def test_a_revoked_token_is_refused_at_once_and_a_new_one_works(client, nishan):
    scenario = Scenario.start(client, nishan)
    opened = _open_inspector(client, scenario.admin)
    account, admin = opened["account_id"], bearer(scenario.admin)
    fresh = expect(client.post(f"/accounts/{account}/tokens", headers=admin, json={}), 201)

    revoked = client.post(
        f"/accounts/{account}/tokens/{opened['token_id']}/revoke",
        headers=admin,
        json={"reason": "Phone stolen"},
    )
    assert revoked.status_code == 204
    refused = client.get("/accounts/me", headers=bearer(opened["token"]))
    assert (refused.status_code, refused.json()["code"]) == (401, "token_revoked")
    assert refused.headers["WWW-Authenticate"] == "Bearer"
    assert expect(client.get("/accounts/me", headers=bearer(fresh["token"])), 200)

    # Signing out revokes the token in use, and only it.
    signed_out = client.post("/accounts/me/token/revoke", headers=bearer(fresh["token"]))
    assert signed_out.status_code == 204
    assert client.get("/accounts/me", headers=bearer(fresh["token"])).status_code == 401
    assert client.get("/accounts/me", headers=admin).status_code == 200


def test_revoking_every_token_of_an_account(client, nishan):
    scenario = Scenario.start(client, nishan)
    opened = _open_inspector(client, scenario.admin)
    answer = client.post(
        f"/accounts/{opened['account_id']}/tokens/revoke",
        headers=bearer(scenario.admin),
        json={"reason": "Token seen in a screenshot"},
    )
    assert answer.status_code == 204
    assert client.get("/accounts/me", headers=bearer(opened["token"])).json()["code"] == (
        "token_revoked"
    )


def test_a_granted_role_takes_effect_and_a_revoked_one_leaves_nothing(client, nishan):
    scenario = Scenario.start(client, nishan)
    opened = _open_inspector(client, scenario.admin)
    account, token, admin = opened["account_id"], bearer(opened["token"]), bearer(scenario.admin)
    refused = client.post("/factories", headers=token, json=factory_body())
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden_role")

    promoted = client.post(f"/accounts/{account}/role", headers=admin, json={"role": "admin"})
    assert promoted.status_code == 200
    assert client.post("/factories", headers=token, json=factory_body()).status_code == 201

    revoked = client.post(
        f"/accounts/{account}/role/revoke", headers=admin, json={"reason": "Transferred"}
    )
    assert revoked.status_code == 204
    refused = client.post("/factories", headers=token, json=factory_body())
    assert (refused.status_code, refused.json()["code"]) == (403, "no_role")
    assert client.get("/accounts/me", headers=token).json()["role"] is None

    record = expect(client.get(f"/accounts/{account}", headers=admin), 200)
    assert [g["role"] for g in record["grants"]] == ["inspector", "admin", None]
    assert record["grants"][0]["jurisdiction"] == {"province": "Sindh", "districts": []}
    assert all(g["by"] == record["grants"][0]["by"] for g in record["grants"])
    assert record["grants"][-1]["until"] is None and record["role"] is None


def test_the_account_record_answers_who_it_was_on_any_day(client, nishan):
    scenario = Scenario.start(client, nishan)
    opened = _open_inspector(client, scenario.admin)
    admin = bearer(scenario.admin)
    today = today_in_pakistan()
    yesterday = (today - timedelta(days=1)).isoformat()

    before = expect(
        client.get(f"/accounts/{opened['account_id']}?on={yesterday}", headers=admin), 200
    )
    on_the_day = expect(
        client.get(f"/accounts/{opened['account_id']}?on={today.isoformat()}", headers=admin), 200
    )

    assert (before["on"], before["role"], before["jurisdiction"]) == (yesterday, None, None)
    assert on_the_day["role"] == "inspector"
    assert on_the_day["jurisdiction"]["province"] == "Sindh"


def test_role_rules_are_refused_with_their_codes(client, nishan):
    scenario = Scenario.start(client, nishan)
    opened = _open_inspector(client, scenario.admin)
    admin = bearer(scenario.admin)
    for body, code in (
        ({"role": "inspector"}, "jurisdiction_required"),
        ({"role": "exporter"}, "exporter_required"),
        ({"role": "inspector", "jurisdiction": {"province": "Sindh"}}, "role_held"),
    ):
        answer = client.post(f"/accounts/{opened['account_id']}/role", headers=admin, json=body)
        assert (answer.status_code, answer.json()["code"]) == (422, code)
    system = client.post(
        f"/accounts/{opened['account_id']}/role", headers=admin, json={"role": "system"}
    )
    assert system.status_code == 422 and system.json()["code"] == "invalid_input"


def test_tokens_last_as_long_as_the_setting_says_when_the_request_does_not(tmp_path):
    from bootstrap.settings import load_settings
    from bootstrap.system import Nishan
    from domain.accounts.account import CONSOLE
    from domain.actor import Role

    nishan = Nishan(load_settings(database_url=f"sqlite:///{tmp_path}/n.db", token_days=3))
    try:
        issued = nishan.accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE)
    finally:
        nishan.close()
    assert timedelta(days=2, hours=23) < issued.expires_at - datetime.now(UTC) <= timedelta(days=3)


def test_an_administrator_cannot_deactivate_demote_or_revoke_themselves(client, nishan):
    """Else the last administrator could leave no one to administer (422, nothing recorded);
    another administrator may, and so may the console."""
    scenario = Scenario.start(client, nishan)
    admin = bearer(scenario.admin)
    me = expect(client.get("/accounts/me", headers=admin), 200)["account_id"]
    written = nishan.accounts.recorder.max_notification_id()
    for path, body, code in (
        (f"/accounts/{me}/deactivate", {"reason": "Leaving"}, "own_account"),
        (f"/accounts/{me}/role/revoke", {"reason": "Leaving"}, "own_role"),
        (
            f"/accounts/{me}/role",
            {"role": "inspector", "jurisdiction": {"province": "Sindh"}},
            "own_role",
        ),
    ):
        answer = client.post(path, headers=admin, json=body)
        assert (answer.status_code, answer.json()["code"]) == (422, code), path
        assert answer.json()["message"].startswith("An administrator cannot")
    assert nishan.accounts.recorder.max_notification_id() == written
    assert expect(client.get("/accounts/me", headers=admin), 200)["role"] == "admin"

    other = expect(
        client.post("/accounts", headers=admin, json={"name": "Second Officer", "role": "admin"}),
        201,
    )
    answer = client.post(
        f"/accounts/{me}/deactivate", headers=bearer(other["token"]), json={"reason": "Left"}
    )
    assert answer.status_code == 204
    assert client.get("/accounts/me", headers=admin).json()["code"] == "account_deactivated"


def test_the_account_list_names_each_sign_in_name(client, nishan):
    scenario = Scenario.start(client, nishan)
    opened = _open_inspector(client, scenario.admin, sign_in_name="nadia_sindh")
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()
    listed = expect(client.get("/accounts", headers=bearer(scenario.admin)), 200)["accounts"]
    [row] = [a for a in listed if a["account_id"] == opened["account_id"]]
    assert row["sign_in_name"] == opened["sign_in_name"] == "nadia_sindh"
