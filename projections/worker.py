"""A long-running projection worker: follows the logs and keeps the views current.

It sleeps until PostgreSQL says that new events were committed (LISTEN/NOTIFY on the channels
eventsourcing notifies), or a poll interval passes. A lost database connection is retried with
backoff from each view's last committed position; a view whose handler fails is retried with
its own backoff while the other views go on. Either way the worker goes on; only a damaged
record (domain/damaged_record.py) stops it, since no retry can read past it.
"""

import logging
import threading
import time
from collections.abc import Iterable

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError

from domain.damaged_record import RecordDamaged
from projections.updater import ViewUpdater

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 30.0


def connection_lost(error: BaseException) -> bool:
    """Whether the database connection itself failed, not a statement on it.

    psycopg's OperationalError also covers deadlocks, timeouts and cancelled statements: those
    are one view's trouble, retried for that view alone. SQLSTATE class 08 (connection
    exception) and 57P (the server shutting down) are the database's, so every view waits.
    """
    while error is not None:
        if isinstance(error, (psycopg.InterfaceError, OSError)):
            return True
        if isinstance(error, psycopg.OperationalError):
            state = error.sqlstate
            return state is None or state.startswith(("08", "57P"))
        error = error.__cause__  # eventsourcing wraps psycopg's errors in its own
    return False


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


def _backoff(failures: int) -> float:
    return min(2.0 ** (failures - 1), MAX_BACKOFF_SECONDS)


def run_worker(
    updater: ViewUpdater,
    names: list[str] | None,
    listener: ChangeListener,
    stop: threading.Event,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    views = names or [projection.name for projection in updater.projections]
    view_failures: dict[str, int] = {}
    retry_view_at: dict[str, float] = {}
    connection_failures = 0
    while not stop.is_set():
        try:
            listener.listen()
            for view in views:
                if retry_view_at.get(view, 0.0) > time.monotonic():
                    continue
                try:
                    applied = updater.catch_up([view])
                except Exception as error:
                    # A damaged record stays damaged: retrying it would apply nothing, for ever.
                    if connection_lost(error) or isinstance(error, RecordDamaged):
                        raise
                    view_failures[view] = view_failures.get(view, 0) + 1
                    delay = _backoff(view_failures[view])
                    retry_view_at[view] = time.monotonic() + delay
                    log.exception("view %s failed; retrying it in %.0f s", view, delay)
                    continue
                view_failures.pop(view, None)
                if applied:
                    log.info("view %s applied %d events", view, applied)
            connection_failures = 0
            listener.wait(poll_seconds, stop)
        except (psycopg.Error, OperationalError, InterfaceError, OSError) as error:
            # From the listener, or re-raised above because the connection was lost.
            listener.close()
            connection_failures += 1
            delay = _backoff(connection_failures)
            log.warning("database unavailable (%s); retrying in %.0f s", error, delay)
            stop.wait(delay)
            try:
                updater.renew_connections()
            except Exception:  # still unreachable: the next round waits again
                log.debug("connections could not be renewed yet", exc_info=True)
    listener.close()
