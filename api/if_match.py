"""`If-Match` on commands: the version of the record the caller last saw, as `"7"`."""

import re
from uuid import UUID

_ENTITY_TAG = re.compile(r'(?:W/)?"([0-9]{1,9})"')


class BadIfMatch(ValueError):
    pass


def expected_version(value: str) -> int | None:
    """The version an If-Match value names; None for `*` (any version will do)."""
    value = value.strip()
    if value == "*":
        return None
    match = _ENTITY_TAG.fullmatch(value)
    if match is None:
        raise BadIfMatch(
            'If-Match takes the version the record\'s ETag gave you, in quotes, such as "7".'
        )
    return int(match.group(1))


def etag(version: int) -> str:
    return f'"{version}"'


def record_in_path(path: str) -> UUID | None:
    """The record a command acts on: the first id in its address (/lots/{lot_id}/split)."""
    for segment in path.split("/"):
        if len(segment) == 36:
            try:
                return UUID(segment)
            except ValueError:
                continue
    return None
