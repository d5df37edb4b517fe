"""A token's records kept between requests (api/known_tokens.py) never outlive a change made
anywhere: a revocation, a deactivation or a new role recorded by another process (the console,
another API process) holds on the very next request. Both backends: the check reads each
log's own form of ids."""

from uuid import UUID

import pytest

from bootstrap import Nishan
from domain.accounts.account import CONSOLE
from domain.actor import Role


def _opened(nishan: Nishan, role: Role = Role.ADMIN) -> tuple[UUID, str]:
    opened = nishan.accounts.open_account("Ayesha Khan", role, "NCC", by=CONSOLE)
    return opened.account_id, opened.token


def _me(client, token: str):
    return client.get("/accounts/me", headers={"Authorization": f"Bearer {token}"})


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
    refused = _me(client, token)
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
    assert _me(client, admin_token).json()["role"] is None
    refused = _me(client, other_token)
    assert refused.status_code == 401 and refused.json()["code"] == "account_deactivated"


def test_an_unknown_token_is_refused_every_time(client):
    for _ in range(2):
        refused = _me(client, "nsh_" + "x" * 43)
        assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"
