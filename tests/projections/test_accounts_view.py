"""The accounts view follows the Accounts log: kept current after each command on SQLite and by
a catch-up on PostgreSQL, untouched by the events it has no handler for, and made again from
the log exactly as it was."""

import json

import pytest

from domain.accounts.account import CONSOLE, Account
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Role
from projections.accounts import Accounts


def rows(nishan) -> dict[str, dict]:
    with nishan.views.reading() as cursor:
        accounts = {
            row["account_id"]: dict(row)
            for row in cursor.execute("SELECT * FROM accounts").fetchall()
        }
        for row in cursor.execute("SELECT * FROM account_districts").fetchall():
            accounts[row["account_id"]].setdefault("keys", []).append(row["district_key"])
    return accounts


def caught_up(nishan) -> None:
    if not nishan.updates_views_inline:
        nishan.updater.catch_up()


@pytest.mark.both_backends  # the worker's catch-up on PostgreSQL, inline on SQLite
def test_the_view_follows_openings_grants_revocations_and_deactivations(nishan):
    accounts = nishan.accounts
    inspector = accounts.open_account(
        "Bilal Ahmed", Role.INSPECTOR, "Punjab Labour Department", by=CONSOLE,
        jurisdiction=Jurisdiction("Punjab", ("Sialkot", "LAHORE")),
    ).account_id  # fmt: skip
    officer = accounts.open_account("Ayesha Khan", Role.ADMIN, "NCC", by=CONSOLE).account_id
    caught_up(nishan)
    bilal = rows(nishan)[str(inspector)]
    assert (bilal["name"], bilal["role"], bilal["province"]) == (
        "Bilal Ahmed",
        "inspector",
        "Punjab",
    )
    assert json.loads(bilal["districts"]) == ["LAHORE", "Sialkot"]
    assert sorted(bilal["keys"]) == ["lahore", "sialkot"]  # folded, as covers() folds them
    assert (bilal["whole_province"], bilal["active"]) == (0, 1)
    assert bilal["sign_in_name"] == "bilal_ahmed"  # made from the name, as `list` shows it

    accounts.grant_role(inspector, Role.INSPECTOR, Jurisdiction("Sindh"), by=CONSOLE)
    accounts.revoke_role(officer, "Moved to another post", by=CONSOLE)
    caught_up(nishan)
    now = rows(nishan)
    assert (now[str(inspector)]["province"], now[str(inspector)]["whole_province"]) == ("Sindh", 1)
    assert "keys" not in now[str(inspector)]
    assert (now[str(officer)]["role"], now[str(officer)]["province"]) == (None, None)

    accounts.deactivate_account(inspector, "Left the department", by=CONSOLE)
    caught_up(nishan)
    assert rows(nishan)[str(inspector)]["active"] == 0


@pytest.mark.both_backends
def test_an_account_opened_before_sign_in_names_is_listed_with_the_one_it_gets(nishan):
    older = Account.open("Old Timer", Role.ADMIN, "NCC", by=CONSOLE)
    nishan.accounts.save(older)
    caught_up(nishan)
    assert rows(nishan)[str(older.id)]["sign_in_name"] is None
    nishan.accounts.issue_sign_in_code(older.id, by=CONSOLE, sign_in_name="Old_Timer")
    caught_up(nishan)
    assert rows(nishan)[str(older.id)]["sign_in_name"] == "old_timer"


def test_events_it_has_no_handler_for_are_not_read_and_change_nothing(nishan):
    """Tokens issued and revoked (and, in time, sign-ins) are the Account's events too."""
    accounts = nishan.accounts
    opened = accounts.open_account("Ayesha Khan", Role.ADMIN, "NCC", by=CONSOLE)
    before = rows(nishan)
    accounts.issue_token(opened.account_id, by=CONSOLE)
    accounts.revoke_all_tokens(opened.account_id, "Phone lost", by=CONSOLE)
    assert rows(nishan) == before
    topics = Accounts.topics()
    assert all(":Account." in topic for topic in topics)
    assert not any("Token" in topic for topic in topics)
    [position] = [p for p in nishan.updater.positions() if p.projection == Accounts.name]
    assert position.lag == 0  # read past them all the same


@pytest.mark.both_backends
def test_the_view_made_again_from_the_log_is_the_view_kept_so_far(nishan):
    accounts = nishan.accounts
    for n in range(3):
        accounts.open_account(
            f"Inspector {n}", Role.INSPECTOR, "Sindh Labour Department", by=CONSOLE,
            jurisdiction=Jurisdiction("Sindh", ("Karachi",) * n),
        )  # fmt: skip
    revoked = accounts.open_account("Former Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id
    accounts.revoke_role(revoked, "Retired", by=CONSOLE)
    caught_up(nishan)
    kept = rows(nishan)
    nishan.updater.rebuild(Accounts.name)
    assert rows(nishan) == kept and len(kept) == 4
