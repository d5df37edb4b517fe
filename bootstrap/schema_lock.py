"""One process at a time creates Nishan's tables.

eventsourcing and the views create their tables with CREATE TABLE IF NOT EXISTS, which
PostgreSQL does not make safe against a second process doing the same at the same moment
(it fails on a duplicate type name). API workers, replicas and the projection worker all start
together, so they take a PostgreSQL advisory lock around start-up. SQLite serialises this itself.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from bootstrap.settings import Database

_LOCK_KEY = 0x4E495348414E  # "NISHAN"


@contextmanager
def schema_lock(database: Database) -> Iterator[None]:
    if database.is_sqlite:
        yield
        return
    # The lock lives as long as this connection, so a crash cannot leave it held; a start-up
    # stuck behind another for a minute fails with lock_timeout's error rather than hang.
    with psycopg.connect(database.url, autocommit=True, connect_timeout=10) as connection:
        connection.execute("SET lock_timeout = '60s'")
        connection.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
        yield
