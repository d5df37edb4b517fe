"""The database that holds the views and the position each view has reached in each log.

Views live in the same database as the logs (SQLite file or PostgreSQL), reached through
eventsourcing's own datastores. Positions are kept in one table, `projection_positions`, keyed
by view *and* log: eventsourcing's tracking tables are keyed by log alone (one per database on
SQLite), which would let two views that follow the same log overwrite each other's position.
"""

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.persistence import OperationalError as StoreError
from eventsourcing.persistence import ProgrammingError as StoreProgrammingError
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment

_NAMED_PARAM = re.compile(r"%\((\w+)\)s")

CREATE_POSITIONS = """
CREATE TABLE IF NOT EXISTS projection_positions (
    projection TEXT NOT NULL,
    application TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (projection, application)
)"""
CREATE_VERSIONS = """
CREATE TABLE IF NOT EXISTS projection_versions (
    projection TEXT PRIMARY KEY,
    version INTEGER NOT NULL
)"""
# How many times each view was reset or rebuilt: a rebuild can bring positions back to numbers
# they had before, so readers that cache what the views said (api/page_cache.py) count these.
CREATE_RESTARTS = """
CREATE TABLE IF NOT EXISTS projection_restarts (
    projection TEXT PRIMARY KEY,
    restarts BIGINT NOT NULL
)"""
# A view's first position is inserted; later ones replace the one the batch started from. A
# missing row never matches a later position: it means the view was reset under the batch.
# Either way the view's tables must be of the version the applying code was written for.
SAME_VERSION = """EXISTS (SELECT 1 FROM projection_versions
              WHERE projection = %(projection)s AND version = %(version)s)"""
FIRST_POSITION = f"""
INSERT INTO projection_positions (projection, application, position)
SELECT %(projection)s, %(application)s, %(position)s WHERE {SAME_VERSION}
ON CONFLICT (projection, application) DO NOTHING
RETURNING position"""
NEXT_POSITION = f"""
UPDATE projection_positions SET position = %(position)s
WHERE projection = %(projection)s AND application = %(application)s
  AND position = %(expected)s AND {SAME_VERSION}
RETURNING position"""


class PositionMoved(Exception):
    """Another process advanced the view first; this transaction must not apply its batch."""


class ViewNotMade(Exception):
    """A read met a view's table or column that this release adds and its worker has not made
    yet (`views_not_made` raises it)."""


# What each backend says of a table or a column it does not have (yet).
_MISSING = ("no such table", "no such column", "does not exist")


@contextmanager
def views_not_made(subject: str) -> Iterator[None]:
    """ViewNotMade, saying that `subject` is being made again, for a view's table or column not
    made yet; any other error is raised as it is."""
    try:
        yield
    except (
        psycopg.errors.UndefinedTable,
        psycopg.errors.UndefinedColumn,
        sqlite3.OperationalError,
        StoreError,
        StoreProgrammingError,  # PostgreSQL's, through the views' own pool
    ) as missing:
        if not any(sign in str(missing) for sign in _MISSING):
            raise
        raise ViewNotMade(f"{subject} is being made again; try again shortly.") from None


class ViewOutdated(Exception):
    """The view's tables are of another version of its code than this process runs."""


def _without_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL characters. The API refuses them, but an event is forever,
    so a view shows U+FFFD instead of failing on every replay of such an event. SQLite views do
    the same, so that the two agree."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


# How JSON writes a NUL character: an event whose stored state lacks it has none to clean.
NUL_IN_JSON = b"\\u0000"


@lru_cache(maxsize=1024)
def _sqlite_statement(statement: str) -> str:
    return _NAMED_PARAM.sub(r":\1", statement)


def _require_version(projection: str, stored: Mapping[str, Any] | None, version: int) -> None:
    if stored is None:
        raise ViewOutdated(f"The view {projection} has not been created by this release yet.")
    if stored["version"] > version:
        raise ViewOutdated(
            f"The view {projection} was rebuilt at version {stored['version']}, but this "
            f"process runs version {version}: stop it and run the newer release."
        )
    if stored["version"] != version:
        raise ViewOutdated(
            f"The view {projection} is still at version {stored['version']} of an earlier "
            f"release; this one needs version {version}, which the projection worker (`nishan "
            "projections run`) makes when it starts. Try again once it has."
        )


class ViewCursor:
    """A cursor that takes `%(name)s` parameters on both backends."""

    def __init__(self, cursor: Any, sqlite: bool) -> None:
        self._cursor = cursor
        self._sqlite = sqlite
        self._text_may_hold_nul = True  # until told which event is being applied

    def applying(self, state: bytes) -> None:
        """Told the stored state of the event about to be applied: its text needs cleaning only
        when that holds a NUL. State that is not plain JSON is always cleaned."""
        self._text_may_hold_nul = not state.startswith(b"{") or NUL_IN_JSON in state

    @property
    def is_sqlite(self) -> bool:
        return self._sqlite

    def execute(self, statement: str, params: Mapping[str, Any] | None = None) -> "ViewCursor":
        if self._sqlite:
            statement = _sqlite_statement(statement)
        if self._text_may_hold_nul:  # on both backends, so that views copy between them as they are
            params = {key: _without_nul(value) for key, value in (params or {}).items()}
        self._cursor.execute(statement, params or {})
        return self

    def insert_rows(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        skip_existing: bool = False,
    ) -> None:
        """Insert many rows of views at once: by COPY on PostgreSQL, unless rows already there
        are to be skipped, which COPY cannot do. Views hold no NUL (see `execute`)."""
        names = ", ".join(columns)
        if not self._sqlite and not skip_existing:
            with self._cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" if self._sqlite else "%s" for _ in columns)
        conflict = " ON CONFLICT DO NOTHING" if skip_existing else ""
        self._cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks}){conflict}", list(rows)
        )

    def fetchone(self) -> Mapping[str, Any] | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Mapping[str, Any]]:
        return self._cursor.fetchall()


