"""Whether the accounts log has changed since a moment, without reading it: a count of the
changes heard, which the tokens kept between requests (api/known_tokens.py) are stamped with.

The count goes up at once when this process saves to the Accounts log, and, on PostgreSQL, when
any other process does (the console, another API process): eventsourcing NOTIFYs the log's
channel at each commit, and a thread of this process LISTENs on it. While that thread is not
connected (starting, or its connection lost) nothing can be heard, and `heard()` answers None:
every kept token is then checked against the log on each request, as with SQLite, whose other
processes notify nobody. A change in another process holds here once PostgreSQL has delivered
its notification, a few milliseconds after its commit.
"""

import logging
import threading

import psycopg

log = logging.getLogger(__name__)

RECONNECT_SECONDS = (0.5, 1.0, 2.0, 5.0)  # after each failure in a row; the last again after
# A connection that goes silent (a network cut, not a closed socket) is found dead within
# about ten seconds, rather than the system's two hours.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
}


class AccountsChanges:
    def __init__(self, postgres_url: str | None, channel: str) -> None:
        self._url = postgres_url
        self._channel = channel
        self._count = 0
        self._listening = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._url is None:
            return  # SQLite: nothing to listen to; heard() stays None
        self._thread = threading.Thread(target=self._listen, name="accounts-changes", daemon=True)
        self._thread.start()

    def heard(self) -> int | None:
        """The changes heard so far, or None while changes elsewhere could go unheard."""
        with self._lock:
            return self._count if self._listening else None

    def changed(self) -> None:
        """The log changed (this process saved to it, or another said it did)."""
        with self._lock:
            self._count += 1

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _listen(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True, **KEEPALIVES) as connection:
                    connection.execute(f'LISTEN "{self._channel}"')
                    with self._lock:  # what was committed before we listened is unheard
                        self._count += 1
                        self._listening = True
                    failures = 0
                    while not self._stop.is_set():
                        for _ in connection.notifies(timeout=0.5):
                            self.changed()
            except Exception:  # any failure: check every token until listening again
                log.warning("lost the accounts log's notifications; checking every token")
            finally:
                with self._lock:
                    self._listening = False
                    self._count += 1
            failures += 1
            self._stop.wait(RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS)) - 1])
