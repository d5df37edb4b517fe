"""Damage a real store as a failing disk or a careless hand would: a row deleted from the middle
of a log, or an event's stored state overwritten with bytes that do not decode, or with JSON
that is not the event."""

import sqlite3
from uuid import UUID

import psycopg

GARBLED = b"\x00\xff not an event"
HOLLOW = b"{}"  # JSON, but not the event


def _execute(database_url: str, statement: str, params: tuple) -> int:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return connection.execute(statement.replace("%s", "?"), params).rowcount
    with psycopg.connect(database_url, autocommit=True) as connection:
        return connection.execute(statement, params).rowcount


def _key(database_url: str, record: UUID) -> str:
    return record.hex if database_url.startswith("sqlite:///") else str(record)


def delete_event(database_url: str, log: str, record: UUID, version: int) -> None:
    deleted = _execute(
        database_url,
        f"DELETE FROM {log.lower()}_events WHERE originator_id = %s AND originator_version = %s",
        (_key(database_url, record), version),
    )
    assert deleted == 1


def _overwrite(database_url: str, log: str, record: UUID, version: int, state: bytes) -> None:
    changed = _execute(
        database_url,
        f"UPDATE {log.lower()}_events SET state = %s "
        "WHERE originator_id = %s AND originator_version = %s",
        (state, _key(database_url, record), version),
    )
    assert changed == 1


def garble_event(database_url: str, log: str, record: UUID, version: int) -> None:
    _overwrite(database_url, log, record, version, GARBLED)


def hollow_event(database_url: str, log: str, record: UUID, version: int) -> None:
    _overwrite(database_url, log, record, version, HOLLOW)
