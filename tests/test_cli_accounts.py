"""`nishan accounts list | open | revoke | deactivate`, run as an operator runs them: a real
process on a real SQLite file."""

import re
import sqlite3
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from bootstrap import Nishan, load_settings
from cli.shown import moment
from domain.accounts.account import CONSOLE
from domain.accounts.application import TokenRefused
from domain.accounts.sign_in import CODE_VALID
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
    assert "No account has the id or sign-in name 'bilal'" in refused(
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


def events_written(database) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM accounts_events").fetchone()[0]


def test_open_prints_the_sign_in_name_and_a_code_that_signs_the_person_in_once(database):
    done = nishan_command(
        "accounts", "open", "--name", "Sana Iqbal", "--role", "inspector", "--province", "Sindh",
        database=database,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [(name, code)] = re.findall(r"^sign-in code  (\S+)  (\S+)$", done.stdout, re.MULTILINE)
    assert name == "sana_iqbal"  # made from the person's name
    hours = int(CODE_VALID.total_seconds() // 3600)
    assert f"works once, for {hours} hours" in done.stdout
    until = re.search(r"for \d+ hours \(until ([\d-]+ [\d:]+) UTC\)", done.stdout)[1]
    expected = datetime.now(UTC) + CODE_VALID
    assert abs(datetime.fromisoformat(until).replace(tzinfo=UTC) - expected).total_seconds() < 120
    assert code.encode() not in database.read_bytes()  # only its hash is kept
    nishan = Nishan(load_settings(database_url=f"sqlite:///{database}"))
    try:
        session = nishan.accounts.sign_in("Sana_Iqbal", code=code, new_passphrase="a long phrase")
        account_id = re.search(rf"Account ({ID}) opened", done.stdout)[1]
        assert str(session.account_id) == account_id
    finally:
        nishan.close()


def test_the_list_shows_sign_in_names_and_every_time_in_one_form(database):
    account, _ = opened(database, "--name", "Bilal Ahmed", "--role", "admin")
    nishan = Nishan(load_settings(database_url=f"sqlite:///{database}"))
    try:
        opened_on = nishan.accounts.load_account(UUID(account)).created_on
    finally:
        nishan.close()
    listing = nishan_command("accounts", "list", database=database)
    assert listing.returncode == 0, listing.stderr
    line = next(line for line in listing.stdout.splitlines() if account in line)
    assert "bilal_ahmed" in line
    assert f"{opened_on.astimezone(UTC):%Y-%m-%d %H:%M} UTC" in line
    shown = nishan_command("accounts", "open", "--name", "Ayesha Khan", "--role", "admin",
                           database=database).stdout + listing.stdout  # fmt: skip
    times = re.findall(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d\S*(?: UTC)?", shown)
    assert len(times) == 3  # the code's and the token's expiry, the account's opening
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", t) for t in times), times


def test_revoke_deactivate_and_code_take_a_sign_in_name_as_well_as_an_id(database):
    account, token = opened(database, "--name", "Bilal Ahmed", "--role", "admin")
    done = nishan_command(
        "accounts", "revoke", "Bilal_Ahmed", "--reason", "Phone lost", database=database
    )
    assert done.returncode == 0, done.stderr
    assert account in done.stdout  # the id the name was found to be
    with pytest.raises(TokenRefused) as refusal:
        authenticate(database, token)
    assert refusal.value.code == "token_revoked"
    done = nishan_command(
        "accounts", "deactivate", "bilal_ahmed", "--reason", "Left", database=database
    )
    assert done.returncode == 0, done.stderr
    with pytest.raises(TokenRefused) as refusal:
        authenticate(database, token)
    assert refusal.value.code == "account_deactivated"
    assert "deactivated already" in refused(database, "deactivate", account, "--reason", "Left")
    assert "This account is deactivated" in refused(database, "code", "bilal_ahmed")
    for unknown in ("nobody_here", "no such name", str(uuid4())):
        assert "No account" in refused(database, "revoke", unknown, "--reason", "Lost")


def test_active_and_inactive_together_are_refused_not_one_of_them_taken(database):
    opened(database, "--name", "Bilal Ahmed", "--role", "admin")
    for flags in (("--active", "--inactive"), ("--inactive", "--active")):
        said = refused(database, "list", *flags)
        assert "--active or --inactive, not both" in said
    assert "1 account." in nishan_command("accounts", "list", database=database).stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--province", "Sindh", "--district", ""), "A district's name cannot be blank"),
        (("--province", "Sindh", "--district", "Karachi", "--district", "  "), "cannot be blank"),
        (("--province", "Sindh", "--district", "K" * 61), "at most 60 characters"),
        (("--name", "N" * 121, "--province", "Sindh"), "at most 120 characters; this one has 121"),
        (("--name", "N" * 500, "--province", "Sindh"), "at most 120 characters"),
        (("--name", "Bilal\x07Ahmed", "--province", "Sindh"), "must not contain control"),
        (("--name", "\t ", "--province", "Sindh"), "needs the name"),
        (("--organisation", "O" * 201, "--province", "Sindh"), "at most 200 characters"),
    ],
)
def test_what_the_api_refuses_the_console_refuses_and_writes_nothing(database, args, said):
    opened(database, "--name", "Ayesha Khan", "--role", "admin")
    before = events_written(database)
    given = dict(zip(args[::2], args[1::2], strict=True))
    base = ["--name", "Sana Iqbal", "--role", "inspector"]
    if "--name" in given:
        base = ["--role", "inspector"]
    assert said in refused(database, "open", *base, *args)
    assert events_written(database) == before
    listing = nishan_command("accounts", "list", database=database)
    assert "1 account." in listing.stdout


def test_a_reason_longer_than_the_api_takes_is_refused_at_the_console(database):
    account, token = opened(database, "--name", "Ayesha Khan", "--role", "admin")
    before = events_written(database)
    assert "at most 500 characters" in refused(database, "revoke", account, "--reason", "x" * 501)
    assert "control characters" in refused(database, "deactivate", account, "--reason", "a\x1bb")
    assert events_written(database) == before
    assert authenticate(database, token).active


def test_a_time_is_shown_in_one_form_whichever_form_it_was_kept_in():
    for kept in (
        "2026-12-03T09:12:44.120511Z",
        "2026-12-03T09:12:44.120511+00:00",
        "2026-12-03T14:12:44+05:00",  # Pakistan's time, shown in UTC
        datetime(2026, 12, 3, 9, 12, 59, tzinfo=UTC),
    ):
        assert moment(kept) == "2026-12-03 09:12 UTC", kept


def test_the_list_before_the_worker_has_made_a_new_releases_view_says_so_not_a_traceback(
    postgres_url, database
):
    """On PostgreSQL a new release's console may run before its worker has rebuilt the accounts
    view (here as an earlier release left it): a sentence, status 1, and nothing changed."""
    import psycopg

    Nishan(load_settings(database_url=postgres_url)).close()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(
            "UPDATE projection_versions SET version = 1 WHERE projection = 'accounts'"
        )
        connection.execute("ALTER TABLE accounts DROP COLUMN sign_in_name")
    done = nishan_command(
        "accounts", "list", database=database, NISHAN_DATABASE_URL=postgres_url, COLUMNS="200"
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "try again" in " ".join(done.stderr.split())
