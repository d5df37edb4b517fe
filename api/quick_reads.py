"""One-row reads a public answer starts with, and a list's page, in one round trip.

The views' pool gives each read a transaction: on PostgreSQL a ping, BEGIN, the SELECT and a
ROLLBACK, four round trips for one row. A read of one row by its key needs none of that: on
PostgreSQL it is asked on connections of its own in autocommit mode; on SQLite, where a round
trip costs nothing, through the views' own connection.
"""

import threading
from collections.abc import Mapping
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool
from starlette.requests import Request

from bootstrap.settings import Database
from projections.view_store import ViewStore


def quick_reads(request: Request) -> "QuickReads":
    """The app's quick reads (made at start-up), or, for an app served without its start-up
    (a test's client), reads through the views' own connections."""
    reads = getattr(request.app.state, "quick_reads", None)
    if reads is None:
        reads = QuickReads(request.app.state.nishan.views, None)
    return reads


class QuickReads:
    def __init__(self, store: ViewStore, database: Database | None) -> None:
        """`database`: the PostgreSQL server to read from on connections of its own; None (or
        SQLite) reads through the views' connections."""
        self.store = store
        self._database = database
        self._pool: ConnectionPool | None = None  # opened at the first read, not by the worker
        self._lock = threading.Lock()

    def one(self, statement: str, params: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The first row the statement answers, or None."""
        rows = self._rows(statement, params, first_only=True)
        return rows[0] if rows else None

    def all(self, statement: str, params: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """Every row the statement answers (a page of a list: bounded by its LIMIT)."""
        return self._rows(statement, params, first_only=False)

    def _rows(
        self, statement: str, params: Mapping[str, Any], first_only: bool
    ) -> list[Mapping[str, Any]]:
        if self._database is None or self._database.is_sqlite:
            with self.store.reading() as cursor:
                return _fetched(cursor.execute(statement, params), first_only)
        try:
            return self._read(statement, params, first_only)
        except psycopg.OperationalError:
            # The server dropped its connections (a restart, a failover): the pool checks the
            # idle ones at once, drops the dead, and the read is tried again on a live one. No
            # ping before each read: that is a round trip every time, to save one after a
            # restart.
            self._connections().check()
            return self._read(statement, params, first_only)

    def _read(
        self, statement: str, params: Mapping[str, Any], first_only: bool
    ) -> list[Mapping[str, Any]]:
        with self._connections().connection() as connection:
            return _fetched(connection.execute(statement, params), first_only)

    def _connections(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                database = self._database
                assert database is not None
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
                    max_size=10,
                    kwargs={"autocommit": True, "row_factory": dict_row},
                    timeout=5,
                    open=True,
                )
            return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()


def _fetched(cursor: Any, first_only: bool) -> list[Mapping[str, Any]]:
    if first_only:
        row = cursor.fetchone()
        return [row] if row is not None else []
    return list(cursor.fetchall())
