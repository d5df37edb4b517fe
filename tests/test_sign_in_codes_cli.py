"""`nishan accounts code <account>` (cli/sign_in_codes.py), called as the console calls it: a new
one-time code printed once, that signs the person in at its first use, on a real SQLite file."""

import re

import pytest
import typer

from bootstrap import Nishan, load_settings
from cli.sign_in_codes import issue_sign_in_code_command
from domain.accounts.account import CONSOLE, Account
from domain.accounts.sign_in import FAILURES_BEFORE_LOCK, SignInRefused
from domain.actor import Role


@pytest.fixture
def database(tmp_path, monkeypatch):
    path = tmp_path / "nishan.db"
    monkeypatch.setenv("NISHAN_DATABASE_URL", f"sqlite:///{path}")
    return path


def _printed_code(capsys) -> tuple[str, str]:
    out = capsys.readouterr().out
    found = re.search(r"^sign-in code  (\S+)  (\S+)$", out, re.MULTILINE)
    assert found, out
    return found[1], found[2]


def test_a_code_printed_for_an_account_named_by_sign_in_name_signs_its_person_in(database, capsys):
    nishan = Nishan(load_settings())
    try:
        opened = nishan.accounts.open_account(
            "Bilal Ahmed", Role.ADMIN, "NCC", by=CONSOLE, sign_in_name="bilal"
        )
    finally:
        nishan.close()
    issue_sign_in_code_command("bilal")
    name, code = _printed_code(capsys)
    assert name == "bilal" and code != opened.sign_in_code
    nishan = Nishan(load_settings())
    try:
        session = nishan.accounts.sign_in(name, code=code, new_passphrase="a long passphrase")
        assert session.account_id == opened.account_id
    finally:
        nishan.close()
    assert code.encode() not in database.read_bytes()  # only its hash is stored


def test_an_account_opened_before_sign_in_names_gets_one_by_its_id(database, capsys):
    nishan = Nishan(load_settings())
    try:
        older = Account.open("Old Timer", Role.ADMIN, "NCC", by=CONSOLE)
        nishan.accounts.save(older)
    finally:
        nishan.close()
    issue_sign_in_code_command(str(older.id), sign_in_name="old_timer")
    assert _printed_code(capsys)[0] == "old_timer"


def test_an_unknown_account_is_said_so_and_prints_no_code(database, capsys):
    with pytest.raises(typer.Exit) as stopped:
        issue_sign_in_code_command("nobody_here")
    assert stopped.value.exit_code == 2
    captured = capsys.readouterr()
    assert "sign-in code" not in captured.out
    assert "nobody_here" in captured.err


def test_a_code_printed_while_the_account_is_locked_signs_its_person_in_at_once(database, capsys):
    nishan = Nishan(load_settings())
    try:
        opened = nishan.accounts.open_account(
            "Bilal Ahmed", Role.ADMIN, "NCC", by=CONSOLE, sign_in_name="bilal"
        )
        nishan.accounts.sign_in("bilal", code=opened.sign_in_code, new_passphrase="a long one!")
        for _ in range(FAILURES_BEFORE_LOCK):
            with pytest.raises(SignInRefused) as refused:
                nishan.accounts.sign_in("bilal", passphrase="forgotten it")
        assert refused.value.code == "account_locked"
    finally:
        nishan.close()
    issue_sign_in_code_command("bilal")  # the person rang the officer
    _, code = _printed_code(capsys)
    nishan = Nishan(load_settings())
    try:
        nishan.accounts.sign_in("bilal", code=code, new_passphrase="a remembered one")
        nishan.accounts.sign_in("bilal", passphrase="a remembered one")
    finally:
        nishan.close()
