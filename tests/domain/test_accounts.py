import itertools
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.access_token import TOKEN_PREFIX, AccessToken
from domain.accounts.account import CONSOLE, NAME_LONGEST, ORGANISATION_LONGEST
from domain.accounts.application import TokenRefused
from domain.accounts.grants import grant_at
from domain.accounts.jurisdiction import DISTRICTS_MOST, PLACE_LONGEST, Jurisdiction
from domain.actor import Actor, Role
from domain.errors import DomainError, NotAllowed, NotFound
from domain.text import REASON_LONGEST
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


def _inspector(world):
    return world.accounts.open_account(
        "Bilal", Role.INSPECTOR, "Punjab", by=world.admin, jurisdiction=PUNJAB, token_days=30
    )


def _refusal(world, token: str, now=None) -> str:
    with pytest.raises(TokenRefused) as refused:
        world.accounts.authenticate(token, now=now)
    return refused.value.code


def test_a_token_works_until_it_expires(world):
    opened = _inspector(world)
    assert opened.expires_at - datetime.now(UTC) > timedelta(days=29)
    assert world.accounts.authenticate(opened.token, now=opened.expires_at - timedelta(seconds=1))
    assert _refusal(world, opened.token, now=opened.expires_at) == "token_expired"


def test_a_revoked_token_stops_working_and_others_keep_working(world):
    opened = _inspector(world)
    second = world.accounts.issue_token(opened.account_id, by=world.admin)
    world.accounts.revoke_token(opened.account_id, opened.token_id, "phone lost", by=world.admin)
    assert _refusal(world, opened.token) == "token_revoked"
    assert world.accounts.authenticate(second.token).id == opened.account_id
    account = world.accounts.load_account(opened.account_id)
    assert account.tokens == [opened.token_id, second.token_id]


def test_a_holder_revokes_only_their_own_tokens(world):
    opened = _inspector(world)
    holder = Actor(opened.account_id, Role.INSPECTOR)
    with pytest.raises(NotAllowed):
        world.accounts.revoke_token(world.admin.id, opened.token_id, "not mine", by=holder)
    with pytest.raises(NotFound):  # another account's token, named under one's own account
        other = world.accounts.issue_token(world.admin.id, by=world.admin)
        world.accounts.revoke_token(opened.account_id, other.token_id, "x", by=holder)
    world.accounts.revoke_token(opened.account_id, opened.token_id, "signing out", by=holder)
    assert _refusal(world, opened.token) == "token_revoked"


def test_revoking_all_tokens_spares_those_issued_afterwards(world):
    opened = _inspector(world)
    world.accounts.revoke_all_tokens(opened.account_id, "leaked", by=world.admin)
    fresh = world.accounts.issue_token(opened.account_id, by=world.admin)
    assert _refusal(world, opened.token) == "token_revoked"
    assert world.accounts.authenticate(fresh.token).id == opened.account_id


def test_a_deactivated_account_opens_nothing(world):
    opened = _inspector(world)
    world.accounts.deactivate_account(opened.account_id, "left the department", by=world.admin)
    assert _refusal(world, opened.token) == "account_deactivated"


def test_roles_granted_and_revoked_are_a_history_answerable_for_any_moment(world):
    opened = _inspector(world)
    sindh = Jurisdiction("Sindh", ("Karachi East",))
    world.accounts.grant_role(opened.account_id, Role.INSPECTOR, sindh, by=world.admin)
    world.accounts.revoke_role(opened.account_id, "suspended pending inquiry", by=world.admin)
    world.accounts.grant_role(opened.account_id, Role.ADMIN, None, by=world.admin)

    grants = world.accounts.grants(opened.account_id)
    assert [(g.role, g.jurisdiction) for g in grants] == [
        (Role.INSPECTOR, PUNJAB),
        (Role.INSPECTOR, sindh),
        (None, None),
        (Role.ADMIN, None),
    ]
    assert all(g.by == world.admin for g in grants)
    for before, after in itertools.pairwise(grants):
        assert before.until == after.since
        assert grant_at(grants, before.since) == before
    assert grants[-1].until is None
    assert grant_at(grants, grants[0].since - timedelta(microseconds=1)) is None
    assert world.accounts.load_account(opened.account_id).role is Role.ADMIN


def test_role_grants_keep_to_the_rules_of_roles(world):
    opened = _inspector(world)
    for role, jurisdiction, code in (
        (Role.INSPECTOR, None, "jurisdiction_required"),
        (Role.ADMIN, PUNJAB, "jurisdiction_not_applicable"),
        (Role.EXPORTER, None, "exporter_required"),
        (Role.SYSTEM, None, "role_not_grantable"),
        (Role.INSPECTOR, PUNJAB, "role_held"),
    ):
        with pytest.raises(DomainError) as refused:
            world.accounts.grant_role(opened.account_id, role, jurisdiction, by=world.admin)
        assert refused.value.code == code
    with pytest.raises(DomainError) as refused:
        world.accounts.grant_role(world.exporter.id, Role.ADMIN, None, by=world.admin)
    assert refused.value.code == "exporter_not_applicable"
    with pytest.raises(NotAllowed):
        world.accounts.grant_role(opened.account_id, Role.ADMIN, None, by=world.inspector)
    with pytest.raises(DomainError) as refused:
        world.accounts.revoke_role(world.admin.id, "tired", by=world.admin)
    assert refused.value.code == "own_role"


