"""A private in-memory view store, for replays: the as-of record and the rebuild's stage.

It holds one plain SQLite connection rather than eventsourcing's datastore, whose connections
keep a statement cache of one (it passes `cached_statements=True`): a replay interleaves many
statements, and each would be compiled again every time. A replay is single-threaded and
private, so it needs neither the datastore's pool nor its locks; and a replay that fails is
thrown away whole, so it keeps no rollback journal either.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from projections.view_store import ViewCursor, ViewStore

STATEMENTS_KEPT = 256


class MemoryViewStore(ViewStore):
    def __init__(self, image: bytes | None = None) -> None:  # no datastore: see the docstring
        """An empty store, or one holding the database `image` that `serialize` made."""
        self.is_sqlite = True
        self._connection = sqlite3.connect(
            ":memory:", isolation_level=None, cached_statements=STATEMENTS_KEPT
        )
        self._connection.row_factory = sqlite3.Row
        if image is not None:
            self._connection.deserialize(image)
        # No rollback journal: a replay that fails is thrown away whole, never rolled back.
        self._connection.execute("PRAGMA journal_mode = OFF")
        self._create_bookkeeping()

    def serialize(self) -> bytes:
        return self._connection.serialize()

    @contextmanager
    def transaction(self, pipelined: bool = False) -> Iterator[ViewCursor]:
        cursor = self._connection.cursor()
        cursor.execute("BEGIN")
        yield ViewCursor(cursor, sqlite=True)
        cursor.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[ViewCursor]:
        yield ViewCursor(self._connection.cursor(), sqlite=True)

    def table_rows(self, table: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """A table's columns and its rows as plain tuples, in key order: a B-tree is built far
        faster from ordered keys than from random ones."""
        info = self._connection.execute(f"PRAGMA table_info({table})").fetchall()
        columns = [column["name"] for column in info]
        key = [column["name"] for column in sorted(info, key=lambda c: c["pk"]) if column["pk"]]
        order = f" ORDER BY {', '.join(key)}" if key else ""
        cursor = self._connection.cursor()
        cursor.row_factory = None  # tuples, not sqlite3.Row
        return columns, cursor.execute(f"SELECT {', '.join(columns)} FROM {table}{order}")

    def close(self) -> None:
        self._connection.close()
