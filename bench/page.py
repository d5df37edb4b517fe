"""The public lot page on PostgreSQL, as JSON and as HTML, against a minimal FastAPI endpoint
that reads one row by primary key from the same database, both under the same wrk load in the
same run.

    python bench/page.py [--duration 10] [--connections 10] [--threads 1] [--rounds 2]
                         [--no-page-cache] [--writes-elsewhere 10]

--database-url (or NISHAN_BENCH_POSTGRES_URL) names the server, by default
postgresql://postgres@127.0.0.1:5432/postgres. The demo is loaded into a database of its own
there (nishan_bench_page, dropped first and afterwards); Nishan and bench/minimal_endpoint.py
are served by uvicorn (one worker each, no access log), and wrk asks for the page of the demo's
shirts, the lot with three factories upstream. Each target is measured in turn, for a number of
rounds, and the best figures of each are kept. Nishan's page cache is on, as it is served,
unless --no-page-cache turns it off (each request then makes the page from the views).
--writes-elsewhere RATE measures everything, baseline included, while exporters' writes to other
lots arrive RATE times a second (bench/writes_elsewhere.py) and the projection worker keeps the
views current: the page cache must keep the measured lot's answers through them.

Target: the page serves at least 0.8x the baseline's requests per second, with a p99 at most
1.5x its p99 (with the page cache, at least 1.0x). The lot's QR image is asked for the same way:
a repeated request must serve at least 10x as many images per second as drawing them.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg

from api.qr import qr_png
from bootstrap import Nishan, load_settings
from cli.demo import load_demo
from domain.clock import today_in_pakistan
from projections.catalogue import PROJECTIONS

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "nishan_bench_page"
SERVER = os.environ.get(
    "NISHAN_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
LOTS = (
    "verified",
    "verified with conditions",
    "verified (Karachi)",
    "shipped shirts (cotton chain)",
)
# Requests per second against the baseline's: without the page cache, and with it.
RPS_TARGET, CACHED_RPS_TARGET, P99_TARGET = 0.8, 1.0, 1.5
QR_TARGET = 10
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass
class Measured:
    target: str
    rps: float
    p99_ms: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app: str, port: int, env: dict[str, str], *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "uvicorn", app, *extra, "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "1", "--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})


def wait_until_up(server: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        if server.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer within 30 s")
        time.sleep(0.1)


def wrk(
    url: str, accept: str, args: argparse.Namespace, seconds: int, *headers: str
) -> tuple[float, float]:
    """Requests per second and p99 in ms; any answer other than 200 stops the benchmark."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency"]
    for header in (f"Accept: {accept}", *headers):
        command += ["-H", header]
    command.append(url)
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"wrk failed against {url}:\n{run.stdout}{run.stderr}")
    out = run.stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw failures against {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE).groups()
    return rps, float(value) * UNITS[unit]