def test_a_token_issued_before_tokens_expired_expires_as_a_new_one_would(world):
    # Stored events are forever: a token issued by an earlier release has no expiry recorded.
    opened = _inspector(world)
    stored = next(
        n
        for n in world.accounts.recorder.select_notifications(start=1, limit=1000)
        if n.originator_id == opened.token_id
    )
    state = json.loads(stored.state)
    del state["expires_at"], state["class_version"]
    old = replace(stored, state=json.dumps(state).encode())
    issued = world.accounts.mapper.to_domain_event(old)
    assert issued.expires_at is None and issued.account_id == opened.account_id
    token = AccessToken.Issued.mutate(issued, None)
    lasts = timedelta(days=world.accounts.token_days)
    assert not token.expired(issued.timestamp + lasts - timedelta(seconds=1), lasts.days)
    assert token.expired(issued.timestamp + lasts, lasts.days)


def _written(world) -> int:
    return world.accounts.recorder.max_notification_id() or 0


def test_what_the_api_refuses_in_an_account_the_domain_refuses_for_every_interface(world):
    """The console has no request schema: the domain holds the API's limits itself."""
    longest = "N" * NAME_LONGEST
    assert (
        world.accounts.load_account(
            world.accounts.open_account(longest, Role.ADMIN, "NCC", by=world.admin).account_id
        ).name
        == longest
    )
    before = _written(world)
    for name, organisation, jurisdiction, code in (
        (longest + "N", "NCC", None, "name_too_long"),
        ("Bilal\x07Ahmed", "NCC", None, "name_control_characters"),
        (" \t ", "NCC", None, "name_required"),
        ("Bilal", "N" * (ORGANISATION_LONGEST + 1), None, "organisation_too_long"),
        ("Bilal", "NCC\x00", None, "organisation_control_characters"),
        ("Bilal", "NCC", Jurisdiction("Sindh", ("",)), "district_required"),
        ("Bilal", "NCC", Jurisdiction("Sindh", ("Karachi", "  ")), "district_required"),
        ("Bilal", "NCC", Jurisdiction("Sindh", ("K" * (PLACE_LONGEST + 1),)), "district_too_long"),
        ("Bilal", "NCC", Jurisdiction("Sindh", ("Karachi\x1b",)), "district_control_characters"),
        (
            "Bilal",
            "NCC",
            Jurisdiction("Sindh", tuple(f"D{n}" for n in range(DISTRICTS_MOST + 1))),
            "too_many_districts",
        ),
    ):
        role = Role.INSPECTOR if jurisdiction else Role.ADMIN
        with pytest.raises(DomainError) as refused:
            world.accounts.open_account(
                name, role, organisation, by=world.admin, jurisdiction=jurisdiction
            )
        assert refused.value.code == code, name
    assert _written(world) == before  # no partial event


def test_a_blank_district_never_becomes_the_whole_province_on_a_grant(world):
    opened = _inspector(world)
    with pytest.raises(DomainError) as refused:
        world.accounts.grant_role(
            opened.account_id, Role.INSPECTOR, Jurisdiction("Sindh", ("",)), by=world.admin
        )
    assert refused.value.code == "district_required"
    assert world.accounts.load_account(opened.account_id).jurisdiction == PUNJAB


def test_a_reason_is_as_long_as_the_api_takes_and_free_of_control_characters(world):
    opened = _inspector(world)
    before = _written(world)
    for reason, code in (
        ("x" * (REASON_LONGEST + 1), "reason_too_long"),
        ("lost\x08", "reason_control_characters"),
        ("   ", "reason_required"),
    ):
        for act in (
            world.accounts.revoke_all_tokens,
            world.accounts.revoke_role,
            world.accounts.deactivate_account,
        ):
            with pytest.raises(DomainError) as refused:
                act(opened.account_id, reason, by=world.admin)
            assert refused.value.code == code
        with pytest.raises(DomainError) as refused:
            world.accounts.revoke_token(opened.account_id, opened.token_id, reason, by=world.admin)
        assert refused.value.code == code
    assert _written(world) == before
    world.accounts.deactivate_account(opened.account_id, "x" * REASON_LONGEST, by=world.admin)
    assert not world.accounts.load_account(opened.account_id).active


def test_an_administrator_cannot_deactivate_or_demote_themselves(world):
    """Else the last administrator could leave no one to administer; the console may."""
    before = _written(world)
    with pytest.raises(DomainError) as refused:
        world.accounts.deactivate_account(world.admin.id, "leaving", by=world.admin)
    assert refused.value.code == "own_account"
    for role, jurisdiction in ((Role.INSPECTOR, PUNJAB), (Role.ADMIN, None)):
        with pytest.raises(DomainError) as refused:
            world.accounts.grant_role(world.admin.id, role, jurisdiction, by=world.admin)
        assert refused.value.code == "own_role"
    assert _written(world) == before
    assert world.accounts.load_account(world.admin.id).active
    other = world.open("Second Officer", Role.ADMIN, "NCC")
    world.accounts.deactivate_account(world.admin.id, "left", by=other)
    world.accounts.deactivate_account(other.id, "left", by=CONSOLE)
    assert not world.accounts.load_account(other.id).active
