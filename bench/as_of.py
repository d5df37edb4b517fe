"""A lot's page as it stood at a past moment (`?as_of=`) against the same lot's current page, on
PostgreSQL, at two sizes of store: the answer must cost in proportion to the lot, not the store.

    python bench/as_of.py

Two stores are written in bulk (bench/history.py: lots made at ten certified factories), one of
about 10,000 events and one of about 500,000, each in a database of its own on the server that
NISHAN_BENCH_POSTGRES_URL names (default postgresql://postgres@127.0.0.1:5432/postgres), dropped
afterwards; the views are rebuilt before anything is timed. The baseline is the current page of
the same lot, made afresh on every request: Nishan runs with its page cache off
(page_cache_entries=0), so each answer reads the views and is built anew, as the as-of answer
always is. Both are asked in-process, through FastAPI's test client, as JSON (the HTML page
adds the same rendering to both), alternately, and the medians are compared.

Target: the as-of page takes at most 3x the current page at each size. The run takes about five
minutes on a 2-core machine, most of it writing the large store.
"""

import os
import statistics
import time
from uuid import UUID, uuid4

import psycopg
from fastapi.testclient import TestClient
from history import write_history

from api.app import create_app
from bootstrap import Nishan, load_settings
from domain.clock import today_in_pakistan
from projections.catalogue import PROJECTIONS

SERVER = os.environ.get(
    "NISHAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
STORES = (5_000, 250_000)  # lots: two events each, so about 10,000 and 500,000 events
REQUESTS = 200  # of each page, alternately, after a warm-up
TARGET = 3.0


def events_in(nishan: Nishan) -> int:
    return sum(
        app.recorder.max_notification_id() or 0 for app in nishan.updater.applications.values()
    )


def median_ms(client: TestClient, lot: UUID, as_of: str) -> tuple[float, float]:
    """The medians of the current page and of the as-of page, asked alternately."""
    headers = {"Accept": "application/json"}
    timings: dict[str, list[float]] = {"current": [], "as_of": []}
    for n in range(REQUESTS + 10):
        for name, params in (("current", {}), ("as_of", {"as_of": as_of})):
            started = time.perf_counter()
            answer = client.get(f"/lots/{lot}", params=params, headers=headers)
            elapsed = time.perf_counter() - started
            if answer.status_code != 200:
                raise SystemExit(f"{name} page answered {answer.status_code}: {answer.text}")
            if n >= 10:  # the first answers warm caches and pools
                timings[name].append(elapsed * 1000)
    return statistics.median(timings["current"]), statistics.median(timings["as_of"])


def measure(lots: int) -> None:
    name = f"nishan_bench_{uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    settings = load_settings(
        database_url=f"{SERVER.rsplit('/', 1)[0]}/{name}", page_cache_entries=0
    )
    nishan = Nishan(settings)
    try:
        made = write_history(nishan, lots)
        nishan.updater.rebuild(*PROJECTIONS)
        events = events_in(nishan)
        lot = made[len(made) // 2]
        as_of = today_in_pakistan().isoformat()
        with TestClient(create_app(settings, nishan)) as client:
            current, past = median_ms(client, lot, as_of)
        print(f"store of {events:,} events, median of {REQUESTS} requests each: current page "
              f"{current:.2f} ms, as-of page {past:.2f} ms")  # fmt: skip
        print(f"ratio (as-of page / current page, {events:,} events): {past / current:.2f}x  "
              f"(target <= {TARGET:g}x)")  # fmt: skip
    finally:
        nishan.close()
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def main() -> None:
    started = time.perf_counter()
    for lots in STORES:
        measure(lots)
    print(f"run time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
