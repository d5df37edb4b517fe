"""`nishan accounts list | open | revoke | deactivate`, run as an operator runs them: a real
process on a real SQLite file."""

import re
from uuid import uuid4

import pytest

from bootstrap import Nishan, load_settings
from domain.accounts.account import CONSOLE
from domain.accounts.application import TokenRefused
from tests.samples import ntn
from tests.test_cli import nishan_command

ID = r"[0-9a-f-]{36}"


@pytest.fixture
def database(tmp_path):
    return tmp_path / "nishan.db"


def opened(database, *args: str) -> tuple[str, str]:
    """The id and token of an account opened at the console."""
    done = nishan_command("accounts", "open", *args, database=database)
    assert done.returncode == 0, done.stderr
    account = re.search(rf"Account ({ID}) opened", done.stdout)[1]
    return account, done.stdout.strip().splitlines()[-1]


def refused(database, *args: str) -> str:
    done = nishan_command("accounts", *args, database=database)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return " ".join(done.stderr.split())


def authenticate(database, token: str):
    nishan = Nishan(load_settings(database_url=f"sqlite:///{database}"))
    try:
        return nishan.accounts.authenticate(token)
    finally:
        nishan.close()


def test_an_inspector_opened_at_the_console_gets_a_token_once_and_is_listed(database):
    account, token = opened(
        database, "--name", "Bilal Ahmed", "--role", "inspector",
        "--organisation", "Punjab Labour Department",
        "--province", "Punjab", "--district", "Sialkot", "--district", "Lahore",
    )  # fmt: skip
    assert token.startswith("nsh_")
    assert authenticate(database, token).name == "Bilal Ahmed"
    assert token.encode() not in database.read_bytes()
    admin, _ = opened(database, "--name", "Ayesha Khan", "--role", "admin")
    listing = nishan_command("accounts", "list", database=database)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    inspector_line = next(line for line in lines if account in line)
    assert "Bilal Ahmed" in inspector_line and "inspector" in inspector_line
    assert "Lahore, Sialkot (Punjab)" in inspector_line and "yes" in inspector_line
    # The latest opened first.
    assert lines.index(next(line for line in lines if admin in line)) < lines.index(inspector_line)
    assert "2 accounts." in listing.stdout
    assert token not in listing.stdout


def test_the_list_is_filtered_by_role_and_by_active(database):
    inspector, _ = opened(
        database, "--name", "Bilal Ahmed", "--role", "inspector", "--province", "Sindh"
    )
    admin, _ = opened(database, "--name", "Ayesha Khan", "--role", "admin")
    done = nishan_command(
        "accounts", "deactivate", inspector, "--reason", "Left the department", database=database
    )
    assert done.returncode == 0, done.stderr

    def listed(*args: str) -> str:
        listing = nishan_command("accounts", "list", *args, database=database)
        assert listing.returncode == 0, listing.stderr
        return listing.stdout

    assert inspector in listed("--role", "inspector") and admin not in listed("--role", "inspector")
    assert admin in listed("--active") and inspector not in listed("--active")
    assert inspector in listed("--inactive") and admin not in listed("--inactive")
    assert "0 accounts." in listed("--role", "exporter")


def test_revoke_stops_every_token_of_the_account_and_deactivate_the_account(database):
    account, token = opened(database, "--name", "Ayesha Khan", "--role", "admin")
    done = nishan_command(
        "accounts", "revoke", account, "--reason", "Phone lost", database=database
    )
    assert done.returncode == 0, done.stderr
    with pytest.raises(TokenRefused) as refusal:
        authenticate(database, token)
    assert refusal.value.code == "token_revoked"
    other, other_token = opened(database, "--name", "Bilal Ahmed", "--role", "admin")
    done = nishan_command("accounts", "deactivate", other, "--reason", "Left", database=database)
    assert done.returncode == 0, done.stderr
    with pytest.raises(TokenRefused) as refusal:
        authenticate(database, other_token)
    assert refusal.value.code == "account_deactivated"
    # Twice is refused with the domain's sentence.
    again = refused(database, "deactivate", other, "--reason", "Left")
    assert "deactivated already" in again


def test_an_unknown_account_or_bad_input_stops_with_status_2_and_a_sentence(database):
    assert "No account" in refused(database, "revoke", str(uuid4()), "--reason", "Phone lost")
    assert "No account" in refused(database, "deactivate", str(uuid4()), "--reason", "Left")
    assert "'bilal' is not the id of an account" in refused(
        database, "deactivate", "bilal", "--reason", "Left"
    )
    assert "not the id of an exporter" in refused(
        database, "open", "--name", "B", "--role", "exporter", "--exporter", "chenab"
    )
    account, _ = opened(database, "--name", "Ayesha Khan", "--role", "admin")
    assert "Say why" in refused(database, "revoke", account, "--reason", "  ")
    assert "needs --province" in refused(database, "open", "--name", "B", "--role", "inspector")
    assert "needs --exporter" in refused(database, "open", "--name", "B", "--role", "exporter")
    assert "--district needs --province" in refused(
        database, "open", "--name", "B", "--role", "inspector", "--district", "Sialkot"
    )
    assert "Only inspectors have a jurisdiction" in refused(
        database, "open", "--name", "B", "--role", "admin", "--province", "Sindh"
    )
    assert "not a province" in refused(
        database, "open", "--name", "B", "--role", "inspector", "--province", "Atlantis"
    )
    assert "needs the name" in refused(database, "open", "--name", " ", "--role", "admin")
    assert (
        "exporter"
        in refused(
            database, "open", "--name", "B", "--role", "exporter", "--exporter", str(uuid4())
        ).lower()
    )
    assert "is not one of" in refused(database, "list", "--role", "system")


def test_an_exporters_user_opened_at_the_console_acts_for_that_exporter(database):
    nishan = Nishan(load_settings(database_url=f"sqlite:///{database}"))
    try:
        exporter = nishan.traceability.register_exporter(
            "Chenab Sports Exports", ntn(), "Sialkot", by=CONSOLE
        )
    finally:
        nishan.close()
    account, token = opened(
        database, "--name", "Sana Iqbal", "--role", "exporter", "--exporter", str(exporter)
    )
    user = authenticate(database, token)
    assert (user.role.value, user.exporter_id, user.organisation) == (
        "exporter", exporter, "Chenab Sports Exports"
    )  # fmt: skip
    listing = nishan_command("accounts", "list", "--role", "exporter", database=database)
    assert account in listing.stdout and f"exporter {exporter}" in listing.stdout
