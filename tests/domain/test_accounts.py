import pytest

from domain.accounts.access_token import TOKEN_PREFIX
from domain.actor import Role
from domain.errors import DomainError, NotAllowed
from tests.domain.conftest import PUNJAB


def test_a_token_finds_its_account_and_an_unknown_token_finds_none(world):
    opened = world.accounts.open_account(
        "Bilal", Role.INSPECTOR, "Punjab", by=world.admin, jurisdiction=PUNJAB
    )
    assert opened.token.startswith(TOKEN_PREFIX)
    account = world.accounts.authenticate(opened.token)
    assert account is not None
    assert (account.id, account.role, account.name) == (opened.account_id, Role.INSPECTOR, "Bilal")
    assert world.accounts.authenticate(opened.token + "x") is None
    assert world.accounts.authenticate("") is None


def test_tokens_are_stored_only_as_hashes(world):
    opened = world.accounts.open_account(
        "Bilal", Role.INSPECTOR, "Punjab", by=world.admin, jurisdiction=PUNJAB
    )
    stored = world.accounts.recorder.select_notifications(start=1, limit=1000)
    assert stored
    assert not any(opened.token.encode() in n.state for n in stored)


def test_only_an_admin_opens_accounts(world):
    with pytest.raises(NotAllowed):
        world.accounts.open_account("Mallory", Role.ADMIN, "x", by=world.exporter)


def test_an_exporter_account_needs_its_company(world):
    with pytest.raises(DomainError) as refused:
        world.accounts.open_account("Sara", Role.EXPORTER, "  ", by=world.admin)
    assert refused.value.code == "organisation_required"
