"""A retry always gets its answer, even when the server died between the command's commit and
its answer: a real `nishan serve` is stopped right after the commit and killed there, and the
retry, sent to the server started anew, is answered in full from the command's receipt."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bootstrap import Nishan, load_settings
from domain.traceability.lot import Lot
from tests.api.scenario import Scenario, bearer

pytestmark = pytest.mark.both_backends  # the backend can change the answer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def nishan_serve(database_url: str, **env: str) -> Iterator[tuple[subprocess.Popen, str]]:
    port = _free_port()
    origin = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NISHAN_DATABASE_URL": database_url, **env},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{origin}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "nishan serve stopped at start-up"
            assert time.monotonic() < deadline, "nishan serve did not start"
            time.sleep(0.1)
        yield server, origin
    finally:
        if server.poll() is None:
            server.kill()
        server.wait(timeout=10)


def stopped(process: subprocess.Popen) -> bool:
    """Whether the process is stopped (SIGSTOP), as Linux tells in /proc."""
    state = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state == "T"


def test_a_retry_after_the_server_died_between_commit_and_answer_gets_the_full_answer(
    database_url,
):
    nishan = Nishan(load_settings(database_url=database_url, public_base_url="http://testserver"))
    try:
        with TestClient(create_app(nishan=nishan)) as client:
            scenario = Scenario.start(client, nishan)
            lot = scenario.create_lot()
    finally:
        nishan.close()
    headers = {**bearer(scenario.exporter), "Idempotency-Key": "split-before-the-crash"}
    body = {"quantities": ["100", "250"]}

    with nishan_serve(database_url, NISHAN_STOP_AFTER_COMMIT="1") as (server, origin):
        lost: list = []
        sending = threading.Thread(
            target=lambda: lost.append(
                _post(f"{origin}/lots/{lot}/split", headers=headers, json=body)
            ),
            daemon=True,
        )
        sending.start()
        deadline = time.monotonic() + 30
        while not stopped(server):
            assert time.monotonic() < deadline, "the server never reached the commit"
            time.sleep(0.02)
        server.send_signal(signal.SIGKILL)  # between the commit and the answer
        server.wait(timeout=10)
        sending.join(timeout=10)
    assert not any(isinstance(answer, httpx.Response) for answer in lost), "it was answered"

    nishan = Nishan(load_settings(database_url=database_url))
    try:
        events = list(nishan.traceability.events.get(UUID(lot)))
        made = [str(child) for e in events if isinstance(e, Lot.Gave) for child in e.to]
        version = nishan.traceability.load_lot(UUID(lot)).version
    finally:
        nishan.close()
    assert len(made) == 2, "the command was committed before the crash"

    with nishan_serve(database_url) as (_, origin):
        again = httpx.post(f"{origin}/lots/{lot}/split", headers=headers, json=body, timeout=30)
    assert again.status_code == 201, again.text
    assert again.json() == {"lot_ids": made}  # the ids the phone never learnt
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["ETag"] == f'"{version}"'


def _post(url: str, **kwargs) -> httpx.Response | Exception:
    try:
        return httpx.post(url, timeout=60, **kwargs)
    except httpx.HTTPError as error:  # the server was killed mid-request
        return error
