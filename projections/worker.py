"""A long-running projection worker: follows the logs and keeps the views current.

It sleeps until PostgreSQL says that new events were committed (LISTEN/NOTIFY on the channels
eventsourcing notifies), or a poll interval passes; a lost database connection is retried with
backoff from the view's last committed position, so the worker never crash-loops.
"""

import logging
import threading
import time
from collections.abc import Iterable

import psycopg
from eventsourcing.persistence import PersistenceError

from projections.updater import ViewUpdater

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 30.0


class ChangeListener:
    """Waits for a NOTIFY on the event tables' channels; without PostgreSQL, it just sleeps."""

    def __init__(self, postgres_url: str | None, channels: Iterable[str]) -> None:
        self.postgres_url = postgres_url
        self.channels = sorted(set(channels))
        self._connection: psycopg.Connection | None = None

    def listen(self) -> None:
        """Start listening, if not already: called before each catch-up, so that a commit made
        during the catch-up is still heard afterwards."""
        if self.postgres_url is None:
            return
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(self.postgres_url, autocommit=True)
            for channel in self.channels:
                self._connection.execute(f'LISTEN "{channel}"')

    def wait(self, timeout: float, stop: threading.Event) -> None:
        if self.postgres_url is None or self._connection is None:
            stop.wait(timeout)
            return
        # Wait in short slices, so that a stop request is seen within half a second.
        deadline = time.monotonic() + timeout
        while not stop.is_set() and (remaining := deadline - time.monotonic()) > 0:
            for _ in self._connection.notifies(timeout=min(remaining, 0.5), stop_after=1):
                return

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def run_worker(
    updater: ViewUpdater,
    names: list[str] | None,
    listener: ChangeListener,
    stop: threading.Event,
) -> None:
    backoff = 1.0
    while not stop.is_set():
        try:
            listener.listen()
            applied = updater.catch_up(names)
            if applied:
                log.info("applied %d events", applied)
            backoff = 1.0
            listener.wait(POLL_SECONDS, stop)
        except (PersistenceError, psycopg.Error, OSError) as error:
            listener.close()
            log.warning("database unavailable (%s); retrying in %.0f s", error, backoff)
            stop.wait(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
    listener.close()
