"""The events of a few chosen records, read from a log in its order.

eventsourcing reads a log whole (notifications) or one record at a time (without the log's
positions); a replay of a handful of records needs both at once: every event of those records,
with its position, in the order the views applied them. The events table's primary key begins
with the record's id on both backends, so this is a short index scan, however long the log.
"""

from collections.abc import Collection
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier


def events_of_records(app: Application, ids: Collection[UUID], stop: int) -> list[Notification]:
    """Every event of the records `ids` at positions up to `stop`, in log order."""
    if not ids:
        return []
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        return _from_postgres(recorder, sorted(ids), stop)
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _from_sqlite(recorder, sorted(ids), stop)
    raise TypeError(f"Cannot read records from a {type(recorder).__name__}.")


def _from_postgres(
    recorder: PostgresApplicationRecorder, ids: list[UUID], stop: int
) -> list[Notification]:
    statement = SQL(
        "SELECT notification_id, originator_id, originator_version, topic, state "
        "FROM {schema}.{table} WHERE originator_id = ANY(%s) AND notification_id <= %s "
        "ORDER BY notification_id"
    ).format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    with recorder.datastore.get_connection() as connection, connection.cursor() as cursor:
        cursor.execute(statement, (ids, stop))
        return [
            Notification(
                id=row["notification_id"],
                originator_id=row["originator_id"],
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            )
            for row in cursor.fetchall()
        ]


def _from_sqlite(
    recorder: SQLiteApplicationRecorder, ids: list[UUID], stop: int
) -> list[Notification]:
    # SQLite keeps a record's UUID as its 32 hex digits (see SQLiteAggregateRecorder).
    keys = [record_id.hex for record_id in ids]
    statement = (
        f"SELECT rowid, originator_id, originator_version, topic, state "
        f"FROM {recorder.events_table_name} "
        f"WHERE originator_id IN ({','.join('?' * len(keys))}) AND rowid <= ? ORDER BY rowid"
    )
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, [*keys, stop])
        return [
            Notification(
                id=row["rowid"],
                originator_id=recorder.convert_originator_id(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"],
            )
            for row in cursor.fetchall()
        ]