def prepare(server: str, url: str, lot: str) -> str:
    """The demo in a fresh database, every view caught up; the id of the lot to ask for."""
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    nishan = Nishan(load_settings(database_url=url), keeps_views=list(PROJECTIONS))
    try:
        lot_id = str(load_demo(nishan, today_in_pakistan()).lots[lot])
        nishan.updater.catch_up()  # what the projection worker would do; none runs here
    finally:
        nishan.close()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return lot_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per target")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=2, help="each target measured in turn")
    parser.add_argument(
        "--database-url", default=SERVER, help="any database on the PostgreSQL server to use"
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve Nishan with NISHAN_PAGE_CACHE_ENTRIES=0, so that every request makes the page",
    )
    parser.add_argument(
        "--writes-elsewhere",
        type=float,
        default=0,
        metavar="RATE",
        help="lots written a second to other lots while measuring, views kept by their worker",
    )
    parser.add_argument("--lot", choices=LOTS, default=LOTS[-1], help="which demo lot's page")
    args = parser.parse_args()
    url = f"{args.database_url.rsplit('/', 1)[0]}/{DATABASE}"
    nishan_port, minimal_port = free_port(), free_port()
    origin = f"http://127.0.0.1:{nishan_port}"
    servers: list[subprocess.Popen] = []
    results: dict[str, list[Measured]] = {}
    try:
        lot_id = prepare(args.database_url, url, args.lot)
        targets = [  # the baseline first: every ratio is taken against it
            ("minimal endpoint (JSON)", f"http://127.0.0.1:{minimal_port}/lots/{lot_id}", "*/*"),
            ("lot page, JSON", f"{origin}/lots/{lot_id}", "application/json"),
            ("lot page, HTML", f"{origin}/lots/{lot_id}", "text/html"),
            ("QR image, repeated", f"{origin}/lots/{lot_id}/qr.png", "image/png"),
        ]
        # Each server runs in a process of its own, as in production, so that neither shares
        # an interpreter, a GIL or a pool with the bench or with the other.
        minimal_env = {"NISHAN_BENCH_DATABASE_URL": url}
        servers.append(
            serve("minimal_endpoint:app", minimal_port, minimal_env, "--app-dir", "bench")
        )
        environment = {"NISHAN_DATABASE_URL": url, "NISHAN_PUBLIC_BASE_URL": origin}
        if args.no_page_cache:
            environment["NISHAN_PAGE_CACHE_ENTRIES"] = "0"
        servers.append(serve("api.app:create_app", nishan_port, environment, "--factory"))
        for server, (_, target_url, _) in zip(servers, targets, strict=False):
            wait_until_up(server, target_url)
        if args.writes_elsewhere:
            writers = start_writes_elsewhere(url, args.writes_elsewhere)
            servers += writers  # stopped with the servers, before the database is dropped
            for started in writers:
                if started.poll() is not None:
                    raise SystemExit(f"{started.args} exited with {started.returncode}")
        # Rounds take the targets in turn, so that a passing load on the machine is shared.
        for _ in range(args.rounds):
            for name, target_url, accept in targets:
                wrk(target_url, accept, args, args.warmup)  # warm pools and prepared plans
                rps, p99 = wrk(target_url, accept, args, args.duration)
                results.setdefault(name, []).append(Measured(name, rps, p99))
        if args.writes_elsewhere:
            lag = views_lag(url)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        with psycopg.connect(args.database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

    # The best of the rounds, each figure on its own, for every target alike.
    best = [
        Measured(name, max(m.rps for m in runs), min(m.p99_ms for m in runs))
        for name, runs in results.items()
    ]
    base = best[0]
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency after "
        f"{args.warmup} s of warm-up, best of {args.rounds} rounds; the page of the demo lot "
        f"{args.lot!r} ({lot_id}), page cache {'off' if args.no_page_cache else 'on'}"
    )
    if args.writes_elsewhere:
        written = writers[0].stdout.read().strip() if writers[0].stdout else ""
        print(
            f"while {args.writes_elsewhere:g} lots a second were written to other lots "
            f"({written}); the views lagged {lag} events at the end"
        )
    print(f"{'target':26} {'req/s':>9} {'p99 ms':>8} {'req/s x':>8} {'p99 x':>7}  target met")
    qr = best.pop()  # not a page: compared with drawing its image, below
    rps_target = RPS_TARGET if args.no_page_cache else CACHED_RPS_TARGET
    for row in best:
        rps_ratio, p99_ratio = row.rps / base.rps, row.p99_ms / base.p99_ms
        met = "yes" if rps_ratio >= rps_target and p99_ratio <= P99_TARGET else "no"
        print(
            f"{row.target:26} {row.rps:9.1f} {row.p99_ms:8.2f} {rps_ratio:7.2f}x "
            f"{p99_ratio:6.2f}x  {'(baseline)' if row is base else met}"
        )
    print(f"target: req/s at least {rps_target}x the baseline's, p99 at most {P99_TARGET}x its p99")
    for row in best[1:]:
        print(f"ratio ({row.target} / {base.target}, req/s): {row.rps / base.rps:.2f}x")
    drawn = drawings_per_second(f"{origin}/01/08961234567894/10/SHIRT-0001")
    print(
        f"ratio (QR image, repeated request {qr.rps:.0f} req/s / drawing it {drawn:.0f} per s): "
        f"{qr.rps / drawn:.1f}x  (target >= {QR_TARGET:g}x)"
    )


def start_writes_elsewhere(url: str, rate: float) -> list[subprocess.Popen]:
    """The writer of other lots and the projection worker that turns its events into views."""
    environment = {**os.environ, "NISHAN_DATABASE_URL": url}
    writer = subprocess.Popen(
        [sys.executable, "bench/writes_elsewhere.py", "--database-url", url, "--rate", str(rate)],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", "from cli.main import main; main()", "projections", "run"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(3)  # both connected and the first writes through
    return [writer, worker]


def views_lag(url: str) -> int:
    """How many events the slowest view was behind its log, as the measuring ended."""
    nishan = Nishan(load_settings(database_url=url))
    try:
        return max(p.lag for p in nishan.updater.positions())
    finally:
        nishan.close()


def drawings_per_second(payload: str, draws: int = 40) -> float:
    """How many QR images of a carton's Digital Link one process draws per second."""
    timings = []
    for _ in range(draws):
        started = time.perf_counter()
        qr_png(payload)
        timings.append(time.perf_counter() - started)
    return 1 / statistics.median(timings)


if __name__ == "__main__":
    main()
