"""A token's records kept between requests (api/known_tokens.py) never outlive a change made
anywhere: a revocation, a deactivation or a new role recorded by another process (the console,
another API process) holds as soon as this process can know of it. On SQLite, whose other
processes notify nobody, that is the very next request; on PostgreSQL, the moment the log's
notification arrives (api/accounts_changes.py), and the very next request again while the
notifications cannot be heard. Both backends: the check reads each log's own form of ids."""

import time
from uuid import UUID

import psycopg
import pytest

from bootstrap import Nishan
from domain.accounts.account import CONSOLE
from domain.actor import Role


def _opened(nishan: Nishan, role: Role = Role.ADMIN) -> tuple[UUID, str]:
    opened = nishan.accounts.open_account("Ayesha Khan", role, "NCC", by=CONSOLE)
    return opened.account_id, opened.token


def _me(client, token: str):
    return client.get("/accounts/me", headers={"Authorization": f"Bearer {token}"})


def _soon(client, token: str, nishan: Nishan):
    """The answer to the token once this process can know what changed: the next request on
    SQLite; on PostgreSQL, within the moment its notification takes (never seconds)."""
    deadline = time.monotonic() + (0 if nishan.settings.database.is_sqlite else 3)
    while True:
        answer = _me(client, token)
        if answer.status_code != 200 or time.monotonic() > deadline:
            return answer
        time.sleep(0.01)


def _listening(client) -> bool:
    deadline = time.monotonic() + 5
    while client.app.state.known_tokens._changes.heard() is None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.both_backends
def test_tokens_revoked_by_another_process_stop_working_on_the_next_request(
    client, nishan, settings
):
    account_id, token = _opened(nishan)
    assert _me(client, token).status_code == 200  # now kept
    assert _me(client, token).status_code == 200  # answered from what was kept
    console = Nishan(settings)  # as `nishan accounts revoke` at the server's console
    try:
        console.accounts.revoke_all_tokens(account_id, "Phone lost", by=CONSOLE)
    finally:
        console.close()
    refused = _soon(client, token, nishan)
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"


@pytest.mark.both_backends
def test_an_account_deactivated_elsewhere_is_refused_and_a_new_role_is_seen_at_once(
    client, nishan, settings
):
    admin_id, admin_token = _opened(nishan)
    other_id, other_token = _opened(nishan)
    assert _me(client, admin_token).json()["role"] == "admin"
    assert _me(client, other_token).status_code == 200
    elsewhere = Nishan(settings)
    try:
        elsewhere.accounts.revoke_role(admin_id, "Moved to another post", by=CONSOLE)
        elsewhere.accounts.deactivate_account(other_id, "Left the department", by=CONSOLE)
    finally:
        elsewhere.close()
    refused = _soon(client, other_token, nishan)
    assert _me(client, admin_token).json()["role"] is None
    assert refused.status_code == 401 and refused.json()["code"] == "account_deactivated"


def test_an_unknown_token_is_refused_every_time(client):
    for _ in range(2):
        refused = _me(client, "nsh_" + "x" * 43)
        assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_revocation_through_this_process_holds_on_the_very_next_request(client, nishan):
    """Its own saves are heard at once, before the answer to the command is sent."""
    _, token = _opened(nishan)
    assert _listening(client)
    assert _me(client, token).status_code == 200
    assert _me(client, token).status_code == 200  # from what was kept, with nothing read
    revoked = client.post("/accounts/me/token/revoke", headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 204, revoked.text
    refused = _me(client, token)
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_while_the_notifications_cannot_be_heard_every_token_is_checked_against_the_log(
    client, nishan, settings
):
    """The listening connection cut (a restart of PostgreSQL, a network fault): until it is
    back, a change made elsewhere holds on the very next request, as on SQLite."""
    account_id, token = _opened(nishan)
    assert _listening(client)
    assert _me(client, token).status_code == 200  # kept
    with psycopg.connect(settings.database.url, autocommit=True) as admin:
        cut = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND query LIKE 'LISTEN%%'"
        ).fetchall()
        assert cut, "no connection was listening"
        console = Nishan(settings)
        try:
            console.accounts.revoke_all_tokens(account_id, "Phone lost", by=CONSOLE)
        finally:
            console.close()
    refused = _me(client, token)
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"
    assert _listening(client)  # and it listens again
