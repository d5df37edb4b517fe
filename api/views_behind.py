"""A read of a view that this release changed, before the worker has made it again."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from eventsourcing.persistence import OperationalError as StoreError
from eventsourcing.persistence import ProgrammingError as StoreProgrammingError

from api.errors import ApiError

# What each backend says of a table or a column it does not have (yet).
_MISSING = ("no such table", "no such column", "does not exist")


@contextmanager
def views_behind(what: str) -> Iterator[None]:
    """Answers 503 `views_behind` for a view table or column not made yet: as for any view
    behind, a moment's wait; any other error is raised as it is."""
    try:
        yield
    except (
        psycopg.errors.UndefinedTable,
        psycopg.errors.UndefinedColumn,
        sqlite3.OperationalError,
        StoreError,
        StoreProgrammingError,  # PostgreSQL's, through the views' own pool
    ) as missing:
        if not any(words in str(missing) for words in _MISSING):
            raise
        raise ApiError(
            503, "views_behind", f"{what} is being made again; try again shortly.",
            {"Retry-After": "10"},
        ) from None  # fmt: skip
