"""Rebuilding every view on PostgreSQL against the raw rate at which the same events are read and
decoded from the logs, measured in the same run.

    python bench/rebuild.py [--lots 100000] [--repeat 2]

Each lot brings two events (created, made at a certified factory), so the default writes 200,000
events and more. NISHAN_BENCH_POSTGRES_URL names the server (default
postgresql://postgres@127.0.0.1:5432/postgres); the benchmark works in a database of its own,
dropped afterwards. Target: the rebuild runs at no less than 0.3x the raw rate.
"""

import argparse
import os
import time
from uuid import uuid4

import psycopg
from history import write_history

from bootstrap import Nishan, load_settings
from projections.catalogue import PROJECTIONS

SERVER = os.environ.get(
    "NISHAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def read_and_decode(nishan: Nishan) -> int:
    """Every event of the logs the views follow, read in the views' batch size and decoded: the
    raw rate."""
    events = 0
    for app in (nishan.accounts, nishan.inspections, nishan.traceability):
        position = 0
        while batch := app.recorder.select_notifications(
            start=position, inclusive_of_start=False, limit=500
        ):
            for notification in batch:
                app.mapper.to_domain_event(notification)
            events += len(batch)
            position = batch[-1].id
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    args = parser.parse_args()

    name = f"nishan_bench_{uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{SERVER.rsplit('/', 1)[0]}/{name}"
    nishan = Nishan(load_settings(database_url=url))
    try:
        write_history(nishan, args.lots)

        # Untimed: the views are full before each timed rebuild, as they are in production.
        nishan.updater.rebuild(*PROJECTIONS)
        # The best of several runs of each, as timeit does: the others were slowed by the machine.
        raw_seconds, rebuild_seconds = float("inf"), float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            events = read_and_decode(nishan)
            raw_seconds = min(raw_seconds, time.perf_counter() - started)
            started = time.perf_counter()
            nishan.updater.rebuild(*PROJECTIONS)
            rebuild_seconds = min(rebuild_seconds, time.perf_counter() - started)

        raw_rate, rebuild_rate = events / raw_seconds, events / rebuild_seconds
        print(f"events in the logs:          {events:,}  (best of {args.repeat} runs each)")
        print(f"read and decode (baseline):  {raw_seconds:8.2f} s  {raw_rate:10,.0f} events/s")
        print(f"rebuild of {len(PROJECTIONS)} views:        {rebuild_seconds:8.2f} s  "
              f"{rebuild_rate:10,.0f} events/s")  # fmt: skip
        print(f"ratio (rebuild / raw rate):  {rebuild_rate / raw_rate:.2f}x  (target >= 0.3x)")
    finally:
        nishan.close()
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
