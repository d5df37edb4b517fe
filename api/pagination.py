"""Lists a page at a time: at most `limit` rows after an opaque `cursor`, and the cursor that
asks for the page after them.

A cursor is the sort key of the last row sent, with the sort it belongs to, base64url-encoded:
the next page starts after that row (keyset pagination), so a page costs an index range,
however deep into the list it is, and a row written meanwhile neither repeats nor hides
another. It is opaque to clients and unsigned: it says only where to start, and every filter
and access rule is applied afresh to each page. One from another sort, or malformed, is refused.
"""

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query

from domain.errors import DomainError

DEFAULT_LIMIT, MOST_LIMIT = 50, 200

Limit = Annotated[
    int, Query(ge=1, le=MOST_LIMIT, description=f"Rows a page, at most {MOST_LIMIT}.")
]
Cursor = Annotated[
    str | None,
    Query(max_length=400, description="The `next_cursor` of the page before; none for the first."),
]


def cursor_after(sort: str, key: list[Any]) -> str:
    """The cursor of the page after the row whose sort key is `key`."""
    packed = json.dumps([sort, *key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def page_of(
    rows: list[Any], limit: int, sort: str, key: Callable[[Any], list[str]]
) -> tuple[list[Any], str | None]:
    """A page of at most `limit` rows, from `rows` read with one more than that (so that it is
    known whether a page follows), and the cursor of the next page, if there is one."""
    page = rows[:limit]
    return page, cursor_after(sort, key(page[-1])) if len(rows) > limit else None


def key_after(
    cursor: str | None, sort: str, fields: tuple[Callable[[str], object], ...]
) -> tuple[str, ...] | None:
    """The sort key a cursor names (None for the first page); refused unless it is one this
    list made for this sort: each value a string that its field's parser takes (a day, an id),
    so that nothing else ever reaches the query."""
    if cursor is None:
        return None
    try:
        unpacked = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        unpacked = None
    if (
        not isinstance(unpacked, list)
        or len(unpacked) != len(fields) + 1
        or unpacked[0] != sort
        or not all(_parses(parse, value) for parse, value in zip(fields, unpacked[1:], strict=True))
    ):
        raise DomainError(
            "The cursor is not one this list gave for this order: ask for the first page again "
            "(without `cursor`), then follow each page's `next_cursor`.",
            code="invalid_cursor",
        )
    return tuple(unpacked[1:])


def _parses(parse: Callable[[str], object], value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True


def day_key(value: str) -> date:
    """A cursor's day, exactly as the views write it (YYYY-MM-DD)."""
    day = date.fromisoformat(value)
    if day.isoformat() != value:
        raise ValueError(value)
    return day


def id_key(value: str) -> UUID:
    """A cursor's record id, exactly as the views write it (a lower-case UUID)."""
    record = UUID(value)
    if str(record) != value:
        raise ValueError(value)
    return record


def moment_key(value: str) -> datetime:
    """A cursor's moment, exactly as the views write it (projections/projection.py `moment`:
    ISO 8601 in UTC to the microsecond)."""
    when = datetime.fromisoformat(value)
    if when.tzinfo is None or when.astimezone(UTC).isoformat(timespec="microseconds") != value:
        raise ValueError(value)
    return when


def text_key(value: str) -> str:
    """A cursor's text (a folded name): any text, as long as a folded name may be."""
    if len(value) > 1000:
        raise ValueError(value)
    return value
