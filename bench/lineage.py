"""Lineage of a lot with a 10,000-node upstream graph on PostgreSQL: Nishan's read path against a
bare recursive SQL query over the same edges, measured in the same run.

    python bench/lineage.py [--nodes 10000] [--repeat 30]

NISHAN_BENCH_POSTGRES_URL names the server (default postgresql://postgres@127.0.0.1:5432/postgres);
the benchmark works in a database of its own, dropped afterwards.
"""

import argparse
import os
import statistics
import time
from uuid import uuid4

import psycopg

from bootstrap import Nishan, load_settings
from projections.lineage import ANCESTORS, find_ancestors

SERVER = os.environ.get(
    "NISHAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def median_seconds(run, repeat: int) -> float:
    run()  # warm up caches and prepared plans, for both sides alike
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    name = f"nishan_bench_{uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{SERVER.rsplit('/', 1)[0]}/{name}"
    nishan = Nishan(load_settings(database_url=url))
    try:
        # A binary upstream tree: lot i was made from lots 2i+1 and 2i+2; lot 0 is the target.
        lots = [str(uuid4()) for _ in range(args.nodes)]
        edges = [
            (lots[parent], lots[child], "merge")
            for child in range(args.nodes)
            for parent in (2 * child + 1, 2 * child + 2)
            if parent < args.nodes
        ]
        with psycopg.connect(url, autocommit=True) as connection:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO lot_edges (parent_id, child_id, process) VALUES (%s, %s, %s)",
                    edges,
                )
            connection.execute("ANALYZE lot_edges")

            target = lots[0]
            found = find_ancestors(nishan.views, target)
            assert len(found) == args.nodes - 1, len(found)

            def bare() -> None:
                rows = connection.execute(ANCESTORS, {"lot_id": target}).fetchall()
                assert len(rows) == args.nodes - 1

            baseline = median_seconds(bare, args.repeat)
        nishan_time = median_seconds(lambda: find_ancestors(nishan.views, target), args.repeat)
    finally:
        nishan.close()
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(f"upstream graph: {args.nodes} lots, {len(edges)} edges, median of {args.repeat} runs")
    print(f"bare recursive SQL (psycopg):   {baseline * 1000:8.2f} ms")
    print(f"Nishan lineage (find_ancestors): {nishan_time * 1000:8.2f} ms")
    print(f"ratio Nishan / bare:             {nishan_time / baseline:8.2f}x  (target: at most 2x)")


if __name__ == "__main__":
    main()
