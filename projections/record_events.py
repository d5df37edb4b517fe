"""The events of a few chosen records, read from a log in its order.

eventsourcing reads a log whole (notifications) or one record at a time (without the log's
positions); a replay of a handful of records needs both at once: every event of those records,
with its position, in the order the views applied them. The events table's primary key begins
with the record's id on both backends, so this is a short index scan, however long the log. The
query names the records alone: bounded by position as well, PostgreSQL may combine the position
index into the plan and read half a million index entries to keep two rows. (Events committed
while the records are read come along; a replay up to a moment leaves out what is later.)
"""

from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier


def events_of_records(app: Application, ids: Collection[UUID]) -> list[Notification]:
    """Every event of the records `ids`, in log order."""
    if not ids:
        return []
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        rows = _postgres_rows(
            recorder,
            "SELECT notification_id AS position, originator_id, originator_version, topic, "
            "state FROM {table} WHERE originator_id = ANY(%s) ORDER BY notification_id",
            (sorted(ids),),
        )
    else:
        keys = [_sqlite_key(record_id) for record_id in sorted(ids)]
        rows = _sqlite_rows(
            recorder,
            "SELECT rowid AS position, originator_id, originator_version, topic, state "
            f"FROM {{table}} WHERE originator_id IN ({','.join('?' * len(keys))}) ORDER BY rowid",
            keys,
        )
    return [
        Notification(
            id=row["position"],
            originator_id=row["originator_id"],
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
        for row in rows
    ]


def stored_versions(app: Application, keys: Collection[tuple[UUID, int]]) -> set[tuple[UUID, int]]:
    """Which of these (record, version) pairs the log holds."""
    if not keys:
        return set()
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        ids, versions = zip(*keys, strict=True)
        rows = _postgres_rows(
            recorder,
            "SELECT originator_id, originator_version FROM {table} "
            "WHERE (originator_id, originator_version) IN "
            "(SELECT * FROM unnest(%s::uuid[], %s::integer[]))",
            (list(ids), list(versions)),
        )
    else:
        rows = _sqlite_rows(
            recorder,
            "SELECT originator_id, originator_version FROM {table} "
            f"WHERE (originator_id, originator_version) IN "
            f"(VALUES {','.join(['(?,?)'] * len(keys))})",
            [value for record, version in keys for value in (_sqlite_key(record), version)],
        )
    return {(row["originator_id"], row["originator_version"]) for row in rows}


def _postgres_rows(
    recorder: PostgresApplicationRecorder, statement: str, params: Sequence[Any]
) -> list[dict[str, Any]]:
    """The rows of a statement on this log's table (written `{table}`)."""
    table = SQL("{schema}.{table}").format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    query = SQL(statement).format(table=table)
    with recorder.datastore.get_connection() as connection, connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _sqlite_rows(
    recorder: ApplicationRecorder, statement: str, params: Sequence[Any]
) -> list[dict[str, Any]]:
    """The same on SQLite, where originator ids come back as the recorder makes them."""
    if not isinstance(recorder, SQLiteApplicationRecorder):
        raise TypeError(f"Cannot read records from a {type(recorder).__name__}.")
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement.format(table=recorder.events_table_name), params)
        rows = [dict(row) for row in cursor.fetchall()]
    for row in rows:
        row["originator_id"] = recorder.convert_originator_id(row["originator_id"])
    return rows


def _sqlite_key(record_id: UUID) -> str:
    # SQLite keeps a record's UUID as its 32 hex digits (see SQLiteAggregateRecorder).
    return record_id.hex
