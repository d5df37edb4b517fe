import pytest

from domain.accounts.access_token import TOKEN_PREFIX
from domain.accounts.application import TokenRefused
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
    for unknown in (opened.token + "x", ""):
        with pytest.raises(TokenRefused) as refused:
            world.accounts.authenticate(unknown)
        assert refused.value.code == "invalid_token"


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


def test_an_exporter_account_belongs_to_a_registered_exporter(world):
    with pytest.raises(DomainError) as refused:
        world.accounts.open_account("Sara", Role.EXPORTER, "Chenab", by=world.admin)
    assert refused.value.code == "exporter_required"
    assert "/exporters/" in refused.value.message


def test_the_same_exporter_ntn_is_registered_once(world):
    from domain.errors import AlreadyExists

    first = world.traceability.register_exporter("Chenab", "3000001-1", "Sialkot", by=world.admin)
    with pytest.raises(AlreadyExists) as refused:
        world.traceability.register_exporter("Chenab II", "30000011", "Lahore", by=world.admin)
    assert (refused.value.code, refused.value.existing_id) == ("exporter_already_registered", first)
