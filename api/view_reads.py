"""Reads of a private list or record from views a release has just added or changed.

An API process may serve a new release before the projection worker has made its new views
(a new table, a new column): such a read answers 503 `views_behind` with a moment's wait, as
for any view behind, never a 500.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from fastapi import Request

from api.errors import ApiError
from api.quick_reads import quick_reads
from projections.view_store import ViewNotMade, views_not_made

T = TypeVar("T")


def listed_rows(
    request: Request, statement: str, params: Mapping[str, Any], what: str
) -> list[Mapping[str, Any]]:
    """A list's page of rows, in one round trip (api/quick_reads.py)."""
    return while_views_made(lambda: quick_reads(request).all(statement, params), what)


def while_views_made(read: Callable[[], T], what: str) -> T:
    """`read`, or 503 views_behind when its view is not made yet; `what` names the list."""
    with views_behind(f"The list of {what}"):
        return read()


@contextmanager
def views_behind(subject: str) -> Iterator[None]:
    """503 `views_behind` for a view's table or column not made yet, saying that `subject`
    is being made again; any other error is raised as it is."""
    try:
        with views_not_made(subject):
            yield
    except ViewNotMade as behind:
        raise ApiError(503, "views_behind", str(behind), {"Retry-After": "10"}) from None
