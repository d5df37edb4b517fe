"""Reads of a private list or record from views a release has just added or changed.

An API process may serve a new release before the projection worker has made its new views
(a new table, a new column): such a read answers 503 `views_behind` with a moment's wait, as
for any view behind, never a 500.
"""

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import psycopg
from eventsourcing.persistence import OperationalError as StoreError
from fastapi import Request

from api.errors import ApiError
from api.quick_reads import quick_reads

T = TypeVar("T")
MISSING = ("no such table", "no such column", "does not exist")


def listed_rows(
    request: Request, statement: str, params: Mapping[str, Any], what: str
) -> list[Mapping[str, Any]]:
    """A list's page of rows, in one round trip (api/quick_reads.py)."""
    return while_views_made(lambda: quick_reads(request).all(statement, params), what)


def while_views_made(read: Callable[[], T], what: str) -> T:
    """`read`, or 503 views_behind when its view is not made yet; `what` names it."""
    try:
        return read()
    except (
        psycopg.errors.UndefinedTable,
        psycopg.errors.UndefinedColumn,
        sqlite3.OperationalError,
        StoreError,
    ) as missing:
        if not any(sign in str(missing) for sign in MISSING):
            raise
        raise ApiError(
            503,
            "views_behind",
            f"The list of {what} is being made again; try again shortly.",
            {"Retry-After": "10"},
        ) from None
