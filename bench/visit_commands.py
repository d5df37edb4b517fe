"""An inspector's command on a visit, which reads the factory and the inspector's jurisdiction at
the time of the command, against the same command made by an administrator, which reads
neither; on PostgreSQL, measured in the same run.

    python bench/visit_commands.py [--repeat 200]

Each side records worker interviews on a started visit of its own, the two sides in turns, so
that both visits grow alike. NISHAN_BENCH_POSTGRES_URL names the server (default
postgresql://postgres@127.0.0.1:5432/postgres); the benchmark works in a database of its own,
dropped afterwards.
"""

import argparse
import os
import statistics
import time
from datetime import date
from uuid import uuid4

import psycopg

from bootstrap import Nishan, load_settings
from domain.accounts.account import CONSOLE
from domain.accounts.jurisdiction import Jurisdiction
from domain.actor import Actor, Role
from domain.inspections.factory_details import FactoryDetails, Workforce

SERVER = os.environ.get(
    "NISHAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
DAY = date(2026, 11, 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    name = f"nishan_bench_{uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    url = f"{SERVER.rsplit('/', 1)[0]}/{name}"
    nishan = Nishan(load_settings(database_url=url))
    try:
        accounts, inspections = nishan.accounts, nishan.inspections
        admin = Actor(
            accounts.open_account("Officer", Role.ADMIN, "NCC", by=CONSOLE).account_id, Role.ADMIN
        )
        inspector = Actor(
            accounts.open_account(
                "Inspector", Role.INSPECTOR, "Punjab", by=admin, jurisdiction=Jurisdiction("Punjab")
            ).account_id,
            Role.INSPECTOR,
        )
        details = FactoryDetails(
            name="Mill", ntn="1000000-0", address="Vehari Road", province="Punjab",
            district="Multan", sector="1311", goods=("5205",),
            workforce=Workforce(women=50, men=50),
        )  # fmt: skip
        factory = inspections.register_factory(details, by=admin)
        visits = {}
        for actor in (admin, inspector):
            visits[actor] = inspections.schedule_inspection(
                factory, inspector.id, DAY, False, by=admin
            )
            inspections.start_inspection(visits[actor], by=admin)
        timings: dict[Actor, list[float]] = {admin: [], inspector: []}
        for _ in range(args.repeat):
            for actor in (admin, inspector):
                started = time.perf_counter()
                inspections.record_interviews(visits[actor], Workforce(women=1, men=1), by=actor)
                timings[actor].append(time.perf_counter() - started)
    finally:
        nishan.close()
        with psycopg.connect(SERVER, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    baseline = statistics.median(timings[admin])
    checked = statistics.median(timings[inspector])
    print(f"administrator's command (no jurisdiction read): {baseline * 1000:7.2f} ms median")
    print(f"inspector's command (factory and jurisdiction): {checked * 1000:7.2f} ms median")
    print(f"ratio {checked / baseline:.2f}x")


if __name__ == "__main__":
    main()
