"""The events of a few chosen records, read from a log in its order.

eventsourcing reads a log whole (notifications) or one record at a time (without the log's
positions); a replay of a handful of records needs both at once: every event of those records,
with its position, in the order the views applied them. The events table's primary key begins
with the record's id on both backends, so this is a short index scan, however long the log. The
query names the records alone: bounded by position as well, PostgreSQL may combine the position
index into the plan and read half a million index entries to keep two rows. (Events committed
while the records are read come along; a replay up to a moment leaves out what is later.)
"""

from collections.abc import Collection
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier


def events_of_records(app: Application, ids: Collection[UUID]) -> list[Notification]:
    """Every event of the records `ids`, in log order."""
    if not ids:
        return []
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        return _from_postgres(recorder, sorted(ids))
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _from_sqlite(recorder, sorted(ids))
    raise TypeError(f"Cannot read records from a {type(recorder).__name__}.")


def _from_postgres(recorder: PostgresApplicationRecorder, ids: list[UUID]) -> list[Notification]:
    statement = SQL(
        "SELECT notification_id, originator_id, originator_version, topic, state "
        "FROM {schema}.{table} WHERE originator_id = ANY(%s) ORDER BY notification_id"
    ).format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    with recorder.datastore.get_connection() as connection, connection.cursor() as cursor:
        cursor.execute(statement, (ids,))
        rows = cursor.fetchall()
        return [
            Notification(
                id=row["notification_id"],
                originator_id=row["originator_id"],
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            )
            for row in rows
        ]


def _from_sqlite(recorder: SQLiteApplicationRecorder, ids: list[UUID]) -> list[Notification]:
    # SQLite keeps a record's UUID as its 32 hex digits (see SQLiteAggregateRecorder).
    keys = [record_id.hex for record_id in ids]
    statement = (
        f"SELECT rowid, originator_id, originator_version, topic, state "
        f"FROM {recorder.events_table_name} "
        f"WHERE originator_id IN ({','.join('?' * len(keys))}) ORDER BY rowid"
    )
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, keys)
        rows = cursor.fetchall()
        return [
            Notification(
                id=row["rowid"],
                originator_id=recorder.convert_originator_id(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"],
            )
            for row in rows
        ]


def stored_versions(app: Application, keys: Collection[tuple[UUID, int]]) -> set[tuple[UUID, int]]:
    """Which of these (record, version) pairs the log holds."""
    if not keys:
        return set()
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        statement = SQL(
            "SELECT originator_id, originator_version FROM {schema}.{table} "
            "WHERE (originator_id, originator_version) IN "
            "(SELECT * FROM unnest(%s::uuid[], %s::integer[]))"
        ).format(
            schema=Identifier(recorder.datastore.schema),
            table=Identifier(recorder.events_table_name),
        )
        ids, versions = zip(*keys, strict=True)
        with recorder.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement, (list(ids), list(versions)))
            rows = cursor.fetchall()
        return {(row["originator_id"], row["originator_version"]) for row in rows}
    if isinstance(recorder, SQLiteApplicationRecorder):
        pairs = [value for record, version in keys for value in (record.hex, version)]
        statement = (
            f"SELECT originator_id, originator_version FROM {recorder.events_table_name} "
            f"WHERE (originator_id, originator_version) IN "
            f"(VALUES {','.join(['(?,?)'] * len(keys))})"
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, pairs)
            rows = cursor.fetchall()
        return {
            (recorder.convert_originator_id(row["originator_id"]), row["originator_version"])
            for row in rows
        }
    raise TypeError(f"Cannot read records from a {type(recorder).__name__}.")
