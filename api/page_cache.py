"""Public answers kept once made, for as long as nothing they say can have changed.

A lot's page is read from the views, and the views change only when one of them advances, is
rebuilt or changes version; its verdict also depends on the day (certificates expire). So an
answer made at one state of the views and one day is served again, byte for byte and with the
same ETag, while the state and the day stay the same: one small query instead of a dozen, and no
rendering. Any change to any view drops every entry, which is simple and never stale.
"""

import logging
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import psycopg
from eventsourcing.persistence import PersistenceError
from psycopg.conninfo import make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout
from starlette.datastructures import QueryParams

from api.caching import etag_of
from bootstrap.settings import Database
from domain.clock import today_in_pakistan
from projections.view_store import ViewStore

# Two numbers that tell whether anything changed: positions only grow, except when a view is
# reset or rebuilt, and each of those adds a restart (a new version is always a restart). So
# equal sums mean no view has moved since. One row of two numbers is cheap to send and compare.
STATE_OF_THE_VIEWS = """
SELECT (SELECT COALESCE(SUM(restarts), 0) FROM projection_restarts) AS restarts,
       (SELECT COALESCE(SUM(position), 0) FROM projection_positions) AS positions"""
# Only these query parameters make an answer worth keeping; any other query (a bot's or an
# attacker's ?x=...) is answered fresh, so the cache cannot be filled with variants.
KEPT_QUERIES = {"lang", "linkType"}
LONGEST_KEPT_QUERY = 64


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str]  # Content-Language, where the answer has one
    etag: str

    @classmethod
    def of(cls, body: bytes, media_type: str, headers: dict[str, str]) -> "Answer":
        return cls(body, media_type, headers, etag_of(body))


State = tuple[date, tuple[int, int]]
log = logging.getLogger(__name__)


class PageCache:
    def __init__(self, store: ViewStore, database: Database, entries: int) -> None:
        """`entries`: how many answers are kept (a few hundred lots in their languages and
        formats come to a few MB); 0 keeps none."""
        self.store = store
        self.entries = entries
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._state: State | None = None
        self._lock = threading.Lock()
        self._database = database
        self._pool: ConnectionPool | None = None  # opened at the first page, not by the worker

    def keeps(self, query: QueryParams) -> bool:
        """Whether answers to a request with this query are kept."""
        return (
            bool(self.entries)
            and set(query) <= KEPT_QUERIES
            and (len(str(query)) <= LONGEST_KEPT_QUERY)
        )

    def state(self) -> State | None:
        """Where the views stand now, and the day in Pakistan; None when that cannot be asked
        (the database is unreachable), and then nothing is kept or served from the cache."""
        try:
            if self._database.is_sqlite:
                with self.store.reading() as cursor:
                    row = cursor.execute(STATE_OF_THE_VIEWS).fetchone()
                views = (row["restarts"], row["positions"])
            else:
                with self._connections().connection() as connection:
                    views = connection.execute(STATE_OF_THE_VIEWS).fetchone()
        except (psycopg.Error, PoolTimeout, sqlite3.Error, PersistenceError):
            log.warning("The page cache could not ask where the views stand", exc_info=True)
            return None
        return today_in_pakistan(), tuple(views)

    def _connections(self) -> ConnectionPool:
        """On PostgreSQL the state is asked for on connections of the cache's own, outside any
        transaction: one round trip, where the views' pool takes four (ping, BEGIN, SELECT,
        ROLLBACK)."""
        with self._lock:
            if self._pool is None:
                database = self._database
                self._pool = ConnectionPool(
                    make_conninfo(
                        host=database.host,
                        port=database.port,
                        user=database.user,
                        password=database.password,
                        dbname=database.name,
                        connect_timeout=5,
                    ),
                    min_size=1,
                    max_size=4,
                    kwargs={"autocommit": True},
                    check=ConnectionPool.check_connection,  # a restarted server costs no 500
                    timeout=5,
                    open=True,
                )
            return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def get(self, key: tuple, state: State) -> Answer | None:
        with self._lock:
            if state != self._state:
                return None
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key: tuple, state: State, answer: Answer) -> None:
        if not self.entries:
            return
        with self._lock:
            if state != self._state:
                # The views moved on (or this answer is older than the entries): start afresh.
                self._answers.clear()
                self._state = state
            self._answers[key] = answer
            while len(self._answers) > self.entries:
                self._answers.popitem(last=False)
