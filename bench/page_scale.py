"""A lot's page at two sizes of store, on PostgreSQL: its cost must follow the lot, never the
store. Not part of bench/page.py's default run: writing the large store takes minutes.

    python bench/page_scale.py [--requests 400]

Two stores are written in bulk (bench/history.py: lots made at ten certified factories), one of
about 10,000 events and one of about 500,000, each in a database of its own on the server that
NISHAN_BENCH_POSTGRES_URL names (default postgresql://postgres@127.0.0.1:5432/postgres), dropped
afterwards. Into each, the same 2,000-lot tree is written the same way: a root lot split 2,000
times, one child each time, so that the root's history holds 2,000 entries. The views and the
kept pages are built before anything is timed. Two pages are asked for, in-process through
FastAPI's test client, as HTML with the page cache off (each answer read and rendered anew):
a simple lot of the bulk, and the root of the tree.

Target: p50 and p99 at the large store at most 1.2x those at the small one, for both pages.
"""

import argparse
import os
import statistics
import time
from decimal import Decimal
from uuid import UUID, uuid4

import psycopg
from fastapi.testclient import TestClient
from history import DAY, write_history

from api.app import create_app
from bootstrap import Nishan, load_settings
from domain.accounts.account import CONSOLE
from domain.actor import Actor, Role
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod
from projections.catalogue import PROJECTIONS

SERVER = os.environ.get(
    "NISHAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
STORES = (5_000, 250_000)  # lots of the bulk: two events each
TREE = 2_000
TARGET = 1.2


def write_tree(nishan: Nishan, factory_lot: UUID) -> UUID:
    """A root lot split TREE times, one child each time, made at a factory of the bulk."""
    trace = nishan.traceability
    admin = Actor(
        nishan.accounts.open_account("Tree officer", Role.ADMIN, "NCC", by=CONSOLE).account_id,
        Role.ADMIN,
    )
    exporter_id = trace.register_exporter("Tree Textiles", "7654322-1", "Multan", by=admin)
    user = Actor(trace.open_exporter_user(exporter_id, "Clerk", by=admin).account_id, Role.EXPORTER)
    factory = trace.load_lot(factory_lot).productions[0].factory_id
    root = trace.create_lot(
        "Cotton yarn", "5205", Decimal(TREE * 2), Unit.KILOGRAMS, "TREE-ROOT",
        ProductionPeriod(DAY, DAY), by=user,
    )  # fmt: skip
    trace.attach_lot_to_factory(root, factory, "spinning", DAY, by=user)
    for _ in range(TREE):
        trace.split_lot(root, [Decimal(1)], by=user)
    return root


def percentiles(client: TestClient, lot: UUID, requests: int) -> tuple[float, float]:
    timings = []
    for n in range(requests + 20):
        started = time.perf_counter()
        answer = client.get(f"/lots/{lot}", headers={"Accept": "text/html"})
        elapsed = (time.perf_counter() - started) * 1000
        if answer.status_code != 200:
            raise SystemExit(f"the page answered {answer.status_code}: {answer.text[:300]}")
        if n >= 20:  # warm pools and prepared plans first
            timings.append(elapsed)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def measure(lots: int, requests: int) -> tuple[int, dict[str, tuple[float, float]]]:
    name = f"nishan_bench_{uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{SERVER.rsplit('/', 1)[0]}/{name}"
    settings = load_settings(database_url=url, page_cache_entries=0)
    nishan = Nishan(settings, keeps_views=list(PROJECTIONS))
    try:
        made = write_history(nishan, lots)
        root = write_tree(nishan, made[0])
        started = time.perf_counter()
        nishan.updater.rebuild(*PROJECTIONS)  # the views, then every lot's kept page
        built = time.perf_counter() - started
        print(f"views and {lots + TREE + 1:,} kept pages built in {built:.0f} s")
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        events = sum(
            app.recorder.max_notification_id() or 0 for app in nishan.updater.applications.values()
        )
        with TestClient(create_app(settings, nishan)) as client:
            found = {
                "simple lot": percentiles(client, made[len(made) // 2], requests),
                "root of a 2,000-lot tree": percentiles(client, root, requests),
            }
        for page, (p50, p99) in found.items():
            print(f"store of {events:,} events, {page}: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
        return events, found
    finally:
        nishan.close()
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="timed requests per page")
    parser.add_argument(
        "--lots", type=int, nargs=2, default=STORES, help="lots of the bulk in each store"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    (small, at_small), (large, at_large) = (measure(lots, args.requests) for lots in args.lots)
    for page in at_small:
        for n, figure in enumerate(("p50", "p99")):
            ratio = at_large[page][n] / at_small[page][n]
            print(f"ratio ({page}, {figure}, {large:,} / {small:,} events): {ratio:.2f}x  "
                  f"(target <= {TARGET:g}x)")  # fmt: skip
    print(f"run time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