class ViewStore:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.factory = InfrastructureFactory.construct(Environment("VIEWS", dict(env)))
        self.datastore = self.factory.datastore
        self.is_sqlite = not isinstance(self.factory, PostgresFactory)
        self._create_bookkeeping()

    def _create_bookkeeping(self) -> None:
        with self.transaction() as cursor:
            cursor.execute(CREATE_POSITIONS)
            cursor.execute(CREATE_VERSIONS)
            cursor.execute(CREATE_RESTARTS)

    @contextmanager
    def transaction(self, pipelined: bool = False) -> Iterator[ViewCursor]:
        """A read-write transaction: everything in it commits together, or nothing does.

        `pipelined` sends PostgreSQL the statements without waiting for each answer, for
        transactions that mostly write; reading a result waits for what was sent before it.
        """
        with self.datastore.transaction(commit=True) as cursor:
            if pipelined and not self.is_sqlite:
                with cursor.connection.pipeline():
                    yield ViewCursor(cursor, self.is_sqlite)
            else:
                yield ViewCursor(cursor, self.is_sqlite)

    @contextmanager
    def reading(self) -> Iterator[ViewCursor]:
        with self.datastore.transaction(commit=False) as cursor:
            yield ViewCursor(cursor, self.is_sqlite)

    def analyze(self, tables: Iterable[str]) -> None:
        """Give PostgreSQL's planner fresh statistics for tables just filled in bulk: until
        autovacuum gets to them, it plans for empty tables and may scan a whole view where an
        index finds one lot's rows. SQLite's planner prefers indexes without statistics."""
        if self.is_sqlite:
            return
        with self.transaction() as cursor:
            for table in sorted(tables):
                cursor.execute(f"ANALYZE {table}")

    def position(self, projection: str, application: str) -> int:
        with self.reading() as cursor:
            row = cursor.execute(
                "SELECT position FROM projection_positions "
                "WHERE projection = %(projection)s AND application = %(application)s",
                {"projection": projection, "application": application},
            ).fetchone()
        return row["position"] if row else 0

    @staticmethod
    def advance(
        cursor: ViewCursor,
        projection: str,
        version: int,
        application: str,
        expected: int,
        position: int,
    ) -> None:
        """Move a view's position, first thing in the transaction that applies the events.

        A second process applying the same batch then waits on the position, finds it moved
        and rolls its batch back. A reset of the view excludes batches through the view's
        version row: on PostgreSQL a batch holds it FOR SHARE and a reset FOR UPDATE (a batch's
        first position is a new row, which a concurrent reset could neither see nor wait for);
        SQLite runs one writer at a time, so there the first statement must be this write.
        """
        params = {
            "projection": projection,
            "version": version,
            "application": application,
            "position": position,
            "expected": expected,
        }
        if not cursor.is_sqlite:
            stored = cursor.execute(
                "SELECT version FROM projection_versions WHERE projection = %(projection)s "
                "FOR SHARE",
                params,
            ).fetchone()
            _require_version(projection, stored, version)
        if cursor.execute(FIRST_POSITION if expected == 0 else NEXT_POSITION, params).fetchone():
            return
        stored = cursor.execute(
            "SELECT version FROM projection_versions WHERE projection = %(projection)s", params
        ).fetchone()
        _require_version(projection, stored, version)
        raise PositionMoved(f"{projection} moved past {expected} in {application}")

    @staticmethod
    def restart(
        cursor: ViewCursor, projection: str, version: int, application: str, position: int = 0
    ) -> None:
        """Set a view's version and its one position, in the transaction that reset its rows.
        Position 0 is no row: a view's first batch inserts it (see `advance`)."""
        params = {
            "projection": projection,
            "version": version,
            "application": application,
            "position": position,
        }
        cursor.execute("DELETE FROM projection_positions WHERE projection = %(projection)s", params)
        if position:
            cursor.execute(
                "INSERT INTO projection_positions (projection, application, position) "
                "VALUES (%(projection)s, %(application)s, %(position)s)",
                params,
            )
        cursor.execute(
            "INSERT INTO projection_versions (projection, version) "
            "VALUES (%(projection)s, %(version)s) "
            "ON CONFLICT (projection) DO UPDATE SET version = excluded.version",
            params,
        )
        cursor.execute(
            "INSERT INTO projection_restarts (projection, restarts) VALUES (%(projection)s, 1) "
            "ON CONFLICT (projection) DO UPDATE SET restarts = projection_restarts.restarts + 1",
            params,
        )

    @staticmethod
    def lock_for_reset(cursor: ViewCursor, projection: str) -> int | None:
        """Take a view's version row for a reset, first thing in its transaction; returns the
        stored version. Batches in flight finish first; new ones wait for the reset."""
        params = {"projection": projection}
        cursor.execute(  # a write, so that SQLite takes its one writer's lock here too
            "UPDATE projection_versions SET version = version WHERE projection = %(projection)s",
            params,
        )
        row = cursor.execute(
            "SELECT version FROM projection_versions WHERE projection = %(projection)s", params
        ).fetchone()
        return None if row is None else row["version"]

    def close(self) -> None:
        self.factory.close()
