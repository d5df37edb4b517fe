"""A steady stream of exporters' writes to lots other than the one bench/page.py asks for.

    python bench/writes_elsewhere.py --database-url postgresql://... [--rate 10]

As the demo's Karachi exporter it creates a lot and records it as made at the demo's Saddar
factory, `--rate` times a second, until stopped: two events each, which the projection worker
running beside it turns into rows of every view, the kept pages among them. The page cache must
keep the measured lot's answers through all of it (a write drops only the answers of the lots
it touched); before the cache was keyed by each lot's row, every write emptied it.
"""

import argparse
import signal
import threading
import time
from datetime import timedelta
from decimal import Decimal

from bootstrap import Nishan, load_settings
from cli.demo import demo_id
from domain.actor import Actor, Role
from domain.clock import today_in_pakistan
from domain.traceability.lot import Unit
from domain.traceability.production_period import ProductionPeriod


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rate", type=float, default=10, help="lots written a second")
    args = parser.parse_args()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    nishan = Nishan(load_settings(database_url=args.database_url))
    exporter = Actor(demo_id("exporter_karachi"), Role.EXPORTER)
    factory = demo_id("factory/saddar")
    today = today_in_pakistan()
    period = ProductionPeriod(today - timedelta(days=20), today - timedelta(days=5))
    written, started = 0, time.monotonic()
    try:
        while not stop.is_set():
            lot = nishan.traceability.create_lot(
                "Men's denim jeans, stone-washed",
                "620342",
                Decimal(100),
                Unit.PIECES,
                f"BENCH-{written:06d}",
                period,
                by=exporter,
            )
            nishan.traceability.attach_lot_to_factory(lot, factory, "stitching", today, by=exporter)
            written += 1
            # Paced from the start, so that a slow write is caught up, not the rate lowered.
            stop.wait(max(0.0, started + written / args.rate - time.monotonic()))
    finally:
        nishan.close()
        print(f"writes elsewhere: {written} lots in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
