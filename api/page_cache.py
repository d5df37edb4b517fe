"""Public answers kept once made, for as long as nothing they say can have changed.

A lot's page is read from the views, and the views change only when one of them advances, is
rebuilt or changes version; its verdict also depends on the day (certificates expire). So an
answer made at one state of the views and one day is served again, byte for byte and with the
same ETag, while the state and the day stay the same: one small query instead of a dozen, and no
rendering. Any change to any view drops every entry, which is simple and never stale.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from psycopg.conninfo import make_conninfo
from psycopg_pool import ConnectionPool

from api.caching import etag_of
from api.settings import Database
from domain.clock import today_in_pakistan
from projections.view_store import ViewStore

STATE_OF_THE_VIEWS = """
SELECT p.projection, p.application, p.position, v.version
FROM projection_positions p LEFT JOIN projection_versions v ON v.projection = p.projection
ORDER BY p.projection, p.application"""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str]  # Content-Language, where the answer has one
    etag: str

    @classmethod
    def of(cls, body: bytes, media_type: str, headers: dict[str, str]) -> "Answer":
        return cls(body, media_type, headers, etag_of(body))


State = tuple[date, tuple[tuple, ...]]


class PageCache:
    def __init__(self, store: ViewStore, database: Database, entries: int) -> None:
        """`entries`: how many answers are kept (a few hundred lots in their languages and
        formats come to a few MB); 0 keeps none."""
        self.store = store
        self.entries = entries
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._state: State | None = None
        self._lock = threading.Lock()
        # On PostgreSQL the state is asked for on connections of the cache's own, outside any
        # transaction: one round trip, where the views' pool would take four (ping, BEGIN,
        # SELECT, ROLLBACK) on every request.
        self._pool = (
            ConnectionPool(
                make_conninfo(
                    host=database.host,
                    port=database.port,
                    user=database.user,
                    password=database.password,
                    dbname=database.name,
                ),
                min_size=1,
                max_size=4,
                kwargs={"autocommit": True},
                open=True,
            )
            if entries and not database.is_sqlite
            else None
        )

    def state(self) -> State:
        """Where the views stand now, and the day in Pakistan."""
        if self._pool is not None:
            with self._pool.connection() as connection:
                rows = connection.execute(STATE_OF_THE_VIEWS).fetchall()
            return today_in_pakistan(), tuple(rows)
        with self.store.reading() as cursor:
            found = cursor.execute(STATE_OF_THE_VIEWS).fetchall()
        columns = ("projection", "application", "position", "version")
        return today_in_pakistan(), tuple(tuple(row[c] for c in columns) for row in found)

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
