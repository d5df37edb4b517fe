"""The `nishan` command, run as a user runs it: a real process on a real SQLite file."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bootstrap import Nishan, load_settings
from cli.main import _served_at
from tests.projections.test_exactly_once import make_history

BASE = "http://127.0.0.1:8000"


def nishan_command(*args: str, database: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NISHAN_DATABASE_URL": f"sqlite:///{database}", **env},
    )


@pytest.fixture
def database(tmp_path) -> Path:
    return tmp_path / "nishan.db"


def test_create_admin_prints_a_token_that_authenticates_once(database):
    done = nishan_command("accounts", "create-admin", "--name", "Ayesha Khan", database=database)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    assert token.startswith("nsh_")
    nishan = Nishan(load_settings(database_url=f"sqlite:///{database}"))
    try:
        account = nishan.accounts.authenticate(token)
        assert account is not None and account.name == "Ayesha Khan"
        assert account.role.value == "admin"
    finally:
        nishan.close()
    assert token.encode() not in database.read_bytes()
    assert re.search(r"^sign-in code  ayesha_khan  \S+$", done.stdout, re.MULTILINE)


def test_create_admin_refuses_bad_input_with_status_2_and_a_sentence(database):
    for name, said in ((" ", "needs the name"), ("A" * 121, "at most 120 characters")):
        done = nishan_command("accounts", "create-admin", "--name", name, database=database)
        assert done.returncode == 2, (done.stdout, done.stderr)
        assert said in " ".join(done.stderr.split()) and "Traceback" not in done.stderr
        assert "nsh_" not in done.stdout


def test_demo_loads_once_and_prints_the_lot_pages(database):
    first = nishan_command("demo", database=database)
    assert first.returncode == 0, first.stderr
    urls = re.findall(r"http://127\.0\.0\.1:8000/lots/[0-9a-f-]{36}", first.stdout)
    assert len(urls) == 8  # a verified lot, one under review, one in Urdu, then every lot
    verified = re.search(r"a verified lot +(\S+)", first.stdout)[1]
    under_review = re.search(r"a lot under review +(\S+)", first.stdout)[1]
    sheet = re.search(r"a shipment's label sheet +(\S+)", first.stdout)[1]
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/shipments/[0-9a-f-]{36}/labels", sheet)
    # One sign-in line per demo person, beside the token lines, each code good for a first sign-in.
    codes = dict(re.findall(r"^sign-in code  (\w+)  ([A-Z0-9]+)$", first.stdout, re.MULTILINE))
    tokens = re.findall(r"^  (\w+) +nsh_\S+$", first.stdout, re.MULTILINE)
    assert set(codes) == set(tokens) and "inspector_punjab" in codes
    in_urdu = re.search(r"the shirts' page in Urdu +(\S+)", first.stdout)[1]
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/lots/[0-9a-f-]{36}\?lang=ur", in_urdu)
    loaded = _heads(database)
    second = nishan_command("demo", database=database)
    assert second.returncode == 0, second.stderr
    assert "already loaded" in second.stdout
    assert re.findall(r"http://127\.0\.0\.1:8000/lots/[0-9a-f-]{36}", second.stdout) == urls

    nishan = Nishan(load_settings(database_url=f"sqlite:///{database}"))
    try:
        from domain.clock import today_in_pakistan
        from projections.lot_record import find_lot_record

        verdicts = {
            find_lot_record(nishan.views, url.rsplit("/", 1)[1], today_in_pakistan()).verdict.value
            for url in urls
        }
        assert verdicts == {"verified", "under_review"}

        def verdict(url: str) -> str:
            lot_id = url.rsplit("/", 1)[1]
            return find_lot_record(nishan.views, lot_id, today_in_pakistan()).verdict.value

        assert (verdict(verified), verdict(under_review)) == ("verified", "under_review")
        labels = TestClient(create_app(nishan=nishan)).get(sheet.removeprefix(BASE))
        assert labels.status_code == 200 and "Men&#39;s cotton shirts" in labels.text
        # The shirts and their fabric have lot numbers: the shirts their own, with a GTIN of
        # their own (a Digital Link on the carton), the fabric one derived from the yarn's.
        shirts = find_lot_record(nishan.views, in_urdu.rsplit("/", 1)[1][:36], today_in_pakistan())
        assert shirts.lot_number == "LHT-2611-SH" and "(10) LHT-2611-SH" in labels.text
        assert "/01/08964442200041/10/LHT-2611-SH" in labels.text
        fabric = find_lot_record(nishan.views, shirts.inputs[0].lot_id, today_in_pakistan())
        assert fabric.lot_number == "LHT-2610-YN-T1"
        assert _heads(database) == loaded  # the second run recorded nothing
        signed_in = nishan.accounts.sign_in(
            "inspector_punjab", code=codes["inspector_punjab"], new_passphrase="a long passphrase"
        )
        assert nishan.accounts.session_account(signed_in.secret)[0].sign_in_name == (
            "inspector_punjab"
        )
    finally:
        nishan.close()


def test_a_malformed_setting_stops_the_command_with_its_name(database):
    done = nishan_command(
        "projections", "status", database=database, NISHAN_DATABASE_URL="mysql://x@y/z"
    )
    assert done.returncode == 2
    assert "NISHAN_DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_projections_status_and_rebuild_work_from_the_command_line(database):
    assert nishan_command("demo", database=database).returncode == 0
    status = nishan_command("projections", "status", database=database)
    assert status.returncode == 0, status.stderr
    row = re.search(
        r"lot_compliance\s*│\s*Traceability\s*│\s*(\d+)\s*│\s*(\d+)\s*│\s*0", status.stdout
    )
    assert row and row.group(1) == row.group(2) != "0"
    rebuilt = nishan_command("projections", "rebuild", "lot_compliance", database=database)
    assert rebuilt.returncode == 0, rebuilt.stderr
    applied = re.search(r"Rebuilt lot_compliance: (\d+) events applied", rebuilt.stdout)
    assert applied and int(applied.group(1)) > 0
    everything = nishan_command("projections", "rebuild", "--all", database=database)
    assert everything.returncode == 0, everything.stderr
    assert "Rebuilt factory_status, lot_compliance," in everything.stdout
    after = nishan_command("projections", "status", "--max-lag", "0", database=database)
    assert after.returncode == 0, after.stderr
    unknown = nishan_command("projections", "rebuild", "nonsense", database=database)
    assert unknown.returncode == 2
    assert "No view is called nonsense" in unknown.stderr
    unnamed = nishan_command("projections", "rebuild", database=database)
    assert unnamed.returncode == 2
    assert "Name the views to rebuild, or pass --all" in unnamed.stderr


@pytest.mark.parametrize(
    "url",
    ["postgresql://nishan:hunter2@127.0.0.1:1/nishan", "sqlite:////nonexistent/dir/nishan.db"],
)
def test_an_unreachable_database_stops_the_command_with_a_message_not_a_traceback(database, url):
    done = nishan_command("projections", "status", database=database, NISHAN_DATABASE_URL=url)
    assert done.returncode == 2
    assert "Cannot use the database NISHAN_DATABASE_URL=" in done.stderr
    assert "Traceback" not in done.stderr
    assert "hunter2" not in done.stderr


def test_projections_status_fails_when_a_view_lags_more_than_allowed(postgres_url, database):
    nishan = Nishan(load_settings(database_url=postgres_url))
    try:
        make_history(nishan, lots=3)  # no worker runs: the views fall behind
    finally:
        nishan.close()
    env = {"NISHAN_DATABASE_URL": postgres_url}
    relaxed = nishan_command("projections", "status", "--max-lag", "1000", database=database, **env)
    assert relaxed.returncode == 0, relaxed.stderr
    behind = nishan_command("projections", "status", "--max-lag", "3", database=database, **env)
    assert behind.returncode == 1
    assert "Behind by more than 3 events: factory_status, lot_compliance" in behind.stderr


def test_rebuild_on_postgresql_brings_lagging_views_to_the_head(postgres_url, database):
    nishan = Nishan(load_settings(database_url=postgres_url))
    try:
        make_history(nishan, lots=3)  # no worker runs: the views fall behind
    finally:
        nishan.close()
    env = {"NISHAN_DATABASE_URL": postgres_url}
    rebuilt = nishan_command("projections", "rebuild", "--all", database=database, **env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert re.search(r"Rebuilt factory_status, .*: \d+ events applied", rebuilt.stdout)
    current = nishan_command("projections", "status", "--max-lag", "0", database=database, **env)
    assert current.returncode == 0, current.stderr


def _heads(database: Path) -> tuple[int, ...]:
    """The last notification id of every event table in the file."""
    with sqlite3.connect(database) as connection:
        return tuple(
            connection.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0]
            for table in ("accounts_events", "inspections_events", "traceability_events")
        )


def test_serve_logs_each_request_under_its_request_id(database):
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # uvicorn logs requests to stdout, the rest to stderr
        text=True,
        env={**os.environ, "NISHAN_DATABASE_URL": f"sqlite:///{database}"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/catalogue", headers={"X-Request-ID": "phone-42.a"}
            )
            try:
                with urllib.request.urlopen(request, timeout=2) as answer:
                    assert answer.headers["X-Request-ID"] == "phone-42.a"
                break
            except OSError:
                assert time.monotonic() < deadline, "nishan serve did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        logged, _ = server.communicate(timeout=30)
    assert re.search(r'\[phone-42\.a\] 127\.0\.0\.1:\d+ - "GET /catalogue HTTP/1\.1" 200', logged)
    assert "[-] " in logged  # lines outside any request say so


def test_links_name_the_port_served_unless_a_public_base_url_is_set(monkeypatch):
    monkeypatch.setenv("NISHAN_PUBLIC_BASE_URL", "")  # restored after the test, as it was
    monkeypatch.delenv("NISHAN_PUBLIC_BASE_URL")
    _served_at("0.0.0.0", 8765)
    assert os.environ["NISHAN_PUBLIC_BASE_URL"] == "http://127.0.0.1:8765"
    monkeypatch.setenv("NISHAN_PUBLIC_BASE_URL", "https://verify.nishan.pk")
    _served_at("127.0.0.1", 9000)
    assert os.environ["NISHAN_PUBLIC_BASE_URL"] == "https://verify.nishan.pk"


DEMO_SERVED = ("demo", "--serve", "--port")


def test_demo_served_on_postgresql_keeps_its_views_with_no_worker_beside_it(postgres_url):
    """A try-out on PostgreSQL: a visit scheduled after `nishan demo --serve` is listed and
    opened (views kept by the demo's own worker thread), not answered views_behind for ever."""
    import json
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", *DEMO_SERVED, str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NISHAN_DATABASE_URL": postgres_url, "COLUMNS": "200"},
    )
    base = f"http://127.0.0.1:{port}"

    def call(path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            base + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"null")

    try:
        tokens: dict[str, str] = {}
        while len(tokens) < 2:  # the token lines come before the server starts
            line = server.stdout.readline()
            assert line, "nishan demo stopped before printing its tokens"
            if match := re.match(r"\s+(admin|inspector_sindh)\s+(nsh_\S+)", line):
                tokens[match[1]] = match[2]
        deadline = time.monotonic() + 60
        while True:
            try:
                me = call("/accounts/me", tokens["inspector_sindh"])
                break
            except OSError:
                assert time.monotonic() < deadline, "nishan demo --serve did not start"
                time.sleep(0.2)
        factories = call("/factories?q=korangi", tokens["admin"])[1]["factories"]
        schedule = {
            "factory_id": factories[0]["factory_id"],
            "inspector_id": me[1]["account_id"],
            "planned_on": "2027-01-15",
        }
        status, scheduled = call("/inspections", tokens["admin"], schedule)
        assert status == 201, scheduled
        visit = scheduled["inspection_id"]
        while (opened := call(f"/inspections/{visit}", tokens["inspector_sindh"]))[0] != 200:
            assert time.monotonic() < deadline, opened
            time.sleep(0.2)
        listed = call("/inspections?from=2027-01-15&to=2027-01-15", tokens["inspector_sindh"])
        assert [v["inspection_id"] for v in listed[1]["visits"]] == [visit]
    finally:
        server.terminate()
        server.communicate(timeout=30)
